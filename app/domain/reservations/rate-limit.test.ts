import { describe, expect, it } from 'vitest';
import { WindowCounter } from './rate-limit';

describe('WindowCounter', () => {
  it('allows `limit` per key and window, then refuses until the next window', () => {
    const counter = new WindowCounter(3, 60_000);
    expect([1, 2, 3, 4].map(() => counter.take('a', 1_000))).toEqual([true, true, true, false]);
    expect(counter.take('b', 1_000)).toBe(true);
    expect(counter.retryAfterMs('a', 1_000)).toBe(59_000);
    expect(counter.take('a', 60_000)).toBe(true);
    expect(counter.retryAfterMs('a', 60_000)).toBe(0);
  });

  it('holds at most maxKeys keys, dropping ended windows first', () => {
    const counter = new WindowCounter(1, 1_000, 3);
    counter.take('old', 0);
    counter.take('x', 1_500);
    counter.take('y', 1_600);
    counter.take('z', 1_700);
    expect(counter.size).toBe(3);
    expect(counter.take('x', 1_800)).toBe(false);
    counter.take('w', 1_900);
    expect(counter.size).toBe(3);
  });
});
