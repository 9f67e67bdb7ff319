import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, createWindowLimiter, isLocked, LOCKOUT_MS, MAX_FAILURES, type LoginState } from './login-throttle';

const t0 = new Date('2026-11-21T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const fresh: LoginState = { failedLoginCount: 0, lockedUntil: null };

describe('account lockout', () => {
  it('locks on the fifth failure in a row, for fifteen minutes', () => {
    let state = fresh;
    for (let i = 1; i < MAX_FAILURES; i++) {
      state = afterFailure(state, t0);
      expect(state).toEqual({ failedLoginCount: i, lockedUntil: null });
      expect(isLocked(state, t0)).toBe(false);
    }
    state = afterFailure(state, t0);
    expect(isLocked(state, t0)).toBe(true);
    expect(isLocked(state, at(LOCKOUT_MS - 1))).toBe(true);
    expect(isLocked(state, at(LOCKOUT_MS))).toBe(false);
  });

  it('keeps the lock while locked, and starts counting afresh after it runs out', () => {
    const locked: LoginState = { failedLoginCount: 0, lockedUntil: at(LOCKOUT_MS) };
    expect(afterFailure(locked, at(1000)).lockedUntil).toEqual(at(LOCKOUT_MS));
    expect(afterFailure(locked, at(LOCKOUT_MS + 1))).toEqual({ failedLoginCount: 1, lockedUntil: null });
  });

  it('forgets failures after a success', () => {
    expect(afterSuccess()).toEqual(fresh);
  });
});

describe('createWindowLimiter', () => {
  it('allows `limit` attempts per window and key, then refuses until the oldest leaves the window', () => {
    const allow = createWindowLimiter({ limit: 3, windowMs: 1000 });
    expect([0, 10, 20].map((t) => allow('1.2.3.4', t))).toEqual([true, true, true]);
    expect(allow('1.2.3.4', 30)).toBe(false);
    expect(allow('5.6.7.8', 30)).toBe(true);
    expect(allow('1.2.3.4', 1000)).toBe(true);
  });
});
