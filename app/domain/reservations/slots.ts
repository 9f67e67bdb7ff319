/**
 * Reservation slots and their capacity (decision 0034). Pure.
 *
 * Slots: each local (Japan) day is cut into slots of `slotMinutes` from midnight; a slot is
 * offered at a site when at least one of its booths is open for the whole slot by its own
 * calendar (app/domain/calendar.ts: weekly hours, holidays, year-end, exceptions).
 *
 * Capacity of a slot for a municipality: the operators planned for that interval in the shift
 * table who serve the town (person-minutes ÷ slot length, as staffing/shifts.ts counts them),
 * less the walk-in share, rounded down. Where the town has no shift planned on that day at all
 * (it does not plan shifts), the policy's fixed number. It is shared by the town's sites (the
 * operators are the same), and a site also takes at most `booths × ⌊slot ÷ 15 min⌋` (a booth
 * holds one call at a time; MINUTES_PER_CALL is the planning figure).
 */
import { RESERVATION_SLOT_LENGTHS } from '@madoguchi/db/reservation-contract';
import { type OpeningCalendar, openingsOn } from '../calendar';
import { DAY_MINUTES, plannedPerInterval, type ShiftTimes } from '../staffing/shifts';

export const MINUTES_PER_CALL = 15;
const MINUTE_MS = 60_000;

export interface ReservationPolicy {
  slotMinutes: number;
  walkInSharePercent: number;
  fixedCapacity: number;
  checkInEarlyMinutes: number;
  checkInLateMinutes: number;
  reservationOnly: boolean;
}

export const defaultPolicy: ReservationPolicy = {
  slotMinutes: 30,
  walkInSharePercent: 20,
  fixedCapacity: 1,
  checkInEarlyMinutes: 10,
  checkInLateMinutes: 15,
  reservationOnly: false,
};

/** Slot lengths that cut a day evenly (and the shift grid of 15 minutes, for the larger ones): the contract's. */
export const slotLengths = RESERVATION_SLOT_LENGTHS;

export interface Slot {
  start: Date;
  end: Date;
  /** Minutes from local midnight. */
  startMinute: number;
}

/** The slots of local date `date` inside the opening hours of any of `calendars`, in time order. */
export function slotsOn(calendars: readonly OpeningCalendar[], date: string, slotMinutes: number): Slot[] {
  if (!(slotMinutes > 0) || DAY_MINUTES % slotMinutes !== 0) throw new RangeError(`slotMinutes must divide a day: ${slotMinutes}`);
  const ranges = calendars.flatMap((calendar) => openingsOn(calendar, date));
  if (ranges.length === 0) return [];
  const midnight = ranges[0]!.start.getTime() - minutesOfDay(ranges[0]!.start) * MINUTE_MS;
  const slots: Slot[] = [];
  for (let m = 0; m < DAY_MINUTES; m += slotMinutes) {
    const start = midnight + m * MINUTE_MS;
    const end = start + slotMinutes * MINUTE_MS;
    if (ranges.some((r) => r.start.getTime() <= start && end <= r.end.getTime())) {
      slots.push({ start: new Date(start), end: new Date(end), startMinute: m });
    }
  }
  return slots;
}

/** Minutes since local (Japan) midnight of an instant. */
function minutesOfDay(instant: Date): number {
  const local = (instant.getTime() + 9 * 3_600_000) % (DAY_MINUTES * MINUTE_MS);
  return Math.floor(local / MINUTE_MS);
}

export type PlannedShift = ShiftTimes & { date: string; municipalityIds: readonly string[] };

/**
 * Reservations the municipality takes per slot start minute on `date`: from the shifts that serve
 * it that day, or the fixed number when none does.
 */
export function capacityPerSlot(
  shifts: readonly PlannedShift[],
  date: string,
  municipalityId: string,
  policy: Pick<ReservationPolicy, 'slotMinutes' | 'walkInSharePercent' | 'fixedCapacity'>,
): Map<number, number> {
  const capacity = new Map<number, number>();
  const plansShifts = shifts.some((s) => s.date === date && s.municipalityIds.includes(municipalityId));
  if (!plansShifts) {
    for (let m = 0; m < DAY_MINUTES; m += policy.slotMinutes) capacity.set(m, policy.fixedCapacity);
    return capacity;
  }
  for (const interval of plannedPerInterval(shifts, date, municipalityId, policy.slotMinutes)) {
    capacity.set(interval.startMinute, reservable(interval.planned, policy.walkInSharePercent));
  }
  return capacity;
}

/** ⌊planned × (1 − share)⌋, with a tolerance for shares of a 15-minute grid (0.999… counts as 1). */
export function reservable(planned: number, walkInSharePercent: number): number {
  return Math.max(0, Math.floor((planned * (100 - walkInSharePercent)) / 100 + 1e-9));
}

/** What one site takes per slot whatever the operators: a booth holds one call at a time. */
export function siteCapacity(booths: number, slotMinutes: number): number {
  return booths * Math.max(1, Math.floor(slotMinutes / MINUTES_PER_CALL));
}

/** Places left at a site: its own limit and the town's, less what is booked at each. */
export function remaining(limits: { town: number; site: number }, booked: { town: number; site: number }): number {
  return Math.max(0, Math.min(limits.town - booked.town, limits.site - booked.site));
}
