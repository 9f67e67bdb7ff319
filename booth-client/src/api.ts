/**
 * The booth's calls to the Madoguchi API (decision 0009), authenticated with its device
 * credential. Nothing about the resident is stored on the device: only the credential is kept,
 * and the booth's events not yet acknowledged (codes and figures only: events/outbox.ts).
 */
import type { BoothEventRequest, RecordedEvent } from '@madoguchi/app/booth-events';
import type { Language, LocalizedText, Procedure } from './journey/vocabulary';
import { boundedFetch, DEFAULT_REQUEST_TIMEOUT_MS, requestTimeoutMs, UPLOAD_TIMEOUT_MS } from './request';

export interface ConnectionDetails {
  serverUrl: string;
  roomName: string;
  participantToken: string;
  participantName: string;
}

export interface BoothSession {
  sessionId: string;
  status: 'waiting' | 'active' | 'ended';
  connection: ConnectionDetails;
}

export interface EligibilityQuestion {
  id: string;
  text: LocalizedText;
  proceedIf: boolean;
  guidance: LocalizedText;
}

export interface ConsentDocument {
  id: string;
  kind: 'terms' | 'privacy';
  version: number;
  texts: LocalizedText;
  publishedAt: string;
}

export interface Opening {
  open: boolean;
  currentUntil: string | null;
  nextOpening: string | null;
}

/** GET /api/v1/booth/me: what the booth shows. */
export interface BoothSelf {
  booth: { id: string; name: string; kind: string; location: string };
  municipality: {
    id: string;
    name: string;
    procedures: Procedure[];
    eligibility: Partial<Record<string, EligibilityQuestion[]>>;
    /** Where the counter is, for the "temporarily unavailable" screen; null when not written. */
    counterGuidance?: LocalizedText | null;
  };
  consent: { terms: ConsentDocument | null; privacy: ConsentDocument | null };
  opening: Opening;
  /** How often to send a heartbeat (decision 0014). */
  heartbeatMs?: number;
  /** Staff switched the maintenance screen on. */
  maintenance?: boolean;
  /** LiveKit's address for this booth (the self-test checks it is reachable). */
  livekitUrl?: string;
  /** While waiting: ask "are you still there?" after `askAfterMs` without a touch; give the place up after `answerWithinMs` more. */
  waitingCheck?: { askAfterMs: number; answerWithinMs: number };
}

export interface QueueState {
  status: 'waiting' | 'active' | 'ended';
  /** 1 = next; null once the call is no longer waiting. */
  position: number | null;
  /** Null while nobody who could take the call is on duty (`noOperator` says so). */
  estimatedWaitSeconds: number | null;
  operatorName: string | null;
  /** While waiting: nobody who could take the call is on duty now, or nobody serves it. */
  noOperator?: 'not-served' | 'none-on-duty' | null;
}

export interface CallRequest {
  procedure?: Procedure;
  language?: Language;
  consent?: { terms: number; privacy: number };
}

/** The event types the API takes: from its own schema (booth-events.ts), not a copy that can drift. */
export type BoothEventType = BoothEventRequest['type'];

/** Event details are short codes and figures only (the API refuses free text). */
export type EventDetail = Record<string, string | number | boolean>;

/** POST /api/v1/booth/heartbeat (decision 0014): enumerated states and figures only. */
export type DeviceState = 'ok' | 'missing' | 'error' | 'unknown';
export interface Heartbeat {
  appVersion: string;
  camera: DeviceState;
  microphone: DeviceState;
  speaker: DeviceState;
  /** 'unreachable': no call, and LiveKit did not answer the last probe (health/link.ts). */
  livekit: 'connected' | 'reconnecting' | 'disconnected' | 'idle' | 'unreachable';
  network: { rttMs?: number; packetLoss?: number; bitrateKbps?: number };
}
export type BoothCommandKind = 'self_test' | 'reload' | 'maintenance_on' | 'maintenance_off';
export interface HeartbeatReply {
  status: 'online' | 'degraded';
  maintenance: boolean;
  heartbeatMs: number;
  commands: { id: string; kind: BoothCommandKind }[];
}
export type CheckResult = 'pass' | 'fail' | 'skipped';
export type CheckError = 'not_allowed' | 'not_found' | 'not_readable' | 'timeout' | 'unsupported' | 'unreachable' | 'blank' | 'silent' | 'other';
export interface SelfTestResult {
  camera: { result: CheckResult; variance?: number; width?: number; height?: number; error?: CheckError };
  microphone: { result: CheckResult; rms?: number; error?: CheckError };
  speaker: { result: CheckResult; played: boolean; error?: CheckError };
  livekit: { result: CheckResult; httpStatus?: number; ms?: number; error?: CheckError };
  network: { result: CheckResult; rttMs?: number; samples: number; error?: CheckError };
}
export interface CommandResult {
  status: 'completed' | 'failed';
  error?: CheckError;
  selfTest?: SelfTestResult;
}

const CREDENTIAL_KEY = 'madoguchi.boothCredential';

/**
 * The device credential arrives once as ?provision=… (printed when the booth is provisioned),
 * is kept in this device's storage, and is removed from the address bar at once.
 */
export function loadCredential(): string | null {
  const url = new URL(window.location.href);
  const provided = url.searchParams.get('provision');
  if (provided && /^mdgb_[A-Za-z0-9_-]{43}$/.test(provided)) {
    window.localStorage.setItem(CREDENTIAL_KEY, provided);
    url.searchParams.delete('provision');
    window.history.replaceState(null, '', url.pathname + url.search);
  }
  return window.localStorage.getItem(CREDENTIAL_KEY);
}

/** A refused call: HTTP status and the problem's `code` (e.g. 'consent_outdated', 'closed'). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What every booth request carries: its credential, the resident's language, and its body's type. */
function headersFor(credential: string, contentType?: string): Record<string, string> {
  return {
    Authorization: `Bearer ${credential}`,
    'Accept-Language': document.documentElement.lang || 'ja',
    ...(contentType ? { 'Content-Type': contentType } : {}),
  };
}

/** Every request is bounded (request.ts): no answer within `timeoutMs` → RequestTimeout. */
async function call<T>(credential: string, method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  return boundedFetch(
    `/api${path}`,
    {
      method,
      headers: headersFor(credential, body === undefined ? undefined : 'application/json'),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    },
    timeoutMs,
    async (response) => {
      const payload = (await response.json().catch((error: unknown) => {
        if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
        return {};
      })) as { detail?: string; code?: string };
      if (!response.ok) throw new ApiError(response.status, payload.code ?? 'unknown', payload.detail ?? response.statusText);
      return payload as T;
    },
    signal,
  );
}

/** A photo upload or download: raw bytes, not JSON (the photo step, decision 0013). */
async function binary<T>(credential: string, method: 'GET' | 'POST', path: string, body: Blob | undefined, timeoutMs: number, read: (response: Response) => Promise<T>): Promise<T> {
  return boundedFetch(
    `/api${path}`,
    {
      method,
      headers: headersFor(credential, body ? 'image/jpeg' : undefined),
      ...(body ? { body } : {}),
      cache: 'no-store',
    },
    timeoutMs,
    async (response) => {
      if (!response.ok) {
        const payload = (await response.json().catch(() => ({}))) as { detail?: string; code?: string };
        throw new ApiError(response.status, payload.code ?? 'unknown', payload.detail ?? response.statusText);
      }
      return read(response);
    },
  );
}

export type BoothApi = ReturnType<typeof boothApi>;

/**
 * The API bound to one device credential. Every request is bounded by `requestTimeoutMs` of the
 * heartbeat (request.ts); `configure` sets the heartbeat once /me or a beat's reply tells it.
 */
export function boothApi(credential: string) {
  let timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
  const json = <T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) =>
    call<T>(credential, method, path, body, timeoutMs, signal);
  const session = (id: string) => `/v1/booth/sessions/${encodeURIComponent(id)}`;
  return {
    /** The heartbeat's interval sets every request's bound. */
    configure: (heartbeatMs: number) => {
      timeoutMs = requestTimeoutMs(heartbeatMs);
    },
    timeoutMs: () => timeoutMs,
    me: () => json<BoothSelf>('GET', '/v1/booth/me'),
    requestCall: (request: CallRequest) => json<BoothSession>('POST', '/v1/booth/sessions', request),
    refer: (referral: { procedure: Procedure; language: Language; questionId: string }) =>
      json<{ sessionId: string }>('POST', '/v1/booth/referrals', referral),
    queue: (sessionId: string) => json<QueueState>('GET', `${session(sessionId)}/queue`),
    cancel: (sessionId: string) => json<unknown>('POST', `${session(sessionId)}/cancel`),
    /** `connection-lost`: the call could not go on (an answered call is recorded as dropped). */
    end: (sessionId: string, reason?: 'connection-lost') => json<unknown>('POST', `${session(sessionId)}/end`, reason ? { reason } : undefined),
    /** One event as the API's contract has it; the outbox (events/) sends them and retries. */
    event: (sessionId: string, event: BoothEventRequest) => json<RecordedEvent>('POST', `${session(sessionId)}/events`, event),
    /** `signal`: a newer beat aborts this one if it still hangs (health/beats.ts). */
    heartbeat: (beat: Heartbeat, signal?: AbortSignal) => json<HeartbeatReply>('POST', '/v1/booth/heartbeat', beat, signal),
    commandResult: (commandId: string, result: CommandResult) =>
      json<unknown>('POST', `/v1/booth/commands/${encodeURIComponent(commandId)}/result`, result),
    /** The still for the application photo (JPEG), bound to this session; answers once processed. */
    uploadPhoto: (sessionId: string, jpeg: Blob) =>
      binary(credential, 'POST', `${session(sessionId)}/photos`, jpeg, UPLOAD_TIMEOUT_MS, async (r) => (await r.json()) as { photoId: string; attempt: number; level: string }),
    /** The approved photo, to show the resident. */
    photoImage: (sessionId: string, photoId: string) =>
      binary(credential, 'GET', `${session(sessionId)}/photos/${encodeURIComponent(photoId)}/image`, undefined, UPLOAD_TIMEOUT_MS, (r) => r.blob()),
  };
}
