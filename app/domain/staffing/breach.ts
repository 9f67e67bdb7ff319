/**
 * Staffing breaches: a municipality, while open, has fewer operators on duty than it requires —
 * its minimum windows, or the forecast's need for the interval, whichever is higher. The
 * supervisor overview shows a breach at once; an episode ends only after the count has been
 * back for `clearAfterMs` (or the municipality closed), so an operator stepping away and back
 * within that time does not make a new episode and a new alert.
 *
 * On duty: available, ringing (offered), on a call or in after-call work — working the queue,
 * as opposed to on a break, away or offline. Pure: no I/O, no clock.
 */
import type { OperatorStatus } from '@madoguchi/db';

export const ON_DUTY: readonly OperatorStatus[] = ['available', 'offered', 'on_call', 'wrap_up'];
export const BREACH_CLEAR_AFTER_MS = 2 * 60_000;

export type BreachBasis = 'minimum' | 'forecast';

export interface Need {
  municipalityId: string;
  open: boolean;
  /** From the minimum windows now. */
  minimum: number;
  /** From the forecast for this interval; null when there is none. */
  forecast: number | null;
}

export interface LiveOperator {
  status: OperatorStatus;
  municipalityIds: readonly string[];
}

/** Operators on duty per municipality they serve. */
export function onDutyBy(operators: readonly LiveOperator[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of operators) {
    if (!ON_DUTY.includes(o.status)) continue;
    for (const m of o.municipalityIds) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  return counts;
}

/** What a municipality requires now and on what basis (the minimum wins a tie). */
export function requirementOf(need: Need): { required: number; basis: BreachBasis } {
  const forecast = need.forecast ?? 0;
  return forecast > need.minimum ? { required: forecast, basis: 'forecast' } : { required: need.minimum, basis: 'minimum' };
}

export interface Episode {
  municipalityId: string;
  basis: BreachBasis;
  required: number;
  lowest: number;
  startedAt: number;
  /** When the count was last seen back at the requirement (null while short). */
  okSince: number | null;
}

export type BreachChange =
  | { kind: 'started'; episode: Episode }
  | { kind: 'updated'; episode: Episode }
  | { kind: 'ended'; episode: Episode; endedAt: number };

export interface StaffingLine {
  municipalityId: string;
  open: boolean;
  required: number;
  basis: BreachBasis;
  onDuty: number;
  short: boolean;
}

/**
 * One look: the municipalities' lines, and what changed in the open episodes (given by id of
 * municipality, at most one each). The caller persists the changes and alerts on `started`.
 */
export function checkStaffing(
  needs: readonly Need[],
  operators: readonly LiveOperator[],
  open: ReadonlyMap<string, Episode>,
  at: number,
  clearAfterMs = BREACH_CLEAR_AFTER_MS,
): { lines: StaffingLine[]; changes: BreachChange[] } {
  const counts = onDutyBy(operators);
  const lines: StaffingLine[] = [];
  const changes: BreachChange[] = [];
  for (const need of needs) {
    const { required, basis } = requirementOf(need);
    const onDuty = counts.get(need.municipalityId) ?? 0;
    const short = need.open && onDuty < required;
    lines.push({ municipalityId: need.municipalityId, open: need.open, required, basis, onDuty, short });
    const episode = open.get(need.municipalityId);
    if (!episode) {
      if (short)
        changes.push({
          kind: 'started',
          episode: { municipalityId: need.municipalityId, basis, required, lowest: onDuty, startedAt: at, okSince: null },
        });
      continue;
    }
    if (!need.open) {
      changes.push({ kind: 'ended', episode, endedAt: at });
      continue;
    }
    if (short) {
      const next = { ...episode, lowest: Math.min(episode.lowest, onDuty), required: Math.max(episode.required, required), okSince: null };
      if (next.lowest !== episode.lowest || next.required !== episode.required || episode.okSince !== null) {
        changes.push({ kind: 'updated', episode: next });
      }
      continue;
    }
    if (episode.okSince === null) changes.push({ kind: 'updated', episode: { ...episode, okSince: at } });
    else if (at - episode.okSince >= clearAfterMs) changes.push({ kind: 'ended', episode, endedAt: episode.okSince });
  }
  // A municipality no longer in the needs (deleted, or its windows removed and no forecast) ends its episode.
  const known = new Set(needs.map((n) => n.municipalityId));
  for (const [id, episode] of open) if (!known.has(id)) changes.push({ kind: 'ended', episode, endedAt: at });
  return { lines, changes };
}
