/**
 * Remote interpreters in a call (issue 18, decision 0036). Interpreters are routed by the same
 * routing domain as operators (routing.ts): the queue service holds a second `Router` whose
 * "operators" are interpreter accounts and whose "calls" are interpreter requests. Nothing here
 * decides who rings; this file only says how a request and an interpreter look to that Router,
 * and what the operator is told while they wait.
 *
 * - A request is keyed by its own id (not the session's): after an interpreter leaves, the
 *   operator may ask for another in the same call.
 * - Skills: the languages the interpreter speaks; the municipalities they serve, or every
 *   municipality when the account lists none. No procedure skill: a request has no procedure.
 * - No after-call work: an interpreter who leaves is available again at once.
 * - Ring timeout, longest-idle first, one offer per interpreter and per request, away after a
 *   missed or declined ring: the Router's rules, unchanged.
 * - No double booking with operators: the two Routers hold disjoint accounts (permissions.ts: no
 *   role holds both `write:session` and `interpret:session`).
 * - Not found: when nobody has accepted `waitMs` after the request (or after the operator chose
 *   to keep waiting), the operator is told once; the request keeps ringing until they give up.
 */
import { type Language, languages } from '@madoguchi/db/vocabulary';
import type { RoutingConfig, Skills, WaitingSession } from './routing';

export interface InterpreterRequest {
  requestId: string;
  sessionId: string;
  municipalityId: string;
  language: Language;
  requestedAt: number;
}

/** The Router's view of a request: a call with no procedure, keyed by the request. */
export function routedRequest(request: InterpreterRequest): WaitingSession {
  return {
    sessionId: request.requestId,
    municipalityId: request.municipalityId,
    language: request.language,
    procedure: null,
    requestedAt: request.requestedAt,
  };
}

/** What an interpreter serves: their languages; their municipalities, or all when they list none. */
export function interpreterSkills(
  account: { languages: readonly Language[]; municipalityIds: readonly string[] },
  allMunicipalityIds: readonly string[],
): Skills {
  return {
    municipalityIds: account.municipalityIds.length > 0 ? [...account.municipalityIds] : [...allMunicipalityIds],
    languages: [...account.languages],
    procedures: [],
  };
}

/** The interpreters' Router: the operators' ring timeout rule, no after-call work. */
export function interpreterRoutingConfig(offerTimeoutMs: number): RoutingConfig {
  return { offerTimeoutMs, wrapUpMs: 0 };
}

/** Default wait before the operator is told nobody was found (INTERPRETER_WAIT_MS). */
export const DEFAULT_INTERPRETER_WAIT_MS = 60_000;

/** A municipality's own wait (`municipality.interpreter_wait_seconds`), when it sets one: these bounds. */
export const INTERPRETER_WAIT_SECONDS = { min: 15, max: 600 } as const;

/**
 * The wait of a request in a municipality: its own setting (seconds, clamped to the bounds in
 * case an older row holds something else), or the server's default (INTERPRETER_WAIT_MS) when it
 * has none.
 */
export function interpreterWaitMs(municipalitySeconds: number | null | undefined, defaultMs: number): number {
  if (municipalitySeconds === null || municipalitySeconds === undefined || !Number.isFinite(municipalitySeconds)) return defaultMs;
  const { min, max } = INTERPRETER_WAIT_SECONDS;
  return Math.min(max, Math.max(min, Math.round(municipalitySeconds))) * 1000;
}

/** Where a request stands, as the operator's call view shows it. */
export type InterpreterRequestStatus = 'waiting' | 'ringing' | 'joined' | 'left' | 'cancelled';

export interface InterpreterRequestView {
  requestId: string;
  language: Language;
  status: InterpreterRequestStatus;
  requestedAt: number;
  /** Nobody accepted within the wait: the operator may keep waiting, give up, or use the guidance cards. */
  notFound: boolean;
  /** The interpreter's work name once they accepted. */
  interpreterName: string | null;
}

/**
 * Whether a request still looking for someone has now waited past its deadline. `since` is the
 * request time, or when the operator last chose to keep waiting.
 */
export function isNotFound(request: { status: InterpreterRequestStatus; since: number }, now: number, waitMs: number): boolean {
  return (request.status === 'waiting' || request.status === 'ringing') && now - request.since >= waitMs;
}

/** A request may be made while the call is on and no other request is live (waiting, ringing or joined). */
export function canRequest(current: { status: InterpreterRequestStatus } | null): boolean {
  return current === null || current.status === 'left' || current.status === 'cancelled';
}

/** One recorded step of an interpreter request (a session event `interpreter-…`), oldest first. */
export interface InterpreterEventRecord {
  sessionId: string;
  type: string;
  /** When it was recorded (ms). */
  at: number;
  detail: Readonly<Record<string, unknown>> | null;
}

/** A request still live in its call, as the events left it: looking for someone, or joined. */
export interface RestoredInterpreterRequest extends InterpreterRequest {
  status: 'waiting' | 'joined';
  /** The operator was told nobody was found (and has not been told otherwise since). */
  notFound: boolean;
  interpreterId: string | null;
  joinedAt: number | null;
}

const isKnownLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (languages as readonly string[]).includes(value);

/**
 * The live interpreter requests of calls still on, rebuilt from their session events after a
 * restart or a dispatcher failover (requests are held in memory otherwise): per request id,
 * `interpreter-requested` opens it (waiting), `-rung` leaves it waiting (the ring is rung again),
 * `-not-found` marks the operator told, `-joined` puts its interpreter on it, `-left` and
 * `-cancelled` close it. A session keeps its latest live request (there is at most one).
 * `municipalityOf` gives the session's municipality; a session it does not know (no longer on) is
 * skipped, and so is a step without a request id or of a request never opened.
 */
export function restoredRequests(
  events: readonly InterpreterEventRecord[],
  municipalityOf: (sessionId: string) => string | undefined,
): RestoredInterpreterRequest[] {
  const byId = new Map<string, RestoredInterpreterRequest>();
  for (const e of events) {
    const requestId = e.detail?.requestId;
    if (typeof requestId !== 'string' || requestId === '') continue;
    const request = byId.get(requestId);
    if (e.type === 'interpreter-requested') {
      const municipalityId = municipalityOf(e.sessionId);
      const language = e.detail?.language;
      if (request || municipalityId === undefined || !isKnownLanguage(language)) continue;
      byId.set(requestId, {
        requestId,
        sessionId: e.sessionId,
        municipalityId,
        language,
        requestedAt: e.at,
        status: 'waiting',
        notFound: false,
        interpreterId: null,
        joinedAt: null,
      });
      continue;
    }
    if (!request || request.sessionId !== e.sessionId) continue;
    if (e.type === 'interpreter-not-found' && request.status === 'waiting') request.notFound = true;
    else if (e.type === 'interpreter-joined' && typeof e.detail?.interpreterId === 'string') {
      request.status = 'joined';
      request.interpreterId = e.detail.interpreterId;
      request.joinedAt = e.at;
      request.notFound = false;
    } else if (e.type === 'interpreter-left' || e.type === 'interpreter-cancelled') byId.delete(requestId);
  }
  const bySession = new Map<string, RestoredInterpreterRequest>();
  for (const request of byId.values()) {
    const kept = bySession.get(request.sessionId);
    if (!kept || request.requestedAt >= kept.requestedAt) bySession.set(request.sessionId, request);
  }
  return [...bySession.values()].sort((a, b) => a.requestedAt - b.requestedAt || (a.requestId < b.requestId ? -1 : 1));
}
