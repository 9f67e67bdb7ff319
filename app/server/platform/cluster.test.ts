/**
 * Two app nodes (issue 15, decision 0029), in this process, on one real Redis and one real libSQL
 * file: the whole context each, wired as REDIS_URL wires it. A booth calls through node A, the
 * operator's console is on node B; the dispatcher runs on whichever node holds the lease, and
 * another takes over when it goes. (Killing a node's process with SIGKILL is the cluster fault
 * test's job: e2e/cluster.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConsoleState } from '@madoguchi/db/call-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryRooms } from '../../test/memory-rooms';
import { type RunningRedis, startRedis } from '../../test/redis';
import { createTestApp, type TestApp } from '../../test/test-context';
import { operatorTopic } from '../calls/push.server';
import { type AppContext, createAppContext } from './context';
import { parseEnv } from './env';

const until = async (check: () => boolean | Promise<boolean>, ms = 8_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

let redis: RunningRedis;
let a: TestApp;
let b: AppContext | null = null;
let aClosed = false;
const rooms = memoryRooms();
let shared: Record<string, string>;

const nodeB = () =>
  createAppContext(
    parseEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MADOGUCHI_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'madoguchi-node-b-')),
      DATABASE_URL: a.ctx.database.url,
      LIVEKIT_URL: 'ws://127.0.0.1:9',
      LIVEKIT_WATCH_MS: '0',
      BOOTH_REJOIN_GRACE_MS: '0',
      ...shared,
      NODE_ID: 'node-b',
    }),
    { rooms },
  );

beforeAll(async () => {
  redis = await startRedis();
  shared = {
    REDIS_URL: redis.url,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    PHOTO_KEY: randomBytes(32).toString('base64'),
    TOTP_KEY: randomBytes(32).toString('base64'),
    LIVEKIT_API_KEY: 'cluster-test',
    LIVEKIT_API_SECRET: randomBytes(32).toString('base64url'),
    LEASE_MS: '1000',
    WRAP_UP_MS: '0',
    CONSOLE_GRACE_MS: '1000',
  };
  a = await createTestApp({ ...shared, NODE_ID: 'node-a' }, { rooms, onDuty: false });
  b = await nodeB();
}, 60_000);

afterAll(async () => {
  await b?.close();
  if (!aClosed) await a?.close();
  await redis?.stop();
});

describe('two app nodes on one Redis and one database', () => {
  it('a node joining while another holds the lease serves at once (it waits at start only while no node holds it)', async () => {
    // A long lease of its own: were the holder not seen, this node would wait two of them (40 s).
    const started = Date.now();
    const c = await createAppContext(
      parseEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        MADOGUCHI_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'madoguchi-node-c-')),
        DATABASE_URL: a.ctx.database.url,
        LIVEKIT_URL: 'ws://127.0.0.1:9',
        LIVEKIT_WATCH_MS: '0',
        ...shared,
        LEASE_MS: '20000',
        NODE_ID: 'node-c',
      }),
      { rooms },
    );
    try {
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(c.dispatcher()).toBeNull();
    } finally {
      await c.close();
    }
  }, 60_000);

  it('one node runs the dispatcher; with REDIS_URL the photo store is the database and the secrets must be given', () => {
    expect([a.ctx.dispatcher() !== null, b?.dispatcher() !== null].filter(Boolean)).toHaveLength(1);
    expect(a.ctx.env.PHOTO_STORE).toBe('database');
    const missing = parseEnvIssues({ NODE_ENV: 'test', REDIS_URL: redis.url });
    expect(missing).toEqual(expect.arrayContaining(['SESSION_SECRET', 'PHOTO_KEY', 'TOTP_KEY', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']));
  });

  it('a call from a booth on node A rings on a console on node B, is answered and ended there with its outcome', async () => {
    const nodeB = b!;
    const operator = await a.principal('op-a');
    const seen: ConsoleState[] = [];
    // The operator's console: an event stream on node B.
    const off = nodeB.push.subscribe(operatorTopic(operator.accountId), (_e, data) => seen.push(data as ConsoleState));
    await nodeB.push.ready(operatorTopic(operator.accountId));
    expect(await a.ctx.push.present(operatorTopic(operator.accountId))).toBe(true);
    expect((await nodeB.queue.setStatus(operator, 'available')).status).toBe('available');

    const { sessionId } = await a.openCall();
    await until(() => seen.some((s) => s.offer?.sessionId === sessionId));
    expect((await nodeB.queue.accept(operator, sessionId)).status).toBe('on_call');
    // A refusal made on the dispatcher's node reaches node B as the same 409.
    await expect(nodeB.queue.decline(operator, sessionId)).rejects.toMatchObject({ status: 409 });
    const ended = await nodeB.queue.endCall(operator, sessionId, 'completed', null);
    expect(ended.activeSessionId).toBeNull();
    const row = await a.ctx.database.db.query.session.findFirst({ where: (s, { eq }) => eq(s.id, sessionId) });
    expect(row).toMatchObject({ status: 'ended', outcome: 'completed', operatorId: operator.accountId });
    await until(async () => (await a.ctx.queue.state(operator.accountId)).status === 'available');
    off();
  });

  it('the dispatcher’s node goes: the other takes the lease, rebuilds the queue, and a waiting call rings again', async () => {
    const operator = await a.principal('op-a');
    const nodeBNow = b!;
    // Node A started first: it holds the lease.
    expect(a.ctx.dispatcher()).not.toBeNull();
    const seen: ConsoleState[] = [];
    const off = nodeBNow.push.subscribe(operatorTopic(operator.accountId), (_e, data) => seen.push(data as ConsoleState));
    await nodeBNow.push.ready(operatorTopic(operator.accountId));
    expect((await nodeBNow.queue.setStatus(operator, 'available')).status).toBe('available');
    const { sessionId } = await a.openCall();
    await until(() => seen.some((s) => s.offer?.sessionId === sessionId));

    // Node A stops while the offer rings (its lease is given up; a killed node's lapses after LEASE_MS).
    const before = seen.length;
    const stoppedAt = Date.now();
    await a.ctx.close();
    aClosed = true;
    await until(() => nodeBNow.dispatcher() !== null, 5_000);
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
    // Rebuilt from the database: the call rings again, now from node B's dispatcher.
    await until(() => seen.slice(before).some((s) => s.offer?.sessionId === sessionId));
    expect(
      nodeBNow
        .dispatcher()!
        .waitingCalls()
        .map((w) => w.sessionId),
    ).toContain(sessionId);
    expect((await nodeBNow.queue.accept(operator, sessionId)).status).toBe('on_call');
    off();
    // No console anywhere now: on a call they stay; once it ends, after CONSOLE_GRACE_MS, offline.
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await nodeBNow.queue.state(operator.accountId)).status).toBe('on_call');
    await nodeBNow.queue.endCall(operator, sessionId, 'completed', null);
    await until(async () => (await nodeBNow.queue.state(operator.accountId)).status === 'offline', 8_000);
  });
});

function parseEnvIssues(source: NodeJS.ProcessEnv): string[] {
  const exit = process.exit;
  const error = console.error;
  let printed = '';
  console.error = (line: string) => {
    printed += line;
  };
  process.exit = ((code: number) => {
    throw new Error(`exit ${code}`);
  }) as typeof process.exit;
  try {
    parseEnv(source);
    return [];
  } catch {
    return [...printed.matchAll(/- (\w+): required with REDIS_URL/g)].map((m) => m[1]!);
  } finally {
    process.exit = exit;
    console.error = error;
  }
}
