/**
 * Account lockout after repeated failed logins (passwords or TOTP codes). Pure: the caller
 * stores the state and passes the time.
 */
export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface LoginState {
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more failure: the fifth in a row locks the account for 15 minutes. */
export function afterFailure(state: LoginState, now: Date): LoginState {
  // A lock that has run out starts a fresh count.
  const count = (state.lockedUntil && !isLocked(state, now) ? 0 : state.failedLoginCount) + 1;
  if (count >= MAX_FAILURES) return { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) };
  return { failedLoginCount: count, lockedUntil: isLocked(state, now) ? state.lockedUntil : null };
}

export const afterSuccess = (): LoginState => ({ failedLoginCount: 0, lockedUntil: null });

/**
 * A sliding-window limit per key (e.g. client address): at most `limit` attempts in `windowMs`.
 * Returns a function answering whether one more attempt may go ahead now.
 */
export function createWindowLimiter({ limit, windowMs, maxKeys = 50_000 }: { limit: number; windowMs: number; maxKeys?: number }) {
  const hits = new Map<string, number[]>();
  return (key: string, now: number): boolean => {
    const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= limit) {
      hits.set(key, recent);
      return false;
    }
    recent.push(now);
    if (!hits.has(key) && hits.size >= maxKeys) hits.clear();
    hits.set(key, recent);
    return true;
  };
}
