/**
 * Per-event figures for the monthly report and the event sheet: sessions by procedure and outcome
 * column (the reports' own vocabulary, reports/aggregate.ts) and uptime within the event's own
 * hours (uptime.ts over the event calendar). Pure.
 */
import { type Outcome, type Procedure, procedures } from '@madoguchi/db/vocabulary';
import { columnOf, kindOf, type OutcomeColumn, outcomeColumns } from '../reports/aggregate';
import type { Uptime } from '../uptime';

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
  /**
   * Reservations at the event (booked, checked in, no-show): filled in when the Reservations part
   * of issue 17 lands (its own tables); null until then, so a report never shows a made-up 0.
   */
  reservations: { booked: number; checkedIn: number; noShow: number } | null;
}

const zeroRow = () => Object.fromEntries(outcomeColumns.map((c) => [c, 0])) as Record<OutcomeColumn, number>;

export function eventFigures(sessions: readonly EventSessionRow[], uptimes: readonly Uptime[]): EventFigures {
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
    reservations: null,
  };
}
