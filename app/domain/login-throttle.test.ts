import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  answerAfterFailure,
  current,
  FAILURES_BEFORE_LOCK,
  FIRST_LOCK_MS,
  FORGET_AFTER_MS,
  freshThrottle,
  isLocked,
  lockDurationMs,
  MAX_LOCK_MS,
  normaliseLoginId,
  retryAfterMs,
  type ThrottleState,
} from './login-throttle';

const t0 = new Date('2026-11-21T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60 * 1000;

/** `n` failures at `when`, from `state`. */
const fail = (state: ThrottleState, n: number, when: Date) =>
  Array.from({ length: n }).reduce<ThrottleState>((s) => afterFailure(s, when), state);

describe('lock per login id and address prefix', () => {
  it('locks on the fifth failure in a row, for fifteen minutes', () => {
    let state = freshThrottle;
    for (let i = 1; i < FAILURES_BEFORE_LOCK; i++) {
      state = afterFailure(state, t0);
      expect(state).toEqual({ failures: i, locks: 0, lockedUntil: null, lastFailureAt: t0 });
      expect(isLocked(state, t0)).toBe(false);
    }
    state = afterFailure(state, t0);
    expect(state).toEqual({ failures: 0, locks: 1, lockedUntil: at(15 * MIN), lastFailureAt: t0 });
    expect(isLocked(state, at(15 * MIN - 1))).toBe(true);
    expect(isLocked(state, at(15 * MIN))).toBe(false);
  });

  it('keeps the lock (and its end) unchanged by failures while locked', () => {
    const locked = fail(freshThrottle, 5, t0);
    const later = afterFailure(locked, at(MIN));
    expect(later.lockedUntil).toEqual(at(FIRST_LOCK_MS));
    expect(later.locks).toBe(1);
    expect(later.failures).toBe(0);
  });

  it('backs off: each further lock lasts twice as long, up to 24 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(lockDurationMs)).toEqual([15, 30, 60, 120, 240, 480, 960, 1440].map((m) => m * MIN));
    expect(lockDurationMs(50)).toBe(MAX_LOCK_MS);
    expect(lockDurationMs(1_000_000)).toBe(MAX_LOCK_MS);

    let state = freshThrottle;
    let now = t0;
    const locks: number[] = [];
    for (let round = 0; round < 9; round++) {
      state = fail(state, FAILURES_BEFORE_LOCK - 1, now);
      expect(isLocked(state, now)).toBe(false);
      state = afterFailure(state, now);
      locks.push(retryAfterMs(state, now));
      now = state.lockedUntil!; // the attacker waits for the lock to end, then tries again
    }
    expect(locks).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440].map((m) => m * MIN));
  });

  it('forgets a pair (and its back-off) after 24 quiet hours counted from the end of its lock', () => {
    const twice = fail(fail(freshThrottle, 5, t0), 5, at(FIRST_LOCK_MS)); // second lock: 30 min
    const lockEnd = twice.lockedUntil!.getTime() - t0.getTime();
    expect(current(twice, at(lockEnd + FORGET_AFTER_MS - 1))).toBe(twice);
    expect(current(twice, at(lockEnd + FORGET_AFTER_MS))).toEqual(freshThrottle);
    // The next lock after that is a first one again.
    expect(retryAfterMs(fail(twice, 5, at(lockEnd + FORGET_AFTER_MS)), at(lockEnd + FORGET_AFTER_MS))).toBe(FIRST_LOCK_MS);

    const four = fail(freshThrottle, 4, t0);
    expect(afterFailure(four, at(FORGET_AFTER_MS - 1)).lockedUntil).not.toBeNull();
    expect(afterFailure(four, at(FORGET_AFTER_MS))).toEqual({
      failures: 1,
      locks: 0,
      lockedUntil: null,
      lastFailureAt: at(FORGET_AFTER_MS),
    });
  });

  it('tells how long to wait', () => {
    const locked = fail(freshThrottle, 5, t0);
    expect(retryAfterMs(locked, at(MIN))).toBe(14 * MIN);
    expect(retryAfterMs(locked, at(FIRST_LOCK_MS))).toBe(0);
    expect(retryAfterMs(freshThrottle, t0)).toBe(0);
  });
});

describe('identical answers for known and unknown login ids', () => {
  it('answers from the pair state alone: invalid four times, then locked with the same wait', () => {
    // The rules take no account at all: the same history gives the same answers, whether or
    // not the typed id exists. This sequence is what both kinds of id see.
    let state = freshThrottle;
    const answers = [];
    for (let i = 0; i < 7; i++) {
      state = afterFailure(state, at(i * 1000));
      answers.push(answerAfterFailure(state, at(i * 1000)));
    }
    expect(answers).toEqual([
      { kind: 'invalid' },
      { kind: 'invalid' },
      { kind: 'invalid' },
      { kind: 'invalid' },
      { kind: 'locked', retryAfterMs: FIRST_LOCK_MS },
      { kind: 'locked', retryAfterMs: FIRST_LOCK_MS - 1000 },
      { kind: 'locked', retryAfterMs: FIRST_LOCK_MS - 2000 },
    ]);
  });

  it.each([
    ['admin', 'admin'],
    ['  Admin ', 'admin'],
    ['ＡＤＭＩＮ', 'admin'],
    ['ａｄｍｉｎ\u3000', 'admin'],
    ['op-a', 'op-a'],
    ['Straße', 'straße'],
  ])('normalises the typed login id %j to %j', (typed, normalised) => {
    expect(normaliseLoginId(typed)).toBe(normalised);
  });
});
