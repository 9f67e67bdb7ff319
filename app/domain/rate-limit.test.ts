import { describe, expect, it } from 'vitest';
import { addressPrefix, WindowLimiter } from './rate-limit';

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

describe('WindowLimiter', () => {
  const limiter = (limit: number, windowMs: number, maxKeys?: number) => {
    const counter = new WindowLimiter(limit, windowMs, maxKeys);
    return (key: string, now: number) => counter.take(key, now);
  };

  it('allows `limit` attempts per window and key, then refuses until the window ends', () => {
    const allow = limiter(3, 1000);
    expect([0, 10, 20].map((t) => allow('192.0.2.0/24', t))).toEqual([true, true, true]);
    expect(allow('192.0.2.0/24', 30)).toBe(false);
    expect(allow('198.51.100.0/24', 30)).toBe(true);
    expect(allow('192.0.2.0/24', 1000)).toBe(true);
  });

  it('does not count refused attempts against the window', () => {
    const allow = limiter(1, 1000);
    expect(allow('k', 0)).toBe(true);
    expect([100, 500, 999].map((t) => allow('k', t))).toEqual([false, false, false]);
    expect(allow('k', 1000)).toBe(true);
  });

  it('allows `limit` per key and window, then refuses until the next window, and says when', () => {
    const counter = new WindowLimiter(3, 60_000);
    expect([1, 2, 3, 4].map(() => counter.take('a', 1_000))).toEqual([true, true, true, false]);
    expect(counter.take('b', 1_000)).toBe(true);
    expect(counter.retryAfterMs('a', 1_000)).toBe(59_000);
    expect(counter.take('a', 60_000)).toBe(true);
    expect(counter.retryAfterMs('a', 60_000)).toBe(0);
  });

  it('holds at most maxKeys keys, dropping ended windows first', () => {
    const counter = new WindowLimiter(1, 1_000, 3);
    counter.take('old', 0);
    counter.take('x', 1_500);
    counter.take('y', 1_600);
    counter.take('z', 1_700);
    expect(counter.size).toBe(3);
    expect(counter.take('x', 1_800)).toBe(false);
    counter.take('w', 1_900);
    expect(counter.size).toBe(3);
  });

  it('when full, forgets an ended window first, then the oldest key under its budget, never one at it', () => {
    const counter = new WindowLimiter(2, 1_000, 3);
    counter.take('ended', 0);
    counter.take('spent', 1_000);
    counter.take('spent', 1_000);
    counter.take('open', 1_100);
    expect(counter.take('new', 1_200)).toBe(true); // forgets 'ended'
    expect(counter.take('open', 1_300)).toBe(true); // its second request: kept, now at its budget
    expect(counter.take('open', 1_300)).toBe(false);
    expect(counter.take('newer', 1_400)).toBe(true); // forgets 'new', the only key under its budget
    expect(counter.size).toBe(3);
    expect(counter.take('spent', 1_500)).toBe(false);
    expect(counter.take('open', 1_500)).toBe(false);
  });

  it('when full, forgets a key whose window ended before a key under its budget now', () => {
    const counter = new WindowLimiter(2, 1_000, 3);
    counter.take('spent-before', 0);
    counter.take('spent-before', 0);
    counter.take('open', 1_000);
    counter.take('other', 1_000);
    expect(counter.take('new', 1_100)).toBe(true); // forgets 'spent-before'
    expect(counter.size).toBe(3);
    expect(counter.take('open', 1_200)).toBe(true); // its second request: kept, now at its budget
    expect(counter.take('open', 1_200)).toBe(false);
  });

  it('drops the oldest key rather than grow past maxKeys when every key is at its budget', () => {
    const allow = limiter(1, 1000, 2);
    expect(allow('a', 0)).toBe(true);
    expect(allow('b', 0)).toBe(true);
    expect(allow('c', 0)).toBe(true); // drops a
    expect(allow('a', 0)).toBe(true);
  });

  it('keeps refusing a key at its budget while many new keys (cheap IPv6 /64s) fill it', () => {
    const counter = new WindowLimiter(3, 60_000, 100);
    const victim = addressPrefix('2001:db8:0:1::1');
    for (let i = 0; i < 3; i++) expect(counter.take(victim, 1_000)).toBe(true);
    expect(counter.take(victim, 1_000)).toBe(false);
    for (let i = 0; i < 1_000; i++) counter.take(addressPrefix(`2001:db8:1:${i.toString(16)}::1`), 2_000 + i);
    expect(counter.size).toBeLessThanOrEqual(100);
    expect(counter.take(victim, 3_000)).toBe(false);
    expect(counter.retryAfterMs(victim, 3_000)).toBe(57_000);
  });
});
