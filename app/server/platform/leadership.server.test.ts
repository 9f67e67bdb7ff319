/**
 * The lease that lets one node at a time run the dispatcher and the sweeps, against a real
 * redis-server (app/test/redis.ts): one leader at a time, the work stopped on one node before it
 * starts on another, and a dead holder replaced once its lease expires.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRedis, startRedis } from '../../test/redis';
import { contendForLeadership, type Leadership } from './leadership.server';
import { createLogger } from './logger';

const LEASE_MS = 600;
const RETRY_MS = 50;
const logger = createLogger('silent');

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** What each node did, in order, with the time: the test checks the work never ran twice at once. */
function cluster(key: string) {
  const log: { node: string; what: 'elected' | 'deposed'; at: number }[] = [];
  const node = (name: string, client: Redis = redis.client()) =>
    contendForLeadership(client, {
      key,
      leaseMs: LEASE_MS,
      retryMs: RETRY_MS,
      logger,
      onElected: () => void log.push({ node: name, what: 'elected', at: Date.now() }),
      onDeposed: () => void log.push({ node: name, what: 'deposed', at: Date.now() }),
    });
  /** At no time two nodes between their elected and deposed. */
  const overlaps = () => {
    let running: string | null = null;
    for (const entry of log) {
      if (entry.what === 'elected') {
        if (running !== null) return `${entry.node} elected while ${running} still ran`;
        running = entry.node;
      } else if (running === entry.node) running = null;
    }
    return null;
  };
  return { log, node, overlaps };
}

const until = async (what: string, check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(10);
  }
};

describe('leadership on a Redis lease', () => {
  it('elects one node of three; when it stops it releases the lease, and another takes over', async () => {
    const c = cluster('test:one-of-three');
    const nodes = ['a', 'b', 'c'].map((name) => [name, c.node(name)] as const);
    await until('a leader', () => nodes.some(([, n]) => n.isLeader));
    await sleep(LEASE_MS * 2); // renewals keep it where it is
    const leaders = nodes.filter(([, n]) => n.isLeader);
    expect(leaders).toHaveLength(1);
    const [first, leader] = leaders[0]!;
    // Stopping releases the lease at once (not left to expire): its token is gone from Redis when
    // stop() returns. Asserted on Redis, not by a time bound, which a loaded machine breaks.
    const probe = redis.client();
    const held = await probe.get('mutex:test:one-of-three');
    expect(held).not.toBeNull();
    await leader.stop();
    expect(await probe.get('mutex:test:one-of-three')).not.toBe(held);
    probe.disconnect();
    await until('a new leader', () => nodes.some(([name, n]) => name !== first && n.isLeader));
    expect(c.log.filter((e) => e.what === 'elected')).toHaveLength(2);
    expect(c.overlaps()).toBeNull();
    await Promise.all(nodes.map(([, n]) => n.stop()));
  });

  it('replaces a holder that lost Redis: it stops its work first, the lease expires, another node starts', async () => {
    const c = cluster('test:cut-off');
    const lonely = redis.client();
    const a = c.node('a', lonely);
    await until('a leads', () => a.isLeader);
    const b = c.node('b');
    await sleep(LEASE_MS);
    expect(b.isLeader).toBe(false);
    // a's connection is cut (its process is alive but cannot reach Redis): it cannot renew.
    const cutAt = Date.now();
    lonely.disconnect();
    await until('b leads', () => b.isLeader);
    const deposed = c.log.find((e) => e.node === 'a' && e.what === 'deposed')!;
    const elected = c.log.find((e) => e.node === 'b' && e.what === 'elected')!;
    // Safety, whatever the machine's load: a stopped its work before b started it, never both at
    // once. (How soon after the cut each happens is timer-bound and measured by bench:cluster: a
    // timed bound here failed by 1 ms at load 17.)
    expect(deposed.at).toBeLessThanOrEqual(elected.at);
    expect(deposed.at).toBeGreaterThanOrEqual(cutAt);
    expect(c.overlaps()).toBeNull();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a holder that dies without a word is replaced once its lease expires', async () => {
    const c = cluster('test:dies');
    const doomed = redis.client();
    const a: Leadership = c.node('a', doomed);
    await until('a leads', () => a.isLeader);
    const b = c.node('b');
    // A dead process renews nothing and releases nothing: its connection just goes.
    const diedAt = Date.now();
    doomed.disconnect();
    await until('b leads', () => b.isLeader);
    // Not before its lease ran out (renewed at most a third of a lease before it died); how soon
    // after is timer-bound (bench:cluster measures it; until() bounds it here at 5 s).
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual((LEASE_MS * 2) / 3 - 20);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a holder paused past its lease finds it gone at its next write: confirm() is false and its work stops; the holder confirms true', async () => {
    const c = cluster('test:paused');
    const a = c.node('a');
    await until('a leads', () => a.isLeader);
    expect(await a.confirm()).toBe(true);
    expect(await a.heldAnywhere()).toBe(true);
    // While a was paused its lease ran out and another holder took it (before a's next renewal).
    const keys = await redis.client().keys('*test:paused*');
    expect(keys).toHaveLength(1);
    await redis.client().set(keys[0]!, 'another-holder', 'PX', 10_000);
    expect(await a.confirm()).toBe(false);
    await until('a stopped its work', () => c.log.some((e) => e.node === 'a' && e.what === 'deposed'));
    expect(a.isLeader).toBe(false);
    expect(await a.heldAnywhere()).toBe(true);
    await redis.client().del(keys[0]!);
    await a.stop();
    expect(await a.heldAnywhere()).toBe(false);
  });
});
