/**
 * A walk-in at a booth of a reservation-only municipality (原則予約制, issue 17, decision 0034):
 * called in when no reservation is due in the slot running now at the booth's site (the slot's
 * reservations still to come or waiting — booked or checked in — leave a place free in the town
 * and at the site), otherwise offered the next free slots at this site to book on the spot.
 * Served reservations no longer hold an operator; no-shows and cancellations never did.
 * Outside any slot (the booth opened for less than a whole slot, or between slots) there is no
 * "now" to fit the walk-in into: the slots are offered. Pure: the server counts, this decides.
 */
import { remaining, type Slot } from './slots';

/** The slot running now at the site: its limits and the reservations due in it (booked or checked in). */
export interface CurrentSlot {
  capacity: { town: number; site: number };
  due: { town: number; site: number };
}

export type WalkInDecision = 'walk_in' | 'book';

export function walkInDecision(current: CurrentSlot | null): WalkInDecision {
  if (!current) return 'book';
  return remaining(current.capacity, current.due) > 0 ? 'walk_in' : 'book';
}

/** The slot of `slots` (one day's, in time order) running at `now`, or null. */
export function slotAt<S extends Pick<Slot, 'start' | 'end'>>(slots: readonly S[], now: Date): S | null {
  const t = now.getTime();
  return slots.find((s) => s.start.getTime() <= t && t < s.end.getTime()) ?? null;
}

/** How many free slots the booth offers a walk-in: a screen of large touch buttons. */
export const WALK_IN_OFFERS = 6;

/** The first `limit` slots with a place left, across days in order (the lists are already future-only). */
export function nextFreeSlots<S extends { remaining: number }>(days: readonly { slots: readonly S[] }[], limit = WALK_IN_OFFERS): S[] {
  const out: S[] = [];
  for (const day of days) {
    for (const slot of day.slots) {
      if (slot.remaining > 0) out.push(slot);
      if (out.length === limit) return out;
    }
  }
  return out;
}
