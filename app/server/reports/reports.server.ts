import type { Client, InValue } from '@libsql/client';
import { type Db, type InquiryCategory, inquiryCategories, schema } from '@madoguchi/db';
import { and, eq, gte, lt } from 'drizzle-orm';
import { DAY_MS, JST_OFFSET_MS, localDate } from '../../domain/japan-time';
import {
  DEFAULT_SERVICE_LEVEL_POLICY,
  INTERVAL_MS,
  INTERVALS_PER_DAY,
  type ServiceLevelPolicy,
  type SessionBucket,
  type SessionFigures,
  summarise,
  summariseUnits,
  type Thresholds,
  thresholdsOf,
  type UnitBucket,
} from '../../domain/reports/aggregate';
import { chartHours } from '../../domain/reports/hours';
import { interpretingSection } from '../../domain/reports/interpreting';
import { currentPeriods, datesOf, type PeriodRange, periodRange, type ReportPeriod } from '../../domain/reports/periods';
import { ANALYSIS_MAX_CHARS, type Report, type UptimeRow } from '../../domain/reports/report';
import { reservationSection } from '../../domain/reports/reservations';
import { sitesOf } from '../../domain/reservations/sites';
import type { Uptime } from '../../domain/uptime';
import { readableMunicipalities, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { calendarOf } from '../booths/booths.server';
import { Problem } from '../platform/problems';
import { createPopupService } from '../popups/popups.server';
import { recordAccountAudit } from '../records/audit.server';
import { monthlyStaffingSection } from '../staffing/staffing-section.server';
import { HANDLING, KIND, WAIT } from './session-sql';

const { municipality, booth, incident, reportAnalysis, account } = schema;

/** Booth health's uptime (booths/health.server.ts), injected so reports work without it too. */
export type UptimeFor = (boothIds: readonly string[], range: { from: Date; to: Date }) => Promise<Map<string, Uptime>>;

export const municipalityNotFound = () =>
  new Problem(404, 'municipality_not_found', {
    ja: '指定された自治体は存在しないか、表示する権限がありません。',
    en: 'No such municipality, or it is not one of yours.',
  });

export const reportPeriodProblem = (error: 'format' | 'future' | 'too_old', period: ReportPeriod) =>
  new Problem(
    400,
    `report_period_${error}`,
    error === 'future'
      ? { ja: 'まだ始まっていない期間の報告書は作成できません。', en: 'A report cannot be made for a period that has not started yet.' }
      : error === 'too_old'
        ? { ja: '2000年より前の報告書は作成できません。', en: 'Reports start in the year 2000.' }
        : period === 'daily'
          ? { ja: '日付は YYYY-MM-DD（実在する日付）で指定してください。', en: 'Give the date as YYYY-MM-DD (a real date).' }
          : { ja: '月は YYYY-MM で指定してください。', en: 'Give the month as YYYY-MM.' },
  );

// ---------------------------------------------------------------------------------------------
// SQL: the definitions of app/domain/reports/aggregate.ts, from ./session-sql.ts.

/** Two parameters: the service-level threshold and the abandon grace, in ms (MEASURE_ARGS). */
const MEASURES = `count(*) AS n, coalesce(sum(w), 0) AS wsum, count(w) AS wn, coalesce(sum(h), 0) AS hsum, count(h) AS hn,
  sum(CASE WHEN answered_at IS NOT NULL AND w <= ? THEN 1 ELSE 0 END) AS sl,
  coalesce(sum(CASE WHEN answered_at IS NOT NULL THEN w END), 0) AS asum,
  sum(CASE WHEN kind = 'abandoned' AND w <= ? THEN 1 ELSE 0 END) AS sa`;
const MEASURE_ARGS = (t: Thresholds) => [t.slMs, t.graceMs];

interface Scope {
  /** null = every municipality (the national roll-up). */
  municipalityId: string | null;
  boothId?: string | undefined;
  from: Date;
  to: Date;
}

/** The rows of the scope with their derived columns; uses session_municipality_time_idx or session_requested_idx. */
function scoped(scope: Scope): { sql: string; args: InValue[] } {
  const where = ['requested_at >= ?', 'requested_at < ?'];
  const args: InValue[] = [scope.from.getTime(), scope.to.getTime()];
  if (scope.municipalityId) {
    where.unshift('municipality_id = ?');
    args.unshift(scope.municipalityId);
  }
  if (scope.boothId) {
    where.push('booth_id = ?');
    args.push(scope.boothId);
  }
  return {
    sql: `SELECT municipality_id, booth_id, procedure, language, outcome, requested_at, answered_at, ended_at, ${KIND} AS kind, ${WAIT} AS w, ${HANDLING} AS h FROM session WHERE ${where.join(' AND ')}`,
    args,
  };
}

export type UnitColumn = 'booth_id' | 'municipality_id' | 'day';
const unitExpr: Record<UnitColumn, string> = {
  booth_id: 'booth_id',
  municipality_id: 'municipality_id',
  day: `date((requested_at + ${JST_OFFSET_MS}) / 1000, 'unixepoch')`,
};

/**
 * Grouped figures straight from SQL: what the dashboard, the reports and the bench use.
 *
 * One statement per call: the scope's rows are read once into a MATERIALIZED common table
 * expression (an index range plus one table lookup per row — the expensive part at national
 * scale), and every grouping the figures need is a scalar subquery over it that returns its
 * groups as one JSON array: b = buckets, u = units (booth or municipality), d = days, w = every
 * wait (exact p95) or waits per whole second (histogram p95).
 */
export function createSessionFigures(client: Client) {
  interface Grouped {
    buckets: SessionBucket[];
    units: UnitBucket[];
    days: UnitBucket[];
    waits: { exact: number[] } | { histogram: { upperMs: number; count: number }[] };
  }

  async function grouped(
    scope: Scope,
    o: { thresholds: Thresholds; unit: 'booth_id' | 'municipality_id'; days: boolean; waits: 'exact' | 'histogram' },
  ): Promise<Grouped> {
    const s = scoped(scope);
    const M = 'n, wsum, wn, hsum, hn, sl, asum, sa';
    const interval = `((requested_at + ${JST_OFFSET_MS}) / ${INTERVAL_MS}) % ${INTERVALS_PER_DAY}`;
    const parts = [
      `(SELECT json_group_array(json_array(procedure, language, kind, outcome, interval, ${M})) FROM
         (SELECT procedure, language, kind, outcome, ${interval} AS interval, ${MEASURES} FROM s GROUP BY procedure, language, kind, outcome, interval)) AS b`,
      `(SELECT json_group_array(json_array(unit, kind, ${M})) FROM (SELECT ${unitExpr[o.unit]} AS unit, kind, ${MEASURES} FROM s GROUP BY unit, kind)) AS u`,
      o.days
        ? `(SELECT json_group_array(json_array(unit, kind, ${M})) FROM (SELECT ${unitExpr.day} AS unit, kind, ${MEASURES} FROM s GROUP BY unit, kind)) AS d`
        : `'[]' AS d`,
      o.waits === 'exact'
        ? `(SELECT json_group_array(w) FROM s WHERE w IS NOT NULL) AS w`
        : `(SELECT json_group_array(json_array(sec, n)) FROM (SELECT (w + 999) / 1000 AS sec, count(*) AS n FROM s WHERE w IS NOT NULL GROUP BY sec)) AS w`,
    ];
    const m2 = MEASURE_ARGS(o.thresholds);
    const result = await client.execute({
      sql: `WITH s AS MATERIALIZED (${s.sql}) SELECT ${parts.join(', ')}`,
      args: [...s.args, ...m2, ...m2, ...(o.days ? m2 : [])],
    });
    // One row of JSON text: @libsql/client turns each result row into an object, which costs far
    // more than the query itself once there are thousands of rows.
    const row = result.rows[0]!;
    type Num = number | null;
    const m = (x: Num[]) => ({
      count: Number(x[0]),
      waitMsSum: Number(x[1] ?? 0),
      waitCount: Number(x[2]),
      handlingMsSum: Number(x[3] ?? 0),
      handlingCount: Number(x[4]),
      withinServiceLevel: Number(x[5] ?? 0),
      answeredWaitMsSum: Number(x[6] ?? 0),
      shortAbandoned: Number(x[7] ?? 0),
    });
    const units = (json: unknown) =>
      (JSON.parse(String(json)) as [string, UnitBucket['kind'], ...Num[]][]).map(([unit, kind, ...x]) => ({
        unit: String(unit),
        kind,
        ...m(x),
      }));
    return {
      buckets: (
        JSON.parse(String(row.b)) as [
          SessionBucket['procedure'],
          SessionBucket['language'],
          SessionBucket['kind'],
          SessionBucket['outcome'],
          number,
          ...Num[],
        ][]
      ).map(([procedure, language, kind, outcome, i, ...x]) => ({ procedure, language, kind, outcome, interval: Number(i), ...m(x) })),
      units: units(row.u),
      days: units(row.d),
      waits:
        o.waits === 'exact'
          ? { exact: JSON.parse(String(row.w)) as number[] }
          : { histogram: (JSON.parse(String(row.w)) as [number, number][]).map(([sec, n]) => ({ upperMs: sec * 1000, count: n })) },
    };
  }

  return {
    grouped,
    /** One municipality (or booth): exact p95, units = booths; per-day units when asked. */
    async municipality(
      scope: Scope & { municipalityId: string },
      options: { policy: ServiceLevelPolicy; knownBooths: readonly string[]; days?: boolean },
    ): Promise<SessionFigures & { days: UnitBucket[] }> {
      const g = await grouped(scope, {
        thresholds: thresholdsOf(options.policy),
        unit: 'booth_id',
        days: options.days ?? false,
        waits: 'exact',
      });
      return {
        ...summarise({
          buckets: g.buckets,
          units: g.units,
          knownUnits: options.knownBooths,
          waits: g.waits,
          policy: options.policy,
        }),
        days: g.days,
      };
    },
    /** Every municipality: units = municipalities, p95 from a 1-second histogram. */
    async national(range: { from: Date; to: Date }, policy: ServiceLevelPolicy = DEFAULT_SERVICE_LEVEL_POLICY): Promise<SessionFigures> {
      const g = await grouped(
        { municipalityId: null, ...range },
        { thresholds: thresholdsOf(policy), unit: 'municipality_id', days: false, waits: 'histogram' },
      );
      return summarise({ buckets: g.buckets, units: g.units, waits: g.waits, policy });
    },
  };
}

/** A municipality row's service-level settings as the domain's policy. */
export function policyOf(row: {
  serviceLevelSeconds: number;
  serviceLevelGoalPercent: number;
  abandonGraceSeconds: number;
}): ServiceLevelPolicy {
  return { seconds: row.serviceLevelSeconds, goal: row.serviceLevelGoalPercent / 100, abandonGraceSeconds: row.abandonGraceSeconds };
}

// ---------------------------------------------------------------------------------------------

export interface ReportsDeps {
  db: Db;
  client: Client;
  uptimeFor?: UptimeFor | undefined;
  now?: () => Date;
}

/** Dashboard figures and daily/monthly reports, each behind read:report within the caller's municipalities. */
export function createReportsService({ db, client, uptimeFor, now = () => new Date() }: ReportsDeps) {
  const figures = createSessionFigures(client);
  const popupEvents = createPopupService(db, { clock: () => now().getTime() });

  async function municipalityWithin(actor: AccountPrincipal | null, need: 'read:report' | 'write:report', municipalityId: string) {
    const reach = requirePermission(actor, need);
    requireWithin(reach, municipalityId, municipalityNotFound);
    const row = await db.query.municipality.findFirst({ where: eq(municipality.id, municipalityId) });
    if (!row) throw municipalityNotFound();
    const policy = policyOf(row);
    const booths = await db
      .select({ id: booth.id, name: booth.name })
      .from(booth)
      .where(eq(booth.municipalityId, municipalityId))
      .orderBy(booth.name);
    return { municipality: { id: row.id, name: row.name, code: row.code }, booths, policy };
  }

  /** The municipality's policy, with the threshold a caller asked for (the dashboard's "what if N were…"). */
  const withSeconds = (policy: ServiceLevelPolicy, seconds: number | undefined) => (seconds ? { ...policy, seconds } : policy);

  function rangeOf(period: ReportPeriod, key: string): PeriodRange {
    const r = periodRange(period, key, now());
    if (!r.ok) throw reportPeriodProblem(r.error, period);
    return r.range;
  }

  async function uptimeRows(booths: { id: string; name: string }[], range: { from: Date; to: Date }): Promise<UptimeRow[] | null> {
    if (!uptimeFor) return null;
    const map = await uptimeFor(
      booths.map((b) => b.id),
      range,
    );
    return booths.map((b) => {
      const u = map.get(b.id);
      return {
        boothId: b.id,
        boothName: b.name,
        openMs: u?.openMs ?? 0,
        onlineMs: u?.onlineMs ?? 0,
        degradedMs: u?.degradedMs ?? 0,
        offlineMs: u?.offlineMs ?? 0,
        unknownMs: u?.unknownMs ?? 0,
        ratio: u?.ratio ?? null,
        outages: (u?.outages ?? []).map((o) => ({ start: o.start.toISOString(), end: o.end?.toISOString() ?? null, openMs: o.openMs })),
      };
    });
  }

  return {
    figures,

    /** The municipalities the caller may see reports of (the picker). */
    async municipalities(actor: AccountPrincipal | null) {
      const ids = readableMunicipalities(actor, 'read:report');
      const rows = await db
        .select({ id: municipality.id, name: municipality.name, code: municipality.code })
        .from(municipality)
        .orderBy(municipality.code);
      return ids ? rows.filter((r) => ids.includes(r.id)) : rows;
    },

    /** Today, and a period (default: this month), with per-hour and per-booth series; optionally one booth. */
    async dashboard(
      actor: AccountPrincipal | null,
      q: {
        municipalityId: string;
        from?: string | undefined;
        to?: string | undefined;
        boothId?: string | undefined;
        serviceLevelSeconds?: number | undefined;
      },
    ) {
      const { municipality: m, booths, policy: own } = await municipalityWithin(actor, 'read:report', q.municipalityId);
      if (q.boothId && !booths.some((b) => b.id === q.boothId)) {
        throw new Problem(404, 'booth_not_found', {
          ja: '指定されたブースはこの自治体にありません。',
          en: 'No such booth in this municipality.',
        });
      }
      const at = now();
      const { today, month } = currentPeriods(at);
      let period = { from: month.from, to: month.to, fromDate: month.key + '-01', toDate: datesOf(month).at(-1)! };
      if (q.from || q.to) {
        const first = rangeOf('daily', q.from ?? q.to!);
        const last = rangeOf('daily', q.to ?? q.from!);
        if (last.to.getTime() <= first.from.getTime()) {
          throw new Problem(400, 'report_period_order', {
            ja: '期間の終わりは始まり以降にしてください。',
            en: 'The end of the period must not be before its start.',
          });
        }
        if (last.to.getTime() - first.from.getTime() > 400 * DAY_MS) {
          throw new Problem(400, 'report_period_too_long', {
            ja: 'ダッシュボードの期間は400日以内にしてください。',
            en: 'The dashboard period can be at most 400 days.',
          });
        }
        period = { from: first.from, to: last.to, fromDate: first.key, toDate: last.key };
      }
      const policy = withSeconds(own, q.serviceLevelSeconds);
      const shown = q.boothId ? booths.filter((b) => b.id === q.boothId) : booths;
      const options = { policy, knownBooths: shown.map((b) => b.id) };
      const [todayFigures, periodFigures, uptime, reservations, siteBooths] = await Promise.all([
        figures.municipality({ municipalityId: m.id, boothId: q.boothId, from: today.from, to: today.to }, options),
        figures.municipality({ municipalityId: m.id, boothId: q.boothId, from: period.from, to: period.to }, options),
        uptimeRows(shown, today),
        // Today's reservations, as the daily report counts them (the whole town: a reservation is per site, not per booth).
        reservationFiguresOf(client, m.id, today),
        db
          .select({ id: booth.id, name: booth.name, location: booth.location, enabled: booth.enabled })
          .from(booth)
          .where(eq(booth.municipalityId, m.id)),
      ]);
      const siteNames = new Map(sitesOf(siteBooths).map((site) => [site.key, site.name]));
      const strip = ({ days: _days, ...f }: SessionFigures & { days: UnitBucket[] }): SessionFigures => f;
      return {
        municipality: m,
        booths,
        boothId: q.boothId ?? null,
        generatedAt: at.toISOString(),
        today: {
          date: today.key,
          from: today.from.toISOString(),
          to: today.to.toISOString(),
          figures: strip(todayFigures),
          uptime,
          reservations: {
            totals: reservations.totals,
            // A site no longer there (a location renamed, its booths disabled) keeps its key as its name.
            bySite: reservations.bySite.map((site) => ({ ...site, name: siteNames.get(site.key) ?? site.key })),
          },
        },
        period: {
          fromDate: period.fromDate,
          toDate: period.toDate,
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          figures: strip(periodFigures),
          // The hours the booths shown are open, and any hour with a session (not a fixed 06–22).
          hours: chartHours(
            (await db.select({ id: booth.id, calendar: booth.calendar }).from(booth).where(eq(booth.municipalityId, m.id)))
              .filter((b) => shown.some((x) => x.id === b.id))
              .map(calendarOf),
            periodFigures.byHour.filter((h) => h.sessions > 0).map((h) => h.hour),
          ),
        },
      };
    },

    async report(
      actor: AccountPrincipal | null,
      period: ReportPeriod,
      key: string,
      q: { municipalityId: string; serviceLevelSeconds?: number | undefined },
    ): Promise<Report> {
      const { municipality: m, booths, policy: own } = await municipalityWithin(actor, 'read:report', q.municipalityId);
      const range = rangeOf(period, key);
      const policy = withSeconds(own, q.serviceLevelSeconds);
      const scope = { municipalityId: m.id, from: range.from, to: range.to };
      const [{ days, ...sessionFigures }, uptime, incidents, inquiries, analysis, staffing, popups] = await Promise.all([
        figures.municipality(scope, { policy, knownBooths: booths.map((b) => b.id), days: period === 'monthly' }),
        uptimeRows(booths, range),
        db
          .select()
          .from(incident)
          .where(and(eq(incident.municipalityId, m.id), gte(incident.reportedAt, range.from), lt(incident.reportedAt, range.to)))
          .orderBy(incident.reportedAt),
        client.execute({
          sql: 'SELECT category, count(*) AS n, sum(transferred) AS t FROM inquiry WHERE municipality_id = ? AND received_at >= ? AND received_at < ? GROUP BY category',
          args: [m.id, range.from.getTime(), range.to.getTime()],
        }),
        db
          .select({ text: reportAnalysis.text, updatedAt: reportAnalysis.updatedAt, updatedBy: account.displayName })
          .from(reportAnalysis)
          .innerJoin(account, eq(account.id, reportAnalysis.updatedBy))
          .where(and(eq(reportAnalysis.municipalityId, m.id), eq(reportAnalysis.period, period), eq(reportAnalysis.periodKey, range.key))),
        period === 'monthly'
          ? monthlyStaffingSection(db, client, { municipalityId: m.id, policy, dates: datesOf(range), range, now: now() })
          : Promise.resolve(null),
        period === 'monthly' ? popupEvents.ofMonth(actor, m.id, range.key) : Promise.resolve(null),
      ]);
      const reservations = await reservationFiguresOf(client, m.id, range);
      const byCategory = Object.fromEntries(inquiryCategories.map((c) => [c, 0])) as Record<InquiryCategory, number>;
      let transferred = 0;
      for (const r of inquiries.rows) {
        byCategory[r.category as InquiryCategory] = Number(r.n);
        transferred += Number(r.t ?? 0);
      }
      const boothName = new Map(booths.map((b) => [b.id, b.name]));
      const a = analysis[0];
      const interpreting = await interpretingFiguresOf(client, m.id, range);
      return {
        municipality: m,
        period,
        periodKey: range.key,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        generatedAt: now().toISOString(),
        booths,
        figures: sessionFigures,
        byDay: period === 'monthly' ? summariseUnits(days, datesOf(range)).sort((x, y) => x.unit.localeCompare(y.unit)) : null,
        staffing,
        reservations,
        uptime,
        incidents: incidents.map((i) => ({
          id: i.id,
          kind: i.kind,
          severity: i.severity,
          status: i.status,
          summary: i.summary,
          boothName: i.boothId ? (boothName.get(i.boothId) ?? null) : null,
          reportedAt: i.reportedAt.toISOString(),
          escalatedAt: i.escalatedAt?.toISOString() ?? null,
          notified: i.notified ?? null,
          acknowledgedAt: i.acknowledgedAt?.toISOString() ?? null,
          resolvedAt: i.resolvedAt?.toISOString() ?? null,
        })),
        inquiries: { byCategory, total: Object.values(byCategory).reduce((s, n) => s + n, 0), transferred },
        analysis: a ? { text: a.text, updatedAt: a.updatedAt.toISOString(), updatedBy: a.updatedBy } : null,
        interpreting,
        popups:
          popups?.map(({ event, figures }) => ({
            id: event.id,
            siteName: event.siteName,
            siteKind: event.siteKind,
            state: event.state,
            firstDate: event.firstDate,
            lastDate: event.lastDate,
            days: event.days.length,
            figures,
          })) ?? null,
      };
    },

    /** The supervisor's 分析・改善 text for one report; replaces the previous text. */
    async saveAnalysis(
      actor: AccountPrincipal | null,
      period: ReportPeriod,
      key: string,
      municipalityId: string,
      rawText: string,
      requestId?: string,
    ) {
      await municipalityWithin(actor, 'write:report', municipalityId);
      // Checked here, so the API and the staff page (which calls this directly) refuse alike.
      const text = rawText.trim();
      if (text.length < 1 || text.length > ANALYSIS_MAX_CHARS) {
        throw new Problem(400, 'invalid_analysis', {
          ja: `分析・改善を 1〜${ANALYSIS_MAX_CHARS.toLocaleString('ja-JP')} 文字で入力してください。`,
          en: `Enter the analysis in 1–${ANALYSIS_MAX_CHARS.toLocaleString('en')} characters.`,
        });
      }
      const range = rangeOf(period, key);
      const row = { municipalityId, period, periodKey: range.key, text, updatedBy: actor!.accountId, updatedAt: now() };
      await db
        .insert(reportAnalysis)
        .values(row)
        .onConflictDoUpdate({
          target: [reportAnalysis.municipalityId, reportAnalysis.period, reportAnalysis.periodKey],
          set: { text, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
        });
      await recordAccountAudit(db, actor!, {
        action: 'report.analysis_saved',
        targetType: 'report',
        targetId: `${period}:${range.key}`,
        municipalityId,
        requestId,
      });
      return { period, periodKey: range.key, municipalityId, text, updatedAt: row.updatedAt.toISOString(), updatedBy: actor!.displayName };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;

/** The reservations section (decision 0034): reservations whose slot falls in the range, and the waits of answered calls. */
async function reservationFiguresOf(client: Client, municipalityId: string, range: { from: Date; to: Date }) {
  const [rows, calls] = await Promise.all([
    client.execute({
      sql: 'SELECT slot_start, site_key, procedure, language, state FROM reservation WHERE municipality_id = ? AND slot_start >= ? AND slot_start < ?',
      args: [municipalityId, range.from.getTime(), range.to.getTime()],
    }),
    client.execute({
      sql: `SELECT reservation_id IS NOT NULL AS reserved, ${WAIT} AS wait FROM session
        WHERE municipality_id = ? AND requested_at >= ? AND requested_at < ? AND answered_at IS NOT NULL`,
      args: [municipalityId, range.from.getTime(), range.to.getTime()],
    }),
  ]);
  return reservationSection(
    rows.rows.map((r) => ({
      date: localDate(new Date(Number(r.slot_start))),
      siteKey: String(r.site_key),
      procedure: r.procedure as never,
      language: r.language as never,
      state: r.state as never,
    })),
    calls.rows.map((r) => ({ reserved: Number(r.reserved) === 1, waitMs: Math.max(0, Number(r.wait)) })),
  );
}

/**
 * The interpreters section (issue 18): the interpreter events of the calls requested in the range
 * (a call counts in the period it was requested in, like the queue figures).
 */
async function interpretingFiguresOf(client: Client, municipalityId: string, range: { from: Date; to: Date }) {
  const rows = await client.execute({
    sql: `SELECT e.session_id, e.type, e.at, e.detail FROM session_event e JOIN session s ON s.id = e.session_id
      WHERE s.municipality_id = ? AND s.requested_at >= ? AND s.requested_at < ? AND e.type LIKE 'interpreter-%'`,
    args: [municipalityId, range.from.getTime(), range.to.getTime()],
  });
  return interpretingSection(
    rows.rows.map((r) => ({
      sessionId: String(r.session_id),
      type: String(r.type),
      at: Number(r.at),
      detail: parseDetail(r.detail),
    })),
  );
}

function parseDetail(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
