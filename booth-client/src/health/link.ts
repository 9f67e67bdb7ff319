/**
 * Can this booth take a call? It needs its server (the heartbeat answers) and LiveKit (a light
 * HTTP probe of LiveKit's address answers). Pure, so the rule is unit-tested (link.test.ts):
 * two failures in a row of either → "temporarily unavailable"; back as soon as both answer again.
 * One lost beat is not an outage, so the first failure is confirmed by a check that comes sooner
 * than the next beat; no check runs more often than the heartbeat otherwise (no extra load).
 */
import { requestTimeoutMs } from '../request';

export type LinkPart = 'server' | 'livekit';

export interface LinkState {
  /** Failures in a row, per part. */
  failures: Record<LinkPart, number>;
  available: boolean;
}

export const initialLink: LinkState = { failures: { server: 0, livekit: 0 }, available: true };

/** Failures in a row of one part before the booth says it is unavailable. */
export const FAILURES_BEFORE_UNAVAILABLE = 2;
/** How soon a first failure is checked again. */
export const CONFIRM_MS = 2_000;

/** The state after a check of `part` answered (`ok`) or not. */
export function observe(state: LinkState, part: LinkPart, ok: boolean): LinkState {
  const failures = { ...state.failures, [part]: ok ? 0 : state.failures[part] + 1 };
  const counts = Object.values(failures);
  const available = state.available ? counts.every((n) => n < FAILURES_BEFORE_UNAVAILABLE) : counts.every((n) => n === 0);
  return { failures, available };
}

/** When to check `part` again: sooner to confirm a first failure, else at the heartbeat's pace. */
export function nextCheckMs(state: LinkState, part: LinkPart, intervalMs: number): number {
  const failures = state.failures[part];
  return failures > 0 && failures < FAILURES_BEFORE_UNAVAILABLE ? Math.min(CONFIRM_MS, intervalMs) : intervalMs;
}

/**
 * A check that has not answered by then has failed: the bound of every booth request
 * (request.ts), 2–5 s, shorter than the heartbeat's 10 s (checks never overlap: the next waits
 * for this one).
 */
export const checkTimeoutMs = requestTimeoutMs;

/**
 * The longest a cut link goes unnoticed: the beat that was just answered, then two checks that
 * time out. With the default 10 s heartbeat: 10 + 2 + 2 × 5 = 22 s; a refused connection (no
 * timeout to wait for) 12 s.
 */
export function worstDetectionMs(intervalMs: number): number {
  return intervalMs + Math.min(CONFIRM_MS, intervalMs) + FAILURES_BEFORE_UNAVAILABLE * checkTimeoutMs(intervalMs);
}
