/**
 * The queue across nodes (decision 0029) against a real redis-server and the real queue on a
 * real libSQL file (createTestApp): node A runs the dispatcher, node B sends it commands.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRedis, startRedis } from '../../test/redis';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createLogger } from '../platform/logger';
import { createInProcessPush } from './push.server';
import { createQueueService, NotInCharge } from './queue.server';
import { createQueueRpc, type QueueCommands } from './queue-rpc.server';

const logger = createLogger('silent');
let redis: RunningRedis;
let t: TestApp | undefined;
beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(async () => {
  await redis?.stop();
});

let groups = 0;
/** Nodes of one cluster (their own key prefix): each with its own connections and dispatcher, if any. */
function cluster() {
  const prefix = `rpc${++groups}:`;
  return (nodeId: string, local: () => QueueCommands | null, timing: { attemptMs?: number; deadlineMs?: number } = {}) =>
    createQueueRpc({
      redis: redis.client(),
      subscriber: redis.client(),
      nodeId,
      logger,
      local,
      prefix,
      attemptMs: 200,
      deadlineMs: 1_500,
      ...timing,
    });
}

describe('createQueueRpc', () => {
  it('carries a console’s commands from another node to the dispatcher, answers and refusals alike', async () => {
    t = await createTestApp({}, { onDuty: false });
    const node = cluster();
    const a = node('a', () => t!.ctx.queue);
    const b = node('b', () => null);
    await a.serve(t.ctx.queue);
    const operator = await t.principal('op-a');
    // Through node B: available, then the state the dispatcher holds.
    expect(await b.queue.setStatus(operator, 'available')).toMatchObject({ status: 'available' });
    expect(await b.queue.state(operator.accountId)).toMatchObject({ status: 'available', offer: null });
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'available' });
    // A booth's call rings at them; B sees the offer and the booth's availability.
    const { sessionId } = await t.openCall();
    expect((await b.queue.state(operator.accountId)).offer?.sessionId).toBe(sessionId);
    // A refusal comes back as the same problem (409) the API answers with.
    await expect(b.queue.accept(await t.principal('op-b'), sessionId)).rejects.toMatchObject({ status: 409 });
    expect(await b.queue.accept(operator, sessionId)).toMatchObject({ status: 'on_call', activeSessionId: sessionId });
    expect(await b.queue.overview()).toMatchObject({ operators: expect.any(Array) });
    await a.unserve();
  });

  it('applies a command sent again (its answer was slow) once, and answers both sends', async () => {
    const calls: string[] = [];
    const slow = {
      async setStatus(_account: unknown, status: string) {
        calls.push(status);
        await sleep(500); // longer than attemptMs: B sends the request again meanwhile
        return { status };
      },
    } as unknown as QueueCommands;
    const node = cluster();
    const a = node('a', () => slow);
    const b = node('b', () => null, { attemptMs: 100 });
    await a.serve(slow);
    const answer = await b.queue.setStatus({} as never, 'break');
    expect(answer).toEqual({ status: 'break' });
    expect(calls).toEqual(['break']);
    await a.unserve();
  });

  it('waits out a failover: answered once a node takes the dispatcher; 503 when none does in time', async () => {
    const node = cluster();
    let dispatcher: QueueCommands | null = null;
    const b = node('b', () => null);
    const c = node('c', () => dispatcher);
    const fake = { state: async (id: string) => ({ status: 'available', id }) } as unknown as QueueCommands;
    const asked = b.queue.state('x');
    await sleep(400); // no dispatcher anywhere yet
    dispatcher = fake;
    await c.serve(fake);
    expect(await asked).toEqual({ status: 'available', id: 'x' });
    await c.unserve();
    const started = Date.now();
    await expect(b.queue.state('y')).rejects.toMatchObject({ status: 503, code: 'dispatcher_unavailable' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
  });

  it('a dispatcher fenced off (its lease gone before it writes) answers and pushes nothing; the node holding the lease now carries the command out', async () => {
    t = await createTestApp({}, { onDuty: false });
    let inCharge = true;
    const stalePush = createInProcessPush();
    const stale = createQueueService({
      db: t.ctx.database.db,
      sessions: t.ctx.sessions,
      push: stalePush,
      logger,
      config: { offerTimeoutMs: 20_000, wrapUpMs: 0, averageHandlingMs: 60_000, consoleGraceMs: 60_000 },
      confirm: async () => inCharge,
    });
    await stale.start();
    // Paused past its lease: another node took it meanwhile.
    inCharge = false;
    const operator = await t.principal('op-a');
    const pushed: unknown[] = [];
    stalePush.subscribe(`operator:${operator.accountId}`, (event, data) => pushed.push({ event, data }));
    await expect(stale.setStatus(operator, 'available')).rejects.toBeInstanceOf(NotInCharge);

    const node = cluster();
    let current: QueueCommands | null = stale;
    const a = node('a', () => current);
    const b = node('b', () => null);
    const c = node('c', () => null);
    await a.serve(stale);
    const asked = b.queue.setStatus(operator, 'available');
    await sleep(300); // A has had the request: no answer from it
    current = null; // A deposes itself (leadership.confirm), and C runs the dispatcher now
    await a.unserve();
    await c.serve(t.ctx.queue);
    expect(await asked).toMatchObject({ status: 'available' });
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'available' });
    expect(pushed).toEqual([]);
    stale.stop();
    await c.unserve();
  });
});
