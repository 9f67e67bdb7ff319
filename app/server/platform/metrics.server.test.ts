/**
 * Prometheus metrics (issue 15, item 8) from the real queue and API on a real libSQL file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createMetrics, metricsRoute } from './metrics.server';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The value of one sample line (`name{labels} value`), or undefined. */
const sample = (text: string, line: string) => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
};

describe('metrics', () => {
  it('counts offers and answers, the queue per municipality and every API route, with no person in a label', async () => {
    t = await createTestApp({}, { onDuty: false });
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const { sessionId } = await t.openCall();
    const municipality = t.municipalityA.municipalityId;

    let text = await t.ctx.metrics.registry.metrics();
    expect(sample(text, 'madoguchi_offers_total')).toBe(1);
    expect(sample(text, `madoguchi_queue_waiting{municipality="${municipality}"}`)).toBe(1);
    expect(sample(text, `madoguchi_queue_oldest_wait_seconds{municipality="${municipality}"}`)).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'madoguchi_dispatcher')).toBe(1);
    expect(sample(text, 'madoguchi_http_request_duration_seconds_count{method="POST",route="/v1/booth/sessions",status="201"}')).toBe(1);

    await t.ctx.queue.accept(operator, sessionId);
    text = await t.ctx.metrics.registry.metrics();
    expect(sample(text, 'madoguchi_answer_wait_seconds_count')).toBe(1);
    expect(sample(text, 'madoguchi_answer_wait_seconds_bucket{le="20"}')).toBe(1);
    expect(text).not.toContain(`madoguchi_queue_waiting{municipality="${municipality}"}`);
    expect(sample(text, 'madoguchi_photo_pipeline_memory_peak_bytes')).toBe(0);
    // Labels name routes, statuses and municipality ids: never a session, a booth or a login.
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain('op-a');
    expect(text).not.toContain('ブース');
  });

  it('serves /metrics only with the configured token, and not at all without one', async () => {
    const metrics = createMetrics();
    const token = 'a-scrape-token-of-24-chars';
    const route = metricsRoute(metrics, token);
    expect((await route.request('/')).status).toBe(401);
    expect((await route.request('/', { headers: { Authorization: 'Bearer wrong-token-of-the-same-len' } })).status).toBe(401);
    const ok = await route.request('/', { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Content-Type')).toContain('text/plain');
    expect(await ok.text()).toContain('madoguchi_offers_total 0');
    expect((await metricsRoute(metrics, undefined).request('/')).status).toBe(404);
  });
});
