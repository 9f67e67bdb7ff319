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
import type { Language } from '@madoguchi/db';
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
