import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryBudget } from './admission.server';

/** A job that runs until the test opens its gate. */
function gated() {
  const gates = new Map<string, () => void>();
  const started: string[] = [];
  const job = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      gates.set(name, () => resolve(name));
    });
  const open = async (name: string) => {
    gates.get(name)!();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { job, open, started };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('memory budget', () => {
  it('runs photos together while their weights fit; the next waits until room is freed', async () => {
    const budget = createMemoryBudget({ budgetBytes: 100, maxWaiting: 8, maxWaitMs: 10_000 });
    const { job, open, started } = gated();
    const a = budget.run(40, job('a'));
    const b = budget.run(50, job('b'));
    const c = budget.run(30, job('c'));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a', 'b']);
    expect([budget.inUse, budget.running, budget.waiting]).toEqual([90, 2, 1]);
    await open('a');
    expect(started).toEqual(['a', 'b', 'c']);
    expect(budget.inUse).toBe(80);
    await open('b');
    await open('c');
    expect(await Promise.all([a, b, c])).toEqual(['a', 'b', 'c']);
    expect([budget.inUse, budget.running, budget.waiting]).toEqual([0, 0, 0]);
  });

  it('a photo heavier than the whole budget runs alone, and is not overtaken by lighter ones (first come, first served)', async () => {
    const budget = createMemoryBudget({ budgetBytes: 100, maxWaiting: 8, maxWaitMs: 10_000 });
    const { job, open, started } = gated();
    void budget.run(60, job('small'));
    void budget.run(500, job('huge'));
    void budget.run(10, job('tiny'));
    await vi.advanceTimersByTimeAsync(0);
    // 'tiny' would fit beside 'small', but waits behind 'huge'.
    expect(started).toEqual(['small']);
    await open('small');
    expect(started).toEqual(['small', 'huge']);
    expect(budget.inUse).toBe(100); // counted as the whole budget
    await open('huge');
    expect(started).toEqual(['small', 'huge', 'tiny']);
    await open('tiny');
  });

  it('refuses at once with 503 photo_pipeline_busy when the queue is full', async () => {
    const budget = createMemoryBudget({ budgetBytes: 100, maxWaiting: 1, maxWaitMs: 10_000 });
    const { job, open } = gated();
    const a = budget.run(100, job('a'));
    const b = budget.run(100, job('b'));
    await expect(budget.run(1, job('c'))).rejects.toMatchObject({
      status: 503,
      code: 'photo_pipeline_busy',
      messages: { ja: expect.stringMatching(/混み合/), en: expect.stringMatching(/busy/) },
    });
    await open('a');
    await open('b');
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
  });

  it('refuses a photo that waited longer than maxWaitMs with 503, and lets the ones behind it go on', async () => {
    const budget = createMemoryBudget({ budgetBytes: 100, maxWaiting: 8, maxWaitMs: 1_000 });
    const { job, open, started } = gated();
    void budget.run(80, job('running'));
    const heavy = budget.run(90, job('heavy'));
    heavy.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(500);
    const light = budget.run(20, job('light'));
    await vi.advanceTimersByTimeAsync(500);
    await expect(heavy).rejects.toMatchObject({ status: 503, code: 'photo_pipeline_busy' });
    // The heavy photo gave up: the light one behind it fits beside the running one.
    expect(started).toEqual(['running', 'light']);
    expect(budget.waiting).toBe(0);
    await open('light');
    expect(await light).toBe('light');
    await open('running');
    expect([budget.inUse, budget.running]).toEqual([0, 0]);
  });

  it('a failing photo frees its room', async () => {
    const budget = createMemoryBudget({ budgetBytes: 100, maxWaiting: 8, maxWaitMs: 1_000 });
    const failing = budget.run(100, () => Promise.reject(new Error('boom')));
    const next = budget.run(100, async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('next');
    expect([budget.inUse, budget.running, budget.waiting]).toEqual([0, 0, 0]);
  });
});
