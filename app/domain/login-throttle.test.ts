import { describe, expect, it } from 'vitest';
import {
  addressPrefix,
  afterFailure,
  answerAfterFailure,
  createWindowLimiter,
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

describe('addressPrefix', () => {
  it.each([
    ['192.0.2.7', '192.0.2.0/24'],
    ['192.0.2.255', '192.0.2.0/24'],
    ['192.0.3.7', '192.0.3.0/24'],
    ['10.0.0.1', '10.0.0.0/24'],
    ['127.0.0.1', '127.0.0.0/24'],
    // IPv4-mapped IPv6 (a dual-stack socket) counts as the IPv4 address.
    ['::ffff:192.0.2.7', '192.0.2.0/24'],
    ['::FFFF:192.0.2.200', '192.0.2.0/24'],
    ['::ffff:c000:0207', '192.0.2.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:DB8:0:0:1::1', '2001:db8::/64'],
    ['2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['[2001:db8::1]', '2001:db8::/64'],
    ['fe80::1%eth0', 'fe80::/64'],
    ['::1', '::/64'],
    [' 192.0.2.7 ', '192.0.2.0/24'],
    ['unknown', 'unknown'],
    ['', 'unknown'],
    ['not an address', 'unknown'],
    ['192.0.2', 'unknown'],
    ['192.0.2.7:443', 'unknown'],
  ])('%j → %j', (address, prefix) => {
    expect(addressPrefix(address)).toBe(prefix);
  });

  it('puts neighbours in one bucket and other networks in another', () => {
    expect(addressPrefix('203.0.113.1')).toBe(addressPrefix('203.0.113.254'));
    expect(addressPrefix('203.0.113.1')).not.toBe(addressPrefix('203.0.114.1'));
    expect(addressPrefix('2001:db8:a:b::1')).toBe(addressPrefix('2001:db8:a:b:ffff::9'));
    expect(addressPrefix('2001:db8:a:b::1')).not.toBe(addressPrefix('2001:db8:a:c::1'));
  });
});

describe('createWindowLimiter', () => {
  it('allows `limit` attempts per window and key, then refuses until the oldest leaves the window', () => {
    const allow = createWindowLimiter({ limit: 3, windowMs: 1000 });
    expect([0, 10, 20].map((t) => allow('192.0.2.0/24', t))).toEqual([true, true, true]);
    expect(allow('192.0.2.0/24', 30)).toBe(false);
    expect(allow('198.51.100.0/24', 30)).toBe(true);
    expect(allow('192.0.2.0/24', 1000)).toBe(true);
  });

  it('does not count refused attempts against the window', () => {
    const allow = createWindowLimiter({ limit: 1, windowMs: 1000 });
    expect(allow('k', 0)).toBe(true);
    expect([100, 500, 999].map((t) => allow('k', t))).toEqual([false, false, false]);
    expect(allow('k', 1000)).toBe(true);
  });

  it('forgets every key rather than grow past maxKeys', () => {
    const allow = createWindowLimiter({ limit: 1, windowMs: 1000, maxKeys: 2 });
    expect(allow('a', 0)).toBe(true);
    expect(allow('b', 0)).toBe(true);
    expect(allow('c', 0)).toBe(true); // clears a and b
    expect(allow('a', 0)).toBe(true);
  });
});
