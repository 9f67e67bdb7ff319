/**
 * The day the public reservation page shows (issue 17, decision 0034). The day the resident asked
 * for, when it is one of the listed days (even a full one: they see "no free times" for it, not
 * another day in its place); else, when moving a reservation, its own day while that day still has
 * a free time; else the first listed day with a free time — late in the evening today is often
 * full, and the page must not open on a day it offers nothing for; else the first listed day.
 * Null when nothing is listed. Pure: the server lists, this decides.
 */
export interface ListedDay {
  date: string;
  /** At least one time with a place left. */
  free: boolean;
}

export function dayToShow(
  days: readonly ListedDay[],
  wanted: { requested?: string | null | undefined; reservationDay?: string | null | undefined } = {},
): string | null {
  const listed = (date: string | null | undefined) => (date ? days.find((d) => d.date === date) : undefined);
  const requested = listed(wanted.requested);
  if (requested) return requested.date;
  const reservationDay = listed(wanted.reservationDay);
  if (reservationDay?.free) return reservationDay.date;
  return (days.find((d) => d.free) ?? days[0])?.date ?? null;
}
