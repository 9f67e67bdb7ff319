import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repeatAfter } from './repeat';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('repeatAfter', () => {
  it('runs now, then the returned delay after each run ends, never overlapping', async () => {
    const starts: number[] = [];
    let running = 0;
    let overlapped = false;
    const stop = repeatAfter(async () => {
      starts.push(Date.now());
      running++;
      overlapped ||= running > 1;
      await new Promise((resolve) => setTimeout(resolve, 300)); // a slow request
      running--;
      return 1_000;
    });
    await vi.advanceTimersByTimeAsync(4_000);
    stop();
    const t0 = starts[0]!;
    expect(starts.map((t) => t - t0)).toEqual([0, 1_300, 2_600, 3_900]);
    expect(overlapped).toBe(false);
  });

  it('follows the delay each run returns, and stops on null', async () => {
    const delays = [500, 2_000, null];
    let runs = 0;
    repeatAfter(async () => delays[runs++] ?? null);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(3);
  });

  it('stop() ends it, and alive() tells a running step it has been stopped', async () => {
    const seen: boolean[] = [];
    let runs = 0;
    const stop = repeatAfter(async (alive) => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen.push(alive());
      return 1_000;
    });
    await vi.advanceTimersByTimeAsync(50);
    stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(1);
    expect(seen).toEqual([false]);
  });

  it('a step that throws ends the loop', async () => {
    let runs = 0;
    repeatAfter(async () => {
      runs++;
      throw new Error('unexpected');
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
  });
});
