/**
 * What both sides of a call must agree on, written once (issue 14, decision 0022): who is who in a
 * call's LiveKit room, the RPC methods between booth and console with their payloads, the guidance
 * cards, and the operator's console state. Pure and beside the vocabulary: it imports nothing at
 * run time, so the kiosk bundle and the console take only these constants and parsers.
 */
import type { OperatorStatus } from './schema';
import type { Language, Procedure } from './vocabulary';

// --- participants ----------------------------------------------------------------------------

/** A call room's participants: `booth:<booth id>` and `operator:<account id>` (their tokens say so). */
export const participantPrefixes = { booth: 'booth:', operator: 'operator:', interpreter: 'interpreter:' } as const;
export const boothIdentity = (boothId: string) => `${participantPrefixes.booth}${boothId}`;
export const operatorIdentity = (operatorId: string) => `${participantPrefixes.operator}${operatorId}`;
export const isBoothIdentity = (identity: string) => identity.startsWith(participantPrefixes.booth);
export const isOperatorIdentity = (identity: string) => identity.startsWith(participantPrefixes.operator);
/**
 * A supervisor in someone else's call before taking it over (listening, coaching, joined):
 * `supervisor:<account id>`. Taking over, they rejoin as `operator:<account id>` (issue 18).
 */
export const supervisorIdentity = (accountId: string) => `supervisor:${accountId}`;
export const isSupervisorIdentity = (identity: string) => identity.startsWith('supervisor:');
/** A remote interpreter the operator asked for (issue 18): hears, sees and speaks, nothing else. */
export const interpreterIdentity = (interpreterId: string) => `${participantPrefixes.interpreter}${interpreterId}`;
export const isInterpreterIdentity = (identity: string) => identity.startsWith(participantPrefixes.interpreter);

/**
 * Every participant but the booth carries LiveKit participant attributes `role` and `workName`
 * (the account's display name: a work name, shown to residents, not private). The booth's
 * "people in this call" strip reads them.
 */
export const participantRoles = ['operator', 'interpreter', 'supervisor'] as const;
export type ParticipantRole = (typeof participantRoles)[number];
export const isParticipantRole = (value: unknown): value is ParticipantRole =>
  typeof value === 'string' && (participantRoles as readonly string[]).includes(value);
export interface ParticipantAttributes {
  role: ParticipantRole;
  workName: string;
  [key: string]: string;
}

// --- guidance cards --------------------------------------------------------------------------

/** Cards the operator can put on the booth screen (`guidance.show`), recorded as `guidance-shown`. */
export const guidanceCards = ['card-ready', 'scan-qr', 'keep-pin-private', 'form-ready', 'look-at-camera', 'wait-a-moment'] as const;
export type GuidanceCard = (typeof guidanceCards)[number];
export const isGuidanceCard = (value: unknown): value is GuidanceCard =>
  typeof value === 'string' && (guidanceCards as readonly string[]).includes(value);

// --- RPC methods (decision 0009) -------------------------------------------------------------

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
export const operatorMethods = {
  pinDone: 'pin.done',
  qualityChanged: 'quality.changed',
  /** `{"instruction": PhotoInstruction}`: during the photo step, what the booth's preview analysis tells the resident. */
  photoGuidance: 'photo.guidance',
} as const;

export type BoothMethod = (typeof boothMethods)[keyof typeof boothMethods];
export type OperatorMethod = (typeof operatorMethods)[keyof typeof operatorMethods];

/** The payload each booth method takes (sent as JSON). */
export interface BoothMethodPayloads {
  'guidance.show': { card: GuidanceCard };
  'pin.start': Record<string, never>;
  'pin.end': Record<string, never>;
  'photo.mode': { on: boolean };
  'photo.capture': { countdownSeconds?: number };
  'photo.show': { photoId: string };
}

/** The JSON payload of a booth method: the compiler holds the console to the method's shape. */
export function boothPayload<M extends BoothMethod>(_method: M, payload: BoothMethodPayloads[M]): string {
  return JSON.stringify(payload);
}

function parseObject(payload: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `guidance.show`: `{"card": "scan-qr"}` → 'scan-qr'; anything else → null. */
export function parseGuidancePayload(payload: string): GuidanceCard | null {
  const card = parseObject(payload)?.card;
  return isGuidanceCard(card) ? card : null;
}

/** `photo.mode`: `{"on": true}` → true, `{"on": false}` → false; anything else → null. */
export function parsePhotoModePayload(payload: string): boolean | null {
  const on = parseObject(payload)?.on;
  return typeof on === 'boolean' ? on : null;
}

export const DEFAULT_COUNTDOWN_SECONDS = 3;
export const MAX_COUNTDOWN_SECONDS = 5;
/**
 * How long the console waits for `photo.capture`'s answer beyond the countdown: still + upload +
 * server processing must fit in it (the booth's upload bound is longer, and it answers either way).
 */
export const CAPTURE_RESPONSE_TIMEOUT_MS = 15_000;

/** `photo.capture`: the countdown asked for (whole seconds, 0–5); an empty payload or no value means the default 3. */
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

/** `photo.show`: `{"photoId": "<uuid>"}` → the id; anything else → null (it goes into a URL path). */
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

/** The booth's answer to `photo.capture`. */
export type CaptureAnswer = { photoId: string } | { error: CaptureError };

export function captureAnswer(answer: CaptureAnswer): string {
  return JSON.stringify(answer);
}

/** The booth's answer to `photo.capture`, as the console reads it; not that shape → null. */
export function parseCaptureAnswer(payload: string): CaptureAnswer | null {
  const parsed = parseObject(payload);
  if (!parsed) return null;
  if (typeof parsed.photoId === 'string' && PHOTO_ID.test(parsed.photoId)) return { photoId: parsed.photoId };
  const error = parsed.error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, ja, en } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof ja === 'string' && typeof en === 'string' ? { error: { code, ja, en } } : null;
}

// --- guidance before the shutter (issue 19, decision 0038) ---------------------------------

/**
 * What the booth tells the resident from its preview analysis, one at a time; `ready` is the
 * operator's ready light. `move-left`/`move-right` are the resident's own left and right.
 */
export const photoInstructions = [
  'no-face',
  'one-person',
  'move-closer',
  'move-back',
  'move-left',
  'move-right',
  'move-up',
  'move-down',
  'look-straight',
  'chin-down',
  'chin-up',
  'take-off-hat',
  'ready',
] as const;
export type PhotoInstruction = (typeof photoInstructions)[number];
export const isPhotoInstruction = (value: unknown): value is PhotoInstruction =>
  typeof value === 'string' && (photoInstructions as readonly string[]).includes(value);

/** The operator's words for each instruction (the console is in Japanese). */
export const photoInstructionJa: Record<PhotoInstruction, string> = {
  'no-face': '顔が映っていません',
  'one-person': '複数の顔が映っています',
  'move-closer': 'もう少し近づくよう案内中',
  'move-back': 'もう少し離れるよう案内中',
  'move-left': '少し左へ（ご本人から見て）',
  'move-right': '少し右へ（ご本人から見て）',
  'move-up': '顔の位置を少し上へ',
  'move-down': '顔の位置を少し下へ',
  'look-straight': '正面を向くよう案内中',
  'chin-down': 'あごを引くよう案内中',
  'chin-up': 'あごを上げるよう案内中',
  'take-off-hat': '帽子をとるよう案内中',
  ready: '撮影できます',
};

export interface PhotoGuidance {
  instruction: PhotoInstruction;
}

export function photoGuidancePayload(instruction: PhotoInstruction): string {
  const payload: PhotoGuidance = { instruction };
  return JSON.stringify(payload);
}

/** `photo.guidance` as the console reads it: a known instruction, else null. */
export function parsePhotoGuidancePayload(payload: string): PhotoInstruction | null {
  const instruction = parseObject(payload)?.instruction;
  return isPhotoInstruction(instruction) ? instruction : null;
}

/** The booth's link as it reports it to the operator. */
export type ReportedQuality = 'good' | 'poor' | 'lost';
/** A simulcast layer, as the console asks for it (LiveKit's VideoQuality LOW, MEDIUM, HIGH). */
export const videoLayers = ['low', 'medium', 'high'] as const;
export type VideoLayer = (typeof videoLayers)[number];

/**
 * `quality.changed`: the booth's link, its fallback, and after a fallback the layer its camera
 * sends (`sending`), which the console asks for until the top one flows again.
 */
export interface QualityChanged {
  quality: ReportedQuality;
  degraded: boolean;
  sending?: VideoLayer;
}

export function qualityPayload(quality: ReportedQuality, degraded: boolean, sending: VideoLayer | null = null): string {
  const payload: QualityChanged = { quality, degraded, ...(sending ? { sending } : {}) };
  return JSON.stringify(payload);
}

/** `quality.changed` as the console reads it: degraded only when it says so, `sending` only a known layer; not JSON → null. */
export function parseQualityPayload(payload: string): { degraded: boolean; sending: VideoLayer | null } | null {
  const parsed = parseObject(payload);
  if (!parsed) return null;
  const sending = parsed.sending;
  return {
    degraded: parsed.degraded === true,
    sending: typeof sending === 'string' && (videoLayers as readonly string[]).includes(sending) ? (sending as VideoLayer) : null,
  };
}

// --- the operator's console (GET /api/v1/console/stream, its actions' answers) ---------------

/** The operator's live state, as the server pushes it and the console shows it. */
export interface ConsoleState {
  status: OperatorStatus;
  since: string;
  offer: null | {
    sessionId: string;
    expiresAt: string;
    municipalityName: string;
    boothName: string;
    language: Language;
    procedure: Procedure | null;
    waitedSeconds: number;
  };
  activeSessionId: string | null;
  /**
   * After-call work: the call that ended, and until when (null: open — the other side ended the
   * call, so the operator records its outcome or chooses a status).
   */
  afterCall: null | { sessionId: string; until: string | null };
  waitingCount: number;
}
