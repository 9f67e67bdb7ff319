/**
 * Staffing settings and the live check (issue 16): each municipality's service-level policy and
 * operator group, the groups (their shrinkage), the minimum windows (最低窓口数), the staffing
 * lines live (required vs on duty) and the breach episodes with their one alert.
 *
 * Live counts are read from operator_presence (written by the dispatcher on every status change)
 * so every node answers alike without asking the dispatcher. The breach monitor runs where the
 * dispatcher runs (one node at a time) and is the only writer of staffing_breach.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { Client } from '@libsql/client';
import { type Db, schema } from '@madoguchi/db';
import { and, desc, eq, gt, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import { isOpen } from '../../domain/calendar';
import { groupBy } from '../../domain/group-by';
import { JST_OFFSET_MS } from '../../domain/japan-time';
import { reaches } from '../../domain/permissions';
import {
  figuresFromRows,
  INTERVAL_MS,
  type Measures,
  type ServiceLevelPolicy,
  type SessionFigures,
  type SessionRow,
  serviceFiguresOf,
  zeroMeasures,
} from '../../domain/reports/aggregate';
import { currentPeriods } from '../../domain/reports/periods';
import {
  type BreachChange,
  checkStaffing,
  type Episode,
  type LiveOperator,
  type Need,
  type StaffingLine,
} from '../../domain/staffing/breach';
import { erlangStaffing } from '../../domain/staffing/forecast-staffing';
import { localDateAndMinute, type MinimumWindow, requiredAt, requiredPerInterval } from '../../domain/staffing/minimum-windows';
import { occupancyOf } from '../../domain/staffing/occupancy';
import { isWeekStart, weekStartOf } from '../../domain/staffing/shifts';
import { municipalityFilter, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { calendarOf } from '../booths/booths.server';
import type { Logger } from '../platform/logger';
import { during } from '../platform/loop-monitor';
import { createWebhookSender, WebhookRefused, type WebhookSenderOptions } from '../platform/outbound-webhook.server';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';
import { policyOf } from '../reports/reports.server';
import { createStaffingForecast } from './forecast.server';
import { statusSpans } from './operator-status.server';

/** The measures serviceFiguresOf needs, back from a summary. */
const measuresOf = (f: SessionFigures): Measures => ({
  ...zeroMeasures(),
  withinServiceLevel: f.queue.answeredWithinServiceLevel,
  shortAbandoned: f.queue.shortAbandoned,
  answeredWaitMsSum: (f.queue.asaMs ?? 0) * f.totals.answered,
});

const { municipality, operatorGroup, minimumWindow, staffingBreach, booth, operatorPresence, accountMunicipality, account, session } =
  schema;

export const staffingMunicipalityNotFound = () =>
  new Problem(404, 'municipality_not_found', {
    ja: '指定された自治体は存在しないか、表示する権限がありません。',
    en: 'No such municipality, or it is not one of yours.',
  });
/** How long a town's forecast week is reused by the live check. */
const FORECAST_TTL_MS = 15 * 60_000;
/** Booth calendars read per query by the staffing monitor (a turn of the event loop between queries). */
const CALENDAR_SLICE = 200;

const notWeekStart = () =>
  new Problem(400, 'not_week_start', {
    ja: '週は月曜日の日付（YYYY-MM-DD）で指定してください。',
    en: 'Give the week as its Monday (YYYY-MM-DD).',
  });
const groupNotFound = () =>
  new Problem(404, 'operator_group_not_found', { ja: '指定されたオペレーターグループは存在しません。', en: 'No such operator group.' });
const groupNameTaken = (name: string) =>
  new Problem(409, 'operator_group_name_taken', {
    ja: `オペレーターグループ「${name}」は既にあります。`,
    en: `An operator group named "${name}" already exists.`,
  });

export interface StaffingSettings {
  municipalityId: string;
  serviceLevelGoalPercent: number;
  serviceLevelSeconds: number;
  abandonGraceSeconds: number;
  operatorGroupId: string | null;
}

export interface StaffingDeps {
  db: Db;
  /** The same database's client: the forecast reads grouped history in one statement. */
  client: Client;
  logger: Logger;
  clock?: () => number;
  /** Settings (windows, calendars, policies) are read afresh after this long; writes on this node at once. */
  settingsTtlMs?: number;
  /** How often the monitor looks (the leader only). */
  checkEveryMs?: number;
  webhook?: Partial<WebhookSenderOptions>;
  httpsOnlyWebhooks?: boolean;
}

interface MunicipalityNeedSource {
  id: string;
  name: string;
  code: string;
  alertWebhookUrl: string | null;
  policy: ServiceLevelPolicy;
  operatorGroupId: string | null;
  windows: MinimumWindow[];
  /** Its enabled booths' calendars: read for a watched town (one with a minimum window) only, empty otherwise. */
  calendars: ReturnType<typeof calendarOf>[];
}

export function createStaffingService({
  db,
  client,
  logger,
  clock = Date.now,
  settingsTtlMs = 30_000,
  checkEveryMs = 10_000,
  webhook,
  httpsOnlyWebhooks = false,
}: StaffingDeps) {
  const forecast = createStaffingForecast({ client, staff: erlangStaffing, now: () => new Date(clock()) });
  const postWebhook = createWebhookSender({ timeoutMs: 5_000, httpsOnly: httpsOnlyWebhooks, ...webhook });

  // ------------------------------------------------------------------------------------------
  // What each municipality requires: its windows (its own and its group's), its booths' calendars.

  let sources: { loadedAt: number; rows: MunicipalityNeedSource[] } | null = null;
  /**
   * The enabled booths' calendars of these municipalities, CALENDAR_SLICE booths per query (in id
   * order) with a turn of the event loop between queries. A local libSQL file runs each query
   * synchronously on the event loop, and each calendar is parsed: every booth's in one go (3,500)
   * held the loop for 65–140 ms every settingsTtlMs on the dispatcher's node (decision 0043).
   */
  async function calendarsOf(municipalityIds: readonly string[]): Promise<Map<string, ReturnType<typeof calendarOf>[]>> {
    const out = new Map<string, ReturnType<typeof calendarOf>[]>();
    if (municipalityIds.length === 0) return out;
    let after = '';
    for (let first = true; ; first = false) {
      if (!first) await setImmediate();
      const rows = await db
        .select({ id: booth.id, municipalityId: booth.municipalityId, calendar: booth.calendar })
        .from(booth)
        .where(and(eq(booth.enabled, true), inArray(booth.municipalityId, [...municipalityIds]), gt(booth.id, after)))
        .orderBy(booth.id)
        .limit(CALENDAR_SLICE);
      for (const row of rows) {
        const list = out.get(row.municipalityId) ?? [];
        list.push(calendarOf(row));
        out.set(row.municipalityId, list);
      }
      if (rows.length < CALENDAR_SLICE) return out;
      after = rows[rows.length - 1]!.id;
    }
  }
  /**
   * Every municipality's need sources, cached for settingsTtlMs. `municipalityId`: one that must be
   * in them — a municipality added since the last read (by a seed, on another node) is read afresh,
   * not reported missing until the cache expires.
   */
  async function needSources(municipalityId?: string): Promise<MunicipalityNeedSource[]> {
    const fresh = sources && clock() - sources.loadedAt < settingsTtlMs;
    if (fresh && (!municipalityId || sources!.rows.some((r) => r.id === municipalityId))) return sources!.rows;
    const [towns, windows] = await Promise.all([db.select().from(municipality), db.select().from(minimumWindow)]);
    const windowsOf = (m: (typeof towns)[number]) =>
      windows
        .filter((w) => w.municipalityId === m.id || (m.operatorGroupId !== null && w.operatorGroupId === m.operatorGroupId))
        .map(({ weekdays, startMinute, endMinute, operators }) => ({ weekdays, startMinute, endMinute, operators }));
    const withWindows = towns.map((m) => ({ m, windows: windowsOf(m) }));
    // Booth calendars only of watched towns (needsAt asks whether one is open now), not every booth's.
    const calendars = await calendarsOf(withWindows.filter((w) => w.windows.length > 0).map((w) => w.m.id));
    const rows = withWindows.map(({ m, windows }) => ({
      id: m.id,
      name: m.name,
      code: m.code,
      alertWebhookUrl: m.alertWebhookUrl,
      policy: policyOf(m),
      operatorGroupId: m.operatorGroupId,
      windows,
      calendars: calendars.get(m.id) ?? [],
    }));
    sources = { loadedAt: clock(), rows };
    return rows;
  }
  const forgetSettings = () => {
    sources = null;
  };

  /**
   * The forecast's operators on calls for the interval of `at`, where the forecast stands on the
   * town's own history (a default or holiday cell is no basis for an alarm); null otherwise.
   * Each town's week is forecast at most every FORECAST_TTL_MS.
   */
  const forecasts = new Map<string, { loadedAt: number; week: Awaited<ReturnType<typeof forecast.municipalityWeek>> }>();
  async function forecastNeed(municipalityId: string, at: number): Promise<number | null> {
    const { date, minute } = localDateAndMinute(at);
    const key = `${municipalityId}/${weekStartOf(date)}`;
    let entry = forecasts.get(key);
    if (!entry || clock() - entry.loadedAt >= FORECAST_TTL_MS) {
      entry = { loadedAt: clock(), week: await forecast.municipalityWeek(municipalityId, weekStartOf(date)) };
      forecasts.set(key, entry);
      for (const [k, v] of forecasts) if (clock() - v.loadedAt >= FORECAST_TTL_MS) forecasts.delete(k);
    }
    const cell = entry.week?.days.find((d) => d.date === date)?.cells[Math.floor(minute / 30)];
    return cell && cell.source === 'history' ? cell.agents : null;
  }

  /** Towns with a minimum window (their own or their group's) are watched: the windows, and the forecast's need. */
  async function needsAt(rows: readonly MunicipalityNeedSource[], at: number): Promise<Need[]> {
    const watched = rows.filter((m) => m.windows.length > 0);
    return Promise.all(
      watched.map(async (m) => {
        // Open while any of its booths is: residents can call.
        const open = m.calendars.some((c) => isOpen(c, new Date(at)));
        return {
          municipalityId: m.id,
          open,
          minimum: requiredAt(m.windows, at),
          forecast: open ? await forecastNeed(m.id, at).catch(() => null) : null,
        };
      }),
    );
  }

  /** Every operator's status and the municipalities they serve (accounts' links), from the database. */
  async function liveOperators(): Promise<(LiveOperator & { accountId: string })[]> {
    const [presence, links] = await Promise.all([
      db
        .select({ accountId: operatorPresence.accountId, status: operatorPresence.status })
        .from(operatorPresence)
        .innerJoin(account, eq(account.id, operatorPresence.accountId))
        .where(and(eq(account.role, 'operator'), eq(account.disabled, false))),
      db.select().from(accountMunicipality),
    ]);
    const served = groupBy(links, (l) => l.accountId);
    return presence.map((p) => ({
      accountId: p.accountId,
      status: p.status,
      municipalityIds: (served.get(p.accountId) ?? []).map((l) => l.municipalityId),
    }));
  }

  async function openEpisodes(): Promise<Map<string, Episode & { id: string; alertedAt: number | null }>> {
    const rows = await db.select().from(staffingBreach).where(isNull(staffingBreach.endedAt));
    return new Map(
      rows.map((r) => [
        r.municipalityId,
        {
          id: r.id,
          municipalityId: r.municipalityId,
          basis: r.basis,
          required: r.required,
          lowest: r.lowest,
          startedAt: r.startedAt.getTime(),
          // Kept in memory by the monitor between looks; a restarted monitor starts the clear time again.
          okSince: okSince.get(r.id) ?? null,
          alertedAt: r.alertedAt?.getTime() ?? null,
        },
      ]),
    );
  }
  const okSince = new Map<string, number>();

  // ------------------------------------------------------------------------------------------
  // The monitor

  async function alert(episodeId: string, e: Episode, source: MunicipalityNeedSource | undefined, at: number) {
    // Claimed once: a second monitor (a lease changing hands) finds it already alerted.
    const claimed = await db
      .update(staffingBreach)
      .set({ alertedAt: new Date(at) })
      .where(and(eq(staffingBreach.id, episodeId), isNull(staffingBreach.alertedAt)))
      .returning({ id: staffingBreach.id });
    if (claimed.length === 0) return;
    logger.warn(
      { municipalityId: e.municipalityId, required: e.required, onDuty: e.lowest, basis: e.basis },
      'fewer operators on duty than the municipality requires',
    );
    if (!source?.alertWebhookUrl) return;
    // Codes, ids, counts and times only: no personal data, no operator names.
    const body = {
      type: 'staffing.breach',
      municipalityId: e.municipalityId,
      municipalityCode: source.code,
      basis: e.basis,
      required: e.required,
      onDuty: e.lowest,
      since: new Date(e.startedAt).toISOString(),
      sentAt: new Date(at).toISOString(),
    };
    try {
      const response = await postWebhook(source.alertWebhookUrl, body);
      if (response.status < 200 || response.status >= 300)
        logger.warn({ municipalityId: e.municipalityId, status: response.status }, 'staffing webhook answered with an error');
    } catch (err) {
      logger.warn(
        { municipalityId: e.municipalityId, err: err instanceof WebhookRefused ? err.reason : (err as Error).name },
        'staffing webhook failed',
      );
    }
  }

  async function persist(
    changes: readonly BreachChange[],
    open: Map<string, Episode & { id: string }>,
    rows: MunicipalityNeedSource[],
    at: number,
  ) {
    for (const c of changes) {
      if (c.kind === 'started') {
        const id = randomUUID();
        await db.insert(staffingBreach).values({
          id,
          municipalityId: c.episode.municipalityId,
          basis: c.episode.basis,
          required: c.episode.required,
          lowest: c.episode.lowest,
          startedAt: new Date(c.episode.startedAt),
        });
        await alert(
          id,
          c.episode,
          rows.find((r) => r.id === c.episode.municipalityId),
          at,
        );
        continue;
      }
      const id = open.get(c.episode.municipalityId)?.id;
      if (!id) continue;
      if (c.kind === 'updated') {
        if (c.episode.okSince === null) okSince.delete(id);
        else okSince.set(id, c.episode.okSince);
        await db.update(staffingBreach).set({ lowest: c.episode.lowest, required: c.episode.required }).where(eq(staffingBreach.id, id));
      } else {
        okSince.delete(id);
        await db
          .update(staffingBreach)
          .set({ endedAt: new Date(c.endedAt) })
          .where(eq(staffingBreach.id, id));
      }
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<StaffingLine[]> | null = null;

  /** One look: the lines now, and the episodes started, updated or ended (and the alert, once). */
  function check(): Promise<StaffingLine[]> {
    running ??= (async () => {
      try {
        const at = clock();
        const [rows, operators, open] = await Promise.all([needSources(), liveOperators(), openEpisodes()]);
        const { lines, changes } = checkStaffing(await needsAt(rows, at), operators, open, at);
        await persist(changes, open, rows, at);
        return lines;
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function reachable(actor: AccountPrincipal | null, municipalityId: string, need: 'read:staffing' | 'write:staffing' = 'read:staffing') {
    requireWithin(requirePermission(actor, need), municipalityId, staffingMunicipalityNotFound);
  }

  async function settingsOf(municipalityId: string): Promise<StaffingSettings> {
    const row = await db.query.municipality.findFirst({ where: eq(municipality.id, municipalityId) });
    if (!row) throw staffingMunicipalityNotFound();
    return {
      municipalityId,
      serviceLevelGoalPercent: row.serviceLevelGoalPercent,
      serviceLevelSeconds: row.serviceLevelSeconds,
      abandonGraceSeconds: row.abandonGraceSeconds,
      operatorGroupId: row.operatorGroupId,
    };
  }

  type WindowOwner = { municipalityId: string } | { operatorGroupId: string };
  /** Who owns a set of windows, as its row's columns and the condition that finds them. */
  const ownerOf = (owner: WindowOwner) => {
    const municipalityId = 'municipalityId' in owner ? owner.municipalityId : null;
    const operatorGroupId = 'operatorGroupId' in owner ? owner.operatorGroupId : null;
    return {
      columns: { municipalityId, operatorGroupId },
      where: municipalityId ? eq(minimumWindow.municipalityId, municipalityId) : eq(minimumWindow.operatorGroupId, operatorGroupId!),
      audit: municipalityId
        ? { targetType: 'municipality', targetId: municipalityId, municipalityId }
        : { targetType: 'operator_group', targetId: operatorGroupId!, municipalityId: null },
    };
  };

  async function windowsOf(owner: WindowOwner) {
    const rows = await db.select().from(minimumWindow).where(ownerOf(owner).where).orderBy(minimumWindow.startMinute);
    return rows.map(({ id, weekdays, startMinute, endMinute, operators }) => ({ id, weekdays, startMinute, endMinute, operators }));
  }

  return {
    /** Starts the monitor (the dispatcher's node): a look now, then every checkEveryMs. */
    async start() {
      await check().catch((err) => logger.warn({ err }, 'staffing check failed'));
      timer = setInterval(() => {
        during('staffing-check', check).catch((err) => logger.warn({ err }, 'staffing check failed'));
      }, checkEveryMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    /** One look now (the monitor's; tests and a status change that should show at once). */
    check,

    /** Lines live, for the municipalities the caller may read: required vs on duty, and the open episode. */
    async live(actor: AccountPrincipal | null) {
      const ids = municipalityFilter(requirePermission(actor, 'read:staffing'));
      const at = clock();
      const [rows, operators, open] = await Promise.all([needSources(), liveOperators(), openEpisodes()]);
      const { lines } = checkStaffing(await needsAt(rows, at), operators, open, at);
      const names = new Map(rows.map((r) => [r.id, r.name]));
      return lines
        .filter((l) => !ids || ids.includes(l.municipalityId))
        .map((l) => {
          const episode = open.get(l.municipalityId);
          return {
            ...l,
            municipalityName: names.get(l.municipalityId) ?? l.municipalityId,
            breachSince: episode ? new Date(episode.startedAt).toISOString() : null,
          };
        })
        .sort((a, b) => Number(b.short) - Number(a.short) || a.municipalityName.localeCompare(b.municipalityName, 'ja'));
    },

    /** Breach episodes of a municipality that overlap [from, to), newest first. */
    async breaches(actor: AccountPrincipal | null, municipalityId: string, range: { from: Date; to: Date }) {
      reachable(actor, municipalityId);
      const rows = await db
        .select()
        .from(staffingBreach)
        .where(
          and(
            eq(staffingBreach.municipalityId, municipalityId),
            lt(staffingBreach.startedAt, range.to),
            or(isNull(staffingBreach.endedAt), gte(staffingBreach.endedAt, range.from)),
          ),
        )
        .orderBy(desc(staffingBreach.startedAt))
        .limit(500);
      return rows.map((r) => ({
        id: r.id,
        basis: r.basis,
        required: r.required,
        lowest: r.lowest,
        startedAt: r.startedAt.toISOString(),
        endedAt: r.endedAt?.toISOString() ?? null,
        alertedAt: r.alertedAt?.toISOString() ?? null,
      }));
    },

    async settings(actor: AccountPrincipal | null, municipalityId: string) {
      reachable(actor, municipalityId);
      return { ...(await settingsOf(municipalityId)), minimumWindows: await windowsOf({ municipalityId }) };
    },

    async updateSettings(
      actor: AccountPrincipal | null,
      municipalityId: string,
      patch: Partial<Omit<StaffingSettings, 'municipalityId'>>,
      requestId?: string,
    ) {
      reachable(actor, municipalityId, 'write:staffing');
      await settingsOf(municipalityId);
      if (patch.operatorGroupId) {
        const group = await db.query.operatorGroup.findFirst({ where: eq(operatorGroup.id, patch.operatorGroupId) });
        if (!group) throw groupNotFound();
      }
      await db.update(municipality).set(patch).where(eq(municipality.id, municipalityId));
      await recordAccountAudit(db, actor!, {
        action: 'staffing.settings_updated',
        targetType: 'municipality',
        targetId: municipalityId,
        municipalityId,
        requestId,
        detail: { fields: Object.keys(patch).join(',') },
      });
      forgetSettings();
      return this.settings(actor, municipalityId);
    },

    /** Replaces the municipality's (or the group's) minimum windows with these. */
    async replaceWindows(actor: AccountPrincipal | null, owner: WindowOwner, windows: readonly MinimumWindow[], requestId?: string) {
      if ('municipalityId' in owner) {
        reachable(actor, owner.municipalityId, 'write:staffing');
        await settingsOf(owner.municipalityId);
      } else {
        requirePermission(actor, 'write:staffing');
        const group = await db.query.operatorGroup.findFirst({ where: eq(operatorGroup.id, owner.operatorGroupId) });
        if (!group) throw groupNotFound();
      }
      const { columns, where, audit } = ownerOf(owner);
      const at = new Date(clock());
      const inserts = windows.map((w) =>
        db.insert(minimumWindow).values({
          id: randomUUID(),
          ...columns,
          weekdays: [...w.weekdays].sort((a, b) => a - b),
          startMinute: w.startMinute,
          endMinute: w.endMinute,
          operators: w.operators,
          updatedBy: actor!.accountId,
          updatedAt: at,
        }),
      );
      // One batch: the old set is never half replaced.
      await db.batch([db.delete(minimumWindow).where(where), ...inserts]);
      await recordAccountAudit(db, actor!, {
        action: 'staffing.minimum_windows_replaced',
        ...audit,
        requestId,
        detail: { windows: windows.length },
      });
      forgetSettings();
      return windowsOf(owner);
    },

    async groups(actor: AccountPrincipal | null) {
      const ids = municipalityFilter(requirePermission(actor, 'read:staffing'));
      const [groups, towns] = await Promise.all([
        db.select().from(operatorGroup).orderBy(operatorGroup.name),
        db.select({ id: municipality.id, operatorGroupId: municipality.operatorGroupId }).from(municipality),
      ]);
      // Town staff see the groups their municipality is in, not the whole company's.
      return groups
        .map((g) => ({
          id: g.id,
          name: g.name,
          shrinkagePercent: g.shrinkagePercent,
          municipalityIds: towns.filter((t) => t.operatorGroupId === g.id).map((t) => t.id),
        }))
        .filter((g) => !ids || g.municipalityIds.some((m) => ids.includes(m)))
        .map((g) => (ids ? { ...g, municipalityIds: g.municipalityIds.filter((m) => ids.includes(m)) } : g));
    },

    async saveGroup(
      actor: AccountPrincipal | null,
      input: { id?: string | undefined; name: string; shrinkagePercent: number },
      requestId?: string,
    ) {
      requirePermission(actor, 'write:staffing');
      const clash = await db.query.operatorGroup.findFirst({ where: eq(operatorGroup.name, input.name) });
      if (clash && clash.id !== input.id) throw groupNameTaken(input.name);
      let id = input.id;
      if (id) {
        const updated = await db
          .update(operatorGroup)
          .set({ name: input.name, shrinkagePercent: input.shrinkagePercent })
          .where(eq(operatorGroup.id, id))
          .returning({ id: operatorGroup.id });
        if (updated.length === 0) throw groupNotFound();
      } else {
        id = randomUUID();
        await db.insert(operatorGroup).values({ id, name: input.name, shrinkagePercent: input.shrinkagePercent });
      }
      await recordAccountAudit(db, actor!, {
        action: input.id ? 'staffing.group_updated' : 'staffing.group_created',
        targetType: 'operator_group',
        targetId: id,
        municipalityId: null,
        requestId,
      });
      forgetSettings();
      return (await this.groups(actor)).find((g) => g.id === id)!;
    },

    /** The groups' windows, for the settings page. */
    groupWindows: (actor: AccountPrincipal | null, operatorGroupId: string) => {
      requirePermission(actor, 'read:staffing');
      return windowsOf({ operatorGroupId });
    },

    /**
     * Service now, for the supervisor overview (and town staff, their town): per municipality its
     * service level, ASA and abandon rate today and in the current 30-minute interval (its own
     * policy), the same over every municipality in reach (each call against its own town's
     * threshold), and operators' occupancy today and this interval.
     */
    async serviceNow(actor: AccountPrincipal | null) {
      const ids = municipalityFilter(requirePermission(actor, 'read:staffing'));
      const at = clock();
      const day = currentPeriods(new Date(at)).today;
      const intervalStart = at - ((at + JST_OFFSET_MS) % INTERVAL_MS);
      const rows = await needSources();
      const shown = rows.filter((m) => !ids || ids.includes(m.id));
      const sessions = await db
        .select({
          municipalityId: session.municipalityId,
          boothId: session.boothId,
          procedure: session.procedure,
          language: session.language,
          outcome: session.outcome,
          requestedAt: session.requestedAt,
          answeredAt: session.answeredAt,
          endedAt: session.endedAt,
        })
        .from(session)
        .where(
          and(
            gte(session.requestedAt, day.from),
            lt(session.requestedAt, day.to),
            ids ? inArray(session.municipalityId, [...ids]) : undefined,
          ),
        );
      const byTown: Map<string, SessionRow[]> = groupBy(sessions, (r) => r.municipalityId);
      const sum = () => ({ counts: { answered: 0, abandoned: 0 }, m: zeroMeasures() });
      const overall = { today: sum(), interval: sum() };
      const add = (into: ReturnType<typeof sum>, f: SessionFigures) => {
        into.counts.answered += f.totals.answered;
        into.counts.abandoned += f.totals.abandoned;
        into.m.withinServiceLevel += f.queue.answeredWithinServiceLevel;
        into.m.shortAbandoned += f.queue.shortAbandoned;
        into.m.answeredWaitMsSum += (f.queue.asaMs ?? 0) * f.totals.answered;
      };
      const municipalities = shown.map((m) => {
        const own = byTown.get(m.id) ?? [];
        const today = figuresFromRows(own, { policy: m.policy });
        const interval = figuresFromRows(
          own.filter((r) => r.requestedAt.getTime() >= intervalStart),
          { policy: m.policy },
        );
        add(overall.today, today);
        add(overall.interval, interval);
        const pick = (f: SessionFigures) => ({ ...serviceFiguresOf(f.totals, measuresOf(f)), waiting: f.totals.waiting });
        return {
          municipalityId: m.id,
          municipalityName: m.name,
          goal: m.policy.goal,
          serviceLevelSeconds: m.policy.seconds,
          abandonGraceSeconds: m.policy.abandonGraceSeconds,
          today: pick(today),
          interval: pick(interval),
        };
      });
      // Occupancy: every operator's time (operators serve several towns; it is not split by town).
      const spans = await statusSpans(db, { from: day.from, to: day.to }, new Date(at));
      return {
        generatedAt: new Date(at).toISOString(),
        intervalStart: new Date(intervalStart).toISOString(),
        municipalities: municipalities.sort((a, b) => a.municipalityName.localeCompare(b.municipalityName, 'ja')),
        overall: {
          today: serviceFiguresOf(overall.today.counts, overall.today.m),
          interval: serviceFiguresOf(overall.interval.counts, overall.interval.m),
        },
        occupancy: ids ? null : { today: occupancyOf(spans, day.from.getTime(), at), interval: occupancyOf(spans, intervalStart, at) },
      };
    },

    /**
     * The week's requirement per day and 30-minute interval for a municipality (its goal, its own
     * and its group's windows) or an operator group (pooled: the strictest goal of its towns, the
     * group's windows and each town's own): the forecast's calls and handling, the operators on
     * calls Erlang needs, the minimum windows, and required = the higher of the two.
     */
    async requiredWeek(actor: AccountPrincipal | null, scope: { municipalityId: string } | { operatorGroupId: string }, weekStart: string) {
      if (!isWeekStart(weekStart)) throw notWeekStart();
      const rows = await needSources('municipalityId' in scope ? scope.municipalityId : undefined);
      let members: MunicipalityNeedSource[];
      let week: Awaited<ReturnType<typeof forecast.municipalityWeek>>;
      if ('municipalityId' in scope) {
        reachable(actor, scope.municipalityId);
        members = rows.filter((r) => r.id === scope.municipalityId);
        week = await forecast.municipalityWeek(scope.municipalityId, weekStart);
      } else {
        const reach = requirePermission(actor, 'read:staffing');
        members = rows.filter((r) => r.operatorGroupId === scope.operatorGroupId);
        // Town staff: a group their town is in (they see the pool that serves them).
        if (members.length === 0 || !members.some((m) => reaches(reach, m.id))) throw groupNotFound();
        week = await forecast.groupWeek(scope.operatorGroupId, weekStart);
      }
      if (!week || members.length === 0) throw staffingMunicipalityNotFound();
      return {
        weekStart,
        municipalityIds: week.municipalityIds,
        goal: week.goal,
        days: week.days.map((day) => {
          // Each member's windows (its own and its group's): the pool's operators serve them all.
          const minimum = members.map((m) => requiredPerInterval(m.windows, day.date));
          return {
            date: day.date,
            holiday: day.holiday,
            intervals: day.cells.map((cell, i) => {
              const windows = Math.max(0, ...minimum.map((m) => m[i]!));
              return {
                interval: i,
                calls: Math.round(cell.calls * 100) / 100,
                handlingSeconds: Math.round(cell.handlingSeconds),
                source: cell.source,
                onCalls: cell.agents,
                toSchedule: cell.scheduled,
                serviceLevel: cell.serviceLevel,
                minimum: windows,
                required: Math.max(windows, cell.agents),
              };
            }),
          };
        }),
      };
    },

    /** Read afresh (an edit on this node: at once; on another node: within settingsTtlMs). */
    forgetSettings,
    /** Municipalities in the caller's reach for a picker. */
    async municipalities(actor: AccountPrincipal | null) {
      const ids = municipalityFilter(requirePermission(actor, 'read:staffing'));
      const rows = await db
        .select({ id: municipality.id, name: municipality.name, code: municipality.code })
        .from(municipality)
        .where(ids ? inArray(municipality.id, [...ids]) : undefined)
        .orderBy(municipality.code);
      return rows;
    },
  };
}

export type StaffingService = ReturnType<typeof createStaffingService>;
