import { describe, expect, it, vi } from 'vitest';
import type { PreviewResult } from './face-preview.worker';
import { FakeWorker } from './fake-worker.test-helpers';
import { ANALYSIS_INTERVAL_MS, PreviewAnalyser } from './preview-analyser';

const noFace: PreviewResult = { ok: true, width: 256, height: 144, faces: [], ms: 5 };
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `ready: false`: the worker is still compiling its runtime until the test says `sayReady()`. */
function setup({ ready = true } = {}) {
  const workers: FakeWorker[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const instructions: unknown[] = [];
  const grab = vi.fn(async () => ({ close: vi.fn() }) as unknown as ImageBitmap);
  const analyser = new PreviewAnalyser<object>({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      if (ready) queueMicrotask(() => w.sayReady());
      return w;
    },
    grab,
    onInstruction: (i) => instructions.push(i),
    now: () => 0,
    setTimer: (run, ms) => {
      const t = { run, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      const i = timers.indexOf(t as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  /** Runs the timers due now (the next analysis round). */
  const elapse = async () => {
    for (const t of timers.splice(0)) t.run();
    await flush();
  };
  return { analyser, workers, timers, instructions, grab, elapse };
}

describe('the preview analyser', () => {
  it('analyses a frame at a time, about every 300 ms, with one worker', async () => {
    const { analyser, workers, timers, instructions, elapse } = setup();
    analyser.setSource({});
    analyser.setActive(true);
    await flush();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted).toHaveLength(1);
    await elapse(); // nothing is due while a frame is in flight
    expect(workers[0]!.posted).toHaveLength(1);
    workers[0]!.answer(noFace);
    expect(instructions).toEqual(['no-face']);
    expect(timers.map((t) => t.ms)).toEqual([ANALYSIS_INTERVAL_MS]);
    await elapse();
    expect(workers[0]!.posted).toHaveLength(2);
  });

  it('pauses during a capture without ending its worker: no frame taken, model kept, the same worker after', async () => {
    const { analyser, workers, timers, instructions, grab, elapse } = setup();
    analyser.setSource({});
    analyser.setActive(true);
    await flush();
    workers[0]!.answer(noFace);

    analyser.setActive(false); // the still is taken and sent
    expect(timers).toHaveLength(0);
    await elapse();
    const grabsWhilePaused = grab.mock.calls.length;
    await elapse();
    expect(grab).toHaveBeenCalledTimes(grabsWhilePaused);
    expect(workers[0]!.posted).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
    expect(instructions).toEqual(['no-face']); // the instruction shown stays

    analyser.setActive(true); // uploaded: guidance goes on at once, with the loaded model
    await flush();
    expect(workers).toHaveLength(1);
    expect(workers[0]!.posted).toHaveLength(2);
    workers[0]!.answer(noFace);
    expect(instructions).toEqual(['no-face', 'no-face']);
  });

  it('drops the answer for a frame taken before the pause and analyses a fresh one', async () => {
    const { analyser, workers, instructions } = setup();
    analyser.setSource({});
    analyser.setActive(true);
    await flush();
    analyser.setActive(false);
    workers[0]!.answer(noFace); // arrives during the capture
    expect(instructions).toEqual([]);
    analyser.setActive(true);
    await flush();
    expect(workers[0]!.posted).toHaveLength(2);

    analyser.setActive(false);
    analyser.setActive(true); // resumed before the old frame's answer came
    workers[0]!.answer(noFace);
    expect(instructions).toEqual([]);
    await flush();
    expect(workers[0]!.posted).toHaveLength(3);
    workers[0]!.answer(noFace);
    expect(instructions).toEqual(['no-face']);
  });

  it('gives up after three failures (no model): worker ended, no instruction', async () => {
    const { analyser, workers, instructions, elapse } = setup();
    analyser.setSource({});
    analyser.setActive(true);
    for (let i = 0; i < 3; i++) {
      await elapse();
      workers[0]!.answer({ ok: false, error: 'no wasm' });
    }
    expect(workers[0]!.terminated).toBe(true);
    expect(instructions).toEqual([null]);
    analyser.setActive(false);
    analyser.setActive(true);
    await elapse();
    expect(workers).toHaveLength(1);
  });

  it('releases its worker to the visit when the photo step goes (the model stays loaded)', async () => {
    const { analyser, workers, timers } = setup();
    analyser.setSource({});
    analyser.setActive(true);
    await flush();
    analyser.dispose();
    expect(workers[0]!.released).toBe(true);
    expect(workers[0]!.terminated).toBe(false);
    expect(workers[0]!.onmessage).toBeNull();
    expect(timers).toHaveLength(0);
  });

  it('sends no frame before its worker has loaded the model, then one at once', async () => {
    const { analyser, workers, timers, grab, elapse } = setup({ ready: false });
    analyser.setSource({});
    analyser.setActive(true);
    await flush();
    await elapse();
    // Compiling: no frame grabbed, none waiting in the worker, no round scheduled.
    expect(workers).toHaveLength(1);
    expect(grab).not.toHaveBeenCalled();
    expect(workers[0]!.posted).toHaveLength(0);
    expect(timers).toHaveLength(0);
    workers[0]!.sayReady();
    await flush();
    expect(grab).toHaveBeenCalledTimes(1);
    expect(workers[0]!.posted).toHaveLength(1);
  });

  it('waits for the model through a capture, and starts when ready only if not paused', async () => {
    const { analyser, workers, grab } = setup({ ready: false });
    analyser.setSource({});
    analyser.setActive(true);
    analyser.setActive(false); // a capture right after photo mode
    workers[0]!.sayReady();
    await flush();
    expect(grab).not.toHaveBeenCalled();
    analyser.setActive(true);
    await flush();
    expect(workers[0]!.posted).toHaveLength(1);
  });

  it('gives up at once when the model cannot load (no frame was sent)', async () => {
    const { analyser, workers, instructions, grab } = setup({ ready: false });
    analyser.setSource({});
    analyser.setActive(true);
    workers[0]!.answer({ ok: false, error: 'face model: HTTP 404' });
    expect(workers[0]!.terminated).toBe(true);
    expect(instructions).toEqual([null]);
    await flush();
    expect(grab).not.toHaveBeenCalled();
  });

  it('drops an answer that comes when no frame of its own is in flight (a frame of an earlier photo step)', async () => {
    const { analyser, workers, instructions } = setup();
    analyser.setSource({});
    analyser.setActive(true);
    await flush();
    workers[0]!.answer(noFace);
    expect(instructions).toEqual(['no-face']);
    workers[0]!.answer(noFace); // nothing in flight now
    expect(instructions).toEqual(['no-face']);
  });
});
