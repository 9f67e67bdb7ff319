/**
 * When the booth's heartbeats go (issue 13): one at a time, each bounded (request.ts), and the
 * next one due `intervalMs` after the previous one STARTED — a beat that spent its whole bound on a
 * cut link does not push the next one a bound later. So after a cut the first beat on the restored
 * link goes out within one heartbeat interval. And when the link is known back sooner (the
 * browser's `online`, LiveKit reconnected), a beat goes at once: one still hanging from the cut is
 * aborted, not waited for. The rules are pure (time as a parameter) and unit-tested.
 */

/** A beat sent less than this long ago went out on the link as it is now: no second one. */
export const FRESH_BEAT_MS = 1_000;

/** How long after a beat finished the next starts: due `wantMs` after it started, never negative. */
export function nextBeatDelayMs(startedAt: number, finishedAt: number, wantMs: number): number {
  return Math.max(0, startedAt + wantMs - finishedAt);
}

export interface BeatState {
  /** When the beat still waiting for its answer started; null when none is. */
  pendingSince: number | null;
  /** When the last beat started (answered or not); null before the first. */
  lastStartedAt: number | null;
}

export type LinkBackAction = 'abort-and-beat' | 'beat' | 'nothing';

/**
 * The link is known back at `now`: a beat pending since before then may sit on a dead connection
 * until its bound, so it is aborted and a new one sent; a beat just sent is left to answer.
 */
export function onLinkBack(state: BeatState, now: number): LinkBackAction {
  if (state.pendingSince !== null) return now - state.pendingSince >= FRESH_BEAT_MS ? 'abort-and-beat' : 'nothing';
  if (state.lastStartedAt !== null && now - state.lastStartedAt < FRESH_BEAT_MS) return 'nothing';
  return 'beat';
}

/**
 * Runs `step` now and then again when it says (milliseconds after it started; null stops), never
 * two at once. `linkBack()` applies onLinkBack. `step` gets the beat's abort signal and `alive()`,
 * false once the loop stopped or the beat was replaced: it then returns without judging the link.
 */
export function beatLoop(
  step: (signal: AbortSignal, alive: () => boolean) => Promise<number | null>,
  now: () => number = Date.now,
): { stop: () => void; linkBack: () => LinkBackAction } {
  let stopped = false;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { startedAt: number; controller: AbortController } | null = null;
  let lastStartedAt: number | null = null;

  const run = async () => {
    clearTimeout(timer);
    const mine = ++generation;
    const startedAt = now();
    const controller = new AbortController();
    pending = { startedAt, controller };
    lastStartedAt = startedAt;
    const alive = () => !stopped && mine === generation;
    let want: number | null = null;
    try {
      want = await step(controller.signal, alive);
    } catch {
      want = null;
    }
    if (!alive()) return;
    pending = null;
    if (want !== null) timer = setTimeout(() => void run(), nextBeatDelayMs(startedAt, now(), want));
  };
  void run();

  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      pending?.controller.abort();
    },
    linkBack: () => {
      if (stopped) return 'nothing';
      const action = onLinkBack({ pendingSince: pending?.startedAt ?? null, lastStartedAt }, now());
      if (action === 'abort-and-beat') pending?.controller.abort();
      if (action !== 'nothing') void run();
      return action;
    },
  };
}
