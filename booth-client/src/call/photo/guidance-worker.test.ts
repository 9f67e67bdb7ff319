import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWorker } from './fake-worker.test-helpers';
import type { AnalysisMessage } from './preview-analyser';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the visit’s guidance worker', () => {
  let started: FakeWorker[];
  const start = () => {
    const w = new FakeWorker();
    started.push(w);
    return w;
  };
  let stored: Record<string, string>;

  beforeEach(() => {
    vi.resetModules();
    started = [];
    stored = {};
    vi.stubGlobal('Worker', class {});
    vi.stubGlobal('window', { localStorage: { getItem: (k: string) => stored[k] ?? null } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is started while the booth is idle and is the one the photo step gets, already ready', async () => {
    const { prepareGuidanceWorker, guidanceWorker } = await import('./guidance-worker');
    prepareGuidanceWorker(start);
    prepareGuidanceWorker(start); // once per visit
    expect(started).toHaveLength(1);
    started[0]!.send({ ready: true }); // compiled before anyone listens

    const worker = guidanceWorker(start);
    expect(started).toHaveLength(1);
    const heard: AnalysisMessage[] = [];
    worker.onmessage = (event) => heard.push(event.data);
    await flush();
    expect(heard).toEqual([{ ready: true }]); // the early word is not lost
    worker.postMessage({ frame: 1 }, []);
    expect(started[0]!.posted).toEqual([{ frame: 1 }]);
  });

  it('keeps the loaded model from one photo step to the next in the visit, and ends with the visit', async () => {
    const { prepareGuidanceWorker, guidanceWorker, endGuidanceWorker } = await import('./guidance-worker');
    prepareGuidanceWorker(start);
    started[0]!.send({ ready: true });
    const first = guidanceWorker(start);
    const heard: AnalysisMessage[] = [];
    first.onmessage = (event) => heard.push(event.data);
    first.release?.();
    started[0]!.send({ ok: true, width: 256, height: 144, faces: [], ms: 4 }); // a late answer: nobody listens
    expect(heard).toEqual([]);
    expect(started[0]!.terminated).toBe(false);

    expect(guidanceWorker(start)).toBe(first);
    expect(started).toHaveLength(1);
    endGuidanceWorker();
    expect(started[0]!.terminated).toBe(true);
    // The next visit gets a new worker (no pixel of this resident reaches the next).
    prepareGuidanceWorker(start);
    expect(started).toHaveLength(2);
  });

  it('passes a model that failed to load on to the photo step, and a failed worker is not reused', async () => {
    const { prepareGuidanceWorker, guidanceWorker } = await import('./guidance-worker');
    prepareGuidanceWorker(start);
    started[0]!.send({ ok: false, error: 'face model: HTTP 404' });
    const worker = guidanceWorker(start);
    const heard: AnalysisMessage[] = [];
    worker.onmessage = (event) => heard.push(event.data);
    await flush();
    expect(heard).toEqual([{ ok: false, error: 'face model: HTTP 404' }]);
    worker.terminate(); // the analyser gives up
    expect(started[0]!.terminated).toBe(true);
    expect(guidanceWorker(start)).not.toBe(worker);
    expect(started).toHaveLength(2);
  });

  it('prepares nothing when the kiosk has guidance off', async () => {
    stored['madoguchi.photoGuidance'] = 'off';
    const { prepareGuidanceWorker } = await import('./guidance-worker');
    prepareGuidanceWorker(start);
    expect(started).toHaveLength(0);
  });
});
