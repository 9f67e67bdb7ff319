/**
 * The public reservation routes' per-address budgets and the proof-of-work's "each solution once" on
 * several nodes (decision 0034): two services on one database and one real redis-server, as two app
 * nodes. Without Redis each node keeps its own (shown too, so the shared case can fail).
 */
import { solveChallenge } from 'altcha-lib/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRedis, startRedis } from '../../test/redis';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createProofOfWork } from './proof-of-work.server';
import { createReservationService } from './reservations.server';

let t: TestApp;
let redis: RunningRedis;
beforeAll(async () => {
  [t, redis] = await Promise.all([createTestApp(), startRedis()]);
});
afterAll(async () => {
  await Promise.all([t.close(), redis.stop()]);
});

function twoNodes(shared: boolean, prefix: string) {
  const make = () =>
    createReservationService({
      db: t.ctx.database.db,
      client: t.ctx.database.client,
      proofOfWork: createProofOfWork('key', 0),
      budgets: { requestsPerMinute: 2, bookingsPerHour: 1 },
      budgetKey: Buffer.alloc(32, 7),
      shared: shared ? { redis: redis.client(), prefix } : undefined,
    });
  return [make(), make()] as const;
}

describe('reservation budgets on several nodes', () => {
  it('are one budget for both nodes with Redis, with the wait to tell (and one each without it)', async () => {
    const [a, b] = twoNodes(true, 'res-1:');
    await a.admit('192.0.2.10', 'request');
    await b.admit('192.0.2.11', 'request'); // the same /24, on the other node
    const refusal = await a.admit('192.0.2.12', 'request').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 429, code: 'too_many_requests' });
    const wait = (refusal as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    await b.admit('198.51.100.1', 'booking');
    await expect(a.admit('198.51.100.1', 'booking')).rejects.toMatchObject({ status: 429 });

    const [c, d] = twoNodes(false, 'res-2:');
    await c.admit('192.0.2.10', 'request');
    await c.admit('192.0.2.10', 'request');
    await d.admit('192.0.2.10', 'request'); // its own budget
    await expect(c.admit('192.0.2.10', 'request')).rejects.toMatchObject({ status: 429 });
  });

  it('keep no address in Redis', async () => {
    const [a] = twoNodes(true, 'res-3:');
    await a.admit('203.0.113.77', 'request');
    const probe = redis.client();
    try {
      const keys = await probe.keys('res-3:*');
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^res-3:reserve:request:[\w-]{43}$/);
      expect(JSON.stringify(await probe.zrange(keys[0]!, 0, -1))).not.toContain('203.0.113');
    } finally {
      probe.disconnect();
    }
  });
});

describe('proof-of-work on several nodes', () => {
  const solved = async (node: ReturnType<typeof createProofOfWork>) => {
    const challenge = await node.challenge();
    const solution = (await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, 500).promise)!;
    return Buffer.from(JSON.stringify({ ...challenge, number: solution.number })).toString('base64');
  };

  it('a solution used on one node is refused on the other with Redis (and accepted again without it)', async () => {
    const [a, b] = [
      createProofOfWork('key', 500, { redis: redis.client(), prefix: 'pow-1:' }),
      createProofOfWork('key', 500, { redis: redis.client(), prefix: 'pow-1:' }),
    ];
    const payload = await solved(a); // made on a, used on b: the same key verifies it
    await b.verify(payload, Date.now());
    await expect(a.verify(payload, Date.now())).rejects.toMatchObject({ code: 'proof_of_work_invalid' });
    await expect(b.verify(payload, Date.now())).rejects.toMatchObject({ code: 'proof_of_work_invalid' });

    const [c, d] = [createProofOfWork('key', 500), createProofOfWork('key', 500)];
    const again = await solved(c);
    await c.verify(again, Date.now());
    await d.verify(again, Date.now()); // per node: the other node does not know it
  });
});
