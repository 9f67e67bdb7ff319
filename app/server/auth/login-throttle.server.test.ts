import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTEMPT_WINDOW_MS } from '../../domain/login-throttle';
import { type RunningRedis, startRedis } from '../../test/redis';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createLoginThrottle } from './login-throttle.server';

let t: TestApp;
let redis: RunningRedis;
beforeAll(async () => {
  [t, redis] = await Promise.all([createTestApp(), startRedis()]);
});
afterAll(async () => {
  await Promise.all([t.close(), redis.stop()]);
});

describe('the per-prefix attempt budget on several nodes', () => {
  const start = new Date('2026-11-24T01:00:00Z').getTime();

  /** Two throttles on one database, as two app nodes; `shared` puts their budget in Redis. */
  function twoNodes(shared: boolean, prefix: string) {
    let now = start;
    const make = () =>
      createLoginThrottle(t.ctx.database.db, 'x'.repeat(40), () => new Date(now), {
        attemptsPerPrefix: 4,
        ...(shared ? { shared: { redis: redis.client(), prefix } } : {}),
      });
    return { a: make(), b: make(), advance: (ms: number) => (now += ms) };
  }

  it('is one budget for both nodes with Redis (and one each without it)', async () => {
    const shared = twoNodes(true, 'shared-1:');
    const answers: boolean[] = [];
    // Alternating nodes, addresses of one /24: four attempts in all, then refused on both.
    for (let i = 0; i < 6; i++) {
      shared.advance(1_000);
      answers.push(await (i % 2 === 0 ? shared.a : shared.b).admit(`198.51.100.${i + 1}`));
    }
    expect(answers).toEqual([true, true, true, true, false, false]);
    // Another prefix has its own budget.
    expect(await shared.b.admit('198.51.101.1')).toBe(true);
    // The window slides: the first attempt (5 s earlier) drops out of it, and one more goes ahead.
    shared.advance(ATTEMPT_WINDOW_MS - 5_000);
    expect(await shared.b.admit('198.51.100.9')).toBe(true);
    expect(await shared.a.admit('198.51.100.9')).toBe(false);

    const perNode = twoNodes(false, 'unused:');
    const local: boolean[] = [];
    for (let i = 0; i < 10; i++) local.push(await (i % 2 === 0 ? perNode.a : perNode.b).admit(`198.51.100.${i + 1}`));
    expect(local.filter(Boolean)).toHaveLength(8);
  });

  it('keeps no address in Redis, and each key expires with its window', async () => {
    const { a } = twoNodes(true, 'shared-2:');
    await a.admit('203.0.113.7');
    await a.admit('2001:db8:1:2::7');
    const probe = redis.client();
    const keys = await probe.keys('shared-2:*');
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^shared-2:login:budget:[\w-]{43}$/);
      expect(await probe.pttl(key)).toBeGreaterThan(ATTEMPT_WINDOW_MS - 5_000);
      expect(JSON.stringify(await probe.zrange(key, 0, -1))).not.toMatch(/203\.0|2001/);
    }
  });

  it('falls back to a per-node budget while Redis cannot be reached', async () => {
    const other = await startRedis();
    let now = start;
    const client = other.client();
    const node = createLoginThrottle(t.ctx.database.db, 'x'.repeat(40), () => new Date(now), {
      attemptsPerPrefix: 2,
      shared: { redis: client, prefix: 'down:' },
    });
    expect(await node.admit('192.0.2.1')).toBe(true);
    await other.kill();
    now += 1;
    expect([await node.admit('192.0.2.1'), await node.admit('192.0.2.1'), await node.admit('192.0.2.1')]).toEqual([true, true, false]);
  });
});
