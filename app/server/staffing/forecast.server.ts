/**
 * The forecast's history read from the session table, and the forecast + staffing of a week for a
 * municipality, an operator group, or every pool at once (the national view).
 *
 * One statement per read: the sessions of the scope's municipalities over the last N weeks are
 * grouped per municipality × Japan day × 30-minute interval in SQL (session_municipality_time_idx:
 * one index range per municipality, covering every column read, so the table is never touched) and
 * come back as one JSON array, with each municipality's grace
 * period applied, whether it has sessions from before the window, and its booths' calendars.
 * Counting as in app/domain/staffing/forecast.ts (offered = answered + abandoned after the grace).
 *
 * The staffing function (Erlang C/A) is a parameter, so this module does not depend on which one.
 * Authorisation (read:staffing) is the caller's: these functions read whatever scope they are given.
 */
import type { Client, InValue } from '@libsql/client';
import type { OpeningCalendar } from '../../domain/calendar';
import { groupBy } from '../../domain/group-by';
import { DAY_MS, JST_OFFSET_MS } from '../../domain/japan-time';
import {
  dateOfDay,
  dayOfDate,
  type ForecastOptions,
  forecastDefaults,
  forecastWeek,
  type HistoryRow,
  INTERVAL_MS,
  INTERVALS_PER_DAY,
  intervalStartMs,
  type MunicipalityHistory,
  poolWeeks,
} from '../../domain/staffing/forecast';
import { type StaffedWeek, type StaffingFunction, staffWeek, strictestGoal } from '../../domain/staffing/forecast-staffing';
import { calendarOf } from '../booths/booths.server';

/** Shrinkage of a municipality in no operator group (the operator_group column's default). */
export const DEFAULT_SHRINKAGE_PERCENT = 30;

/** Whose history: one municipality, an operator group's municipalities, or every municipality. */
export type ForecastScope = { municipalityId: string } | { operatorGroupId: string } | { national: true };

function scopeFilter(scope: ForecastScope): { where: string; args: InValue[] } {
  if ('municipalityId' in scope) return { where: 'WHERE id = ?', args: [scope.municipalityId] };
  if ('operatorGroupId' in scope) return { where: 'WHERE operator_group_id = ?', args: [scope.operatorGroupId] };
  return { where: '', args: [] };
}

const LOCAL = `(requested_at + ${JST_OFFSET_MS})`;
const ANSWERED = 'answered_at IS NOT NULL';
/** Abandoned after the municipality's grace (g.grace_ms); booth referrals never queued. */
const ABANDONED = `answered_at IS NULL AND ended_at IS NOT NULL AND coalesce(outcome, '') <> 'referred' AND ended_at - requested_at > grace_ms`;
// In the grouped rows: hs sums ended − answered (null, so skipped, unless both are set), hn counts
// the calls with both, ws sums the wait to the answer or, abandoned, to the end.

/**
 * The histories of the scope's municipalities for the `weeks` weeks before `asOf` ('YYYY-MM-DD',
 * Japan): one row per municipality, day and interval with offered calls. A municipality with
 * sessions before the window counts every day of it; else its history starts on its first day
 * with calls (null: no calls at all).
 */
export async function readHistories(
  client: Client,
  scope: ForecastScope,
  range: { asOf: string; weeks: number },
): Promise<MunicipalityHistory[]> {
  const end = dayOfDate(range.asOf);
  const startDay = end - 7 * range.weeks;
  const from = intervalStartMs(startDay, 0);
  const to = intervalStartMs(end, 0);
  const f = scopeFilter(scope);
  // Rows of the index range are grouped straight away (no materialised copy of the sessions): one
  // group per municipality and half-hour since the epoch in Japan time (slot = day × 48 + interval).
  const sql = `WITH g AS MATERIALIZED (SELECT id, abandon_grace_seconds * 1000 AS grace_ms FROM municipality ${f.where})
    SELECT
      (SELECT json_group_array(json_array(m, slot, a, b, hs, hn, ws)) FROM (
        SELECT municipality_id AS m, ${LOCAL} / ${INTERVAL_MS} AS slot,
          count(answered_at) AS a,
          sum(${ABANDONED}) AS b,
          coalesce(sum(ended_at - answered_at), 0) / 1000.0 AS hs,
          count(answered_at + ended_at) AS hn,
          coalesce(sum(coalesce(answered_at, ended_at) - requested_at), 0) / 1000.0 AS ws
        FROM g JOIN session ON session.municipality_id = g.id AND requested_at >= ? AND requested_at < ?
        WHERE ${ANSWERED} OR (${ABANDONED})
        GROUP BY m, slot)) AS r,
      (SELECT json_group_array(json_array(id,
        EXISTS (SELECT 1 FROM session WHERE municipality_id = g.id AND requested_at < ?))) FROM g) AS m,
      (SELECT json_group_array(json_array(municipality_id, calendar)) FROM booth
        WHERE enabled AND municipality_id IN (SELECT id FROM g)) AS c`;
  const result = await client.execute({ sql, args: [...f.args, from, to, from] });
  const row = result.rows[0]!;
  type Tuple = [m: string, slot: number, a: number, b: number, hs: number, hn: number, ws: number];
  const byMunicipality = new Map<
    string,
    { municipalityId: string; since: number | null; rows: HistoryRow[]; calendars: OpeningCalendar[] }
  >();
  for (const [id, before] of JSON.parse(String(row.m)) as [string, number][]) {
    byMunicipality.set(id, { municipalityId: id, since: before ? startDay : null, rows: [], calendars: [] });
  }
  for (const [m, slot, answered, abandoned, handlingSeconds, handled, waitingSeconds] of JSON.parse(String(row.r)) as Tuple[]) {
    const h = byMunicipality.get(m);
    if (!h) continue;
    const day = Math.floor(slot / INTERVALS_PER_DAY);
    const interval = slot - day * INTERVALS_PER_DAY;
    h.rows.push({ day, interval, answered, abandoned, handlingSeconds, handled, waitingSeconds });
    if (h.since === null || day < h.since) h.since = day;
  }
  for (const [m, calendar] of JSON.parse(String(row.c)) as [string, string][]) {
    byMunicipality.get(m)?.calendars.push(calendarOf({ calendar: JSON.parse(calendar) }));
  }
  return [...byMunicipality.values()];
}

interface PoolFacts {
  municipalityId: string;
  operatorGroupId: string | null;
  goalPercent: number;
  seconds: number;
  shrinkagePercent: number;
}

async function poolFacts(client: Client, scope: ForecastScope): Promise<PoolFacts[]> {
  const f = scopeFilter(scope);
  const result = await client.execute({
    sql: `SELECT json_group_array(json_array(m.id, m.operator_group_id, m.service_level_goal_percent, m.service_level_seconds, g.shrinkage_percent)) AS j
      FROM (SELECT * FROM municipality ${f.where}) AS m LEFT JOIN operator_group g ON g.id = m.operator_group_id`,
    args: f.args,
  });
  return (JSON.parse(String(result.rows[0]!.j)) as [string, string | null, number, number, number | null][]).map(
    ([municipalityId, operatorGroupId, goalPercent, seconds, shrinkage]) => ({
      municipalityId,
      operatorGroupId,
      goalPercent,
      seconds,
      shrinkagePercent: shrinkage ?? DEFAULT_SHRINKAGE_PERCENT,
    }),
  );
}

export interface StaffingForecastDeps {
  client: Client;
  /** Erlang C/A (app/domain/staffing/erlang.ts) through an adapter, or a stand-in in tests. */
  staff: StaffingFunction;
  now?: () => Date;
}

export type PoolWeek = StaffedWeek & { operatorGroupId: string | null };

/** Forecast + staffing of a week: a municipality, an operator group (pooled), or every pool. */
export function createStaffingForecast({ client, staff, now = () => new Date() }: StaffingForecastDeps) {
  /** History ends before today (Japan) or before the week, whichever is first. */
  const asOfFor = (weekStart: string) => {
    const today = dateOfDay(Math.floor((now().getTime() + JST_OFFSET_MS) / DAY_MS));
    return today < weekStart ? today : weekStart;
  };

  async function pools(scope: ForecastScope, weekStart: string, options: ForecastOptions): Promise<PoolWeek[]> {
    const asOf = asOfFor(weekStart);
    const weeks = options.weeks ?? forecastDefaults.weeks;
    const [histories, facts] = await Promise.all([readHistories(client, scope, { asOf, weeks }), poolFacts(client, scope)]);
    const historyOf = new Map(histories.map((h) => [h.municipalityId, h]));
    // A municipality in no group is a pool of its own (key: its id).
    const groups = groupBy(facts, (f) => (f.operatorGroupId === null ? `m:${f.municipalityId}` : `g:${f.operatorGroupId}`));
    return [...groups.values()].map((members) => {
      const week = poolWeeks(
        members.map((m) =>
          forecastWeek(
            historyOf.get(m.municipalityId) ?? { municipalityId: m.municipalityId, since: null, rows: [], calendars: [] },
            weekStart,
            {
              ...options,
              asOf,
            },
          ),
        ),
      );
      const goal = strictestGoal(members, members[0]!.shrinkagePercent / 100);
      return { ...staffWeek(week, goal, staff), operatorGroupId: members[0]!.operatorGroupId };
    });
  }

  return {
    /** One municipality on its own (its own goal; its group's shrinkage). null: no such municipality. */
    async municipalityWeek(municipalityId: string, weekStart: string, options: ForecastOptions = {}): Promise<PoolWeek | null> {
      const [week] = await pools({ municipalityId }, weekStart, options);
      return week ?? null;
    },
    /** An operator group's municipalities pooled. null: no such group, or it serves no municipality. */
    async groupWeek(operatorGroupId: string, weekStart: string, options: ForecastOptions = {}): Promise<PoolWeek | null> {
      const [week] = await pools({ operatorGroupId }, weekStart, options);
      return week ?? null;
    },
    /** Every pool: each operator group, and each municipality in no group. */
    nationalWeek: (weekStart: string, options: ForecastOptions = {}) => pools({ national: true }, weekStart, options),
  };
}
