/**
 * The staffing section of a municipality's monthly report: for each kind of day (weekday, or a
 * national holiday) and 30-minute interval, what was required, planned and actually on duty, next
 * to the service level achieved — the evidence seed 004 §5 asks the operator to show the town.
 *
 * Definitions (printed with the section):
 * - calls: offered calls (answered + abandoned − short abandons) requested in the interval,
 *   averaged over the month's days of that kind (days closed included: they are days too).
 * - required: the higher of the minimum windows and the operators on calls Erlang C needs for
 *   those average calls at the month's mean handling time of that interval (the whole month's
 *   when the interval answered none) and the town's goal; operators on calls, before shrinkage.
 * - planned: operators whose shift covers the municipality in the interval, minus breaks,
 *   averaged over the days (shifts.ts measure: 2 for half the interval = 1.0).
 * - actual: operators on duty (available, ringing, on a call, after-call work) serving the
 *   municipality, as time on duty ÷ interval length, averaged over the days.
 * - service level: answered within the town's threshold ÷ offered, over those days' interval.
 * Intervals with nothing required, planned, on duty or offered are left out.
 *
 * Pure: the caller reads the month (sessions, windows, shifts, status time) and passes it in.
 */

import { groupBy } from '../group-by';
import { dayKindOf, type MinimumWindow, requiredPerInterval } from './minimum-windows';

export interface IntervalDemand {
  offered: number;
  withinServiceLevel: number;
  handlingMsSum: number;
  handlingCount: number;
}

export interface DayInput {
  /** YYYY-MM-DD, Japan. */
  date: string;
  /** 48 entries. */
  demand: IntervalDemand[];
  planned: number[];
  actual: number[];
}

export interface StaffingRow {
  /** 0 = Sunday … 6 = Saturday, 7 = national holiday. */
  dayKind: number;
  days: number;
  interval: number;
  /** 'HH:MM' */
  start: string;
  calls: number;
  avgHandlingSeconds: number | null;
  required: number;
  requiredBy: 'minimum' | 'erlang';
  planned: number;
  actual: number;
  /** planned − required; negative: short in the plan. */
  planGap: number;
  offered: number;
  serviceLevel: number | null;
}

export type StaffFor = (input: { calls: number; handlingSeconds: number }) => number;

const emptyDemand = (): IntervalDemand => ({ offered: 0, withinServiceLevel: 0, handlingMsSum: 0, handlingCount: 0 });
const hhmm = (i: number) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
const round2 = (n: number) => Math.round(n * 100) / 100;

export function staffingSection(days: readonly DayInput[], windows: readonly MinimumWindow[], staffFor: StaffFor): StaffingRow[] {
  let monthHandlingMs = 0;
  let monthHandled = 0;
  for (const d of days) {
    for (const x of d.demand) {
      monthHandlingMs += x.handlingMsSum;
      monthHandled += x.handlingCount;
    }
  }
  const monthHandlingSeconds = monthHandled === 0 ? null : monthHandlingMs / monthHandled / 1000;

  const kinds = groupBy(days, (d) => dayKindOf(d.date));
  const rows: StaffingRow[] = [];
  // Monday first, Sunday, then national holidays.
  for (const kind of [1, 2, 3, 4, 5, 6, 0, 7].filter((k) => kinds.has(k))) {
    const ofKind = kinds.get(kind)!;
    const n = ofKind.length;
    const minimum = requiredPerInterval(windows, ofKind[0]!.date);
    for (let i = 0; i < 48; i++) {
      const sum = emptyDemand();
      let planned = 0;
      let actual = 0;
      for (const d of ofKind) {
        const x = d.demand[i] ?? emptyDemand();
        sum.offered += x.offered;
        sum.withinServiceLevel += x.withinServiceLevel;
        sum.handlingMsSum += x.handlingMsSum;
        sum.handlingCount += x.handlingCount;
        planned += d.planned[i] ?? 0;
        actual += d.actual[i] ?? 0;
      }
      const calls = sum.offered / n;
      const handlingSeconds = sum.handlingCount > 0 ? sum.handlingMsSum / sum.handlingCount / 1000 : monthHandlingSeconds;
      const erlang = calls > 0 && handlingSeconds !== null ? staffFor({ calls, handlingSeconds }) : 0;
      const required = Math.max(minimum[i]!, erlang);
      const row: StaffingRow = {
        dayKind: kind,
        days: n,
        interval: i,
        start: hhmm(i),
        calls: round2(calls),
        avgHandlingSeconds: handlingSeconds === null ? null : Math.round(handlingSeconds),
        required,
        requiredBy: erlang > minimum[i]! ? 'erlang' : 'minimum',
        planned: round2(planned / n),
        actual: round2(actual / n),
        planGap: round2(planned / n - required),
        offered: sum.offered,
        serviceLevel: sum.offered === 0 ? null : sum.withinServiceLevel / sum.offered,
      };
      if (row.required > 0 || row.planned > 0 || row.actual > 0 || row.offered > 0) rows.push(row);
    }
  }
  return rows;
}
