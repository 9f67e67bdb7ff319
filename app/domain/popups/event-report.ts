/**
 * Per-event figures for the monthly report and the event sheet: sessions by procedure and outcome
 * column (the reports' own vocabulary, reports/aggregate.ts), uptime within the event's own hours
 * (uptime.ts over the event calendar), and the reservations at the event, counted as the reports
 * count them (reports/reservations.ts). Pure.
 */
import type { ReservationState } from '@madoguchi/db';
import { type Outcome, type Procedure, procedures } from '@madoguchi/db/vocabulary';
import { isOpen } from '../calendar';
import { columnOf, kindOf, type OutcomeColumn, outcomeColumns } from '../reports/aggregate';
import { type ReservationCounts, reservationCounts } from '../reports/reservations';
import type { Uptime } from '../uptime';
import { eventCalendar, type PopupDay } from './popup-events';

export type ProcedureKey = Procedure | 'unknown';
export const procedureKeys: readonly ProcedureKey[] = [...procedures, 'unknown'];

export interface EventSessionRow {
  procedure: Procedure | null;
  outcome: Outcome | null;
  answeredAt: Date | null;
  endedAt: Date | null;
}

export interface EventFigures {
  sessions: number;
  /** procedure (or 'unknown': asked before choosing one) → outcome column → count; every cell present. */
  byProcedure: Record<ProcedureKey, Record<OutcomeColumn, number>>;
  byOutcome: Record<OutcomeColumn, number>;
  /** Over all the event's booths: open time within the event's hours, up to now. */
  uptime: { openMs: number; upMs: number; ratio: number | null };
  /** Reservations at the event (reservationsAtEvent) and how each ended: booked, checked in, served, no-show, cancelled. */
  reservations: ReservationCounts;
}

export interface EventReservationRow {
  siteKey: string;
  slotStart: Date;
  state: ReservationState;
}

/**
 * The reservations at an event: booked at the site of one of its booths (the booth's site key,
 * reservations/sites.ts) for a slot that starts within the event's own hours on one of its days.
 * A reservation at that site outside the event's hours is not the event's.
 */
export function reservationsAtEvent<R extends EventReservationRow>(
  event: { days: readonly PopupDay[]; siteKeys: readonly string[] },
  rows: readonly R[],
): R[] {
  const keys = new Set(event.siteKeys);
  const calendar = eventCalendar(event.days);
  return rows.filter((r) => keys.has(r.siteKey) && isOpen(calendar, r.slotStart));
}

const zeroRow = () => Object.fromEntries(outcomeColumns.map((c) => [c, 0])) as Record<OutcomeColumn, number>;

export function eventFigures(
  sessions: readonly EventSessionRow[],
  uptimes: readonly Uptime[],
  reservations: readonly { state: ReservationState }[],
): EventFigures {
  const byProcedure = Object.fromEntries(procedureKeys.map((p) => [p, zeroRow()])) as Record<ProcedureKey, Record<OutcomeColumn, number>>;
  const byOutcome = zeroRow();
  for (const s of sessions) {
    const column = columnOf(kindOf(s), s.outcome);
    byProcedure[s.procedure ?? 'unknown'][column]++;
    byOutcome[column]++;
  }
  const openMs = uptimes.reduce((sum, u) => sum + u.openMs, 0);
  const upMs = uptimes.reduce((sum, u) => sum + u.onlineMs + u.degradedMs, 0);
  return {
    sessions: sessions.length,
    byProcedure,
    byOutcome,
    uptime: { openMs, upMs, ratio: openMs === 0 ? null : upMs / openMs },
    reservations: reservationCounts(reservations),
  };
}
