/**
 * The monthly report's staffing section (app/domain/staffing/staffing-section.ts) from the
 * database: the month's offered calls per day × interval (the town's policy), its minimum windows
 * (its own and its group's), its shifts (planned) and the on-duty time of the operators serving it
 * (actual). Authorisation is the report's (read:report), checked by the caller.
 */
import type { Client } from '@libsql/client';
import { type Db, schema } from '@madoguchi/db';
import { and, eq, inArray, or } from 'drizzle-orm';
import { DAY_MS, JST_OFFSET_MS } from '../../domain/japan-time';
import { INTERVAL_MS, INTERVALS_PER_DAY, type ServiceLevelPolicy } from '../../domain/reports/aggregate';
import { staffInterval } from '../../domain/staffing/erlang';
import { actualPerInterval } from '../../domain/staffing/occupancy';
import { plannedPerInterval } from '../../domain/staffing/shifts';
import { type DayInput, type IntervalDemand, type StaffingRow, staffingSection } from '../../domain/staffing/staffing-section';
import { HANDLING, KIND, WAIT } from '../reports/session-sql';
import { statusSpans } from './operator-status.server';

const { minimumWindow, shift, account, accountMunicipality, municipality } = schema;

export interface StaffingSectionData {
  rows: StaffingRow[];
  /** The policy Erlang staffed to (the town's). */
  goal: number;
  serviceLevelSeconds: number;
}

export async function monthlyStaffingSection(
  db: Db,
  client: Client,
  q: { municipalityId: string; policy: ServiceLevelPolicy; dates: readonly string[]; range: { from: Date; to: Date }; now: Date },
): Promise<StaffingSectionData> {
  const { municipalityId, policy, dates, range } = q;
  const town = await db.query.municipality.findFirst({ columns: { operatorGroupId: true }, where: eq(municipality.id, municipalityId) });
  const interval = `((requested_at + ${JST_OFFSET_MS}) / ${INTERVAL_MS}) % ${INTERVALS_PER_DAY}`;
  const day = `date((requested_at + ${JST_OFFSET_MS}) / 1000, 'unixepoch')`;
  // Offered = answered + abandoned after the grace (booth referrals and waiting calls are not), with
  // the reports' own definitions of kind, wait and handling.
  const demand = await client.execute({
    sql: `SELECT json_group_array(json_array(d, i, offered, within, hsum, hn)) AS j FROM (
      SELECT ${day} AS d, ${interval} AS i,
        sum(CASE WHEN (${KIND}) = 'answered' OR ((${KIND}) = 'abandoned' AND (${WAIT}) > ?) THEN 1 ELSE 0 END) AS offered,
        sum(CASE WHEN (${KIND}) = 'answered' AND (${WAIT}) <= ? THEN 1 ELSE 0 END) AS within,
        coalesce(sum(${HANDLING}), 0) AS hsum,
        count(${HANDLING}) AS hn
      FROM session WHERE municipality_id = ? AND requested_at >= ? AND requested_at < ? GROUP BY d, i)`,
    args: [policy.abandonGraceSeconds * 1000, policy.seconds * 1000, municipalityId, range.from.getTime(), range.to.getTime()],
  });
  const byDay = new Map<string, IntervalDemand[]>();
  for (const [d, i, offered, within, hsum, hn] of JSON.parse(String(demand.rows[0]?.j ?? '[]')) as [
    string,
    number,
    number,
    number,
    number,
    number,
  ][]) {
    let intervals = byDay.get(d);
    if (!intervals)
      byDay.set(
        d,
        (intervals = Array.from({ length: INTERVALS_PER_DAY }, () => ({
          offered: 0,
          withinServiceLevel: 0,
          handlingMsSum: 0,
          handlingCount: 0,
        }))),
      );
    intervals[i] = { offered, withinServiceLevel: within, handlingMsSum: hsum, handlingCount: hn };
  }

  const [windows, shifts, serving] = await Promise.all([
    db
      .select()
      .from(minimumWindow)
      .where(
        or(
          eq(minimumWindow.municipalityId, municipalityId),
          town?.operatorGroupId ? eq(minimumWindow.operatorGroupId, town.operatorGroupId) : undefined,
        ),
      ),
    // A disabled account's shifts plan nobody (as on the shift page).
    db
      .select({ shift })
      .from(shift)
      .innerJoin(account, eq(account.id, shift.accountId))
      .where(and(inArray(shift.date, [...dates]), eq(account.disabled, false))),
    db
      .select({ accountId: accountMunicipality.accountId })
      .from(accountMunicipality)
      .where(eq(accountMunicipality.municipalityId, municipalityId)),
  ]);
  const spans = await statusSpans(
    db,
    range,
    q.now,
    serving.map((s) => s.accountId),
  );
  const shiftRows = shifts.map((r) => r.shift);
  const days: DayInput[] = dates.map((date) => {
    const start = Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS;
    return {
      date,
      demand:
        byDay.get(date) ??
        Array.from({ length: INTERVALS_PER_DAY }, () => ({ offered: 0, withinServiceLevel: 0, handlingMsSum: 0, handlingCount: 0 })),
      planned: plannedPerInterval(shiftRows, date, municipalityId).map((i) => i.planned),
      actual: actualPerInterval(
        spans.filter((s) => s.end > start && s.start < start + DAY_MS),
        start,
        INTERVAL_MS,
        INTERVALS_PER_DAY,
      ),
    };
  });
  const staffFor = ({ calls, handlingSeconds }: { calls: number; handlingSeconds: number }) => {
    const r = staffInterval({
      calls,
      intervalSeconds: INTERVAL_MS / 1000,
      handlingSeconds,
      answerWithinSeconds: policy.seconds,
      goal: Math.min(policy.goal, 0.999),
      shrinkage: 0,
    });
    return r.status === 'staffed' ? r.agents : r.limit;
  };
  const rows = staffingSection(
    days,
    windows.map(({ weekdays, startMinute, endMinute, operators }) => ({ weekdays, startMinute, endMinute, operators })),
    staffFor,
  );
  return { rows, goal: policy.goal, serviceLevelSeconds: policy.seconds };
}
