import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ON_LOOP_CHECKPOINT_PAGES, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Heartbeat } from '../../domain/booth-health';
import { everyDayCalendar, weekdayCalendar } from '../../domain/calendar';
import { classifyAddress } from '../../domain/network-address';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import { createLogger } from '../platform/logger';
import { popupsOf } from '../popups/popups.server';
import { addBooth } from '../start/seed';
import type { BoothPrincipal } from './booth-auth.server';
import { type BoothHealthService, createBoothHealthService } from './health.server';

const healthy: Heartbeat = { appVersion: '1.0.0', camera: 'ok', microphone: 'ok', speaker: 'ok', livekit: 'idle', network: { rttMs: 15 } };
const OFFLINE_AFTER = 30_000;

let t: TestApp;
let clock: number;
let service: BoothHealthService;
let boothA: BoothPrincipal;

/**
 * The test-only allowance: these tests' webhook listener is on 127.0.0.1, which the sender refuses.
 * It is an address check passed in by the test (BoothHealthDeps.webhook), not a setting.
 */
const allowTestListener = {
  checkAddress: (address: string) => (address === '127.0.0.1' ? ({ ok: true } as const) : classifyAddress(address)),
};

const make = (overrides: Partial<Parameters<typeof createBoothHealthService>[0]> = {}) =>
  createBoothHealthService({
    db: t.ctx.database.db,
    logger: t.ctx.logger,
    config: { heartbeatMs: 10_000, offlineAfterMs: OFFLINE_AFTER, metaTtlMs: 0, persistEveryMs: 30_000 },
    now: () => clock,
    webhook: allowTestListener,
    ...overrides,
  });

const intervals = () =>
  t.ctx.database.db
    .select()
    .from(schema.boothStatusInterval)
    .where(eq(schema.boothStatusInterval.boothId, boothA.boothId))
    .orderBy(schema.boothStatusInterval.startedAt);

beforeAll(async () => {
  t = await createTestApp();
  // The app's own service runs on the real clock; these tests drive their own on a fake one.
  await t.ctx.boothHealth.stop();
  boothA = { kind: 'booth', boothId: t.municipalityA.boothId, boothName: 'A', municipalityId: t.municipalityA.municipalityId };
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  clock = Date.parse('2026-11-20T01:00:00Z');
  await t.ctx.database.client.execute('DELETE FROM booth_status_interval');
  await t.ctx.database.client.execute('DELETE FROM booth_health');
  await t.ctx.database.client.execute('DELETE FROM booth_command');
  await t.ctx.database.client.execute('DELETE FROM app_heartbeat');
  service = make();
});
afterEach(async () => {
  await service.stop();
});

describe('heartbeats', () => {
  it('writes an interval only when the status changes: 20 beats → 1 interval', async () => {
    for (let i = 0; i < 20; i++) {
      const reply = await service.heartbeat(boothA, healthy);
      expect(reply).toMatchObject({ status: 'online', maintenance: false, heartbeatMs: 10_000, commands: [] });
      clock += 10_000;
      await service.sweep();
    }
    const rows = await intervals();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'online', endedAt: null });
    expect(service.stateOf(boothA.boothId)).toMatchObject({ status: 'online', appVersion: '1.0.0' });
  });

  it('a single bad beat does not flap online → degraded → online (hysteresis)', async () => {
    for (const b of [healthy, { ...healthy, network: { rttMs: 900 } }, healthy, { ...healthy, camera: 'missing' as const }, healthy]) {
      expect((await service.heartbeat(boothA, b)).status).toBe('online');
      clock += 10_000;
    }
    expect((await intervals()).map((r) => r.status)).toEqual(['online']);
  });

  it('a change closes the current interval and opens the next at the beat', async () => {
    await service.heartbeat(boothA, healthy);
    clock += 10_000;
    await service.heartbeat(boothA, { ...healthy, camera: 'missing' });
    const changedAt = clock;
    clock += 10_000;
    await service.heartbeat(boothA, { ...healthy, camera: 'missing' });
    const rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'degraded']);
    expect(rows[0]!.endedAt!.getTime()).toBe(changedAt);
    expect(rows[1]!.startedAt.getTime()).toBe(changedAt);
    expect(rows[1]!.endedAt).toBeNull();
    const health = await t.ctx.database.db.query.boothHealth.findFirst({ where: eq(schema.boothHealth.boothId, boothA.boothId) });
    expect(health).toMatchObject({ status: 'degraded', appVersion: '1.0.0' });
    expect(health!.detail).toMatchObject({ camera: 'missing', reasons: 'camera' });
  });

  it('the sweep turns a silent booth offline as of last beat + threshold, and a beat brings it back', async () => {
    await service.heartbeat(boothA, healthy);
    const lastBeat = clock;
    clock += OFFLINE_AFTER - 1;
    await service.sweep();
    expect((await intervals()).map((r) => r.status)).toEqual(['online']);
    clock += 5_000;
    await service.sweep();
    let rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'offline']);
    expect(rows[1]!.startedAt.getTime()).toBe(lastBeat + OFFLINE_AFTER);
    expect(rows[0]!.endedAt!.getTime()).toBe(lastBeat + OFFLINE_AFTER);
    // Sweeping again changes nothing.
    clock += 60_000;
    await service.sweep();
    expect(await intervals()).toHaveLength(2);
    await service.heartbeat(boothA, healthy);
    rows = await intervals();
    expect(rows.map((r) => r.status)).toEqual(['online', 'offline', 'online']);
    expect(rows[1]!.endedAt!.getTime()).toBe(clock);
  });

  it('a restart restores the state; a booth that stays silent after it becomes offline at lastBeat + threshold', async () => {
    await service.heartbeat(boothA, healthy);
    const lastBeat = clock;
    await service.stop();
    clock += 5 * 60_000;
    const restarted = make();
    await restarted.start();
    try {
      // It was beating when the app stopped: the app's five minutes away are not its outage yet.
      expect((await intervals()).map((r) => r.status)).toEqual(['online']);
      clock += OFFLINE_AFTER;
      await restarted.sweep();
      const rows = await intervals();
      expect(rows.map((r) => r.status)).toEqual(['online', 'offline']);
      expect(rows[1]!.startedAt.getTime()).toBe(lastBeat + OFFLINE_AFTER);
      expect(restarted.stateOf(boothA.boothId)).toMatchObject({ status: 'offline' });
    } finally {
      await restarted.stop();
    }
  });

  it('a booth that went silent while the app was running is offline at once after a restart, as of lastBeat + threshold', async () => {
    await service.heartbeat(boothA, healthy);
    const lastBeat = clock;
    // The app runs on for two minutes after the booth's last beat (its heartbeat row says so)…
    clock += 2 * 60_000;
    await service.persistBeats();
    // …and is killed before its sweep wrote the outage.
    clock += 60_000;
    const restarted = make();
    await restarted.start();
    try {
      const rows = await intervals();
      expect(rows.map((r) => r.status)).toEqual(['online', 'offline']);
      expect(rows[1]!.startedAt.getTime()).toBe(lastBeat + OFFLINE_AFTER);
    } finally {
      await restarted.stop();
    }
  });

  it('a restart keeps a booth that beat recently online, without a new interval', async () => {
    await service.heartbeat(boothA, healthy);
    await service.stop();
    clock += 5_000;
    const restarted = make();
    await restarted.start();
    try {
      expect(restarted.stateOf(boothA.boothId)).toMatchObject({ status: 'online' });
      await restarted.heartbeat(boothA, healthy);
      expect(await intervals()).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });
});

describe('the snapshot flush (decision 0043)', () => {
  it('writes due snapshots 100 booths to a statement, each statement its own batch, with every column', async () => {
    const { randomUUID } = await import('node:crypto');
    const { newDeviceCredential } = await import('./device-credentials.server');
    const municipalityId = t.municipalityA.municipalityId;
    const fleet: BoothPrincipal[] = Array.from({ length: 250 }, (_, i) => ({
      kind: 'booth',
      boothId: randomUUID(),
      boothName: `flush ${i}`,
      municipalityId,
    }));
    await t.ctx.database.db.insert(schema.booth).values(
      fleet.map((b) => ({
        id: b.boothId,
        municipalityId,
        name: b.boothName,
        kind: 'mall' as const,
        credentialHash: newDeviceCredential().credentialHash,
        credentialIssuedAt: new Date(),
      })),
    );
    for (const b of fleet) await service.heartbeat(b, healthy);
    await service.sweep();
    // 30 s later every booth's snapshot is due again (persistEveryMs), with a new beat and figures.
    clock += 30_000;
    const later: Heartbeat = { ...healthy, appVersion: '1.0.1', network: { rttMs: 40 } };
    for (const b of fleet) await service.heartbeat(b, later);
    const batch = vi.spyOn(t.ctx.database.client, 'batch');
    try {
      await service.sweep();
      const flushes = batch.mock.calls.map(([statements]) => statements as unknown as { sql: string }[]);
      expect(flushes.map((statements) => statements.length)).toEqual([1, 1, 1]);
      for (const [statement] of flushes) expect(statement!.sql).toMatch(/insert into booth_health/i);
    } finally {
      batch.mockRestore();
    }
    const rows = await t.ctx.database.db.select().from(schema.boothHealth);
    const flushed = rows.filter((r) => fleet.some((b) => b.boothId === r.boothId));
    expect(flushed).toHaveLength(250);
    for (const row of flushed) {
      expect(row).toMatchObject({ status: 'online', appVersion: '1.0.1' });
      expect(row.lastBeatAt.getTime()).toBe(clock);
      expect(row.detail).toMatchObject({ rttMs: 40 });
    }
  });
});

describe('durability of the health writes (decision 0039)', () => {
  it("go through the app's own connection at synchronous NORMAL on the file; every other record's at FULL", async () => {
    const synchronousOf = async (c: typeof t.ctx.database.client) => Number((await c.execute('PRAGMA synchronous')).rows[0]?.[0]);
    expect(t.ctx.healthDatabase).not.toBe(t.ctx.database);
    expect(await synchronousOf(t.ctx.database.client)).toBe(2);
    expect(await synchronousOf(t.ctx.healthDatabase.client)).toBe(1);
    // Neither checkpoints at SQLite's 1,000 pages on the event loop: a worker thread does (checkpointer.ts).
    for (const c of [t.ctx.database.client, t.ctx.healthDatabase.client])
      expect(Number((await c.execute('PRAGMA wal_autocheckpoint')).rows[0]?.[0])).toBe(ON_LOOP_CHECKPOINT_PAGES);
    // The app's own service: a beat, then its last-beat write (with the app's heartbeat row).
    await t.ctx.boothHealth.heartbeat(boothA, healthy);
    const onMain = [vi.spyOn(t.ctx.database.client, 'batch'), vi.spyOn(t.ctx.database.client, 'execute')];
    const onHealth = [vi.spyOn(t.ctx.healthDatabase.client, 'batch'), vi.spyOn(t.ctx.healthDatabase.client, 'execute')];
    try {
      await t.ctx.boothHealth.persistBeats();
      expect(onMain.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(0);
      expect(onHealth.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBeGreaterThan(0);
    } finally {
      for (const spy of [...onMain, ...onHealth]) spy.mockRestore();
    }
    // Committed: the app's other connection reads it.
    expect(await count(t.ctx, 'SELECT count(*) FROM app_heartbeat')).toBe(1);
  });
});

describe('after an app restart (issue 13): outages dated from the last beat, not from a stale snapshot', () => {
  /** Beats every 10 s from now until `until`, the app writing last beats every second as it runs. */
  async function beatUntil(svc: BoothHealthService, until: number, beating: (at: number) => boolean = () => true) {
    const start = clock;
    for (let at = start; at <= until; at += 1_000) {
      clock = at;
      if ((at - start) % 10_000 === 0 && beating(at)) await svc.heartbeat(boothA, healthy);
      await svc.persistBeats();
    }
  }
  const T0 = Date.parse('2026-11-20T01:00:00Z');

  it("a booth that kept beating through the app's outage has no outage for it", async () => {
    // Beats at T0, +10, +20; the app is killed (no stop) at +25: its snapshot alone was written at T0.
    await beatUntil(service, T0 + 25_000);
    // Down for 65 s, restarted; the booth's beats meanwhile could not arrive.
    clock = T0 + 90_000;
    const restarted = make();
    await restarted.start();
    try {
      expect(restarted.stateOf(boothA.boothId)).toMatchObject({ status: 'online' });
      clock = T0 + 95_000;
      await restarted.heartbeat(boothA, healthy);
      await restarted.sweep();
      const rows = await intervals();
      expect(rows.map((r) => [r.status, r.startedAt.getTime(), r.endedAt?.getTime() ?? null])).toEqual([['online', T0, null]]);
    } finally {
      await restarted.stop();
    }
  });

  it('a booth that stopped just before the app did is offline from its true last beat + threshold, within a second', async () => {
    // Beats at T0, +10, +20 and then nothing; the app is killed at +25, within the threshold of that beat.
    await beatUntil(service, T0 + 25_000);
    clock = T0 + 90_000;
    const restarted = make();
    await restarted.start();
    try {
      // Silent for the threshold after the start as well: now it is an outage, dated from its last beat.
      clock += OFFLINE_AFTER;
      await restarted.sweep();
      const rows = await intervals();
      expect(rows.map((r) => r.status)).toEqual(['online', 'offline']);
      expect(Math.abs(rows[1]!.startedAt.getTime() - (T0 + 20_000 + OFFLINE_AFTER))).toBeLessThanOrEqual(1_000);
      expect(rows[0]!.endedAt!.getTime()).toBe(rows[1]!.startedAt.getTime());
    } finally {
      await restarted.stop();
    }
  });

  it('a graceful stop writes the exact last beat', async () => {
    await beatUntil(service, T0 + 20_000);
    clock = T0 + 20_400;
    await service.heartbeat(boothA, healthy);
    await service.stop();
    const row = await t.ctx.database.db.query.boothHealth.findFirst({ where: eq(schema.boothHealth.boothId, boothA.boothId) });
    expect(row?.lastBeatAt.getTime()).toBe(T0 + 20_400);
  });
});

describe('uptimeFor', () => {
  it('counts the intervals the service wrote, within opening hours', async () => {
    const start = clock;
    await service.heartbeat(boothA, healthy);
    clock += 60 * 60_000; // silent for an hour: offline from start + 30 s
    await service.sweep();
    await service.heartbeat(boothA, healthy);
    clock += 60 * 60_000;
    const uptime = (await service.uptimeFor([boothA.boothId], { from: new Date(start), to: new Date(clock) })).get(boothA.boothId)!;
    expect(uptime.openMs).toBe(2 * 3_600_000); // the test booths are always open
    expect(uptime.offlineMs).toBe(3_600_000 - OFFLINE_AFTER);
    expect(uptime.outages).toHaveLength(1);
    expect(uptime.ratio).toBeCloseTo((3_600_000 + OFFLINE_AFTER) / 7_200_000, 10);
  });
});

describe('uptimeFor a booth that did not exist yet', () => {
  it('counts no open time before the booth was created (nor unknown time)', async () => {
    const { boothId } = await addBooth(t.ctx.database.db, t.municipalityA.municipalityId, {
      name: 'new',
      kind: 'mall',
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    });
    const created = (await t.ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, boothId) }))!.createdAt.getTime();
    clock = created + 3_600_000;
    const uptime = (await service.uptimeFor([boothId], { from: new Date(created - 5 * 3_600_000), to: new Date(clock + 3_600_000) })).get(
      boothId,
    )!;
    expect(uptime.openMs).toBe(3_600_000);
    expect(uptime.unknownMs).toBe(3_600_000);
  });
});

describe('uptimeFor a portable booth at a pop-up event', () => {
  it('counts the event’s hours as open time, though its own calendar is closed (decision 0035)', async () => {
    const db = t.ctx.database.db;
    const { boothId } = await addBooth(db, t.municipalityA.municipalityId, {
      name: 'portable',
      kind: 'popup',
      calendar: weekdayCalendar([]),
    });
    const created = (await db.query.booth.findFirst({ where: eq(schema.booth.id, boothId) }))!.createdAt.getTime();
    const date = new Date(created + 9 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const at = new Date(created);
    const eventId = crypto.randomUUID();
    await db.insert(schema.popupEvent).values({
      id: eventId,
      municipalityId: t.municipalityA.municipalityId,
      siteName: '公民館',
      siteKind: 'community_centre',
      days: [{ date, ranges: [{ start: '10:00', end: '17:00' }] }],
      firstDate: date,
      lastDate: date,
      procedures: ['renewal'],
      state: 'held',
      createdBy: t.accountIds.admin!,
      createdAt: at,
      updatedAt: at,
    });
    await db.insert(schema.popupEventBooth).values({ eventId, boothId });
    clock = created + 5 * 86_400_000;
    const uptime = (await service.uptimeFor([boothId], { from: new Date(created), to: new Date(clock) })).get(boothId)!;
    expect(uptime.openMs).toBe(7 * 3_600_000);
    expect(uptime.unknownMs).toBe(7 * 3_600_000);
  });
});

describe('outage alerts', () => {
  let server: Server;
  let received: { body: Record<string, unknown>; at: number }[];
  let url: string;

  beforeAll(async () => {
    received = [];
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => {
        received.push({ body: JSON.parse(data) as Record<string, unknown>, at: Date.now() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.ctx.database.db
      .update(schema.municipality)
      .set({ alertWebhookUrl: null, outageAlertMinutes: 5 })
      .where(eq(schema.municipality.id, boothA.municipalityId));
  });

  it('fires once per outage, after the threshold of offline open time, with no personal data', async () => {
    received = [];
    await t.ctx.database.db
      .update(schema.municipality)
      .set({ alertWebhookUrl: url, outageAlertMinutes: 2 })
      .where(eq(schema.municipality.id, boothA.municipalityId));
    await service.heartbeat(boothA, healthy);
    clock += OFFLINE_AFTER + 60_000; // offline for 1 minute: below the threshold
    await service.sweep();
    expect(received).toHaveLength(0);
    clock += 61_000; // now past 2 minutes offline
    await service.sweep();
    await service.sweep();
    clock += 10 * 60_000;
    await service.sweep();
    expect(received).toHaveLength(1);
    expect(Object.keys(received[0]!.body).sort()).toEqual(
      [
        'boothId',
        'boothName',
        'lastBeatAt',
        'municipalityCode',
        'municipalityId',
        'offlineOpenMinutes',
        'offlineSince',
        'sentAt',
        'thresholdMinutes',
        'type',
      ].sort(),
    );
    expect(received[0]!.body).toMatchObject({
      type: 'booth.offline',
      boothId: boothA.boothId,
      municipalityCode: '243248',
      thresholdMinutes: 2,
    });
    const rows = await intervals();
    expect(rows[1]!.status).toBe('offline');
    expect(rows[1]!.alertedAt).not.toBeNull();
    // A restart does not send it again for the same outage.
    await service.stop();
    const restarted = make();
    await restarted.start();
    await restarted.sweep();
    await restarted.stop();
    expect(received).toHaveLength(1);
    // Back online, then a new outage: a new alert.
    service = make();
    await service.restore();
    await service.heartbeat(boothA, healthy);
    clock += OFFLINE_AFTER + 3 * 60_000;
    await service.sweep();
    expect(received).toHaveLength(2);
  });

  it('no alert while the booth is closed: only offline time in opening hours counts', async () => {
    received = [];
    await t.ctx.database.db
      .update(schema.municipality)
      .set({ alertWebhookUrl: url, outageAlertMinutes: 2 })
      .where(eq(schema.municipality.id, boothA.municipalityId));
    const original = await t.ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, boothA.boothId) });
    // Friday 2026-11-20 17:30 JST: the town hall closed at 17:00.
    await t.ctx.database.db
      .update(schema.booth)
      .set({ calendar: weekdayCalendar([{ start: '08:15', end: '17:00' }]) })
      .where(eq(schema.booth.id, boothA.boothId));
    try {
      clock = Date.parse('2026-11-20T17:30:00+09:00');
      await service.heartbeat(boothA, healthy);
      clock += 2 * 3_600_000;
      await service.sweep();
      expect(service.stateOf(boothA.boothId)?.status).toBe('offline');
      expect(received).toHaveLength(0);
      expect(await service.offlineInOpening(await t.principal('staff-a'))).toEqual([]);
    } finally {
      await t.ctx.database.db.update(schema.booth).set({ calendar: original!.calendar }).where(eq(schema.booth.id, boothA.boothId));
    }
  });

  // The second case is the production cache time: the sweep reads every offline booth's calendar in
  // slices (metaOfMany) and caches it; the alert check then reads the cache. Without the event in the
  // batched read the booth looks closed at 19:30.
  it.each([
    ['read afresh each time (metaTtlMs 0)', 0],
    ['…also with the production cache time: the sweep’s batched calendar reads (metaOfMany) apply the event too', 30_000],
  ])('a booth at an agreed pop-up event is alerted on at the event’s hours, outside its own (decision 0035): %s', async (_, metaTtlMs) => {
    await service.stop();
    service = make({ config: { heartbeatMs: 10_000, offlineAfterMs: OFFLINE_AFTER, metaTtlMs, persistEveryMs: 30_000 } });
    received = [];
    const db = t.ctx.database.db;
    await db
      .update(schema.municipality)
      .set({ alertWebhookUrl: url, outageAlertMinutes: 2 })
      .where(eq(schema.municipality.id, boothA.municipalityId));
    const original = await db.query.booth.findFirst({ where: eq(schema.booth.id, boothA.boothId) });
    await db
      .update(schema.booth)
      .set({ calendar: weekdayCalendar([{ start: '08:15', end: '17:00' }]) })
      .where(eq(schema.booth.id, boothA.boothId));
    // Friday 2026-11-20: the event runs 17:00–22:00, after the booth's own hours.
    const eventId = crypto.randomUUID();
    const days = [{ date: '2026-11-20', ranges: [{ start: '17:00', end: '22:00' }] }];
    const at = new Date(clock);
    await db.insert(schema.popupEvent).values({
      id: eventId,
      municipalityId: boothA.municipalityId,
      siteName: '夜間会場',
      siteKind: 'mall',
      days,
      firstDate: '2026-11-20',
      lastDate: '2026-11-20',
      procedures: ['renewal'],
      state: 'agreed',
      createdBy: t.accountIds.admin!,
      createdAt: at,
      updatedAt: at,
    });
    await db.insert(schema.popupEventBooth).values({ eventId, boothId: boothA.boothId });
    try {
      clock = Date.parse('2026-11-20T17:30:00+09:00');
      await service.heartbeat(boothA, healthy);
      clock += 2 * 3_600_000;
      await service.sweep();
      await service.sweep();
      expect(service.stateOf(boothA.boothId)?.status).toBe('offline');
      expect(received).toHaveLength(1);
    } finally {
      await db.delete(schema.popupEvent).where(eq(schema.popupEvent.id, eventId));
      await db.update(schema.booth).set({ calendar: original!.calendar }).where(eq(schema.booth.id, boothA.boothId));
    }
  });

  it('a changed calendar counts at once once the booth service says so (forget), not after the cache time', async () => {
    // The production cache time, unlike the other tests (which read the booth afresh every time).
    await service.stop();
    service = make({ config: { heartbeatMs: 10_000, offlineAfterMs: OFFLINE_AFTER, metaTtlMs: 30_000, persistEveryMs: 30_000 } });
    const original = await t.ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, boothA.boothId) });
    try {
      clock = Date.parse('2026-11-22T11:00:00+09:00'); // a Sunday
      await service.heartbeat(boothA, healthy);
      clock += OFFLINE_AFTER + 60_000;
      await service.sweep();
      expect((await service.offlineInOpening(await t.principal('staff-a'))).map((b) => b.boothId)).toContain(boothA.boothId);
      // Now a town hall, closed on Sundays: its offline time is no longer in opening hours.
      await t.ctx.database.db
        .update(schema.booth)
        .set({ calendar: weekdayCalendar([{ start: '08:15', end: '17:00' }]) })
        .where(eq(schema.booth.id, boothA.boothId));
      service.forget(boothA.boothId);
      expect(await service.offlineInOpening(await t.principal('staff-a'))).toEqual([]);
    } finally {
      await t.ctx.database.db.update(schema.booth).set({ calendar: original!.calendar }).where(eq(schema.booth.id, boothA.boothId));
    }
  });

  it('a pop-up event the town agrees to counts at once for its booths (forget), not after the cache time', async () => {
    await service.stop();
    service = make({ config: { heartbeatMs: 10_000, offlineAfterMs: OFFLINE_AFTER, metaTtlMs: 30_000, persistEveryMs: 30_000 } });
    const db = t.ctx.database.db;
    const original = await db.query.booth.findFirst({ where: eq(schema.booth.id, boothA.boothId) });
    await db
      .update(schema.booth)
      .set({ calendar: weekdayCalendar([{ start: '08:15', end: '17:00' }]) })
      .where(eq(schema.booth.id, boothA.boothId));
    // Friday 2026-11-20: the planned event runs 17:00–22:00, after the booth's own hours.
    const eventId = crypto.randomUUID();
    const at = new Date(clock);
    await db.insert(schema.popupEvent).values({
      id: eventId,
      municipalityId: boothA.municipalityId,
      siteName: '夜間会場',
      siteKind: 'mall',
      days: [{ date: '2026-11-20', ranges: [{ start: '17:00', end: '22:00' }] }],
      firstDate: '2026-11-20',
      lastDate: '2026-11-20',
      procedures: ['renewal'],
      state: 'planned',
      createdBy: t.accountIds.admin!,
      createdAt: at,
      updatedAt: at,
    });
    await db.insert(schema.popupEventBooth).values({ eventId, boothId: boothA.boothId });
    try {
      clock = Date.parse('2026-11-20T19:00:00+09:00');
      await service.heartbeat(boothA, healthy);
      clock += OFFLINE_AFTER + 60_000;
      await service.sweep();
      const staffA = await t.principal('staff-a');
      expect(await service.offlineInOpening(staffA)).toEqual([]);
      // The app's wiring: the pop-up service of a context tells that context's booth health.
      await popupsOf({ database: t.ctx.database, boothHealth: service }).transition(staffA, eventId, 'agree');
      expect((await service.offlineInOpening(staffA)).map((b) => b.boothId)).toContain(boothA.boothId);
    } finally {
      await db.delete(schema.popupEvent).where(eq(schema.popupEvent.id, eventId));
      await db.update(schema.booth).set({ calendar: original!.calendar }).where(eq(schema.booth.id, boothA.boothId));
    }
  });

  it('a webhook that does not answer is given up after the timeout and logged, and sent once', async () => {
    const silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    await t.ctx.database.db
      .update(schema.municipality)
      .set({ alertWebhookUrl: `http://127.0.0.1:${port}/`, outageAlertMinutes: 0 })
      .where(eq(schema.municipality.id, boothA.municipalityId));
    service = make({ config: { heartbeatMs: 10_000, offlineAfterMs: OFFLINE_AFTER, metaTtlMs: 0, alertTimeoutMs: 200 } });
    await service.heartbeat(boothA, healthy);
    clock += OFFLINE_AFTER + 1_000;
    const started = Date.now();
    await service.sweep();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await intervals())[1]!.alertedAt).not.toBeNull();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });
});

describe('the outage webhook never reaches inside the network (SSRF, decision 0017)', () => {
  let listener: Server;
  let hits: number;
  let port: number;

  beforeAll(async () => {
    hits = 0;
    listener = createServer((_req, res) => {
      hits += 1;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(async () => {
    listener.closeAllConnections();
    await new Promise((resolve) => listener.close(resolve));
    await t.ctx.database.db
      .update(schema.municipality)
      .set({ alertWebhookUrl: null, outageAlertMinutes: 5 })
      .where(eq(schema.municipality.id, boothA.municipalityId));
  });

  /** A URL stored directly (as if saved before the save-time check existed), then an outage. */
  async function outageWith(url: string, deps: Partial<Parameters<typeof createBoothHealthService>[0]>) {
    await t.ctx.database.db
      .update(schema.municipality)
      .set({ alertWebhookUrl: url, outageAlertMinutes: 0 })
      .where(eq(schema.municipality.id, boothA.municipalityId));
    const lines: string[] = [];
    await service.stop();
    service = make({ logger: createLogger('warn', { write: (line: string) => void lines.push(line) }), ...deps });
    await service.heartbeat(boothA, healthy);
    clock += OFFLINE_AFTER + 1_000;
    await service.sweep();
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it.each([
    ['the loopback address', () => `http://127.0.0.1:${port}/hook`],
    ['loopback written as a number', () => `http://2130706433:${port}/hook`],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${port}/hook`],
    ['localhost', () => `http://localhost:${port}/hook`],
  ])('refuses %s at send time: the listener receives nothing, the refusal is logged', async (_, url) => {
    hits = 0;
    const logged = await outageWith(url(), { webhook: {} });
    expect(hits).toBe(0);
    expect(logged.find((l) => l.msg === 'outage webhook refused')).toBeTruthy();
    // The alert still counts as sent: one per outage, not a retry loop against an internal address.
    expect((await intervals())[1]!.alertedAt).not.toBeNull();
  });

  it('refuses a name that resolves to loopback, or to any internal address among public ones (checked after DNS)', async () => {
    for (const answer of [
      [{ address: '127.0.0.1', family: 4 as const }],
      [
        { address: '93.184.216.34', family: 4 as const },
        { address: '::1', family: 6 as const },
      ],
    ]) {
      hits = 0;
      const asked: string[] = [];
      const logged = await outageWith(`http://hooks.example.test:${port}/hook`, {
        webhook: {
          resolve: async (hostname) => {
            asked.push(hostname);
            return answer;
          },
        },
      });
      expect(asked).toEqual(['hooks.example.test']);
      expect(hits).toBe(0);
      expect(logged.find((l) => l.msg === 'outage webhook refused')).toMatchObject({ reason: 'address', address: 'loopback' });
    }
  });

  it('connects to the address it checked: a name that re-resolves to 127.0.0.1 (DNS rebinding) cannot switch it', async () => {
    // The checked address is 127.0.0.2 (allowed here by the test's own check); the listener that
    // must stay untouched is on 127.0.0.1, where any second resolution would now point.
    const checked = createServer((_req, res) => res.writeHead(204).end());
    let checkedHits = 0;
    checked.on('request', () => (checkedHits += 1));
    await new Promise<void>((resolve) => checked.listen(port, '127.0.0.2', resolve));
    try {
      hits = 0;
      let lookups = 0;
      await outageWith(`http://rebind.example.test:${port}/hook`, {
        webhook: {
          checkAddress: (address) => (address === '127.0.0.2' ? { ok: true } : classifyAddress(address)),
          resolve: async () => [{ address: lookups++ === 0 ? '127.0.0.2' : '127.0.0.1', family: 4 }],
        },
      });
      expect(lookups).toBe(1);
      expect(checkedHits).toBe(1);
      expect(hits).toBe(0);
    } finally {
      checked.closeAllConnections();
      await new Promise((resolve) => checked.close(resolve));
    }
  });

  it('sends only to https URLs when the server is served over https', async () => {
    hits = 0;
    const logged = await outageWith(`http://127.0.0.1:${port}/hook`, {
      config: { heartbeatMs: 10_000, offlineAfterMs: OFFLINE_AFTER, metaTtlMs: 0, httpsOnlyWebhooks: true },
    });
    expect(hits).toBe(0);
    expect(logged.find((l) => l.msg === 'outage webhook refused')).toMatchObject({ reason: 'https_required' });
  });
});

describe('commands and maintenance', () => {
  it('a command is delivered with the next heartbeat once, and its result is stored and audited', async () => {
    const staff = await t.principal('staff-a');
    await service.heartbeat(boothA, healthy);
    const command = await service.requestCommand(staff, boothA.boothId, 'self_test', 'req-1');
    expect(command.status).toBe('pending');
    const reply = await service.heartbeat(boothA, healthy);
    expect(reply.commands).toEqual([{ id: command.id, kind: 'self_test' }]);
    expect((await service.heartbeat(boothA, healthy)).commands).toEqual([]);
    const selfTest = {
      camera: { result: 'pass' as const, variance: 120.5, width: 640, height: 480 },
      microphone: { result: 'pass' as const, rms: 0.02 },
      speaker: { result: 'pass' as const, played: true },
      livekit: { result: 'pass' as const, httpStatus: 200, ms: 12 },
      network: { result: 'pass' as const, rttMs: 3, samples: 5 },
    };
    expect(await service.commandResult(boothA, command.id, { status: 'completed', selfTest })).toEqual({
      id: command.id,
      status: 'completed',
    });
    const [listed] = await service.commands(staff, boothA.boothId);
    expect(listed).toMatchObject({ id: command.id, status: 'completed', result: { status: 'completed', selfTest } });
    expect(
      await count(
        t.ctx,
        "SELECT count(*) FROM audit_log WHERE action = 'booth.command_requested' AND target_id = ? AND actor_kind = 'account'",
        [boothA.boothId],
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await count(
        t.ctx,
        "SELECT count(*) FROM audit_log WHERE action = 'booth.command_completed' AND target_id = ? AND actor_kind = 'booth'",
        [command.id],
      ),
    ).toBe(1);
    // A second result is refused.
    await expect(service.commandResult(boothA, command.id, { status: 'failed' })).rejects.toMatchObject({ status: 409 });
  });

  it('another booth cannot report on the command; staff of another town cannot ask', async () => {
    const command = await service.requestCommand(await t.principal('staff-a'), boothA.boothId, 'reload');
    const boothB: BoothPrincipal = {
      kind: 'booth',
      boothId: t.municipalityB.boothId,
      boothName: 'B',
      municipalityId: t.municipalityB.municipalityId,
    };
    await expect(service.commandResult(boothB, command.id, { status: 'completed' })).rejects.toMatchObject({ status: 404 });
    await expect(service.requestCommand(await t.principal('staff-b'), boothA.boothId, 'reload')).rejects.toMatchObject({ status: 404 });
    await expect(service.requestCommand(await t.principal('op-a'), boothA.boothId, 'reload')).rejects.toMatchObject({ status: 403 });
  });

  it('maintenance on/off sets the flag at once and the heartbeat carries it', async () => {
    const staff = await t.principal('staff-a');
    await service.heartbeat(boothA, healthy);
    await service.requestCommand(staff, boothA.boothId, 'maintenance_on');
    expect(await service.inMaintenance(boothA.boothId)).toBe(true);
    expect((await service.heartbeat(boothA, healthy)).maintenance).toBe(true);
    await service.requestCommand(staff, boothA.boothId, 'maintenance_off');
    expect((await service.heartbeat(boothA, healthy)).maintenance).toBe(false);
    const booth = await t.ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, boothA.boothId) });
    expect(booth!.maintenance).toBe(false);
  });

  it('reload, maintenance on and self-test are refused while the booth has a waiting or active session; maintenance off is not', async () => {
    const staff = await t.principal('staff-a');
    const db = t.ctx.database.db;
    const sessionId = `s-${Date.now()}`;
    await db.insert(schema.session).values({
      id: sessionId,
      boothId: boothA.boothId,
      municipalityId: boothA.municipalityId,
      roomName: `room-${sessionId}`,
      status: 'waiting',
      requestedAt: new Date(clock),
    });
    try {
      for (const status of ['waiting', 'active'] as const) {
        await db.update(schema.session).set({ status }).where(eq(schema.session.id, sessionId));
        for (const kind of ['reload', 'maintenance_on', 'self_test'] as const) {
          await expect(service.requestCommand(staff, boothA.boothId, kind)).rejects.toMatchObject({ status: 409, code: 'booth_in_call' });
        }
        expect((await service.requestCommand(staff, boothA.boothId, 'maintenance_off')).status).toBe('pending');
      }
      expect(
        await count(t.ctx, "SELECT count(*) FROM booth_command WHERE booth_id = ? AND kind != 'maintenance_off'", [boothA.boothId]),
      ).toBe(0);
      expect(await service.inMaintenance(boothA.boothId)).toBe(false);
      await db
        .update(schema.session)
        .set({ status: 'ended', endedAt: new Date(clock) })
        .where(eq(schema.session.id, sessionId));
      expect((await service.requestCommand(staff, boothA.boothId, 'reload')).status).toBe('pending');
    } finally {
      await db
        .update(schema.session)
        .set({ status: 'ended', endedAt: new Date(clock) })
        .where(eq(schema.session.id, sessionId));
    }
  });

  it('commands nobody collected expire', async () => {
    const command = await service.requestCommand(await t.principal('staff-a'), boothA.boothId, 'self_test');
    clock += 11 * 60_000;
    await service.sweep();
    const row = await t.ctx.database.db.query.boothCommand.findFirst({ where: eq(schema.boothCommand.id, command.id) });
    expect(row!.status).toBe('expired');
  });
});

describe('a heartbeat during the sweep', () => {
  it('is written after the sweep’s change of the same booth: no backwards interval, no phantom outage', async () => {
    const principals: BoothPrincipal[] = [];
    for (let i = 0; i < 12; i++) {
      const b = await addBooth(t.ctx.database.db, t.municipalityA.municipalityId, {
        name: `race-${i}`,
        kind: 'town_hall',
        calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
      });
      principals.push({ kind: 'booth', boothId: b.boothId, boothName: `race-${i}`, municipalityId: t.municipalityA.municipalityId });
    }
    for (const p of principals) await service.heartbeat(p, healthy);
    const start = clock;
    clock += 60_000; // all silent: the sweep turns the 12 offline, in several slices
    const last = principals[principals.length - 1]!;
    const sweeping = service.sweep();
    await new Promise((resolve) => setImmediate(resolve)); // the sweep has written its first slice at most
    clock += 1_000;
    await service.heartbeat(last, healthy); // the last booth beats while its slice is still to come
    await sweeping;
    expect(service.stateOf(last.boothId)?.status).toBe('online');
    const rows = await t.ctx.database.db
      .select()
      .from(schema.boothStatusInterval)
      .where(eq(schema.boothStatusInterval.boothId, last.boothId))
      .orderBy(schema.boothStatusInterval.id);
    for (const r of rows) if (r.endedAt) expect(r.endedAt.getTime()).toBeGreaterThanOrEqual(r.startedAt.getTime());
    const open = rows.filter((r) => r.endedAt === null);
    expect(open.map((r) => r.status)).toEqual(['online']);
    expect(rows.map((r) => r.status)).toEqual(['online', 'offline', 'online']);
    const health = await t.ctx.database.db.query.boothHealth.findFirst({ where: eq(schema.boothHealth.boothId, last.boothId) });
    expect(health!.status).toBe('online');
    // An hour later: only the real 31 s of silence (last beat + 30 s → the beat at +61 s) is an outage.
    clock += 3_600_000;
    const uptime = (await service.uptimeFor([last.boothId], { from: new Date(start), to: new Date(clock) })).get(last.boothId)!;
    expect(uptime.offlineMs).toBe(61_000 - OFFLINE_AFTER);
    expect(uptime.outages).toHaveLength(1);
    expect(uptime.outages[0]!.end).not.toBeNull();
  });
});

describe('command delivery', () => {
  it('two overlapping beats deliver each command once', async () => {
    const staff = await t.principal('staff-a');
    await service.heartbeat(boothA, healthy);
    const first = await service.requestCommand(staff, boothA.boothId, 'self_test');
    const second = await service.requestCommand(staff, boothA.boothId, 'reload');
    const replies = await Promise.all([
      service.heartbeat(boothA, healthy),
      service.heartbeat(boothA, healthy),
      service.heartbeat(boothA, healthy),
    ]);
    const delivered = replies.flatMap((r) => r.commands.map((c) => c.id));
    expect(delivered.sort()).toEqual([first.id, second.id].sort());
    const rows = await t.ctx.database.db.select().from(schema.boothCommand).where(eq(schema.boothCommand.boothId, boothA.boothId));
    expect(rows.every((r) => r.status === 'delivered' && r.deliveredAt !== null)).toBe(true);
  });

  it('beats that both see the command pending (e.g. right after a restart) deliver it once', async () => {
    const command = await service.requestCommand(await t.principal('staff-a'), boothA.boothId, 'self_test');
    // Two fresh states both find the command pending and read it at the same time.
    const other = make();
    const replies = await Promise.all([service.heartbeat(boothA, healthy), other.heartbeat(boothA, healthy)]);
    await other.stop();
    expect(replies.flatMap((r) => r.commands.map((c) => c.id))).toEqual([command.id]);
  });
});
