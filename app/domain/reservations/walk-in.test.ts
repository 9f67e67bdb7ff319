import { describe, expect, it } from 'vitest';
import { everyDayCalendar, jstInstant } from '../calendar';
import { slotsOn } from './slots';
import { nextFreeSlots, slotAt, WALK_IN_OFFERS, walkInDecision } from './walk-in';

describe('walkInDecision (reservation-only town)', () => {
  it('calls the walk-in in when the slot running now has a place no reservation is due for', () => {
    expect(walkInDecision({ capacity: { town: 3, site: 4 }, due: { town: 0, site: 0 } })).toBe('walk_in');
    expect(walkInDecision({ capacity: { town: 3, site: 4 }, due: { town: 2, site: 2 } })).toBe('walk_in');
  });

  it('offers slots when the reservations due fill the town or the site', () => {
    expect(walkInDecision({ capacity: { town: 1, site: 4 }, due: { town: 1, site: 1 } })).toBe('book');
    // The town's operators are taken by reservations at its other sites.
    expect(walkInDecision({ capacity: { town: 3, site: 4 }, due: { town: 3, site: 0 } })).toBe('book');
    // This site's booths are all promised.
    expect(walkInDecision({ capacity: { town: 9, site: 2 }, due: { town: 2, site: 2 } })).toBe('book');
  });

  it('offers slots when nobody is planned now (capacity 0) or no slot is running', () => {
    expect(walkInDecision({ capacity: { town: 0, site: 4 }, due: { town: 0, site: 0 } })).toBe('book');
    expect(walkInDecision(null)).toBe('book');
  });
});

describe('slotAt', () => {
  const slots = slotsOn([everyDayCalendar([{ start: '09:00', end: '10:00' }])], '2026-12-07', 30);
  it('finds the slot running at an instant: start inclusive, end exclusive', () => {
    expect(slotAt(slots, jstInstant('2026-12-07', '09:00'))?.startMinute).toBe(540);
    expect(slotAt(slots, jstInstant('2026-12-07', '09:29'))?.startMinute).toBe(540);
    expect(slotAt(slots, jstInstant('2026-12-07', '09:30'))?.startMinute).toBe(570);
  });
  it('is null before opening and at closing', () => {
    expect(slotAt(slots, jstInstant('2026-12-07', '08:59'))).toBeNull();
    expect(slotAt(slots, jstInstant('2026-12-07', '10:00'))).toBeNull();
  });
});

describe('nextFreeSlots', () => {
  const s = (id: number, remaining: number) => ({ id, remaining });
  it('skips full slots and crosses into the next days, in order', () => {
    const days = [{ slots: [s(1, 0), s(2, 1)] }, { slots: [] }, { slots: [s(3, 0), s(4, 2), s(5, 1)] }];
    expect(nextFreeSlots(days).map((x) => x.id)).toEqual([2, 4, 5]);
  });
  it(`offers at most ${WALK_IN_OFFERS} (or the limit given)`, () => {
    const days = [{ slots: Array.from({ length: 10 }, (_, i) => s(i, 1)) }];
    expect(nextFreeSlots(days)).toHaveLength(WALK_IN_OFFERS);
    expect(nextFreeSlots(days, 2).map((x) => x.id)).toEqual([0, 1]);
  });
  it('is empty when every slot is full', () => {
    expect(nextFreeSlots([{ slots: [s(1, 0)] }])).toEqual([]);
  });
});
