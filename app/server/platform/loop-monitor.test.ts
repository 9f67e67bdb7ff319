/**
 * The event-loop monitor (loop-monitor.ts): a stall is recorded with its time, its cause and the
 * tagged job that ran then; the delay distribution is per window.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { causeOf, during, loopMonitor } from './loop-monitor';
import { createMetrics, metricsRoute } from './metrics.server';

/** Holds the event loop for `ms` of CPU work. */
const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
};

describe('loop monitor', () => {
  it('records a stall of work on the loop, when it ended and which tagged job ran', async () => {
    const monitor = loopMonitor();
    await sleep(60); // the sampler's first ticks
    monitor.reset();
    const before = Date.now();
    await during('test-job', async () => {
      await sleep(30);
      spin(150);
    });
    await sleep(60); // the sampler's next tick sees it
    const window = monitor.window(before);
    const stall = window.stalls.find((s) => s.during.includes('test-job'));
    expect(stall, JSON.stringify(window.stalls)).toBeDefined();
    expect(stall!.ms).toBeGreaterThanOrEqual(100);
    expect(stall!.at).toBeGreaterThan(before);
    // On Linux the loop thread's scheduler counters say it was on a CPU for most of it.
    if (process.platform === 'linux') expect(stall!.onCpuMs).toBeGreaterThanOrEqual(50);
    expect(window.delayMs.max).toBeGreaterThanOrEqual(100);
    // The job is listed with its wall time and how long the loop was busy meanwhile.
    const job = window.jobs.find((j) => j.tag === 'test-job');
    expect(job?.ms).toBeGreaterThanOrEqual(150);
    expect(job?.loopBusyMs).toBeGreaterThanOrEqual(100);
    // A new window forgets the delay, and asks only for stalls after it.
    monitor.reset();
    const after = monitor.window();
    expect(after.delayMs.max).toBeLessThan(100);
    expect(after.stalls.filter((s) => s.during.includes('test-job'))).toEqual([]);
  });

  it('names the cause by the largest share of the stall', () => {
    expect(causeOf(200, 150, 20)).toBe('on-cpu');
    expect(causeOf(200, 20, 150)).toBe('waiting-for-cpu');
    expect(causeOf(200, 20, 30)).toBe('blocked');
    expect(causeOf(200, null, null)).toBe('unknown');
  });

  it('serves the window behind the metrics token and counts stalls for Prometheus', async () => {
    const metrics = createMetrics();
    try {
      const app = metricsRoute(metrics, 'secret-token');
      expect((await app.request('/loop')).status).toBe(401);
      expect((await app.request('/loop', { method: 'POST' })).status).toBe(401);
      const auth = { authorization: 'Bearer secret-token' };
      expect((await app.request('/loop', { method: 'POST', headers: auth })).status).toBe(204);
      await sleep(30); // the delay histogram's first interval after a reset is not recorded
      spin(120);
      await sleep(60);
      const window = (await (await app.request('/loop', { headers: auth })).json()) as { stalls: unknown[]; delayMs: { max: number } };
      expect(window.stalls.length, JSON.stringify(window)).toBeGreaterThanOrEqual(1);
      expect(window.delayMs.max, JSON.stringify(window)).toBeGreaterThanOrEqual(100);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/^madoguchi_event_loop_stalls_total\{cause="[a-z-]+"\} [1-9]/m);
    } finally {
      metrics.close();
    }
  });
});
