/**
 * Booth health: where a heartbeat goes. Online/degraded/offline as intervals, the sweep, and the
 * service that puts together outage alerts (outage-alerts.server.ts), remote commands
 * (commands.server.ts) and the staff read model with uptime (uptime.server.ts). Decision 0014.
 *
 * Heartbeats must be cheap (3,500 booths every 10 s): the current state of every booth lives
 * in memory and is authoritative on this node. The database gets
 *   - booth_status_interval rows only when a status changes (close the current one, open the next,
 *     in one batch, before the reply), never a row per beat;
 *   - the booth_health snapshot on a change, and otherwise at most every `persistEveryMs` per
 *     booth, flushed by the sweep in one batch (what a restart restores from);
 *   - about every second (`aliveEveryMs`), one statement moving the booths' last beats forward
 *     and the app's own heartbeat row, so a restart knows each booth's last beat and when the
 *     app itself stopped, each within about a second (issue 13).
 * The sweep (every `sweepMs`) turns booths silent for BOOTH_OFFLINE_AFTER_MS offline — as of the
 * moment they went silent (last beat + threshold), not as of the sweep — sends outage alerts,
 * and expires commands nobody collected. One node owns the state, as with the call queue.
 *
 * Several nodes (`shared`, decision 0030): the state lives in Redis instead (health-store.server.ts)
 * and every node takes beats and answers staff reads; the sweep and the last-beat writes run on the
 * one node that holds the lease (health-shared.server.ts). The database writes are the same.
 */

import { type BoothCommandKind, type Db, schema } from '@madoguchi/db';
import { eq, inArray } from 'drizzle-orm';
import { type BoothStatus, type Heartbeat, isSilent, nextStatus, snapshotOf, statusOfBeat } from '../../domain/booth-health';
import { effectiveCalendar } from '../../domain/popups/popup-events';
import type { Logger } from '../platform/logger';
import { during } from '../platform/loop-monitor';
import type { WebhookSenderOptions } from '../platform/outbound-webhook.server';
import { ttlCache } from '../platform/ttl-cache';
import { createPopupService } from '../popups/popups.server';
import type { BoothPrincipal } from './booth-auth.server';
import { calendarOf } from './booths.server';
import { createBoothCommands } from './commands.server';
import { createSharedHealth } from './health-shared.server';
import { type BoothMeta, type BoothState, type BoothStateReader, presentHealth } from './health-state';
import { createHealthStore, type SharedHealth } from './health-store.server';
import { ALERT_SLICE, createHealthWrites, FLUSH_SLICE, type Statement, slices, yieldTurn } from './health-writes.server';
import { createOutageAlerts } from './outage-alerts.server';
import { createBoothHealthReads } from './uptime.server';

export { boothInCall, type CommandResult, commandNotFound, type SelfTestResult } from './commands.server';

const { booth } = schema;

/** Booths whose calendar is read per query when the sweep needs many (a turn of the event loop between queries). */
const META_SLICE = 250;

export interface BoothHealthConfig {
  heartbeatMs: number;
  offlineAfterMs: number;
  /** How often the sweep runs (offline detection, snapshot flush, alerts). */
  sweepMs?: number;
  /** A booth's snapshot is written at most this often while its status stays the same. */
  persistEveryMs?: number;
  /** How often the booths' last beats and the app's own heartbeat are written (about 1 s). */
  aliveEveryMs?: number;
  /** Booth calendars and municipality alert settings are re-read after this long. */
  metaTtlMs?: number;
  /** Commands nobody collected (or finished) within this time become 'expired'. */
  commandTtlMs?: number;
  /** Webhook timeout. */
  alertTimeoutMs?: number;
  /** PUBLIC_ORIGIN is https: outage webhooks go to https URLs only. */
  httpsOnlyWebhooks?: boolean;
}

export interface BoothHealthDeps {
  db: Db;
  /**
   * The connection the health writes go through (status intervals, snapshots, last beats, the app's
   * heartbeat): on a local file the app's own opened at `synchronous = NORMAL`, so these commits
   * do not wait for the disk on the event loop (decision 0039). Defaults to `db`.
   */
  writesDb?: Db;
  logger: Logger;
  config: BoothHealthConfig;
  now?: () => number;
  /**
   * How the outage webhook reaches its URL. Tests pass their own address check here (to reach a
   * loopback listener) or resolver; nothing else can widen it — there is no setting for it.
   */
  webhook?: Pick<WebhookSenderOptions, 'checkAddress' | 'resolve'>;
  /**
   * Several nodes: the booths' state in Redis, read and written by every node. Then heartbeats,
   * reads and commands work without start(); start()/stop() start and stop the sweep and the
   * last-beat writes, on the node holding the lease only.
   */
  shared?: SharedHealth | undefined;
}

export interface BeatReply {
  status: Exclude<BoothStatus, 'offline'>;
  maintenance: boolean;
  heartbeatMs: number;
  commands: { id: string; kind: BoothCommandKind }[];
}

export type BoothHealthService = ReturnType<typeof createBoothHealthService>;

export function createBoothHealthService({
  db,
  writesDb = db,
  logger,
  config,
  now: clock = Date.now,
  webhook = {},
  shared,
}: BoothHealthDeps) {
  const sweepMs = config.sweepMs ?? 2_000;
  const persistEveryMs = config.persistEveryMs ?? 30_000;
  const aliveEveryMs = config.aliveEveryMs ?? 1_000;
  const metaTtlMs = config.metaTtlMs ?? 30_000;
  const commandTtlMs = config.commandTtlMs ?? 10 * 60_000;
  const alertTimeoutMs = config.alertTimeoutMs ?? 5_000;

  const states = new Map<string, BoothState>();
  let timer: NodeJS.Timeout | undefined;
  let aliveTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | null = null;

  const writes = createHealthWrites(writesDb);
  const { serial } = writes;
  const store = shared ? createHealthStore(shared) : null;

  // Per node, also with several nodes: an edited booth or pop-up event is read afresh here at once
  // (forget), and on the other nodes within metaTtlMs (30 s) — the documented bound (decision 0030).
  const popups = createPopupService(db, { clock });
  /**
   * Booths' names and calendars, a slice per query with a turn of the event loop between slices.
   * One query per booth never yields on a local libSQL file (each runs synchronously): 3,000 booths
   * held the event loop for seconds when a node took the lease over, past its own lease renewal.
   * A portable booth at a pop-up event is open at the event's hours (decision 0035): alerts follow them.
   */
  async function readMetas(ids: readonly string[]): Promise<Map<string, BoothMeta>> {
    const out = new Map<string, BoothMeta>();
    for (let i = 0; i < ids.length; i += META_SLICE) {
      if (i > 0) await yieldTurn();
      const slice = ids.slice(i, i + META_SLICE);
      const rows = await db
        .select({ id: booth.id, name: booth.name, municipalityId: booth.municipalityId, calendar: booth.calendar })
        .from(booth)
        .where(inArray(booth.id, slice));
      const events = await popups.boothsEvents(slice, new Date(clock()));
      for (const row of rows) {
        const calendar = effectiveCalendar(calendarOf(row), events.get(row.id) ?? []);
        out.set(row.id, { name: row.name, municipalityId: row.municipalityId, calendar });
      }
    }
    return out;
  }
  const boothMeta = ttlCache<BoothMeta>(metaTtlMs, clock, async (boothId) => (await readMetas([boothId])).get(boothId) ?? null);
  /** Many booths' names and calendars at once (the sweep, the offline banner): the uncached ones read by readMetas. */
  const metaOfMany = (boothIds: Iterable<string>) => boothMeta.getMany(boothIds, readMetas);

  // Public addresses only, checked after DNS and pinned for the connection (decision 0017).
  const sender = { timeoutMs: alertTimeoutMs, httpsOnly: config.httpsOnlyWebhooks ?? false, ...webhook };
  const { checkAlert } = createOutageAlerts({ db, logger, clock, metaTtlMs, serial, sender });
  const noteRequested = store
    ? (boothId: string, maintenance: boolean | null) => store.requested(boothId, maintenance)
    : (boothId: string, maintenance: boolean | null) => {
        const s = states.get(boothId);
        if (s) {
          s.hasPendingCommands = true;
          if (maintenance !== null) s.maintenance = maintenance;
        }
      };
  const { deliverCommands, expire: expireCommands, ...remoteCommands } = createBoothCommands({ db, clock, commandTtlMs, noteRequested });
  const sharedHealth = store
    ? createSharedHealth({
        store,
        writes,
        logger,
        clock,
        config: { heartbeatMs: config.heartbeatMs, offlineAfterMs: config.offlineAfterMs, persistEveryMs },
        checkAlert,
        metaOfMany,
        deliverCommands,
        expireCommands,
      })
    : null;
  const reader: BoothStateReader = store
    ? {
        get: async (ids) => new Map([...(await store.readMany(ids))].map(([id, r]) => [id, r.state])),
        offline: async () => [...(await store.readMany(await store.offlineBooths())).values()].map((r) => r.state),
      }
    : {
        get: async (ids) => new Map(ids.flatMap((id) => (states.has(id) ? [[id, states.get(id)!] as const] : []))),
        offline: async () => states.values(),
      };
  const reads = createBoothHealthReads({ db, clock, states: reader, metaOfMany, popups });

  async function heartbeat(principal: BoothPrincipal, beat: Heartbeat): Promise<BeatReply> {
    if (sharedHealth) return sharedHealth.heartbeat(principal, beat);
    const at = clock();
    let s = states.get(principal.boothId);
    let first = false;
    if (!s) {
      s = await writes.newState(principal, at);
      // Another beat of the same booth may have got here first.
      const again = states.get(principal.boothId);
      if (again) s = again;
      else {
        states.set(principal.boothId, s);
        first = true;
      }
    }
    const next = nextStatus(s.status, s.streak, statusOfBeat(beat), at);
    const status = next.status;
    s.streak = next.streak;
    s.lastBeatAt = at;
    s.graceUntil = null;
    if (s.appVersion !== beat.appVersion) s.dirty = true;
    s.appVersion = beat.appVersion;
    s.snapshot = snapshotOf(beat);
    let written: Promise<unknown> | undefined;
    if (first || next.changed) {
      const from = s.status;
      // As of the first beat of an agreeing streak (never before the current interval began).
      const changeAt = first ? at : Math.max(next.since, s.since);
      s.status = status;
      s.since = changeAt;
      s.alertedAt = null;
      s.dirty = false;
      s.persistedAt = at;
      const group = writes.change(s, changeAt);
      written = serial(() => writes.db.batch(group as [Statement, ...Statement[]]));
      if (!first) logger.info({ boothId: s.boothId, from, to: status }, 'booth status changed');
    } else if (at - s.persistedAt >= persistEveryMs) {
      s.dirty = true;
    }
    const commands = s.hasPendingCommands ? await deliverCommands(s, at) : [];
    if (written) await written;
    return { status, maintenance: s.maintenance, heartbeatMs: config.heartbeatMs, commands };
  }

  async function sweepOnce(): Promise<void> {
    if (sharedHealth) return sharedHealth.sweep();
    const at = clock();
    // A status change is one group (close, open, snapshot): never split across batches.
    const groups: Statement[][] = [];
    const snapshots: BoothState[] = [];
    for (const s of states.values()) {
      if (s.status !== 'offline' && isSilent(s.lastBeatAt, at, config.offlineAfterMs) && (s.graceUntil === null || at >= s.graceUntil)) {
        const wentSilent = s.lastBeatAt + config.offlineAfterMs;
        logger.info({ boothId: s.boothId, from: s.status, to: 'offline' }, 'booth status changed');
        s.status = 'offline';
        s.streak = null;
        s.graceUntil = null;
        s.since = wentSilent;
        s.alertedAt = null;
        s.dirty = false;
        s.persistedAt = at;
        groups.push(writes.change(s, wentSilent));
      } else if (s.dirty) {
        s.dirty = false;
        s.persistedAt = at;
        snapshots.push(s);
      }
    }
    // Snapshots SNAPSHOT_SLICE booths to a statement, each its own batch (a booth is in one of the two lists).
    const batches = [...slices(groups, FLUSH_SLICE), ...writes.snapshotBatches(snapshots)];
    // In small slices with a turn of the event loop between them: a local libSQL file runs each
    // batch (and its fsync) synchronously, so one big batch would hold every heartbeat behind it
    // (measured: 60 upserts ≈ 12–45 ms on a busy 2-core box, 15 ≈ 2–4 ms).
    // Every slice is put in the write queue NOW, before any await, in the order of the in-memory
    // changes above: a heartbeat arriving during the sweep queues its own write after them, so the
    // database never sees the sweep's (older) change land on top of the beat's (newer) one.
    // The turn of the event loop happens inside the queued step.
    const written = batches.map((batch) =>
      serial(async () => {
        await yieldTurn();
        await writes.db.batch(batch as [Statement, ...Statement[]]);
      }),
    );
    await Promise.all(written);
    // Their calendars in a few queries first (cached), then the checks a slice per turn of the event loop.
    const unalerted = [...states.values()].filter((s) => s.status === 'offline' && s.alertedAt === null);
    const metas = await metaOfMany(unalerted.map((s) => s.boothId));
    for (let i = 0; i < unalerted.length; i++) {
      if (i > 0 && i % ALERT_SLICE === 0) await yieldTurn();
      const s = unalerted[i]!;
      if (s.status === 'offline' && s.alertedAt === null) {
        await checkAlert(s, at, metas.get(s.boothId)).catch((err: unknown) =>
          logger.warn({ err, boothId: s.boothId }, 'outage alert check failed'),
        );
      }
    }
    await expireCommands(at);
  }

  /** One sweep at a time; a caller (a test, stop()) may await the one under way. */
  function sweep(): Promise<void> {
    sweeping ??= sweepOnce().finally(() => {
      sweeping = null;
    });
    return sweeping;
  }

  /**
   * The booths' last beats, where they moved since the last write, and the app's own heartbeat,
   * in one small batch (one statement for all booths: a JSON object of id → last beat). Queued
   * with the interval writes, so it never lands before a change it follows.
   */
  async function persistBeats(): Promise<void> {
    if (sharedHealth) return sharedHealth.persistBeats();
    const at = clock();
    const beats: Record<string, number> = {};
    for (const s of states.values()) {
      if (s.lastBeatAt <= s.beatPersistedAt) continue;
      beats[s.boothId] = s.lastBeatAt;
      s.beatPersistedAt = s.lastBeatAt;
    }
    try {
      await writes.writeBeats(beats, at);
    } catch (error) {
      // Not written: the next write carries these beats again.
      for (const boothId of Object.keys(beats)) {
        const s = states.get(boothId);
        if (s && s.beatPersistedAt === beats[boothId]) s.beatPersistedAt = 0;
      }
      throw error;
    }
  }

  /**
   * Rebuilds the in-memory state from the database: the current intervals and the last snapshots.
   * The app's own last heartbeat says whether a booth went silent while the app could hear it: one
   * whose last beat is within the threshold of it was still beating when the app stopped, so the
   * app's outage is not its own — it becomes offline only if it stays silent for the threshold
   * after this start, and then as of its last beat + threshold (decision 0014).
   * Several nodes: rebuilds Redis from the database if Redis lost it (health-shared.server.ts).
   */
  async function restore(): Promise<void> {
    if (sharedHealth) return sharedHealth.restoreIfLost();
    const appAlive = await writes.appAliveAt();
    const startedAt = clock();
    for (const stored of await writes.storedStates()) {
      const beatingWhenAppStopped =
        stored.status !== 'offline' && appAlive !== null && stored.lastBeatAt + config.offlineAfterMs > appAlive;
      states.set(stored.boothId, { ...stored, graceUntil: beatingWhenAppStopped ? startedAt + config.offlineAfterMs : null });
    }
  }

  return {
    heartbeat,
    sweep,
    restore,
    uptimeFor: reads.uptimeFor,

    persistBeats,

    /**
     * One node: restores the state, then runs the sweep and the last-beat writes until stop().
     * Several nodes: the same periodic work, called on the node that takes the lease (it rebuilds
     * Redis from the database first if Redis lost the state).
     */
    async start() {
      if (timer) return; // already started (a lease taken twice without losing it in between)
      if (sharedHealth) await sharedHealth.takeOver();
      else await restore();
      await persistBeats();
      await sweep();
      timer = setInterval(() => {
        during('health-sweep', sweep).catch((err: unknown) => logger.error({ err }, 'booth health sweep failed'));
      }, sweepMs);
      timer.unref();
      aliveTimer = setInterval(() => {
        during('health-last-beats', persistBeats).catch((err: unknown) =>
          logger.error({ err }, 'booth last beats and app heartbeat not written'),
        );
      }, aliveEveryMs);
      aliveTimer.unref();
    },

    /** The booth (calendar, name) or one of its pop-up events changed: read it afresh on next use. */
    forget(boothId: string) {
      boothMeta.forget(boothId);
    },

    /**
     * Stops the timers; the last beats and the app's heartbeat are written as it stops. Several
     * nodes: called when the node loses the lease (or shuts down); beats and reads go on.
     */
    async stop() {
      if (timer) clearInterval(timer);
      if (aliveTimer) clearInterval(aliveTimer);
      timer = undefined;
      aliveTimer = undefined;
      await sweeping;
      await persistBeats().catch((err: unknown) => logger.error({ err }, 'booth last beats not written at stop'));
      await writes.drained();
    },

    /** One node: the in-memory state of a booth (null = never seen). Several nodes: use healthOf. */
    stateOf(boothId: string) {
      if (store) throw new Error("stateOf reads this node's memory: with shared state, use healthOf");
      return presentHealth(states.get(boothId));
    },

    /** A booth's current health, wherever it is kept (null = never seen). */
    async healthOf(boothId: string) {
      return presentHealth((await reader.get([boothId])).get(boothId));
    },

    /** Is the booth in maintenance (the booth-session route refuses calls then)? */
    async inMaintenance(boothId: string): Promise<boolean> {
      const known = store ? (await store.read(boothId)).maintenance : (states.get(boothId)?.maintenance ?? null);
      if (known !== null) return known;
      const row = await db.query.booth.findFirst({ where: eq(booth.id, boothId), columns: { maintenance: true } });
      return row?.maintenance ?? false;
    },

    /** Booths within the actor's reach with their health and uptime; one booth; the offline banner. */
    list: reads.list,
    detail: reads.detail,
    offlineInOpening: reads.offlineInOpening,

    /** Remote commands: staff request them, the booth reports what they did. */
    commands: remoteCommands.commands,
    requestCommand: remoteCommands.requestCommand,
    commandResult: remoteCommands.commandResult,
  };
}
