/**
 * The check-in window (decision 0034): a reservation may be checked in from `early` minutes before
 * its slot starts until `late` minutes after. Time is arithmetic on instants, so a window that
 * crosses midnight (a slot at 00:00, 10 minutes early → from 23:50 the day before) or a holiday
 * needs no special case; the local (Japan) date and time are only for what the resident is told.
 * Pure.
 */
import { JST_OFFSET_MS, localDate } from '../japan-time';

const MINUTE_MS = 60_000;

/**
 * `early`: come back at `opensAt`. `ok`: check in. `late`: the window has passed today; the
 * reservation is no longer held (the booth offers a walk-in call or a new booking). `expired`: its
 * day is over.
 */
export type WindowVerdict =
  | { kind: 'early'; opensAt: Date; closesAt: Date }
  | { kind: 'ok'; opensAt: Date; closesAt: Date }
  | { kind: 'late'; opensAt: Date; closesAt: Date }
  | { kind: 'expired'; opensAt: Date; closesAt: Date };

export function checkInWindow(slotStart: Date, policy: { checkInEarlyMinutes: number; checkInLateMinutes: number }) {
  return {
    opensAt: new Date(slotStart.getTime() - policy.checkInEarlyMinutes * MINUTE_MS),
    closesAt: new Date(slotStart.getTime() + policy.checkInLateMinutes * MINUTE_MS),
  };
}

export function evaluateWindow(
  slotStart: Date,
  policy: { checkInEarlyMinutes: number; checkInLateMinutes: number },
  now: Date,
): WindowVerdict {
  const { opensAt, closesAt } = checkInWindow(slotStart, policy);
  const t = now.getTime();
  if (t < opensAt.getTime()) return { kind: 'early', opensAt, closesAt };
  if (t <= closesAt.getTime()) return { kind: 'ok', opensAt, closesAt };
  // Late until the end of the local day the window closed on; expired from the next.
  return localDate(now) === localDate(closesAt) ? { kind: 'late', opensAt, closesAt } : { kind: 'expired', opensAt, closesAt };
}

/** `HH:MM` in Japan time, and the local date when it is not `today`'s: what the booth shows. */
export function localClock(instant: Date, today: Date): { date: string | null; time: string } {
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS).toISOString();
  const date = shifted.slice(0, 10);
  return { date: date === localDate(today) ? null : date, time: shifted.slice(11, 16) };
}

/** A booked reservation whose window has closed by `now` is a no-show (its capacity serves walk-ins). */
export function isNoShow(slotStart: Date, policy: { checkInLateMinutes: number }, now: Date): boolean {
  return now.getTime() > slotStart.getTime() + policy.checkInLateMinutes * MINUTE_MS;
}
