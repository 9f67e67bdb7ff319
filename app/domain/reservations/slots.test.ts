import { describe, expect, it } from 'vitest';
import { everyDayCalendar, jstInstant, weekdayCalendar } from '../calendar';
import { capacityPerSlot, defaultPolicy, type PlannedShift, remaining, reservable, siteCapacity, slotsOn } from './slots';

const TOWN = 'town-a';
const OTHER = 'town-b';
const hall = weekdayCalendar([
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:15' },
]);
const shift = (start: number, end: number, extra: Partial<PlannedShift> = {}): PlannedShift => ({
  date: '2026-12-07',
  startMinute: start,
  endMinute: end,
  breakStartMinute: null,
  breakEndMinute: null,
  municipalityIds: [TOWN],
  ...extra,
});

describe('slotsOn', () => {
  it('cuts the opening hours into whole slots from midnight (a slot never runs past closing)', () => {
    const slots = slotsOn([hall], '2026-12-07', 30);
    expect(slots.map((s) => s.startMinute / 60)).toEqual([9, 9.5, 10, 10.5, 11, 11.5, 13, 13.5, 14, 14.5, 15, 15.5, 16, 16.5]);
    expect(slots[0]!.start).toEqual(jstInstant('2026-12-07', '09:00'));
    expect(slots.at(-1)!.end).toEqual(jstInstant('2026-12-07', '17:00'));
  });

  it('offers nothing on a national holiday or a weekend at the town hall, but a mall booth of the same site opens', () => {
    // 2026-11-23 is 勤労感謝の日 (a Monday).
    expect(slotsOn([hall], '2026-11-23', 30)).toEqual([]);
    expect(slotsOn([hall], '2026-12-06', 30)).toEqual([]);
    const mall = everyDayCalendar([{ start: '10:00', end: '11:00' }]);
    expect(slotsOn([hall, mall], '2026-11-23', 30).map((s) => s.startMinute)).toEqual([600, 630]);
  });

  it('takes the union of the booths of a site', () => {
    const early = weekdayCalendar([{ start: '08:00', end: '09:00' }]);
    expect(slotsOn([hall, early], '2026-12-07', 60).map((s) => s.startMinute / 60)).toEqual([8, 9, 10, 11, 13, 14, 15, 16]);
  });

  it('refuses a slot length that does not divide a day', () => {
    expect(() => slotsOn([hall], '2026-12-07', 7)).toThrow(RangeError);
  });
});

describe('capacityPerSlot', () => {
  const policy = { ...defaultPolicy, walkInSharePercent: 20 };

  it('is the operators planned for the slot who serve the town, less the walk-in share, rounded down', () => {
    const shifts = [shift(540, 1020), shift(540, 1020), shift(540, 1020), shift(600, 1020), shift(540, 1020, { municipalityIds: [OTHER] })];
    const capacity = capacityPerSlot(shifts, '2026-12-07', TOWN, policy);
    expect(capacity.get(540)).toBe(2); // 3 × 0.8 = 2.4
    expect(capacity.get(600)).toBe(3); // 4 × 0.8 = 3.2
    expect(capacity.get(1020)).toBe(0); // nobody planned after 17:00
    expect(capacityPerSlot(shifts, '2026-12-07', TOWN, { ...policy, walkInSharePercent: 0 }).get(600)).toBe(4);
    expect(capacityPerSlot(shifts, '2026-12-07', TOWN, { ...policy, walkInSharePercent: 100 }).get(600)).toBe(0);
  });

  it('counts a shift that covers part of a slot, and breaks, by person-minutes', () => {
    // Two operators from 09:15 (½ each of 09:00–09:30 → 1) and one on a break 09:00–09:30.
    const shifts = [shift(555, 1020), shift(555, 1020), shift(540, 1020, { breakStartMinute: 540, breakEndMinute: 570 })];
    const capacity = capacityPerSlot(shifts, '2026-12-07', TOWN, { ...policy, walkInSharePercent: 0 });
    expect(capacity.get(540)).toBe(1);
    expect(capacity.get(570)).toBe(3);
  });

  it('uses the fixed number on a day the town plans no shift (shifts of other towns or days do not count)', () => {
    const shifts = [shift(540, 1020, { municipalityIds: [OTHER] }), shift(540, 1020, { date: '2026-12-08' })];
    const capacity = capacityPerSlot(shifts, '2026-12-07', TOWN, { ...policy, fixedCapacity: 2 });
    expect(capacity.get(540)).toBe(2);
    expect(capacity.get(0)).toBe(2);
  });

  it('follows the slot length', () => {
    const capacity = capacityPerSlot([shift(540, 600), shift(570, 600)], '2026-12-07', TOWN, {
      ...policy,
      slotMinutes: 60,
      walkInSharePercent: 0,
    });
    expect(capacity.get(540)).toBe(1); // 1 + ½ = 1.5
    expect(capacity.size).toBe(24);
  });
});

describe('reservable, siteCapacity and remaining', () => {
  it('rounds down with a tolerance for shares', () => {
    expect(reservable(2.5, 20)).toBe(2);
    expect(reservable(1.25, 20)).toBe(1);
    expect(reservable(0.999_999_999_9, 0)).toBe(1);
    expect(reservable(0, 0)).toBe(0);
  });
  it('gives a site one call per booth per 15 minutes of slot', () => {
    expect(siteCapacity(1, 30)).toBe(2);
    expect(siteCapacity(2, 15)).toBe(2);
    expect(siteCapacity(1, 10)).toBe(1);
  });
  it('is the smaller of what the town and the site have left, never negative', () => {
    expect(remaining({ town: 3, site: 2 }, { town: 1, site: 0 })).toBe(2);
    expect(remaining({ town: 3, site: 4 }, { town: 2, site: 0 })).toBe(1);
    expect(remaining({ town: 1, site: 4 }, { town: 3, site: 0 })).toBe(0);
  });
});
