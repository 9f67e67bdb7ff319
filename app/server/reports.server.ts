import type { Client, InValue } from '@libsql/client';
import { and, eq, gte, lt } from 'drizzle-orm';
import { inquiryCategories, schema, type Db, type InquiryCategory } from '@madoguchi/db';
import {
  DEFAULT_SERVICE_LEVEL_SECONDS,
  summarise,
  summariseUnits,
  type SessionBucket,
  type SessionFigures,
  type UnitBucket,
} from '../domain/reports/aggregate';
import { currentPeriods, datesOf, periodRange, type PeriodRange, type ReportPeriod } from '../domain/reports/periods';
import type { Report, UptimeRow } from '../domain/reports/report';
import type { Uptime } from '../domain/uptime';
import { municipalityFilter, requirePermission, requireWithin } from './authorize.server';
import { recordAudit } from './audit.server';
import { Problem } from './problems';
import type { AccountPrincipal } from './accounts.server';

const { municipality, booth, incident, inquiry, reportAnalysis, account } = schema;

/** Booth health's uptime (booth-health.server.ts), injected so reports work without it too. */
export type UptimeFor = (boothIds: readonly string[], range: { from: Date; to: Date }) => Promise<Map<string, Uptime>>;

export const municipalityNotFound = () =>
  new Problem(404, 'municipality_not_found', { ja: '指定された自治体は存在しないか、表示する権限がありません。', en: 'No such municipality, or it is not one of yours.' });

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
// SQL: the same definitions as app/domain/reports/aggregate.ts (kindOf, waitOf, handlingOf).

const JST_MS = 32_400_000;
const KIND = `CASE WHEN answered_at IS NOT NULL THEN 'answered' WHEN ended_at IS NULL THEN 'waiting' WHEN outcome = 'referred' THEN 'referred_at_booth' ELSE 'abandoned' END`;
const WAIT = `CASE WHEN answered_at IS NOT NULL THEN answered_at - requested_at WHEN ended_at IS NOT NULL AND coalesce(outcome, '') <> 'referred' THEN ended_at - requested_at END`;
const HANDLING = `CASE WHEN answered_at IS NOT NULL AND ended_at IS NOT NULL THEN ended_at - answered_at END`;
const MEASURES = `count(*) AS n, coalesce(sum(w), 0) AS wsum, count(w) AS wn, coalesce(sum(h), 0) AS hsum, count(h) AS hn,
  sum(CASE WHEN answered_at IS NOT NULL AND w <= ? THEN 1 ELSE 0 END) AS sl`;

interface Scope {
  /** null = every municipality (the national roll-up). */
  municipalityId: string | null;
  boothId?: string | undefined;
  from: Date;
  to: Date;
}

/** The rows of the scope with their derived columns; uses session_municipality_idx or session_requested_idx. */
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

const measures = (r: Record<string, unknown>) => ({
  count: Number(r.n),
  waitMsSum: Number(r.wsum),
  waitCount: Number(r.wn),
  handlingMsSum: Number(r.hsum),
  handlingCount: Number(r.hn),
  withinServiceLevel: Number(r.sl ?? 0),
});

export type UnitColumn = 'booth_id' | 'municipality_id' | 'day';
const unitExpr: Record<UnitColumn, string> = {
  booth_id: 'booth_id',
  municipality_id: 'municipality_id',
  day: `date((requested_at + ${JST_MS}) / 1000, 'unixepoch')`,
};

/** Grouped figures straight from SQL: what the dashboard, the reports and the bench use. */
export function createSessionFigures(client: Client) {
  async function buckets(scope: Scope, slMs: number): Promise<SessionBucket[]> {
    const s = scoped(scope);
    const result = await client.execute({
      sql: `SELECT procedure, language, kind, outcome, ((requested_at + ${JST_MS}) / 3600000) % 24 AS hour, ${MEASURES}
            FROM (${s.sql}) GROUP BY procedure, language, kind, outcome, hour`,
      args: [slMs, ...s.args],
    });
    return result.rows.map((r) => ({
      procedure: (r.procedure ?? null) as SessionBucket['procedure'],
      language: (r.language ?? null) as SessionBucket['language'],
      kind: r.kind as SessionBucket['kind'],
      outcome: (r.outcome ?? null) as SessionBucket['outcome'],
      hour: Number(r.hour),
      ...measures(r),
    }));
  }

  async function units(scope: Scope, unit: UnitColumn, slMs: number): Promise<UnitBucket[]> {
    const s = scoped(scope);
    const result = await client.execute({
      sql: `SELECT ${unitExpr[unit]} AS unit, kind, ${MEASURES} FROM (${s.sql}) GROUP BY unit, kind`,
      args: [slMs, ...s.args],
    });
    return result.rows.map((r) => ({ unit: String(r.unit), kind: r.kind as UnitBucket['kind'], ...measures(r) }));
  }

  async function exactWaits(scope: Scope): Promise<number[]> {
    const s = scoped(scope);
    const result = await client.execute({ sql: `SELECT w FROM (${s.sql}) WHERE w IS NOT NULL`, args: s.args });
    return result.rows.map((r) => Number(r.w));
  }

  /** Waits counted per whole second (upper edge): p95 to within 1 s without sorting millions of rows. */
  async function waitHistogram(scope: Scope): Promise<{ upperMs: number; count: number }[]> {
    const s = scoped(scope);
    const result = await client.execute({
      sql: `SELECT (w + 999) / 1000 AS s, count(*) AS n FROM (${s.sql}) WHERE w IS NOT NULL GROUP BY s`,
      args: s.args,
    });
    return result.rows.map((r) => ({ upperMs: Number(r.s) * 1000, count: Number(r.n) }));
  }

  return {
    buckets,
    units,
    exactWaits,
    waitHistogram,
    /** One municipality (or booth): exact p95, units = booths. */
    async municipality(scope: Scope & { municipalityId: string }, options: { serviceLevelSeconds: number; knownBooths: readonly string[] }): Promise<SessionFigures> {
      const slMs = options.serviceLevelSeconds * 1000;
      const [b, u, w] = await Promise.all([buckets(scope, slMs), units(scope, 'booth_id', slMs), exactWaits(scope)]);
      return summarise({ buckets: b, units: u, knownUnits: options.knownBooths, waits: { exact: w }, serviceLevelSeconds: options.serviceLevelSeconds });
    },
    /** Every municipality: units = municipalities, p95 from a 1-second histogram. */
    async national(range: { from: Date; to: Date }, serviceLevelSeconds = DEFAULT_SERVICE_LEVEL_SECONDS): Promise<SessionFigures> {
      const scope = { municipalityId: null, ...range };
      const slMs = serviceLevelSeconds * 1000;
      const [b, u, h] = await Promise.all([buckets(scope, slMs), units(scope, 'municipality_id', slMs), waitHistogram(scope)]);
      return summarise({ buckets: b, units: u, waits: { histogram: h }, serviceLevelSeconds });
    },
  };
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

  async function municipalityWithin(actor: AccountPrincipal | null, need: 'read:report' | 'write:report', municipalityId: string) {
    const reach = requirePermission(actor, need);
    requireWithin(reach, municipalityId, municipalityNotFound);
    const row = await db.query.municipality.findFirst({ where: eq(municipality.id, municipalityId) });
    if (!row) throw municipalityNotFound();
    const booths = await db.select({ id: booth.id, name: booth.name }).from(booth).where(eq(booth.municipalityId, municipalityId)).orderBy(booth.name);
    return { municipality: { id: row.id, name: row.name, code: row.code }, booths };
  }

  function rangeOf(period: ReportPeriod, key: string): PeriodRange {
    const r = periodRange(period, key, now());
    if (!r.ok) throw reportPeriodProblem(r.error, period);
    return r.range;
  }

  async function uptimeRows(booths: { id: string; name: string }[], range: { from: Date; to: Date }): Promise<UptimeRow[] | null> {
    if (!uptimeFor) return null;
    const map = await uptimeFor(booths.map((b) => b.id), range);
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
      const ids = municipalityFilter(requirePermission(actor, 'read:report'));
      const rows = await db.select({ id: municipality.id, name: municipality.name, code: municipality.code }).from(municipality).orderBy(municipality.code);
      return ids ? rows.filter((r) => ids.includes(r.id)) : rows;
    },

    /** Today, and a period (default: this month), with per-hour and per-booth series; optionally one booth. */
    async dashboard(
      actor: AccountPrincipal | null,
      q: { municipalityId: string; from?: string | undefined; to?: string | undefined; boothId?: string | undefined; serviceLevelSeconds?: number | undefined },
    ) {
      const { municipality: m, booths } = await municipalityWithin(actor, 'read:report', q.municipalityId);
      if (q.boothId && !booths.some((b) => b.id === q.boothId)) {
        throw new Problem(404, 'booth_not_found', { ja: '指定されたブースはこの自治体にありません。', en: 'No such booth in this municipality.' });
      }
      const at = now();
      const { today, month } = currentPeriods(at);
      let period = { from: month.from, to: month.to, fromDate: month.key + '-01', toDate: datesOf(month).at(-1)! };
      if (q.from || q.to) {
        const first = rangeOf('daily', q.from ?? q.to!);
        const last = rangeOf('daily', q.to ?? q.from!);
        if (last.to.getTime() <= first.from.getTime()) {
          throw new Problem(400, 'report_period_order', { ja: '期間の終わりは始まり以降にしてください。', en: 'The end of the period must not be before its start.' });
        }
        if (last.to.getTime() - first.from.getTime() > 400 * 86_400_000) {
          throw new Problem(400, 'report_period_too_long', { ja: 'ダッシュボードの期間は400日以内にしてください。', en: 'The dashboard period can be at most 400 days.' });
        }
        period = { from: first.from, to: last.to, fromDate: first.key, toDate: last.key };
      }
      const serviceLevelSeconds = q.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS;
      const shown = q.boothId ? booths.filter((b) => b.id === q.boothId) : booths;
      const options = { serviceLevelSeconds, knownBooths: shown.map((b) => b.id) };
      const [todayFigures, periodFigures, uptime] = await Promise.all([
        figures.municipality({ municipalityId: m.id, boothId: q.boothId, from: today.from, to: today.to }, options),
        figures.municipality({ municipalityId: m.id, boothId: q.boothId, from: period.from, to: period.to }, options),
        uptimeRows(shown, today),
      ]);
      return {
        municipality: m,
        booths,
        boothId: q.boothId ?? null,
        generatedAt: at.toISOString(),
        today: { date: today.key, from: today.from.toISOString(), to: today.to.toISOString(), figures: todayFigures, uptime },
        period: { fromDate: period.fromDate, toDate: period.toDate, from: period.from.toISOString(), to: period.to.toISOString(), figures: periodFigures },
      };
    },

    async report(actor: AccountPrincipal | null, period: ReportPeriod, key: string, q: { municipalityId: string; serviceLevelSeconds?: number | undefined }): Promise<Report> {
      const { municipality: m, booths } = await municipalityWithin(actor, 'read:report', q.municipalityId);
      const range = rangeOf(period, key);
      const serviceLevelSeconds = q.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS;
      const scope = { municipalityId: m.id, from: range.from, to: range.to };
      const [sessionFigures, days, uptime, incidents, inquiries, analysis] = await Promise.all([
        figures.municipality(scope, { serviceLevelSeconds, knownBooths: booths.map((b) => b.id) }),
        period === 'monthly' ? figures.units(scope, 'day', serviceLevelSeconds * 1000) : Promise.resolve(null),
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
      ]);
      const byCategory = Object.fromEntries(inquiryCategories.map((c) => [c, 0])) as Record<InquiryCategory, number>;
      let transferred = 0;
      for (const r of inquiries.rows) {
        byCategory[r.category as InquiryCategory] = Number(r.n);
        transferred += Number(r.t ?? 0);
      }
      const boothName = new Map(booths.map((b) => [b.id, b.name]));
      const a = analysis[0];
      return {
        municipality: m,
        period,
        periodKey: range.key,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        generatedAt: now().toISOString(),
        booths,
        figures: sessionFigures,
        byDay: days ? summariseUnits(days, datesOf(range)).sort((x, y) => x.unit.localeCompare(y.unit)) : null,
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
      };
    },

    /** The supervisor's 分析・改善 text for one report; replaces the previous text. */
    async saveAnalysis(actor: AccountPrincipal | null, period: ReportPeriod, key: string, municipalityId: string, text: string, requestId?: string) {
      await municipalityWithin(actor, 'write:report', municipalityId);
      const range = rangeOf(period, key);
      const row = { municipalityId, period, periodKey: range.key, text, updatedBy: actor!.accountId, updatedAt: now() };
      await db
        .insert(reportAnalysis)
        .values(row)
        .onConflictDoUpdate({ target: [reportAnalysis.municipalityId, reportAnalysis.period, reportAnalysis.periodKey], set: { text, updatedBy: row.updatedBy, updatedAt: row.updatedAt } });
      await recordAudit(db, {
        actorKind: 'account',
        actorId: actor!.accountId,
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
