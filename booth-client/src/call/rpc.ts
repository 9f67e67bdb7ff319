/**
 * The LiveKit RPC methods between booth and operator (decision 0009). Payload parsing is pure
 * (rpc.test.ts); BoothCall registers the handlers.
 */
import { isGuidanceCard, type GuidanceCardKey } from '../journey/vocabulary';
import type { ReportedQuality, VideoLayer } from './quality';

/** Methods the booth registers; the operator calls them. */
export const boothMethods = {
  guidanceShow: 'guidance.show',
  pinStart: 'pin.start',
  pinEnd: 'pin.end',
  /** `{"on": boolean}`: the photo step's mirrored preview and guide on the booth, or back to the call. */
  photoMode: 'photo.mode',
  /** `{"countdownSeconds"?: 0–5}` → countdown, full-resolution still, upload; answers `{photoId}` or `{error}`. */
  photoCapture: 'photo.capture',
  /** `{"photoId": "…"}`: the operator approved this photo; the booth shows it to the resident. */
  photoShow: 'photo.show',
} as const;
/** Methods the operator registers; the booth calls them. */
export const operatorMethods = { pinDone: 'pin.done', qualityChanged: 'quality.changed' } as const;

export const OPERATOR_PREFIX = 'operator:';

/** `{"card": "scan-qr"}` → 'scan-qr'; anything else → null. */
export function parseGuidancePayload(payload: string): GuidanceCardKey | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const card = (parsed as { card?: unknown }).card;
    return isGuidanceCard(card) ? card : null;
  } catch {
    return null;
  }
}

/**
 * `quality.changed`: the booth's link, its fallback, and after a fallback the layer its camera
 * sends (`sending`), which the console asks for until the top one flows again (quality.ts).
 */
export function qualityPayload(quality: ReportedQuality, degraded: boolean, sending: VideoLayer | null = null): string {
  return JSON.stringify({ quality, degraded, ...(sending ? { sending } : {}) });
}

/** Of the remote participants, the operator: by the `operator:` identity, else the only other one. */
export function pickOperator<P extends { identity: string }>(participants: Iterable<P>): P | undefined {
  const all = [...participants];
  return all.find((p) => p.identity.startsWith(OPERATOR_PREFIX)) ?? (all.length === 1 ? all[0] : undefined);
}

// --- the photo step (decision 0013) ------------------------------------------------------------

export const DEFAULT_COUNTDOWN_SECONDS = 3;
const MAX_COUNTDOWN_SECONDS = 5;
/** Countdown + still + upload + server processing must fit in the operator's wait for the answer. */
export const CAPTURE_RESPONSE_TIMEOUT_MS = 15_000;

function parseObject(payload: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `{"on": true}` → true, `{"on": false}` → false; anything else → null. */
export function parsePhotoModePayload(payload: string): boolean | null {
  const on = parseObject(payload)?.on;
  return typeof on === 'boolean' ? on : null;
}

/** The countdown asked for (whole seconds, 0–5); an empty payload or no value means the default 3. */
export function parseCapturePayload(payload: string): { countdownSeconds: number } | null {
  if (payload.trim() === '') return { countdownSeconds: DEFAULT_COUNTDOWN_SECONDS };
  const parsed = parseObject(payload);
  if (!parsed) return null;
  const seconds = parsed.countdownSeconds;
  if (seconds === undefined) return { countdownSeconds: DEFAULT_COUNTDOWN_SECONDS };
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_COUNTDOWN_SECONDS) return null;
  return { countdownSeconds: seconds };
}

const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{"photoId": "<uuid>"}` → the id; anything else → null (it goes into a URL path). */
export function parsePhotoShowPayload(payload: string): string | null {
  const id = parseObject(payload)?.photoId;
  return typeof id === 'string' && PHOTO_ID.test(id) ? id : null;
}

/** Why a capture failed, in the operator's two languages. */
export interface CaptureError {
  code: string;
  ja: string;
  en: string;
}

export type CaptureAnswer = { photoId: string } | { error: CaptureError };

export function captureAnswer(answer: CaptureAnswer): string {
  return JSON.stringify(answer);
}

/** The booth's answer to `photo.capture`, as the console reads it. */
export function parseCaptureAnswer(payload: string): CaptureAnswer | null {
  const parsed = parseObject(payload);
  if (!parsed) return null;
  if (typeof parsed.photoId === 'string' && PHOTO_ID.test(parsed.photoId)) return { photoId: parsed.photoId };
  const error = parsed.error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, ja, en } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof ja === 'string' && typeof en === 'string' ? { error: { code, ja, en } } : null;
}
