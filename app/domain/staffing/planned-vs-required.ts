/**
 * Planned vs required per interval of one day (the shift table, issue 16): the operators planned
 * (shifts.ts plannedPerInterval) beside the operators required (the forecast's operators on calls
 * by Erlang, or the minimum windows, whichever is higher — staffing.server requiredWeek), with the
 * basis of the requirement and whether the interval is short. Pure.
 */
import type { IntervalCount } from './shifts';

/** One interval of requiredWeek's day (only the fields read here). */
export interface RequiredInterval {
  /** Index of the 30-minute interval in the day (0 = 00:00–00:30). */
  interval: number;
  /** Forecast calls in the interval. */
  calls: number;
  /** Operators on calls the forecast needs (Erlang). */
  onCalls: number;
  /** The minimum windows' operators. */
  minimum: number;
  /** max(minimum, onCalls). */
  required: number;
}

/** What the requirement comes from: the minimum windows, the forecast, or nothing (0 required). */
export type RequiredBasis = 'minimum' | 'forecast' | 'none';

export interface PlannedVsRequired extends IntervalCount {
  required: number;
  basis: RequiredBasis;
  calls: number;
  /** planned < required (a share of an operator short counts: 1.5 planned for 2 required is short). */
  short: boolean;
}

/** Rounding noise of summed shares (1/3 + 1/3 + 1/3) must not make an interval short. */
const EPSILON = 1e-9;

/**
 * Each planned interval joined to the required interval covering the same minutes (by start
 * minute; the required intervals are `intervalMinutes` long). An interval with no requirement
 * given requires 0. Ties go to the minimum windows: a window is a promise to the town, the
 * forecast an estimate.
 */
export function plannedVsRequired(
  planned: readonly IntervalCount[],
  required: readonly RequiredInterval[],
  intervalMinutes = 30,
): { intervals: PlannedVsRequired[]; shortCount: number } {
  const byIndex = new Map(required.map((r) => [r.interval, r]));
  const intervals = planned.map((p): PlannedVsRequired => {
    const r = p.startMinute % intervalMinutes === 0 ? byIndex.get(p.startMinute / intervalMinutes) : undefined;
    const need = r?.required ?? 0;
    const basis: RequiredBasis = !r || need <= 0 ? 'none' : r.minimum >= r.onCalls ? 'minimum' : 'forecast';
    return { ...p, required: need, basis, calls: r?.calls ?? 0, short: p.planned + EPSILON < need };
  });
  return { intervals, shortCount: intervals.filter((i) => i.short).length };
}
