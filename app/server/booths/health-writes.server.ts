/**
 * What booth health writes to the database, the same on one node and on several: status intervals
 * on a change, the booth_health snapshot, the booths' last beats with the app's own heartbeat, and
 * the reading of a booth seen for the first time. Writes go through one queue per node (`serial`).
 */

import { type Db, schema } from '@madoguchi/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BoothStatus } from '../../domain/booth-health';
import type { BoothPrincipal } from './booth-auth.server';
import type { BoothState } from './health-state';

const { booth, boothHealth, boothStatusInterval, boothCommand, appHeartbeat } = schema;

/** The app's heartbeat row: one row for the app, written by the node that runs the sweep (decision 0002, 0030). */
export const APP_NODE = 'app';

export type Statement = Parameters<Db['batch']>[0][number];

/** Statements per database batch in the sweep (a change is 3 statements, a snapshot 1). */
export const FLUSH_SLICE = 15;

/**
 * Snapshots (booth_health rows) written by one statement in the sweep. One drizzle upsert per booth
 * cost the loop 60–120 ms per 700 (measured 5 Dec), one statement per 100 through json_each 5–8 ms
 * (decision 0043).
 */
export const SNAPSHOT_SLICE = 100;

/** Outage-alert checks (and calendar checks) per turn of the event loop in the sweep. */
export const ALERT_SLICE = 100;

/** Lets the event loop turn (timers, lease renewals, heartbeats) between slices of a long job. */
export const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createHealthWrites(db: Db) {
  // Interval writes are applied one batch at a time, in order (a heartbeat and the sweep never interleave).
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn);
    chain = next.catch(() => undefined);
    return next;
  };

  const closeCurrent = (boothId: string, at: number) =>
    db
      .update(boothStatusInterval)
      .set({ endedAt: new Date(at) })
      .where(and(eq(boothStatusInterval.boothId, boothId), isNull(boothStatusInterval.endedAt)));
  const openInterval = (boothId: string, status: BoothStatus, at: number) =>
    db.insert(boothStatusInterval).values({ boothId, status, startedAt: new Date(at) });
  const upsertHealth = (s: BoothState) => {
    s.beatPersistedAt = s.lastBeatAt;
    const values = {
      status: s.status,
      lastBeatAt: new Date(s.lastBeatAt),
      appVersion: s.appVersion,
      detail: s.snapshot,
    };
    return db
      .insert(boothHealth)
      .values({ boothId: s.boothId, ...values })
      .onConflictDoUpdate({ target: boothHealth.boothId, set: values });
  };
  /**
   * Many booths' snapshots in one statement (the sweep's flush, at most SNAPSHOT_SLICE at a time):
   * the same columns as upsertHealth, the rows passed as one JSON array read with json_each.
   */
  const upsertHealthMany = (states: readonly BoothState[]) => {
    const rows = states.map((s) => {
      s.beatPersistedAt = s.lastBeatAt;
      return {
        id: s.boothId,
        status: s.status,
        at: s.lastBeatAt,
        v: s.appVersion,
        d: s.snapshot === null ? null : JSON.stringify(s.snapshot),
      };
    });
    return db.run(sql`
      INSERT INTO booth_health (booth_id, status, last_beat_at, app_version, detail)
      SELECT j.value ->> 'id', j.value ->> 'status', j.value ->> 'at', j.value ->> 'v', j.value ->> 'd'
      FROM json_each(${JSON.stringify(rows)}) AS j WHERE true
      ON CONFLICT (booth_id) DO UPDATE SET status = excluded.status, last_beat_at = excluded.last_beat_at,
        app_version = excluded.app_version, detail = excluded.detail`);
  };
  /** The sweep's due snapshots as batches of one statement each, SNAPSHOT_SLICE booths a statement. */
  const snapshotBatches = (states: readonly BoothState[]): Statement[][] => {
    const batches: Statement[][] = [];
    for (let i = 0; i < states.length; i += SNAPSHOT_SLICE) batches.push([upsertHealthMany(states.slice(i, i + SNAPSHOT_SLICE))]);
    return batches;
  };
  /** A status change: close the current interval, open the next, and the snapshot, in one group. */
  const change = (s: BoothState, at: number): Statement[] => [
    closeCurrent(s.boothId, at),
    openInterval(s.boothId, s.status, at),
    upsertHealth(s),
  ];

  /** The booths' last beats (id → time; only ever moved forward) and the app's own heartbeat, in one batch. */
  async function writeBeats(beats: Record<string, number>, at: number) {
    const alive = db
      .insert(appHeartbeat)
      .values({ node: APP_NODE, aliveAt: new Date(at) })
      .onConflictDoUpdate({ target: appHeartbeat.node, set: { aliveAt: new Date(at) } });
    await serial(async () => {
      if (Object.keys(beats).length === 0) return void (await alive);
      await db.batch([
        db.run(sql`
          UPDATE booth_health SET last_beat_at = max(last_beat_at, j.value)
          FROM json_each(${JSON.stringify(beats)}) AS j WHERE booth_health.booth_id = j.key`),
        alive,
      ]);
    });
  }

  /** A booth seen for the first time (and not restored): its municipality and maintenance flag. */
  async function newState(principal: BoothPrincipal, at: number): Promise<BoothState> {
    const row = await db.query.booth.findFirst({ where: eq(booth.id, principal.boothId), columns: { maintenance: true } });
    const pending = await db.query.boothCommand.findFirst({
      where: and(eq(boothCommand.boothId, principal.boothId), eq(boothCommand.status, 'pending')),
      columns: { id: true },
    });
    return {
      boothId: principal.boothId,
      municipalityId: principal.municipalityId,
      status: 'offline',
      streak: null,
      since: at,
      lastBeatAt: at,
      appVersion: null,
      snapshot: null,
      maintenance: row?.maintenance ?? false,
      alertedAt: null,
      alerting: false,
      hasPendingCommands: pending !== undefined,
      dirty: false,
      persistedAt: 0,
      beatPersistedAt: 0,
      graceUntil: null,
    };
  }

  /** When the app last said it was alive (null = never). */
  async function appAliveAt(): Promise<number | null> {
    const rows = await db.select({ aliveAt: appHeartbeat.aliveAt }).from(appHeartbeat).where(eq(appHeartbeat.node, APP_NODE));
    return rows[0]?.aliveAt.getTime() ?? null;
  }

  /**
   * The booths (or the one booth `only`) as the database last knew them: current intervals, last
   * snapshots, maintenance and pending commands (what a restart, or a Redis that lost its state,
   * starts from).
   */
  async function storedStates(only?: string): Promise<Omit<BoothState, 'graceUntil'>[]> {
    const rows = await db
      .select({
        boothId: boothHealth.boothId,
        status: boothHealth.status,
        lastBeatAt: boothHealth.lastBeatAt,
        appVersion: boothHealth.appVersion,
        detail: boothHealth.detail,
        municipalityId: booth.municipalityId,
        maintenance: booth.maintenance,
      })
      .from(boothHealth)
      .innerJoin(booth, eq(booth.id, boothHealth.boothId))
      .where(only === undefined ? undefined : eq(boothHealth.boothId, only));
    if (rows.length === 0) return [];
    const current = await db
      .select({
        boothId: boothStatusInterval.boothId,
        status: boothStatusInterval.status,
        startedAt: boothStatusInterval.startedAt,
        alertedAt: boothStatusInterval.alertedAt,
      })
      .from(boothStatusInterval)
      .where(and(isNull(boothStatusInterval.endedAt), only === undefined ? undefined : eq(boothStatusInterval.boothId, only)));
    const currentOf = new Map(current.map((c) => [c.boothId, c]));
    const pending = new Set(
      (
        await db
          .selectDistinct({ boothId: boothCommand.boothId })
          .from(boothCommand)
          .where(and(eq(boothCommand.status, 'pending'), only === undefined ? undefined : eq(boothCommand.boothId, only)))
      ).map((r) => r.boothId),
    );
    return rows.map((row) => {
      const interval = currentOf.get(row.boothId);
      const lastBeatAt = row.lastBeatAt.getTime();
      return {
        boothId: row.boothId,
        municipalityId: row.municipalityId,
        status: interval?.status ?? row.status,
        streak: null,
        since: interval?.startedAt.getTime() ?? lastBeatAt,
        lastBeatAt,
        appVersion: row.appVersion,
        snapshot: (row.detail as Record<string, string | number | null> | null) ?? null,
        maintenance: row.maintenance,
        alertedAt: interval?.alertedAt?.getTime() ?? null,
        alerting: false,
        hasPendingCommands: pending.has(row.boothId),
        dirty: false,
        persistedAt: lastBeatAt,
        beatPersistedAt: lastBeatAt,
      };
    });
  }

  return {
    db,
    serial,
    /** Resolves once every write queued so far is done. */
    drained: () => chain,
    snapshotBatches,
    change,
    writeBeats,
    newState,
    appAliveAt,
    storedStates,
  };
}

export type HealthWrites = ReturnType<typeof createHealthWrites>;

/** Groups of statements in batches of about `size`, a group never split (a change is one group). */
export function slices(groups: Statement[][], size: number): Statement[][] {
  const out: Statement[][] = [];
  let slice: Statement[] = [];
  for (const group of groups) {
    if (slice.length > 0 && slice.length + group.length > size) {
      out.push(slice);
      slice = [];
    }
    slice.push(...group);
  }
  if (slice.length > 0) out.push(slice);
  return out;
}
