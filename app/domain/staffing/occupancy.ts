/**
 * Occupancy and adherence from operators' status time (operator_status_interval). Pure.
 *
 * - Staffed time: available, ringing (offered), on a call, after-call work — working the queue.
 * - Busy time: on a call and after-call work.
 * - Occupancy = busy ÷ staffed (null when nobody was staffed).
 * - Actual operators in an interval = staffed time in it ÷ its length (2 operators for half of a
 *   30-minute interval count 1.0), the same measure as planned operators (shifts.ts).
 */
import type { OperatorStatus } from '@madoguchi/db';

export const STAFFED: readonly OperatorStatus[] = ['available', 'offered', 'on_call', 'wrap_up'];
export const BUSY: readonly OperatorStatus[] = ['on_call', 'wrap_up'];

export interface Span {
  status: OperatorStatus;
  start: number;
  end: number;
}

export interface Occupancy {
  staffedMs: number;
  busyMs: number;
  occupancy: number | null;
}

/** Occupancy over [from, to) of these spans (each clipped to it). */
export function occupancyOf(spans: readonly Span[], from: number, to: number): Occupancy {
  let staffedMs = 0;
  let busyMs = 0;
  for (const s of spans) {
    const ms = Math.max(0, Math.min(s.end, to) - Math.max(s.start, from));
    if (ms === 0) continue;
    if (STAFFED.includes(s.status)) staffedMs += ms;
    if (BUSY.includes(s.status)) busyMs += ms;
  }
  return { staffedMs, busyMs, occupancy: staffedMs === 0 ? null : busyMs / staffedMs };
}

/** Average operators staffed in each of `count` intervals of `intervalMs` from `from`. */
export function actualPerInterval(spans: readonly Span[], from: number, intervalMs: number, count: number): number[] {
  const out = new Array<number>(count).fill(0);
  for (const s of spans) {
    if (!STAFFED.includes(s.status)) continue;
    const first = Math.max(0, Math.floor((s.start - from) / intervalMs));
    const last = Math.min(count - 1, Math.floor((s.end - 1 - from) / intervalMs));
    for (let i = first; i <= last; i++) {
      const a = from + i * intervalMs;
      const ms = Math.max(0, Math.min(s.end, a + intervalMs) - Math.max(s.start, a));
      out[i]! += ms / intervalMs;
    }
  }
  return out;
}
