/**
 * How failed logins (passwords and TOTP codes) slow an attacker down, without letting one lock
 * an account out for everybody (decision 0008, issue 11). Pure: the caller stores the state
 * and passes the time.
 *
 * - A *pair* — the login id as typed (normalised) and the client's address prefix — is locked
 *   after FAILURES_BEFORE_LOCK failures in a row, for FIRST_LOCK_MS, doubling with each further
 *   lock up to MAX_LOCK_MS. The same account stays open from every other network, so guessing
 *   at `admin` from one place cannot lock the real admin out.
 * - Each address prefix (rate-limit.ts `addressPrefix`) has a budget of attempts per window,
 *   whatever the login id.
 * - Known and unknown login ids go through exactly the same rules (the state is keyed by what
 *   was typed, not by the account), so the answers cannot tell them apart.
 */
export const FAILURES_BEFORE_LOCK = 5;
export const FIRST_LOCK_MS = 15 * 60 * 1000;
export const MAX_LOCK_MS = 24 * 60 * 60 * 1000;
/** A pair that has been quiet (no failure, no lock) this long starts afresh, back-off forgotten. */
export const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;
/** The window of the per-prefix attempt budget (LOGIN_ATTEMPTS_PER_ADDRESS). */
export const ATTEMPT_WINDOW_MS = 10 * 60 * 1000;

export interface ThrottleState {
  /** Failures since the last lock (or since the start). */
  failures: number;
  /** Locks so far: the next one lasts FIRST_LOCK_MS × 2^locks (capped). */
  locks: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

export const freshThrottle: ThrottleState = { failures: 0, locks: 0, lockedUntil: null, lastFailureAt: null };

export function isLocked(state: ThrottleState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** How long the `nth` lock (1, 2, …) of a pair lasts: 15 min, 30 min, 1 h, … up to 24 h. */
export function lockDurationMs(nth: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, Math.min(nth - 1, 16)), MAX_LOCK_MS);
}

/** Milliseconds until the pair may try again (0 when it is not locked). */
export function retryAfterMs(state: ThrottleState, now: Date): number {
  return isLocked(state, now) ? state.lockedUntil!.getTime() - now.getTime() : 0;
}

/** The state as it counts now: a pair quiet for FORGET_AFTER_MS is fresh again. */
export function current(state: ThrottleState, now: Date): ThrottleState {
  const quietSince = Math.max(state.lastFailureAt?.getTime() ?? -Infinity, state.lockedUntil?.getTime() ?? -Infinity);
  return now.getTime() - quietSince >= FORGET_AFTER_MS ? freshThrottle : state;
}

/**
 * The state after one more failure. While locked nothing changes but the time (the caller
 * does not even check the password then); the FAILURES_BEFORE_LOCK-th failure after a lock
 * locks again, for twice as long.
 */
export function afterFailure(state: ThrottleState, now: Date): ThrottleState {
  const before = current(state, now);
  if (isLocked(before, now)) return { ...before, lastFailureAt: now };
  const failures = before.failures + 1;
  if (failures < FAILURES_BEFORE_LOCK) return { ...before, failures, lockedUntil: null, lastFailureAt: now };
  const locks = before.locks + 1;
  return { failures: 0, locks, lockedUntil: new Date(now.getTime() + lockDurationMs(locks)), lastFailureAt: now };
}

/** What a failed attempt is told: decided by the pair's state alone, never by the account. */
export function answerAfterFailure(state: ThrottleState, now: Date): { kind: 'invalid' } | { kind: 'locked'; retryAfterMs: number } {
  return isLocked(state, now) ? { kind: 'locked', retryAfterMs: retryAfterMs(state, now) } : { kind: 'invalid' };
}

/**
 * The login id as the throttle sees it: NFKC (full-width → ASCII), trimmed, lower case, so
 * `ＡＤＭＩＮ ` and `admin` share one budget.
 */
export function normaliseLoginId(loginId: string): string {
  return loginId.normalize('NFKC').trim().toLowerCase();
}
