/**
 * Booth health and the login budget as REDIS_URL wires them (decision 0030): two whole app
 * contexts in this process on one real Redis and one libSQL file, on the real clock. A booth's
 * beat reaches node A; node B shows it, and the lease holder (whichever node) turns the silent
 * booth offline once. Login attempts split over both nodes share one budget.
 */
import { randomBytes } from 'node:crypto';
import { schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Heartbeat } from '../../domain/booth-health';
import { memoryRooms } from '../../test/memory-rooms';
import { type RunningRedis, startRedis } from '../../test/redis';
import { createTestApp, type TestApp } from '../../test/test-context';
import type { AppContext } from '../platform/context';

const healthy: Heartbeat = { appVersion: '1.0.0', camera: 'ok', microphone: 'ok', speaker: 'ok', livekit: 'idle', network: { rttMs: 15 } };

let redis: RunningRedis;
let a: TestApp;
let b: AppContext;

beforeAll(async () => {
  redis = await startRedis();
  const shared = {
    REDIS_URL: redis.url,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    PHOTO_KEY: randomBytes(32).toString('base64'),
    TOTP_KEY: randomBytes(32).toString('base64'),
    LIVEKIT_API_KEY: 'health-cluster-test',
    LIVEKIT_API_SECRET: randomBytes(32).toString('base64url'),
    LEASE_MS: '1000',
    HEARTBEAT_MS: '1000',
    BOOTH_OFFLINE_AFTER_MS: '2000',
    LOGIN_ATTEMPTS_PER_ADDRESS: '4',
  };
  const rooms = memoryRooms();
  a = await createTestApp({ ...shared, NODE_ID: 'node-a' }, { rooms, onDuty: false });
  b = await a.otherNode({ NODE_ID: 'node-b' });
}, 60_000);

afterAll(async () => {
  await a?.close();
  await redis?.stop();
});

describe('booth health and the login budget with REDIS_URL', () => {
  it('a beat taken by node A is shown by node B, and the silent booth goes offline once, by the lease holder', async () => {
    const booth = {
      kind: 'booth' as const,
      boothId: a.municipalityA.boothId,
      boothName: 'A',
      municipalityId: a.municipalityA.municipalityId,
    };
    expect((await a.ctx.boothHealth.heartbeat(booth, healthy)).status).toBe('online');
    expect(await b.boothHealth.healthOf(booth.boothId)).toMatchObject({ status: 'online', appVersion: '1.0.0' });
    // Silent: offline after 2 s, seen on both nodes within a sweep (2 s).
    const deadline = Date.now() + 8_000;
    while ((await b.boothHealth.healthOf(booth.boothId))?.status !== 'offline') {
      if (Date.now() > deadline) throw new Error('the booth never went offline');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await a.ctx.boothHealth.healthOf(booth.boothId))?.status).toBe('offline');
    const rows = await a.ctx.database.db
      .select()
      .from(schema.boothStatusInterval)
      .where(eq(schema.boothStatusInterval.boothId, booth.boothId))
      .orderBy(schema.boothStatusInterval.startedAt);
    expect(rows.map((r) => r.status)).toEqual(['online', 'offline']);
  }, 15_000);

  it('login attempts through both nodes share one per-prefix budget', async () => {
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const node = i % 2 === 0 ? a.ctx : b;
      kinds.push((await node.accounts.login(`nobody-${i}`, 'wrong', `198.51.100.${i + 1}`)).kind);
    }
    expect(kinds).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'throttled', 'throttled']);
  });
});
