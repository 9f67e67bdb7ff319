/**
 * Booth health: heartbeats, online/degraded/offline as intervals, uptime, outage alerts and
 * remote commands (self-test, reload, maintenance screen). Decision 0014.
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
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, lt, min, or, sql } from 'drizzle-orm';
import { schema, type BoothCommandKind, type BoothCommandStatus, type Db } from '@madoguchi/db';
import { isOpen, type OpeningCalendar } from '../../domain/calendar';
import { isSilent, nextStatus, snapshotOf, statusOfBeat, type BoothStatus, type Heartbeat, type StatusStreak } from '../../domain/booth-health';
import { openingSpans, uptimeWithinOpening, type StatusInterval, type Uptime } from '../../domain/uptime';
import { currentPeriods } from '../../domain/reports/periods';
import { recordAudit } from '../records/audit.server';
import { municipalityFilter, requirePermission, requireWithin } from '../auth/authorize.server';
import { boothNotFound, calendarOf } from './booths.server';
import { Problem } from '../platform/problems';
import type { Logger } from '../platform/logger';
import { createWebhookSender, WebhookRefused, type WebhookSenderOptions } from '../platform/outbound-webhook.server';
import type { AccountPrincipal } from '../auth/login.server';
import type { BoothPrincipal } from './booth-auth.server';

const { booth, boothHealth, boothStatusInterval, boothCommand, municipality, appHeartbeat } = schema;

/** The app's heartbeat row: one node owns the booths' state (decision 0002). */
const NODE = 'app';

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
  logger: Logger;
  config: BoothHealthConfig;
  now?: () => number;
  /**
   * How the outage webhook reaches its URL. Tests pass their own address check here (to reach a
   * loopback listener) or resolver; nothing else can widen it — there is no setting for it.
   */
  webhook?: Pick<WebhookSenderOptions, 'checkAddress' | 'resolve'>;
}

interface BoothState {
  boothId: string;
  municipalityId: string;
  status: BoothStatus;
  /** Beats in a row disagreeing with `status` (hysteresis, domain nextStatus). */
  streak: StatusStreak | null;
  /** Start of the current interval. */
  since: number;
  lastBeatAt: number;
  appVersion: string | null;
  snapshot: Record<string, string | number | null> | null;
  maintenance: boolean;
  /** Alert sent for the current (offline) interval. */
  alertedAt: number | null;
  alerting: boolean;
  hasPendingCommands: boolean;
  /** Snapshot not yet in booth_health, and when it was last written. */
  dirty: boolean;
  persistedAt: number;
  /** The last beat as booth_health holds it (moved forward about every second). */
  beatPersistedAt: number;
  /**
   * After a restart, a booth that was beating when the app stopped is not turned offline before
   * this time: its beats could not arrive while the app was down (decision 0014).
   */
  graceUntil: number | null;
}

interface BoothMeta {
  name: string;
  municipalityId: string;
  calendar: OpeningCalendar;
  loadedAt: number;
}
interface TownMeta {
  code: string;
  alertWebhookUrl: string | null;
  outageAlertMinutes: number;
  loadedAt: number;
}

/** Statements per database batch in the sweep (a change is 3 statements, a snapshot 1). */
const FLUSH_SLICE = 15;

export const commandNotFound = () =>
  new Problem(404, 'command_not_found', { ja: '指定されたコマンドは存在しません。', en: 'No such command.' });

export const boothInCall = () =>
  new Problem(409, 'booth_in_call', {
    ja: 'ブースは住民の方と通話中（または順番待ち）のため実行できません。通話が終わってから、もう一度操作してください。',
    en: 'The booth is in a call with a resident (or one is waiting). Try again after the call has ended.',
  });

/** What a self-test found (codes and figures only). */
export interface SelfTestResult {
  camera: { result: 'pass' | 'fail' | 'skipped'; variance?: number | undefined; width?: number | undefined; height?: number | undefined; error?: string | undefined };
  microphone: { result: 'pass' | 'fail' | 'skipped'; rms?: number | undefined; error?: string | undefined };
  speaker: { result: 'pass' | 'fail' | 'skipped'; played: boolean; error?: string | undefined };
  livekit: { result: 'pass' | 'fail' | 'skipped'; httpStatus?: number | undefined; ms?: number | undefined; error?: string | undefined };
  network: { result: 'pass' | 'fail' | 'skipped'; rttMs?: number | undefined; samples: number; error?: string | undefined };
}

export interface CommandResult {
  status: 'completed' | 'failed';
  error?: string | undefined;
  selfTest?: SelfTestResult | undefined;
}

export interface BeatReply {
  status: Exclude<BoothStatus, 'offline'>;
  maintenance: boolean;
  heartbeatMs: number;
  commands: { id: string; kind: BoothCommandKind }[];
}

export type BoothHealthService = ReturnType<typeof createBoothHealthService>;

export function createBoothHealthService({ db, logger, config, now: clock = Date.now, webhook = {} }: BoothHealthDeps) {
  const sweepMs = config.sweepMs ?? 2_000;
  const persistEveryMs = config.persistEveryMs ?? 30_000;
  const aliveEveryMs = config.aliveEveryMs ?? 1_000;
  const metaTtlMs = config.metaTtlMs ?? 30_000;
  const commandTtlMs = config.commandTtlMs ?? 10 * 60_000;
  const alertTimeoutMs = config.alertTimeoutMs ?? 5_000;
  // Public addresses only, checked after DNS and pinned for the connection (decision 0017).
  const postWebhook = createWebhookSender({ timeoutMs: alertTimeoutMs, httpsOnly: config.httpsOnlyWebhooks ?? false, ...webhook });

  const states = new Map<string, BoothState>();
  const boothMeta = new Map<string, BoothMeta>();
  const townMeta = new Map<string, TownMeta>();
  let timer: NodeJS.Timeout | undefined;
  let aliveTimer: NodeJS.Timeout | undefined;
  let lastExpiry = 0;
  let sweeping: Promise<void> | null = null;

  // Interval writes are applied one batch at a time, in order (a heartbeat and the sweep never interleave).
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn);
    chain = next.catch(() => undefined);
    return next;
  };

  const closeCurrent = (boothId: string, at: number) =>
    db.update(boothStatusInterval).set({ endedAt: new Date(at) }).where(and(eq(boothStatusInterval.boothId, boothId), isNull(boothStatusInterval.endedAt)));
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
    return db.insert(boothHealth).values({ boothId: s.boothId, ...values }).onConflictDoUpdate({ target: boothHealth.boothId, set: values });
  };

  async function metaOf(boothId: string): Promise<BoothMeta | null> {
    const cached = boothMeta.get(boothId);
    if (cached && clock() - cached.loadedAt < metaTtlMs) return cached;
    const row = await db.query.booth.findFirst({ where: eq(booth.id, boothId), columns: { name: true, municipalityId: true, calendar: true } });
    if (!row) return null;
    const meta = { name: row.name, municipalityId: row.municipalityId, calendar: calendarOf(row), loadedAt: clock() };
    boothMeta.set(boothId, meta);
    return meta;
  }

  async function townOf(municipalityId: string): Promise<TownMeta | null> {
    const cached = townMeta.get(municipalityId);
    if (cached && clock() - cached.loadedAt < metaTtlMs) return cached;
    const row = await db.query.municipality.findFirst({
      where: eq(municipality.id, municipalityId),
      columns: { code: true, alertWebhookUrl: true, outageAlertMinutes: true },
    });
    if (!row) return null;
    const meta = { ...row, loadedAt: clock() };
    townMeta.set(municipalityId, meta);
    return meta;
  }

  /** A booth seen for the first time on this node (and not restored): its municipality and maintenance flag. */
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

  async function deliverCommands(s: BoothState, at: number): Promise<{ id: string; kind: BoothCommandKind }[]> {
    s.hasPendingCommands = false;
    // One statement marks and returns: only the rows this beat moved from pending to delivered,
    // so two overlapping beats never hand out the same command twice.
    const delivered = await db
      .update(boothCommand)
      .set({ status: 'delivered', deliveredAt: new Date(at) })
      .where(and(eq(boothCommand.boothId, s.boothId), eq(boothCommand.status, 'pending')))
      .returning({ id: boothCommand.id, kind: boothCommand.kind, requestedAt: boothCommand.requestedAt });
    return delivered.sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id.localeCompare(b.id)).map(({ id, kind }) => ({ id, kind }));
  }

  async function heartbeat(principal: BoothPrincipal, beat: Heartbeat): Promise<BeatReply> {
    const at = clock();
    let s = states.get(principal.boothId);
    let first = false;
    if (!s) {
      s = await newState(principal, at);
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
      const state = s;
      const upsert = upsertHealth(state);
      written = serial(() => db.batch([closeCurrent(state.boothId, changeAt), openInterval(state.boothId, status, changeAt), upsert]));
      if (!first) logger.info({ boothId: s.boothId, from, to: status }, 'booth status changed');
    } else if (at - s.persistedAt >= persistEveryMs) {
      s.dirty = true;
    }
    const commands = s.hasPendingCommands ? await deliverCommands(s, at) : [];
    if (written) await written;
    return { status, maintenance: s.maintenance, heartbeatMs: config.heartbeatMs, commands };
  }

  async function sendAlert(s: BoothState, openMs: number) {
    const meta = await metaOf(s.boothId);
    const town = await townOf(s.municipalityId);
    if (!meta || !town) return;
    const at = clock();
    // Compare-and-set: only one alert per offline interval, even across a restart.
    const claimed = await serial(() =>
      db
        .update(boothStatusInterval)
        .set({ alertedAt: new Date(at) })
        .where(
          and(
            eq(boothStatusInterval.boothId, s.boothId),
            isNull(boothStatusInterval.endedAt),
            eq(boothStatusInterval.status, 'offline'),
            isNull(boothStatusInterval.alertedAt),
          ),
        )
        .returning({ id: boothStatusInterval.id }),
    );
    s.alertedAt = at;
    if (claimed.length === 0) return;
    logger.warn({ boothId: s.boothId, municipalityId: s.municipalityId, offlineOpenMinutes: Math.round(openMs / 60_000) }, 'booth offline during opening hours');
    if (!town.alertWebhookUrl) return;
    // Codes, ids and times only: no personal data ever leaves in an alert.
    const body = {
      type: 'booth.offline',
      municipalityId: s.municipalityId,
      municipalityCode: town.code,
      boothId: s.boothId,
      boothName: meta.name,
      offlineSince: new Date(s.since).toISOString(),
      lastBeatAt: new Date(s.lastBeatAt).toISOString(),
      offlineOpenMinutes: Math.floor(openMs / 60_000),
      thresholdMinutes: town.outageAlertMinutes,
      sentAt: new Date(at).toISOString(),
    };
    try {
      const response = await postWebhook(town.alertWebhookUrl, body);
      if (response.status < 200 || response.status >= 300) logger.warn({ boothId: s.boothId, status: response.status }, 'outage webhook answered with an error');
    } catch (err) {
      if (err instanceof WebhookRefused) {
        logger.warn({ boothId: s.boothId, municipalityId: s.municipalityId, reason: err.reason, address: err.address }, 'outage webhook refused');
      } else {
        logger.warn({ boothId: s.boothId, err: (err as Error).name }, 'outage webhook failed');
      }
    }
  }

  async function checkAlert(s: BoothState, at: number) {
    if (s.status !== 'offline' || s.alertedAt !== null || s.alerting) return;
    const meta = await metaOf(s.boothId);
    if (!meta || !isOpen(meta.calendar, new Date(at))) return; // offline time only grows while open
    const town = await townOf(s.municipalityId);
    if (!town) return;
    const openMs = openingSpans(meta.calendar, s.since, at).reduce((sum, span) => sum + span.end - span.start, 0);
    if (openMs < town.outageAlertMinutes * 60_000) return;
    s.alerting = true;
    try {
      await sendAlert(s, openMs);
    } finally {
      s.alerting = false;
    }
  }

  async function sweepOnce(): Promise<void> {
    const at = clock();
    type Statement = Parameters<typeof db.batch>[0][number];
    // A status change is one group (close, open, snapshot): never split across batches.
    const groups: Statement[][] = [];
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
        groups.push([closeCurrent(s.boothId, wentSilent), openInterval(s.boothId, 'offline', wentSilent), upsertHealth(s)]);
      } else if (s.dirty) {
        s.dirty = false;
        s.persistedAt = at;
        groups.push([upsertHealth(s)]);
      }
    }
    // In small slices with a turn of the event loop between them: a local libSQL file runs each
    // batch (and its fsync) synchronously, so one big batch would hold every heartbeat behind it
    // (measured: 60 upserts ≈ 12–45 ms on a busy 2-core box, 15 ≈ 2–4 ms).
    // Every slice is put in the write queue NOW, before any await, in the order of the in-memory
    // changes above: a heartbeat arriving during the sweep queues its own write after them, so the
    // database never sees the sweep's (older) change land on top of the beat's (newer) one.
    // The turn of the event loop happens inside the queued step.
    const slices: Statement[][] = [];
    let slice: Statement[] = [];
    for (const group of groups) {
      if (slice.length > 0 && slice.length + group.length > FLUSH_SLICE) {
        slices.push(slice);
        slice = [];
      }
      slice.push(...group);
    }
    if (slice.length > 0) slices.push(slice);
    const writes = slices.map((batch) =>
      serial(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        await db.batch(batch as [Statement, ...Statement[]]);
      }),
    );
    await Promise.all(writes);
    for (const s of states.values()) {
      if (s.status === 'offline' && s.alertedAt === null) {
        await checkAlert(s, at).catch((err: unknown) => logger.warn({ err, boothId: s.boothId }, 'outage alert check failed'));
      }
    }
    if (at - lastExpiry >= 60_000) {
      lastExpiry = at;
      await db
        .update(boothCommand)
        .set({ status: 'expired', completedAt: new Date(at) })
        .where(and(inArray(boothCommand.status, ['pending', 'delivered']), lt(boothCommand.requestedAt, new Date(at - commandTtlMs))));
    }
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
    const at = clock();
    const beats: Record<string, number> = {};
    for (const s of states.values()) {
      if (s.lastBeatAt <= s.beatPersistedAt) continue;
      beats[s.boothId] = s.lastBeatAt;
      s.beatPersistedAt = s.lastBeatAt;
    }
    const alive = db
      .insert(appHeartbeat)
      .values({ node: NODE, aliveAt: new Date(at) })
      .onConflictDoUpdate({ target: appHeartbeat.node, set: { aliveAt: new Date(at) } });
    const moved = Object.keys(beats).length > 0;
    try {
      await serial(async () => {
        if (!moved) return void (await alive);
        await db.batch([
          db.run(sql`
            UPDATE booth_health SET last_beat_at = max(last_beat_at, j.value)
            FROM json_each(${JSON.stringify(beats)}) AS j WHERE booth_health.booth_id = j.key`),
          alive,
        ]);
      });
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
   */
  async function restore(): Promise<void> {
    const appAlive = (await db.select({ aliveAt: appHeartbeat.aliveAt }).from(appHeartbeat).where(eq(appHeartbeat.node, NODE)))[0]?.aliveAt.getTime() ?? null;
    const startedAt = clock();
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
      .innerJoin(booth, eq(booth.id, boothHealth.boothId));
    const current = await db
      .select({ boothId: boothStatusInterval.boothId, status: boothStatusInterval.status, startedAt: boothStatusInterval.startedAt, alertedAt: boothStatusInterval.alertedAt })
      .from(boothStatusInterval)
      .where(isNull(boothStatusInterval.endedAt));
    const currentOf = new Map(current.map((c) => [c.boothId, c]));
    const pending = new Set(
      (await db.selectDistinct({ boothId: boothCommand.boothId }).from(boothCommand).where(eq(boothCommand.status, 'pending'))).map((r) => r.boothId),
    );
    for (const row of rows) {
      const interval = currentOf.get(row.boothId);
      const status = interval?.status ?? row.status;
      const lastBeatAt = row.lastBeatAt.getTime();
      const beatingWhenAppStopped = status !== 'offline' && appAlive !== null && lastBeatAt + config.offlineAfterMs > appAlive;
      states.set(row.boothId, {
        boothId: row.boothId,
        municipalityId: row.municipalityId,
        status,
        streak: null,
        since: interval?.startedAt.getTime() ?? row.lastBeatAt.getTime(),
        lastBeatAt: row.lastBeatAt.getTime(),
        appVersion: row.appVersion,
        snapshot: (row.detail as Record<string, string | number | null> | null) ?? null,
        maintenance: row.maintenance,
        alertedAt: interval?.alertedAt?.getTime() ?? null,
        alerting: false,
        hasPendingCommands: pending.has(row.boothId),
        dirty: false,
        persistedAt: lastBeatAt,
        beatPersistedAt: lastBeatAt,
        graceUntil: beatingWhenAppStopped ? startedAt + config.offlineAfterMs : null,
      });
    }
  }

  async function intervalsOf(boothIds: readonly string[], range: { from: Date; to: Date }) {
    const byBooth = new Map<string, StatusInterval[]>(boothIds.map((id) => [id, []]));
    for (let i = 0; i < boothIds.length; i += 500) {
      const ids = boothIds.slice(i, i + 500);
      const rows = await db
        .select({ boothId: boothStatusInterval.boothId, status: boothStatusInterval.status, startedAt: boothStatusInterval.startedAt, endedAt: boothStatusInterval.endedAt })
        .from(boothStatusInterval)
        .where(
          and(
            inArray(boothStatusInterval.boothId, ids),
            lt(boothStatusInterval.startedAt, range.to),
            or(isNull(boothStatusInterval.endedAt), gt(boothStatusInterval.endedAt, range.from)),
          ),
        );
      for (const r of rows) byBooth.get(r.boothId)?.push({ status: r.status, startedAt: r.startedAt, endedAt: r.endedAt });
    }
    return byBooth;
  }

  /** Uptime within each booth's opening hours over the range (up to now). Unknown booths are left out. */
  /**
   * Uptime within each booth's opening hours over the range (up to now). Time before the booth
   * existed is not counted: the range starts no earlier than its creation or its first status
   * interval, whichever is earlier (seeded history keeps its intervals). Unknown ids are left out.
   */
  async function uptimeFor(boothIds: readonly string[], range: { from: Date; to: Date }): Promise<Map<string, Uptime>> {
    const result = new Map<string, Uptime>();
    if (boothIds.length === 0) return result;
    const booths = new Map<string, { calendar: OpeningCalendar; since: number }>();
    for (let i = 0; i < boothIds.length; i += 500) {
      const ids = boothIds.slice(i, i + 500);
      const rows = await db.select({ id: booth.id, calendar: booth.calendar, createdAt: booth.createdAt }).from(booth).where(inArray(booth.id, ids));
      const firsts = await db
        .select({ boothId: boothStatusInterval.boothId, first: min(boothStatusInterval.startedAt) })
        .from(boothStatusInterval)
        .where(inArray(boothStatusInterval.boothId, ids))
        .groupBy(boothStatusInterval.boothId);
      const firstOf = new Map(firsts.map((f) => [f.boothId, f.first]));
      for (const r of rows) {
        const first = firstOf.get(r.id);
        booths.set(r.id, { calendar: calendarOf(r), since: Math.min(r.createdAt.getTime(), first ? first.getTime() : Infinity) });
      }
    }
    const intervals = await intervalsOf([...booths.keys()], range);
    const now = new Date(clock());
    for (const [id, b] of booths) {
      const from = new Date(Math.max(range.from.getTime(), b.since));
      result.set(id, uptimeWithinOpening(b.calendar, intervals.get(id) ?? [], { from, to: range.to }, now));
    }
    return result;
  }

  function present(s: BoothState | undefined) {
    return s
      ? {
          status: s.status,
          since: new Date(s.since),
          lastBeatAt: new Date(s.lastBeatAt),
          appVersion: s.appVersion,
          snapshot: s.snapshot,
          maintenance: s.maintenance,
          alertedAt: s.alertedAt === null ? null : new Date(s.alertedAt),
        }
      : null;
  }

  async function boothWithin(actor: AccountPrincipal, need: 'read:diagnostics' | 'write:diagnostics', boothId: string) {
    const reach = requirePermission(actor, need);
    const row = await db.query.booth.findFirst({ where: eq(booth.id, boothId) });
    if (!row) throw boothNotFound();
    requireWithin(reach, row.municipalityId, boothNotFound);
    return row;
  }

  return {
    heartbeat,
    sweep,
    restore,
    uptimeFor,

    persistBeats,

    async start() {
      await restore();
      await persistBeats();
      await sweep();
      timer = setInterval(() => {
        sweep().catch((err: unknown) => logger.error({ err }, 'booth health sweep failed'));
      }, sweepMs);
      timer.unref();
      aliveTimer = setInterval(() => {
        persistBeats().catch((err: unknown) => logger.error({ err }, 'booth last beats and app heartbeat not written'));
      }, aliveEveryMs);
      aliveTimer.unref();
    },

    /** An administrator changed the booth (calendar, name): read it afresh on next use. */
    forget(boothId: string) {
      boothMeta.delete(boothId);
    },

    /** Stops the timers; the last beats and the app's heartbeat are written as it stops. */
    async stop() {
      if (timer) clearInterval(timer);
      if (aliveTimer) clearInterval(aliveTimer);
      timer = undefined;
      aliveTimer = undefined;
      await sweeping;
      await persistBeats().catch((err: unknown) => logger.error({ err }, 'booth last beats not written at stop'));
      await chain;
    },

    /** The in-memory state of a booth (null = never seen). */
    stateOf: (boothId: string) => present(states.get(boothId)),

    /** Is the booth in maintenance (the booth-session route refuses calls then)? */
    async inMaintenance(boothId: string): Promise<boolean> {
      const s = states.get(boothId);
      if (s) return s.maintenance;
      const row = await db.query.booth.findFirst({ where: eq(booth.id, boothId), columns: { maintenance: true } });
      return row?.maintenance ?? false;
    },

    /** Booths within the actor's reach, with their health, uptime today and this month, and current outage. */
    async list(actor: AccountPrincipal, filter: { municipalityId?: string | undefined } = {}) {
      const ids = municipalityFilter(requirePermission(actor, 'read:diagnostics'));
      const rows = await db
        .select({ id: booth.id, name: booth.name, kind: booth.kind, location: booth.location, municipalityId: booth.municipalityId, municipalityName: municipality.name, maintenance: booth.maintenance, calendar: booth.calendar })
        .from(booth)
        .innerJoin(municipality, eq(municipality.id, booth.municipalityId))
        .where(and(ids ? inArray(booth.municipalityId, [...ids]) : undefined, filter.municipalityId ? eq(booth.municipalityId, filter.municipalityId) : undefined))
        .orderBy(municipality.name, booth.name);
      const now = new Date(clock());
      const { today: day, month } = currentPeriods(now);
      const boothIds = rows.map((r) => r.id);
      const monthUptime = await uptimeFor(boothIds, month);
      const todayUptime = await uptimeFor(boothIds, day);
      return rows.map(({ calendar, ...r }) => {
        const s = states.get(r.id);
        return {
          ...r,
          open: isOpen(calendarOf({ calendar }), now),
          health: present(s),
          today: todayUptime.get(r.id)!,
          month: monthUptime.get(r.id)!,
        };
      });
    },

    /** One booth: health, uptime today and this month, and this month's outages. */
    async detail(actor: AccountPrincipal, boothId: string) {
      const row = await boothWithin(actor, 'read:diagnostics', boothId);
      const now = new Date(clock());
      const { today: day, month } = currentPeriods(now);
      const today = (await uptimeFor([boothId], day)).get(boothId)!;
      const thisMonth = (await uptimeFor([boothId], month)).get(boothId)!;
      return {
        booth: { id: row.id, name: row.name, kind: row.kind, location: row.location, municipalityId: row.municipalityId, maintenance: row.maintenance },
        open: isOpen(calendarOf(row), now),
        health: present(states.get(boothId)),
        today,
        month: thisMonth,
      };
    },

    /** Booths offline right now during their opening hours, within the actor's reach (the dashboard banner). */
    async offlineInOpening(actor: AccountPrincipal) {
      const reach = requirePermission(actor, 'read:diagnostics');
      const ids = municipalityFilter(reach);
      const at = clock();
      const out: { boothId: string; name: string; municipalityId: string; since: Date; alerted: boolean }[] = [];
      for (const s of states.values()) {
        if (s.status !== 'offline' || (ids && !ids.includes(s.municipalityId))) continue;
        const meta = await metaOf(s.boothId);
        if (!meta || !isOpen(meta.calendar, new Date(at))) continue;
        out.push({ boothId: s.boothId, name: meta.name, municipalityId: s.municipalityId, since: new Date(s.since), alerted: s.alertedAt !== null });
      }
      return out.sort((a, b) => a.since.getTime() - b.since.getTime());
    },

    async commands(actor: AccountPrincipal, boothId: string, limit = 20) {
      await boothWithin(actor, 'read:diagnostics', boothId);
      return db
        .select({
          id: boothCommand.id,
          kind: boothCommand.kind,
          status: boothCommand.status,
          requestedAt: boothCommand.requestedAt,
          deliveredAt: boothCommand.deliveredAt,
          completedAt: boothCommand.completedAt,
          result: boothCommand.result,
          requestedBy: schema.account.displayName,
        })
        .from(boothCommand)
        .innerJoin(schema.account, eq(schema.account.id, boothCommand.requestedBy))
        .where(eq(boothCommand.boothId, boothId))
        .orderBy(desc(boothCommand.requestedAt), desc(boothCommand.id))
        .limit(limit);
    },

    /** Staff ask a booth to do something; delivered with its next heartbeat. Audited. */
    async requestCommand(actor: AccountPrincipal, boothId: string, kind: BoothCommandKind, requestId?: string) {
      const row = await boothWithin(actor, 'write:diagnostics', boothId);
      // A reload, the maintenance screen or a self-test would cut a resident's call: refused while
      // the booth has a waiting or active session (the booth also holds them until it is idle).
      if (kind !== 'maintenance_off') {
        const live = await db.query.session.findFirst({
          where: and(eq(schema.session.boothId, boothId), inArray(schema.session.status, ['waiting', 'active'])),
          columns: { id: true },
        });
        if (live) throw boothInCall();
      }
      const at = new Date(clock());
      const id = randomUUID();
      const maintenance = kind === 'maintenance_on' ? true : kind === 'maintenance_off' ? false : null;
      await db.batch([
        db.insert(boothCommand).values({ id, boothId, municipalityId: row.municipalityId, kind, status: 'pending', requestedBy: actor.accountId, requestedAt: at }),
        // The server refuses calls at once; the booth shows its screen at its next beat.
        ...(maintenance === null ? [] : [db.update(booth).set({ maintenance }).where(eq(booth.id, boothId))]),
      ]);
      const s = states.get(boothId);
      if (s) {
        s.hasPendingCommands = true;
        if (maintenance !== null) s.maintenance = maintenance;
      }
      await recordAudit(db, {
        actorKind: 'account',
        actorId: actor.accountId,
        action: 'booth.command_requested',
        targetType: 'booth',
        targetId: boothId,
        municipalityId: row.municipalityId,
        requestId,
        detail: { kind, commandId: id },
      }, at);
      return (await db.query.boothCommand.findFirst({ where: eq(boothCommand.id, id) }))!;
    },

    /** The booth reports what a command did. Audited as the booth's own act. */
    async commandResult(principal: BoothPrincipal, commandId: string, result: CommandResult, requestId?: string) {
      const row = await db.query.boothCommand.findFirst({ where: eq(boothCommand.id, commandId) });
      if (!row || row.boothId !== principal.boothId) throw commandNotFound();
      const at = new Date(clock());
      const status: BoothCommandStatus = result.status;
      const updated = await db
        .update(boothCommand)
        .set({ status, completedAt: at, result: { ...result } as Record<string, unknown> })
        .where(and(eq(boothCommand.id, commandId), inArray(boothCommand.status, ['pending', 'delivered'])))
        .returning({ id: boothCommand.id });
      if (updated.length === 0) {
        throw new Problem(409, 'command_finished', {
          ja: 'このコマンドは既に完了または期限切れです。',
          en: 'This command has already finished or expired.',
        });
      }
      await recordAudit(db, {
        actorKind: 'booth',
        actorId: principal.boothId,
        action: `booth.command_${status}`,
        targetType: 'booth_command',
        targetId: commandId,
        municipalityId: row.municipalityId,
        requestId,
        detail: { kind: row.kind, ...(result.error ? { error: result.error } : {}) },
      }, at);
      return { id: commandId, status };
    },
  };
}
