/**
 * Booth health on several nodes: two health services (two app nodes) on one real Redis and one
 * real libSQL file, driven on one fake clock. Node A holds the lease (it sweeps); node B only takes
 * beats and answers reads, as behind a round-robin load balancer.
 */
import { schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Heartbeat } from '../../domain/booth-health';
import { type RunningRedis, startRedis } from '../../test/redis';
import { createTestApp, type TestApp } from '../../test/test-context';
import type { BoothPrincipal } from './booth-auth.server';
import { type BoothHealthService, createBoothHealthService } from './health.server';

const healthy: Heartbeat = { appVersion: '1.0.0', camera: 'ok', microphone: 'ok', speaker: 'ok', livekit: 'idle', network: { rttMs: 15 } };
const bad: Heartbeat = { ...healthy, camera: 'missing' };
const OFFLINE_AFTER = 30_000;

let t: TestApp;
let redis: RunningRedis;
let client: Redis;
let clock: number;
let prefix: string;
let testNo = 0;
let booth: BoothPrincipal;
const services: BoothHealthService[] = [];
/** Gates still closed when a test ends are opened, so its node can stop. */
const gates: (() => void)[] = [];

/** A node: its own health service (and its own Redis connection); `shared: false` = today's single process. */
function node(shared = true, db = t.ctx.database.db, { heartbeatMs = 10_000, connection = redis.client() } = {}) {
  const service = createBoothHealthService({
    db,
    logger: t.ctx.logger,
    // The timers never fire within a test: the test sweeps when it means to.
    config: { heartbeatMs, offlineAfterMs: OFFLINE_AFTER, metaTtlMs: 0, sweepMs: 3_600_000, aliveEveryMs: 3_600_000 },
    now: () => clock,
    ...(shared ? { shared: { redis: connection, prefix } } : {}),
  });
  services.push(service);
  return service;
}

/**
 * The real database, whose batches (the interval writes) wait while the gate is closed: a node
 * whose writes are slow, to hold a change between its decision in Redis and its rows.
 */
function gatedDb() {
  const real = t.ctx.database.db;
  let opened: Promise<void> = Promise.resolve();
  let release = () => {};
  const db = new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'batch') {
        return async (...args: Parameters<typeof real.batch>) => {
          await opened;
          return target.batch(...args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  gates.push(() => release());
  return {
    db,
    close: () => (opened = new Promise<void>((resolve) => (release = resolve))),
    open: () => release(),
  };
}

const intervals = async (boothId = booth.boothId) =>
  (
    await t.ctx.database.db
      .select()
      .from(schema.boothStatusInterval)
      .where(eq(schema.boothStatusInterval.boothId, boothId))
      .orderBy(schema.boothStatusInterval.startedAt, schema.boothStatusInterval.id)
  ).map((r) => ({ status: r.status, startedAt: r.startedAt.getTime(), endedAt: r.endedAt?.getTime() ?? null }));

/** Every interval of the booth follows the previous one without a gap or overlap, and only the last is open. */
function expectWellFormed(rows: Awaited<ReturnType<typeof intervals>>) {
  rows.forEach((row, i) => {
    if (i === rows.length - 1) expect(row.endedAt).toBeNull();
    else {
      expect(row.endedAt).toBe(rows[i + 1]!.startedAt);
      expect(rows[i + 1]!.status).not.toBe(row.status);
    }
  });
}

beforeAll(async () => {
  [t, redis] = await Promise.all([createTestApp(), startRedis()]);
  await t.ctx.boothHealth.stop();
  client = redis.client();
  booth = { kind: 'booth', boothId: t.municipalityA.boothId, boothName: 'A', municipalityId: t.municipalityA.municipalityId };
});
afterAll(async () => {
  await Promise.all([t.close(), redis.stop()]);
});
beforeEach(async () => {
  clock = Date.parse('2026-11-20T01:00:00Z');
  prefix = `t${++testNo}:`;
  for (const table of ['booth_status_interval', 'booth_health', 'booth_command', 'app_heartbeat']) {
    await t.ctx.database.client.execute(`DELETE FROM ${table}`);
  }
  await t.ctx.database.client.execute('UPDATE booth SET maintenance = 0');
});
afterEach(async () => {
  for (const open of gates.splice(0)) open();
  for (const s of services.splice(0)) await s.stop();
});

describe('two nodes, one Redis, one database', () => {
  const script = [healthy, healthy, bad, healthy, bad, bad, bad, healthy, bad, healthy, healthy, healthy, bad, bad];

  it('beats alternating between nodes give the same statuses and intervals as one node (hysteresis kept)', async () => {
    const one = node(false);
    const alone: string[] = [];
    for (const beat of script) {
      alone.push((await one.heartbeat(booth, beat)).status);
      clock += 10_000;
    }
    const expected = await intervals();
    expect(expected.map((r) => r.status)).toEqual(['online', 'degraded', 'online', 'degraded']);

    // The same booth, new again: no intervals, no snapshot.
    await t.ctx.database.client.execute('DELETE FROM booth_status_interval');
    await t.ctx.database.client.execute('DELETE FROM booth_health');
    clock = Date.parse('2026-11-20T01:00:00Z');
    const [a, b] = [node(), node()];
    const shared: string[] = [];
    for (const [i, beat] of script.entries()) {
      shared.push((await (i % 2 === 0 ? a : b).heartbeat(booth, beat)).status);
      clock += 10_000;
    }
    expect(shared).toEqual(alone);
    expect(await intervals()).toEqual(expected);
  });

  it('staff reads on node B show the beats node A received, and the leader writes the last beats', async () => {
    const [a, b] = [node(), node()];
    await a.heartbeat(booth, bad);
    clock += 10_000;
    await a.heartbeat(booth, bad);
    const lastBeat = clock;
    expect(await b.healthOf(booth.boothId)).toMatchObject({ status: 'degraded', lastBeatAt: new Date(lastBeat), appVersion: '1.0.0' });
    expect((await b.healthOf(booth.boothId))?.snapshot).toMatchObject({ camera: 'missing', reasons: 'camera' });
    const staff = await t.principal('staff-a');
    expect((await b.detail(staff, booth.boothId)).health).toMatchObject({ status: 'degraded' });
    expect((await b.list(staff)).find((row) => row.id === booth.boothId)?.health).toMatchObject({ status: 'degraded' });
    expect(() => b.stateOf(booth.boothId)).toThrow(/healthOf/);
    // Node A is the leader: its last-beat write carries B's beats too.
    clock += 10_000;
    await b.heartbeat(booth, bad);
    await a.persistBeats();
    const row = await t.ctx.database.db.query.boothHealth.findFirst({ where: eq(schema.boothHealth.boothId, booth.boothId) });
    expect(row?.lastBeatAt.getTime()).toBe(clock);
    expect(await t.ctx.database.db.query.appHeartbeat.findFirst()).toMatchObject({ node: 'app', aliveAt: new Date(clock) });
  });

  it('a booth silent on both nodes goes offline once, as of its last beat + threshold, when the leader sweeps', async () => {
    const [a, b] = [node(), node()];
    await a.heartbeat(booth, healthy);
    clock += 10_000;
    await b.heartbeat(booth, healthy);
    const lastBeat = clock;
    clock += OFFLINE_AFTER - 1;
    await a.sweep();
    expect((await intervals()).map((r) => r.status)).toEqual(['online']);
    clock += 5_000;
    await Promise.all([a.sweep(), a.sweep()]);
    await a.sweep();
    const rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'offline']);
    expect(rows[1]!.startedAt).toBe(lastBeat + OFFLINE_AFTER);
    expectWellFormed(rows);
    expect(await b.healthOf(booth.boothId)).toMatchObject({ status: 'offline', since: new Date(lastBeat + OFFLINE_AFTER) });
    const staff = await t.principal('staff-a');
    // Booth A's calendar is open every day (seed): node B's banner shows it.
    expect((await b.offlineInOpening(staff)).map((o) => o.boothId)).toContain(booth.boothId);
    // Back: the first beat, on either node, decides at once.
    clock += 60_000;
    expect((await b.heartbeat(booth, healthy)).status).toBe('online');
    expect((await intervals()).map((r) => r.status)).toEqual(['online', 'offline', 'online']);
    expect((await a.offlineInOpening(staff)).map((o) => o.boothId)).not.toContain(booth.boothId);
  });

  it('a command requested through node A is delivered once, with a beat that arrives at node B', async () => {
    const [a, b] = [node(), node()];
    const staff = await t.principal('staff-a');
    await b.heartbeat(booth, healthy);
    const command = await a.requestCommand(staff, booth.boothId, 'self_test');
    clock += 10_000;
    expect((await b.heartbeat(booth, healthy)).commands).toEqual([{ id: command.id, kind: 'self_test' }]);
    clock += 10_000;
    expect((await a.heartbeat(booth, healthy)).commands).toEqual([]);
    expect((await b.heartbeat(booth, healthy)).commands).toEqual([]);
    // Maintenance set through B is what A answers at once, and what the booth hears through A.
    await b.requestCommand(staff, booth.boothId, 'maintenance_on');
    expect(await a.inMaintenance(booth.boothId)).toBe(true);
    expect(await a.heartbeat(booth, healthy)).toMatchObject({ maintenance: true, commands: [{ kind: 'maintenance_on' }] });
    await a.requestCommand(staff, booth.boothId, 'maintenance_off');
    expect(await b.inMaintenance(booth.boothId)).toBe(false);
    expect(await b.heartbeat(booth, healthy)).toMatchObject({ maintenance: false, commands: [{ kind: 'maintenance_off' }] });
  });

  it('a command requested before the booth ever beat (no state in Redis yet) is delivered with its first beat', async () => {
    const [a, b] = [node(), node()];
    const command = await a.requestCommand(await t.principal('staff-a'), booth.boothId, 'reload');
    expect((await b.heartbeat(booth, healthy)).commands).toEqual([{ id: command.id, kind: 'reload' }]);
    expect((await a.heartbeat(booth, healthy)).commands).toEqual([]);
  });

  it('concurrent beats of one booth on both nodes write exactly one interval per change', async () => {
    const [a, b] = [node(), node()];
    // The first beats of a booth, all at once on both nodes: one interval.
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).heartbeat(booth, healthy)));
    expect((await intervals()).map((r) => r.status)).toEqual(['online']);
    // Bad beats at once on both nodes: the second of them changes the status, once.
    clock += 10_000;
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).heartbeat(booth, bad)));
    expect(replies.map((r) => r.status).sort()).toEqual([...Array(7).fill('degraded'), 'online'].sort());
    // And back, alternating quickly between nodes.
    clock += 10_000;
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? b : a).heartbeat(booth, healthy)));
    const rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'degraded', 'online']);
    expectWellFormed(rows);
  });

  it('a change decided on node B while node A still writes the previous one waits for it (changes reach the database in order)', async () => {
    const gate = gatedDb();
    const [a, b] = [node(true, gate.db), node()];
    await a.heartbeat(booth, healthy);
    clock += 10_000;
    await a.heartbeat(booth, bad);
    // Node A's database writes are held: its change to degraded is decided (in Redis) but not written.
    gate.close();
    clock += 10_000;
    const changeOnA = a.heartbeat(booth, bad);
    await expect.poll(() => b.healthOf(booth.boothId).then((h) => h?.status)).toBe('degraded');
    clock += 10_000;
    await b.heartbeat(booth, healthy);
    clock += 10_000;
    const changeOnB = b.heartbeat(booth, healthy);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await intervals()).map((r) => r.status)).toEqual(['online']);
    gate.open();
    expect([(await changeOnA).status, (await changeOnB).status]).toEqual(['degraded', 'online']);
    const rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'degraded', 'online']);
    expectWellFormed(rows);
  });

  it('a booth coming back at node B while the leader writes its outage is written after the outage', async () => {
    const gate = gatedDb();
    const [a, b] = [node(true, gate.db), node()];
    await b.heartbeat(booth, healthy);
    const lastBeat = clock;
    clock += OFFLINE_AFTER + 5_000;
    gate.close();
    const sweeping = a.sweep();
    await expect.poll(() => b.healthOf(booth.boothId).then((h) => h?.status)).toBe('offline');
    const back = b.heartbeat(booth, healthy);
    await new Promise((resolve) => setTimeout(resolve, 150));
    gate.open();
    await Promise.all([sweeping, back]);
    const rows = await intervals();
    expect(rows).toEqual([
      { status: 'online', startedAt: lastBeat, endedAt: lastBeat + OFFLINE_AFTER },
      { status: 'offline', startedAt: lastBeat + OFFLINE_AFTER, endedAt: clock },
      { status: 'online', startedAt: clock, endedAt: null },
    ]);
  });

  it('Redis lost the state: the leader rebuilds it from the database, with no new interval', async () => {
    const [a, b] = [node(), node()];
    await a.heartbeat(booth, healthy);
    clock += 10_000;
    await a.heartbeat(booth, bad);
    clock += 10_000;
    await b.heartbeat(booth, bad);
    await a.persistBeats();
    const before = await intervals();
    expect(before.map((r) => r.status)).toEqual(['online', 'degraded']);
    await client.flushall();
    expect(await b.healthOf(booth.boothId)).toBeNull();
    clock += 1_000;
    await a.sweep();
    expect(await b.healthOf(booth.boothId)).toMatchObject({ status: 'degraded', since: new Date(before[1]!.startedAt) });
    clock += 9_000;
    expect((await b.heartbeat(booth, bad)).status).toBe('degraded');
    expect(await intervals()).toEqual(before);
    // The restored booth still goes offline when silent.
    clock += OFFLINE_AFTER;
    await a.sweep();
    expect((await intervals()).map((r) => r.status)).toEqual(['online', 'degraded', 'offline']);
  });

  it('Redis lost the state and a beat comes before the leader rebuilds it: the booth goes on from the database', async () => {
    const [a, b] = [node(), node()];
    await a.heartbeat(booth, healthy);
    clock += 10_000;
    await a.heartbeat(booth, bad);
    clock += 10_000;
    await b.heartbeat(booth, bad);
    const before = await intervals();
    expect(before.map((r) => r.status)).toEqual(['online', 'degraded']);
    await client.flushall();
    clock += 10_000;
    // Same status: no new interval (a booth seen for the first time would open one).
    expect((await b.heartbeat(booth, bad)).status).toBe('degraded');
    expect(await intervals()).toEqual(before);
    expect(await a.healthOf(booth.boothId)).toMatchObject({ status: 'degraded', since: new Date(before[1]!.startedAt) });
    // The leader's rebuild keeps what the beat wrote, and hysteresis goes on from there.
    await a.sweep();
    clock += 10_000;
    expect((await a.heartbeat(booth, healthy)).status).toBe('degraded');
    clock += 10_000;
    expect((await b.heartbeat(booth, healthy)).status).toBe('online');
    expect((await intervals()).map((r) => r.status)).toEqual(['online', 'degraded', 'online']);
  });

  it("start() on a new leader: after a failover nothing is rebuilt; after every node was down, booths that were beating get the restart's grace", async () => {
    const [a, b] = [node(), node()];
    await a.start();
    await b.heartbeat(booth, healthy);
    await a.persistBeats();
    // A failover: B takes the lease a few seconds later; the booth is silent after it.
    clock += 3_000;
    await a.stop();
    await b.start();
    clock += OFFLINE_AFTER;
    await b.sweep();
    expect((await intervals()).map((r) => r.status)).toEqual(['online', 'offline']);
    await b.stop();

    // Every node down for a minute, Redis kept: the booth's beats could not arrive.
    clock += 60_000;
    await b.heartbeat(booth, healthy);
    await b.persistBeats();
    const c = node();
    clock += 60_000;
    await c.start();
    expect((await intervals()).map((r) => r.status)).toEqual(['online', 'offline', 'online']);
    clock += OFFLINE_AFTER - 1;
    await c.sweep();
    expect((await intervals()).map((r) => r.status)).toEqual(['online', 'offline', 'online']);
    clock += 1;
    await c.sweep();
    const rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'offline', 'online', 'offline']);
    // Dated from its last beat, not from the end of the grace.
    expect(rows[3]!.startedAt).toBe(rows[2]!.startedAt + OFFLINE_AFTER);
  });

  it('the sweeper that could not reach Redis for a beat period gives the booths their grace before turning them offline', async () => {
    // A short beat period (200 ms of real time) stands for the 10 s of production.
    const connection = redis.client();
    const [a, b] = [node(true, t.ctx.database.db, { heartbeatMs: 200, connection }), node()];
    await b.heartbeat(booth, healthy);
    const lastBeat = clock;
    await a.sweep();
    connection.disconnect();
    await expect(a.sweep()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await connection.connect();
    // Meanwhile the booth's beats could not be stored: its last beat in Redis is stale.
    clock += OFFLINE_AFTER + 1_000;
    await a.sweep();
    expect((await intervals()).map((r) => r.status)).toEqual(['online']);
    // Still silent once the grace is over: offline, dated from its last beat.
    clock += OFFLINE_AFTER;
    await a.sweep();
    const rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'offline']);
    expect(rows[1]!.startedAt).toBe(lastBeat + OFFLINE_AFTER);
  });

  it('an outage alert is claimed once by the sweeping node, and every node shows it as alerted', async () => {
    const [a, b] = [node(), node()];
    await b.heartbeat(booth, healthy);
    // Past the municipality's threshold (5 minutes) of offline time in opening hours.
    clock += OFFLINE_AFTER + 6 * 60_000;
    await a.sweep();
    const alertedAt = (
      await t.ctx.database.db.select().from(schema.boothStatusInterval).where(eq(schema.boothStatusInterval.boothId, booth.boothId))
    ).find((r) => r.status === 'offline')?.alertedAt;
    expect(alertedAt?.getTime()).toBe(clock);
    const staff = await t.principal('staff-a');
    expect((await b.offlineInOpening(staff)).find((o) => o.boothId === booth.boothId)).toMatchObject({ alerted: true });
    expect(await b.healthOf(booth.boothId)).toMatchObject({ alertedAt: new Date(clock) });
    // Another node takes the lease later: no second alert for the same outage.
    await a.stop();
    const c = node();
    clock += 60_000;
    await c.start();
    await c.sweep();
    const again = (
      await t.ctx.database.db.select().from(schema.boothStatusInterval).where(eq(schema.boothStatusInterval.boothId, booth.boothId))
    ).find((r) => r.status === 'offline')?.alertedAt;
    expect(again).toEqual(alertedAt);
  });
});
