/**
 * The booth's calls to the Madoguchi API (decision 0009), authenticated with its device
 * credential. Nothing about the resident is stored on the device: only the credential is kept,
 * and the booth's events not yet acknowledged (codes and figures only: events/outbox.ts).
 */

import type { Api } from '@madoguchi/app/api';
import { type ClientResponse, hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { ResponseFormat } from 'hono/types';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { boundedFetch, DEFAULT_REQUEST_TIMEOUT_MS, requestTimeoutMs, UPLOAD_TIMEOUT_MS } from './request';

/*
 * Every request and answer below is the API's own route (its zod-openapi schemas), through Hono's
 * typed client: the app is imported as a type only, so none of the server reaches the bundle, and
 * a route whose shape changes fails this package's typecheck until the kiosk follows (decision 0022).
 */
type Client = ReturnType<typeof hc<Api>>;
type Booth = Client['v1']['booth'];
type Session = Booth['sessions'][':sessionId'];

/** GET /api/v1/booth/me: what the booth shows. */
export type BoothSelf = InferResponseType<Booth['me']['$get'], 200>;
export type BoothSession = InferResponseType<Booth['sessions']['$post'], 201>;
export type ConnectionDetails = BoothSession['connection'];
export type EligibilityQuestion = NonNullable<BoothSelf['municipality']['eligibility'][string]>[number];
export type ConsentDocument = NonNullable<BoothSelf['consent']['terms']>;
export type Opening = BoothSelf['opening'];
export type QueueState = InferResponseType<Session['queue']['$get'], 200>;
export type CallRequest = NonNullable<InferRequestType<Booth['sessions']['$post']>['json']>;
/** POST /api/v1/booth/reservations/check-in: checked in, or refused with the reason (issue 17). */
export type CheckInAnswer = InferResponseType<Booth['reservations']['check-in']['$post'], 200>;
/** GET /api/v1/booth/reservations/walk-in: call a walk-in in now, or the slots to offer (reservation-only towns). */
export type WalkInAnswer = InferResponseType<Booth['reservations']['walk-in']['$get'], 200>;
/** POST /api/v1/booth/reservations: a walk-in books an offered slot on the booth. */
export type BoothBookRequest = InferRequestType<Booth['reservations']['$post']>['json'];
export type BoothBooked = InferResponseType<Booth['reservations']['$post'], 201>;
type Referral = InferRequestType<Booth['referrals']['$post']>['json'];

/** One event as the API's contract has it (booth-events.ts); the outbox (events/) sends them and retries. */
export type BoothEventRequest = InferRequestType<Session['events']['$post']>['json'];
/** The event types the API takes: from its own schema, not a copy that can drift. */
export type BoothEventType = BoothEventRequest['type'];
export type RecordedEvent = InferResponseType<Session['events']['$post'], 201>;

/** Event details are short codes and figures only (the API refuses free text). */
export type EventDetail = Record<string, string | number | boolean>;

/** POST /api/v1/booth/heartbeat (decision 0014): enumerated states and figures only. */
export type Heartbeat = InferRequestType<Booth['heartbeat']['$post']>['json'];
export type DeviceState = Heartbeat['camera'];
export type HeartbeatReply = InferResponseType<Booth['heartbeat']['$post'], 200>;
export type BoothCommandKind = HeartbeatReply['commands'][number]['kind'];
export type CommandResult = InferRequestType<Booth['commands'][':commandId']['result']['$post']>['json'];
export type SelfTestResult = NonNullable<CommandResult['selfTest']>;
export type CheckResult = SelfTestResult['camera']['result'];
export type CheckError = NonNullable<CommandResult['error']>;
/** The answer to a photo upload (its body is raw JPEG, which the typed client does not send: `binary` below). */
export type UploadedPhoto = InferResponseType<Session['photos']['$post'], 201>;

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

/**
 * The typed client's fetch: bounded (request.ts), the body read within the bound too (buffered, so
 * the client's `json()` after it waits on nothing), and `signal` honoured (a newer beat aborts a
 * hung one). No answer within `timeoutMs()` → RequestTimeout.
 */
function boundedClientFetch(timeoutMs: () => number): typeof fetch {
  return (input, init = {}) => {
    const { signal, ...rest } = init;
    return boundedFetch(input, { ...rest, cache: 'no-store' }, timeoutMs(), buffered, signal ?? undefined);
  };
}

async function buffered(response: Response): Promise<Response> {
  const body = response.status === 204 || response.status === 205 || response.status === 304 ? null : await response.arrayBuffer();
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The success answer of a typed call (the answers with a 2xx status). */
type Ok<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

/** A typed call's success answer; a refusal → ApiError with the problem's `code` and `detail`. */
async function answer<R extends ClientResponse<unknown, number, ResponseFormat>>(pending: Promise<R>): Promise<Ok<R>> {
  const response = await pending;
  const payload = (await (response.json() as Promise<unknown>).catch(() => ({}))) as Ok<R> & { detail?: string; code?: string };
  if (!response.ok) throw new ApiError(response.status, payload.code ?? 'unknown', payload.detail ?? response.statusText);
  return payload;
}

/** A photo upload or download: raw bytes, not JSON (the photo step, decision 0013). */
async function binary<T>(
  credential: string,
  method: 'GET' | 'POST',
  path: string,
  body: Blob | undefined,
  timeoutMs: number,
  read: (response: Response) => Promise<T>,
): Promise<T> {
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
  const { booth } = hc<Api>('/api', { fetch: boundedClientFetch(() => timeoutMs), headers: () => headersFor(credential) }).v1;
  const session = booth.sessions[':sessionId'];
  const param = (sessionId: string) => ({ sessionId: encodeURIComponent(sessionId) });
  const path = (sessionId: string) => `/v1/booth/sessions/${encodeURIComponent(sessionId)}`;
  return {
    /** The heartbeat's interval sets every request's bound. */
    configure: (heartbeatMs: number) => {
      timeoutMs = requestTimeoutMs(heartbeatMs);
    },
    timeoutMs: () => timeoutMs,
    me: () => answer(booth.me.$get()),
    requestCall: (request: CallRequest) => answer(booth.sessions.$post({ json: request })),
    refer: (referral: Referral) => answer(booth.referrals.$post({ json: referral })),
    /** A reservation code read by the camera or typed on the keypad. */
    checkIn: (code: string) => answer(booth.reservations['check-in'].$post({ json: { code } })),
    /** A walk-in at a reservation-only town: call them in now, or the next free slots at this site. */
    walkIn: () => answer(booth.reservations['walk-in'].$get()),
    /** A walk-in books an offered slot (409 slot_full / slot_past: taken meanwhile). */
    bookSlot: (request: BoothBookRequest) => answer(booth.reservations.$post({ json: request })),
    queue: (sessionId: string) => answer(session.queue.$get({ param: param(sessionId) })),
    cancel: (sessionId: string) => answer(session.cancel.$post({ param: param(sessionId) })),
    /** `connection-lost`: the call could not go on (an answered call is recorded as dropped). */
    end: (sessionId: string, reason?: 'connection-lost') =>
      answer(session.end.$post({ param: param(sessionId), json: reason ? { reason } : {} })),
    /** One event as the API's contract has it; the outbox (events/) sends them and retries. */
    event: (sessionId: string, event: BoothEventRequest) => answer(session.events.$post({ param: param(sessionId), json: event })),
    /** `signal`: a newer beat aborts this one if it still hangs (health/beats.ts). */
    heartbeat: (beat: Heartbeat, signal?: AbortSignal) =>
      answer(booth.heartbeat.$post({ json: beat }, signal ? { init: { signal } } : undefined)),
    commandResult: (commandId: string, result: CommandResult) =>
      answer(booth.commands[':commandId'].result.$post({ param: { commandId: encodeURIComponent(commandId) }, json: result })),
    /** The still for the application photo (JPEG), bound to this session; answers once processed. */
    uploadPhoto: (sessionId: string, jpeg: Blob) =>
      binary(credential, 'POST', `${path(sessionId)}/photos`, jpeg, UPLOAD_TIMEOUT_MS, async (r) => (await r.json()) as UploadedPhoto),
    /** The approved photo, to show the resident. */
    photoImage: (sessionId: string, photoId: string) =>
      binary(credential, 'GET', `${path(sessionId)}/photos/${encodeURIComponent(photoId)}/image`, undefined, UPLOAD_TIMEOUT_MS, (r) =>
        r.blob(),
      ),
  };
}
