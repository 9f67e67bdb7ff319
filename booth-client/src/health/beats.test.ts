import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestTimeoutMs } from '../request';
import { beatLoop, FRESH_BEAT_MS, nextBeatDelayMs, onLinkBack } from './beats';
import { CONFIRM_MS, initialLink, nextCheckMs, observe } from './link';

describe('nextBeatDelayMs', () => {
  it('counts the interval from the start of the beat, not its end', () => {
    expect(nextBeatDelayMs(0, 100, 10_000)).toBe(9_900);
    // A beat that spent its whole 5 s bound on a cut link: the next one 5 s later, not 10.
    expect(nextBeatDelayMs(0, 5_000, 10_000)).toBe(5_000);
    // Never negative: a confirmation due before the failed beat ended goes at once.
    expect(nextBeatDelayMs(0, 5_000, CONFIRM_MS)).toBe(0);
  });
});

describe('onLinkBack', () => {
  it('aborts a beat pending since before the link came back and beats again', () => {
    expect(onLinkBack({ pendingSince: 1_000, lastStartedAt: 1_000 }, 4_000)).toBe('abort-and-beat');
  });
  it('leaves a beat sent just now to answer', () => {
    expect(onLinkBack({ pendingSince: 4_000, lastStartedAt: 4_000 }, 4_000 + FRESH_BEAT_MS - 1)).toBe('nothing');
  });
  it('beats at once when none is pending, unless one just went', () => {
    expect(onLinkBack({ pendingSince: null, lastStartedAt: 1_000 }, 4_000)).toBe('beat');
    expect(onLinkBack({ pendingSince: null, lastStartedAt: null }, 4_000)).toBe('beat');
    expect(onLinkBack({ pendingSince: null, lastStartedAt: 3_500 }, 4_000)).toBe('nothing');
  });
});

/**
 * A heartbeat over a link that is cut from `cutAt` to `restoreAt`: one sent while it is cut hangs
 * on its dead connection (even after the restore) until the request's bound aborts it; one sent on
 * a working link is answered in 50 ms. The step is useBoothHealth's: the link rule of link.ts.
 */
function simulate(cutAt: number, restoreAt: number, intervalMs: number, linkBackAt?: number) {
  const bound = requestTimeoutMs(intervalMs);
  const accepted: number[] = [];
  const started: number[] = [];
  let link = initialLink;
  let running = 0;
  let overlapped = false;
  const loop = beatLoop(async (signal, alive) => {
    const t = Date.now();
    started.push(t);
    running++;
    overlapped ||= running > 1;
    const cut = t >= cutAt && t < restoreAt;
    // An aborted request is over at once (its socket closed), whenever its promise settles.
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(
        () => {
          running--;
          resolve(!cut);
        },
        cut ? bound : 50,
      );
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        running--;
        resolve(false);
      });
    });
    if (!alive()) return null;
    link = observe(link, 'server', ok);
    if (ok) accepted.push(Date.now());
    return ok ? intervalMs : nextCheckMs(link, 'server', intervalMs);
  });
  if (linkBackAt !== undefined) setTimeout(() => loop.linkBack(), linkBackAt);
  return { accepted, started, stop: loop.stop, overlapped: () => overlapped };
}

describe('beatLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats every interval on a good link, one at a time', async () => {
    const run = simulate(Infinity, Infinity, 10_000);
    await vi.advanceTimersByTimeAsync(35_000);
    run.stop();
    expect(run.started).toEqual([0, 10_000, 20_000, 30_000]);
    expect(run.overlapped()).toBe(false);
  });

  it.each([
    [90_000, 93_000],
    [90_000, 97_500],
    [180_000, 183_000],
    [180_000, 188_000],
  ])('after a %i ms cut restored at +%i ms, a beat is accepted within one interval (10 s)', async (length, restore) => {
    const cutAt = restore - length;
    const run = simulate(cutAt, restore, 10_000);
    await vi.advanceTimersByTimeAsync(restore + 30_000);
    run.stop();
    const first = run.accepted.find((t) => t >= restore)!;
    expect(first - restore).toBeLessThanOrEqual(10_000);
    expect(run.overlapped()).toBe(false);
  });

  it("when the link is known back (the browser's online, LiveKit reconnected), the hung beat is aborted and a new one accepted at once", async () => {
    // Beats at 0; 10 s (fails at 15 s); 15 s (fails at 20 s); 25 s (pending on the dead link at 28 s).
    const run = simulate(8_000, 28_000, 10_000, 28_000);
    await vi.advanceTimersByTimeAsync(40_000);
    run.stop();
    expect(run.accepted.find((t) => t >= 28_000)).toBe(28_050);
    expect(run.overlapped()).toBe(false);
  });

  it('stops: no beat after stop(), and a pending one is aborted', async () => {
    const run = simulate(5_000, Infinity, 10_000);
    await vi.advanceTimersByTimeAsync(12_000);
    run.stop();
    const count = run.started.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run.started.length).toBe(count);
  });
});
