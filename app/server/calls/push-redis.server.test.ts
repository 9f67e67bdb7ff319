/**
 * The push channel across nodes against a real redis-server (app/test/redis.ts): two "nodes"
 * (two channels with their own connections) on one Redis.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRedis, startRedis } from '../../test/redis';
import { createRedisPush } from './push-redis.server';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const TTL_MS = 300;
const node = (nodeId: string, prefix: string) =>
  createRedisPush({ redis: redis.client(), subscriber: redis.client(), nodeId, presenceTtlMs: TTL_MS, prefix });

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(10);
  }
};

describe('createRedisPush', () => {
  it('delivers what one node publishes to the subscribers on every node, in order, until they unsubscribe', async () => {
    const a = node('a', 't1:');
    const b = node('b', 't1:');
    const onB: unknown[] = [];
    const onA: unknown[] = [];
    const offB = b.subscribe('operator:x', (event, data) => onB.push([event, data]));
    a.subscribe('operator:x', (_event, data) => onA.push(data));
    b.subscribe('operator:y', () => onB.push('wrong topic'));
    await Promise.all([a.ready('operator:x'), b.ready('operator:x'), b.ready('operator:y')]);
    for (let n = 0; n < 50; n++) a.publish('operator:x', 'state', { n });
    await until('all 50 on both nodes', () => onB.length === 50 && onA.length === 50);
    expect(onB).toEqual(Array.from({ length: 50 }, (_, n) => ['state', { n }]));
    expect(onA).toEqual(Array.from({ length: 50 }, (_, n) => ({ n })));
    offB();
    a.publish('operator:x', 'state', { n: 50 });
    await until('a gets it', () => onA.length === 51);
    await sleep(50);
    expect(onB).toHaveLength(50);
    expect(b.listeners('operator:x')).toBe(0);
    await Promise.all([a.stop(), b.stop()]);
  });

  it("tells every node whether a console is connected anywhere; a dead node's consoles lapse after the TTL", async () => {
    const a = node('a', 't2:');
    const b = node('b', 't2:');
    expect(await a.present('operator:x')).toBe(false);
    const off = b.subscribe('operator:x', () => undefined);
    await until('seen from a', () => a.present('operator:x'));
    // Renewed while it stays: still there after several TTLs.
    await sleep(TTL_MS * 3);
    expect(await a.present('operator:x')).toBe(true);
    off();
    await until('gone from a', async () => !(await a.present('operator:x')), 1_000);

    // A node that dies keeps no console "connected" for longer than the TTL.
    const doomedRedis = redis.client();
    const doomed = createRedisPush({ redis: doomedRedis, subscriber: redis.client(), nodeId: 'c', presenceTtlMs: TTL_MS, prefix: 't2:' });
    doomed.subscribe('operator:z', () => undefined);
    await until('seen from a', () => a.present('operator:z'));
    const diedAt = Date.now();
    doomedRedis.disconnect(); // its renewals stop; nothing is cleaned up
    await until('lapsed', async () => !(await a.present('operator:z')), TTL_MS * 3);
    // Lapsed by its TTL, not kept: within twice the TTL (polling is timer-bound on a loaded machine).
    expect(Date.now() - diedAt).toBeLessThanOrEqual(TTL_MS * 2);
    await Promise.all([a.stop(), b.stop()]);
  });
});
