/**
 * Schedule adherence: how much of an operator's planned working time (the shift less its break)
 * they were actually on duty (available, ringing, on a call or in after-call work), and how much
 * time on duty fell outside the plan. Pure; instants in epoch ms.
 *
 * - adherence = on duty within the plan ÷ planned (null when nothing was planned);
 * - outside = on duty outside the plan (overtime, or a shift not written down).
 */
import { type Span, STAFFED } from './occupancy';

export interface PlannedSpan {
  start: number;
  end: number;
}

export interface Adherence {
  plannedMs: number;
  onDutyInPlanMs: number;
  onDutyOutsideMs: number;
  adherence: number | null;
}

/** The shift of a Japan date as instants, less its break: one or two spans. */
export function plannedSpans(
  dayStartMs: number,
  shift: { startMinute: number; endMinute: number; breakStartMinute: number | null; breakEndMinute: number | null },
): PlannedSpan[] {
  const at = (minute: number) => dayStartMs + minute * 60_000;
  if (shift.breakStartMinute === null || shift.breakEndMinute === null) return [{ start: at(shift.startMinute), end: at(shift.endMinute) }];
  return [
    { start: at(shift.startMinute), end: at(shift.breakStartMinute) },
    { start: at(shift.breakEndMinute), end: at(shift.endMinute) },
  ].filter((s) => s.end > s.start);
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Adherence of one operator's status spans to their planned spans, within [from, to). */
export function adherenceOf(planned: readonly PlannedSpan[], spans: readonly Span[], from: number, to: number): Adherence {
  const window = { start: from, end: to };
  const plan = planned.map((p) => ({ start: Math.max(p.start, from), end: Math.min(p.end, to) })).filter((p) => p.end > p.start);
  const plannedMs = plan.reduce((sum, p) => sum + (p.end - p.start), 0);
  let onDutyMs = 0;
  let onDutyInPlanMs = 0;
  for (const s of spans) {
    if (!STAFFED.includes(s.status)) continue;
    onDutyMs += overlap(s, window);
    for (const p of plan) onDutyInPlanMs += overlap(s, p);
  }
  return {
    plannedMs,
    onDutyInPlanMs,
    onDutyOutsideMs: onDutyMs - onDutyInPlanMs,
    adherence: plannedMs === 0 ? null : onDutyInPlanMs / plannedMs,
  };
}
