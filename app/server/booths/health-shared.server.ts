/**
 * Booth health on several app nodes (decision 0030): the state in Redis (health-store.server.ts),
 * the status decided by the same pure domain (nextStatus) and written with a compare-and-set on the
 * booth's version. Every node takes beats (two Redis round trips: read, write) and answers reads;
 * the sweep, the snapshot flush, outage alerts, command expiry and the last-beat / app-heartbeat
 * writes run on the one node holding the lease (start()/stop() of the health service).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { BoothCommandKind } from '@madoguchi/db';
import { type Heartbeat, isSilent, nextStatus, snapshotOf, statusOfBeat } from '../../domain/booth-health';
import { isOpen } from '../../domain/calendar';
import type { Logger } from '../platform/logger';
import { during } from '../platform/loop-monitor';
import type { BoothPrincipal } from './booth-auth.server';
import type { BoothMeta, BoothState } from './health-state';
import { CHANGE_LOCK_MS, type HealthStore, type Versioned } from './health-store.server';
import { ALERT_SLICE, FLUSH_SLICE, type HealthWrites, type Statement, yieldTurn } from './health-writes.server';

export interface SharedHealthDeps {
  store: HealthStore;
  writes: HealthWrites;
  logger: Logger;
  clock: () => number;
  config: { heartbeatMs: number; offlineAfterMs: number; persistEveryMs: number };
  /** `meta`: the booth's name and calendar, as read by metaOfMany. */
  checkAlert: (s: BoothState, at: number, meta: BoothMeta | undefined) => Promise<void>;
  /** Booths' calendars (cached per node, read a slice per query): closed booths are not read for alerts. */
  metaOfMany: (boothIds: Iterable<string>) => Promise<ReadonlyMap<string, BoothMeta>>;
  deliverCommands: (s: BoothState, at: number) => Promise<{ id: string; kind: BoothCommandKind }[]>;
  expireCommands: (at: number) => Promise<void>;
}

/** How long a beat waits before reading again while another change of its booth is being written. */
const LOCK_WAIT_MS = 5;
/** Beats already written are looked for again this far back (clocks of nodes, beats in flight). */
const BEAT_SLACK_MS = 5_000;
/** Silent booths turned offline side by side by the sweep (their compare-and-sets pipelined on the connection). */
const TURN_SLICE = 100;

export function createSharedHealth({
  store,
  writes,
  logger,
  clock,
  config,
  checkAlert,
  metaOfMany,
  deliverCommands,
  expireCommands,
}: SharedHealthDeps) {
  const { offlineAfterMs, heartbeatMs, persistEveryMs } = config;
  // The sweeping node's own bookkeeping: which last beats it has written, and since when to look.
  const beatPersisted = new Map<string, number>();
  let beatsWrittenUpTo = 0;
  // Booths whose current outage this sweeper knows is alerted: not read again while they stay offline.
  const alerted = new Set<string>();
  /** When this node, sweeping, last reached Redis (real time, and the service's clock): a longer gap than a beat is covered by grace. */
  let heardAt: { real: number; at: number } | null = null;

  /** Writes a change's interval rows in this node's queue, then lets the booth's next change through. */
  async function writeChange(boothId: string, lock: string, group: Statement[]) {
    try {
      await writes.serial(() => writes.db.batch(group as [Statement, ...Statement[]]));
    } finally {
      await store.unlock(boothId, lock);
    }
  }

  async function heartbeat(principal: BoothPrincipal, beat: Heartbeat) {
    const seen = statusOfBeat(beat);
    const snapshot = snapshotOf(beat);
    const giveUpAt = performance.now() + CHANGE_LOCK_MS + 1_000;
    while (performance.now() < giveUpAt) {
      const at = clock();
      const read = await store.read(principal.boothId);
      let s = read.state;
      let initial: { maintenance: boolean; commands: boolean } | undefined;
      let first = false;
      if (!s) {
        // Unknown in Redis: the booth as the database knows it (Redis lost it, and the sweeper has
        // not rebuilt it yet), else as a booth seen for the first time on one node.
        const [stored] = await writes.storedStates(principal.boothId);
        s = stored ? { ...stored, graceUntil: null } : await writes.newState(principal, at);
        first = !stored;
        initial = { maintenance: s.maintenance, commands: s.hasPendingCommands };
        // A staff request that reached Redis before this beat is newer than the database read.
        if (read.maintenance !== null) s.maintenance = read.maintenance;
        s.hasPendingCommands ||= read.commands;
      }
      const next = nextStatus(s.status, s.streak, seen, at);
      const from = s.status;
      let dirty = s.appVersion !== beat.appVersion;
      s.streak = next.streak;
      s.lastBeatAt = at;
      s.graceUntil = null;
      s.appVersion = beat.appVersion;
      s.snapshot = snapshot;
      const change = first || next.changed;
      let changeAt = at;
      if (change) {
        changeAt = first ? at : Math.max(next.since, s.since);
        s.status = next.status;
        s.since = changeAt;
        s.alertedAt = null;
        s.persistedAt = at;
        dirty = false;
      } else if (dirty || at - s.persistedAt >= persistEveryMs) {
        // The sweeping node writes the snapshot; this beat claims the time, so others do not mark it again.
        dirty = true;
        s.persistedAt = at;
      }
      const takeCommands = s.hasPendingCommands;
      const { result, lock } = await store.write(read.version, {
        state: s,
        change,
        dirty,
        takeCommands,
        ...(initial ? { initial } : {}),
      });
      if (result === 0) continue;
      if (result === -1) {
        await sleep(LOCK_WAIT_MS);
        continue;
      }
      const written = lock ? writeChange(s.boothId, lock, writes.change(s, changeAt)) : undefined;
      if (change && !first) logger.info({ boothId: s.boothId, from, to: next.status }, 'booth status changed');
      const commands = takeCommands ? await deliverCommands(s, at) : [];
      if (written) await written;
      return { status: next.status, maintenance: s.maintenance, heartbeatMs, commands };
    }
    throw new Error('booth health: the booth state kept changing under this beat');
  }

  /** Turns one silent booth offline (as of last beat + threshold); the change group and its lock, or null. */
  async function turnOffline(boothId: string, read: Versioned, at: number) {
    for (let attempt = 0; attempt < 5 && read.state; attempt++) {
      const s = read.state;
      if (s.status === 'offline' || !isSilent(s.lastBeatAt, at, offlineAfterMs) || (s.graceUntil !== null && at < s.graceUntil)) {
        return null;
      }
      const from = s.status;
      const wentSilent = s.lastBeatAt + offlineAfterMs;
      Object.assign(s, { status: 'offline', streak: null, graceUntil: null, since: wentSilent, alertedAt: null, persistedAt: at });
      const { result, lock } = await store.write(read.version, { state: s, change: true, dirty: false, takeCommands: false });
      // A change of the booth is being written right now: it is beating again; the next sweep sees.
      if (result === -1) return null;
      if (result === 1 && lock) {
        logger.info({ boothId, from, to: 'offline' }, 'booth status changed');
        return { boothId, lock, group: writes.change(s, wentSilent) };
      }
      read = await store.read(boothId);
    }
    return null;
  }

  /** Keeps the first-known alert time of the booth's current outage in Redis (the claim itself is in the database). */
  async function noteAlerted(boothId: string, since: number, alertedAt: number) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const read = await store.read(boothId);
      const s = read.state;
      if (s?.status !== 'offline' || s.since !== since || s.alertedAt !== null) return;
      s.alertedAt = alertedAt;
      const { result } = await store.write(read.version, { state: s, change: false, dirty: false, takeCommands: false });
      if (result === 1) return;
    }
  }

  async function sweep(): Promise<void> {
    await restoreIfLost();
    await coverGap();
    const at = clock();
    // Snapshots first: once a booth's change is decided in Redis, only its database write is left to do.
    // Each step tagged for the loop monitor: a stall during the sweep names the step.
    const due = await during('health-sweep:dirty', async () => store.readMany(await store.takeDirty()));
    const changes: { boothId: string; lock: string; group: Statement[] }[] = [];
    const candidates = await during('health-sweep:silent', async () => store.readMany(await store.silentSince(at - offlineAfterMs)));
    // Booth by booth they are independent: sent TURN_SLICE at a time, not one round trip after another.
    const silent = [...candidates];
    for (let i = 0; i < silent.length; i += TURN_SLICE) {
      const turned = await Promise.all(silent.slice(i, i + TURN_SLICE).map(([boothId, read]) => turnOffline(boothId, read, at)));
      for (const changed of turned) if (changed) changes.push(changed);
    }
    const changedIds = new Set(changes.map((c) => c.boothId));
    const snapshots = [...due.values()].filter((r) => !changedIds.has(r.state.boothId)).map((r) => r.state);
    // Slices as on one node (a turn of the event loop between them); each slice's locks are released once it is written.
    const batches: { statements: Statement[]; locks: [string, string][] }[] = [];
    let current: (typeof batches)[number] = { statements: [], locks: [] };
    for (const { boothId, lock, group } of changes) {
      if (current.statements.length > 0 && current.statements.length + group.length > FLUSH_SLICE) {
        batches.push(current);
        current = { statements: [], locks: [] };
      }
      current.statements.push(...group);
      if (lock) current.locks.push([boothId, lock]);
    }
    if (current.statements.length > 0) batches.push(current);
    // Snapshots SNAPSHOT_SLICE booths to a statement, each its own batch (decision 0043).
    for (const statements of writes.snapshotBatches(snapshots)) batches.push({ statements, locks: [] });
    const written = batches.map(({ statements, locks }) =>
      writes
        .serial(async () => {
          await yieldTurn();
          await writes.db.batch(statements as [Statement, ...Statement[]]);
        })
        .finally(() => Promise.all(locks.map(([boothId, lock]) => store.unlock(boothId, lock)))),
    );
    await during('health-sweep:write', () => Promise.all(written));
    await during('health-sweep:alerts', () => alertOutages(at, changedIds));
    await during('health-sweep:commands', () => expireCommands(at));
  }

  /**
   * Outage alerts as on one node (checkAlert claims each in the database once). Only booths offline,
   * open now, and not known to be alerted are read from Redis: at night every booth may be offline.
   */
  async function alertOutages(at: number, changedNow: ReadonlySet<string>) {
    const offline = new Set(await store.offlineBooths());
    for (const id of alerted) if (!offline.has(id) || changedNow.has(id)) alerted.delete(id);
    // After a take-over (`alerted` empty) this is every offline booth: calendars a slice per query,
    // and a turn of the event loop between slices, so the lease keeps being renewed meanwhile.
    const unknown = [...offline].filter((id) => !alerted.has(id));
    const metas = await metaOfMany(unknown);
    const due: string[] = [];
    for (let i = 0; i < unknown.length; i++) {
      if (i > 0 && i % ALERT_SLICE === 0) await yieldTurn();
      const meta = metas.get(unknown[i]!);
      if (meta && isOpen(meta.calendar, new Date(at))) due.push(unknown[i]!);
    }
    let checked = 0;
    for (const { state: s } of (await store.readMany(due)).values()) {
      if (s.status !== 'offline') continue;
      if (++checked % ALERT_SLICE === 0) await yieldTurn();
      if (s.alertedAt === null) {
        await checkAlert(s, at, metas.get(s.boothId)).catch((err: unknown) =>
          logger.warn({ err, boothId: s.boothId }, 'outage alert check failed'),
        );
        if (s.alertedAt !== null) await noteAlerted(s.boothId, s.since, s.alertedAt);
      }
      if (s.alertedAt !== null) alerted.add(s.boothId);
    }
  }

  /** The last beats that moved since the last write (from Redis), with the app's own heartbeat. */
  async function persistBeats(): Promise<void> {
    const at = clock();
    const moved = await store.beatsAfter(beatsWrittenUpTo - BEAT_SLACK_MS);
    const beats: Record<string, number> = {};
    let newest = beatsWrittenUpTo;
    for (const [boothId, lastBeatAt] of moved) {
      newest = Math.max(newest, lastBeatAt);
      if (lastBeatAt <= (beatPersisted.get(boothId) ?? 0)) continue;
      beats[boothId] = lastBeatAt;
    }
    await writes.writeBeats(beats, at);
    for (const [boothId, lastBeatAt] of Object.entries(beats)) beatPersisted.set(boothId, lastBeatAt);
    beatsWrittenUpTo = newest;
  }

  /**
   * Redis lost the booths' state (a restart without persistence, a flush): rebuilt from the
   * database, booth by booth only where no beat has put a newer state since (version 0). Grace as
   * on one node (decision 0014), but only if the app was deaf: its heartbeat row (written every
   * second by the sweeping node) is at least one beat period old, so booths' beats may have been lost.
   */
  async function restoreIfLost(): Promise<void> {
    if (await store.isRestored()) return;
    const appAlive = await writes.appAliveAt();
    const startedAt = clock();
    const deaf = appAlive !== null && startedAt - appAlive >= heartbeatMs;
    const stored = await writes.storedStates();
    const one = (s: (typeof stored)[number]) => {
      const beatingWhenDeaf = deaf && s.status !== 'offline' && s.lastBeatAt + offlineAfterMs > appAlive;
      const state = { ...s, graceUntil: beatingWhenDeaf ? startedAt + offlineAfterMs : null };
      const initial = { maintenance: s.maintenance, commands: s.hasPendingCommands };
      return store.write('0', { state, change: false, dirty: false, takeCommands: false, initial });
    };
    // Sent 500 at a time without waiting for each answer (ioredis pipelines them on the connection).
    for (let i = 0; i < stored.length; i += 500) await Promise.all(stored.slice(i, i + 500).map(one));
    await store.markRestored();
    logger.info({ booths: stored.length }, 'booth health state rebuilt in Redis from the database');
  }

  /**
   * Booths that were beating when the app stopped hearing them (at `deafSince`) are not turned
   * offline before the threshold has passed after `at` (decision 0014's grace); if they stay
   * silent, they are offline as of their last beat + threshold all the same.
   */
  async function graceFor(deafSince: number, at: number) {
    const beating = [...(await store.readMany(await store.beatingBooths()))];
    const one = async ([boothId, read]: [string, Versioned]) => {
      let r = read;
      for (let attempt = 0; attempt < 5 && r.state; attempt++) {
        if (r.state.lastBeatAt + offlineAfterMs <= deafSince || r.state.lastBeatAt > deafSince) return;
        r.state.graceUntil = at + offlineAfterMs;
        if ((await store.write(r.version, { state: r.state, change: false, dirty: false, takeCommands: false })).result === 1) return;
        r = await store.read(boothId);
      }
    };
    for (let i = 0; i < beating.length; i += 500) await Promise.all(beating.slice(i, i + 500).map(one));
  }

  /**
   * The node takes the lease. Redis kept the state (another node swept until now): nothing to
   * rebuild, and the beats other nodes took meanwhile are in it. If no node wrote the app's
   * heartbeat for a beat period or more (every node was down, Redis was not), booths that were
   * beating then get the same grace as after a restart on one node.
   */
  async function takeOver(): Promise<void> {
    // Another node swept meanwhile: what this one remembered of alerts may be out of date.
    alerted.clear();
    if (!(await store.isRestored())) await restoreIfLost();
    else {
      const appAlive = await writes.appAliveAt();
      const at = clock();
      if (appAlive !== null && at - appAlive >= heartbeatMs) await graceFor(appAlive, at);
    }
    heardAt = { real: performance.now(), at: clock() };
  }

  /**
   * The sweeper could not reach Redis for a beat period or more (the sweep failed, or did not run):
   * the booths' beats could not be stored either, so their last beats in Redis are stale through no
   * fault of theirs. Real time, not the service's clock: this is about the process, not the booths.
   */
  async function coverGap() {
    const now = { real: performance.now(), at: clock() };
    if (heardAt !== null && now.real - heardAt.real >= heartbeatMs) await graceFor(heardAt.at, now.at);
    heardAt = now;
  }

  return { heartbeat, sweep, persistBeats, restoreIfLost, takeOver };
}
