import { describe, expect, it } from 'vitest';
import { dayToShow } from './day-choice';

const days = [
  { date: '2026-12-05', free: false },
  { date: '2026-12-06', free: true },
  { date: '2026-12-07', free: false },
  { date: '2026-12-08', free: true },
];

describe('dayToShow (the public reservation page)', () => {
  it('opens on the first day with a free time when today is full (late in the evening)', () => {
    expect(dayToShow(days)).toBe('2026-12-06');
    expect(dayToShow(days, { requested: null })).toBe('2026-12-06');
  });

  it('opens on today when today has a free time', () => {
    expect(dayToShow([{ date: '2026-12-05', free: true }, ...days.slice(1)])).toBe('2026-12-05');
  });

  it('keeps the day asked for, full or not, when it is listed', () => {
    expect(dayToShow(days, { requested: '2026-12-08' })).toBe('2026-12-08');
    expect(dayToShow(days, { requested: '2026-12-07' })).toBe('2026-12-07');
  });

  it('ignores a day asked for that is not listed (past, too far ahead, or malformed)', () => {
    expect(dayToShow(days, { requested: '2026-12-04' })).toBe('2026-12-06');
    expect(dayToShow(days, { requested: '2027-01-30' })).toBe('2026-12-06');
    expect(dayToShow(days, { requested: 'tomorrow' })).toBe('2026-12-06');
  });

  it("shows a reservation's own day when moving it, while that day has a free time", () => {
    expect(dayToShow(days, { reservationDay: '2026-12-08' })).toBe('2026-12-08');
    // Its day is full now: the first day with a free time.
    expect(dayToShow(days, { reservationDay: '2026-12-07' })).toBe('2026-12-06');
    // The day asked for still wins.
    expect(dayToShow(days, { requested: '2026-12-06', reservationDay: '2026-12-08' })).toBe('2026-12-06');
  });

  it('falls back to the first listed day when every day is full, and to null when none is listed', () => {
    expect(dayToShow(days.map((d) => ({ ...d, free: false })))).toBe('2026-12-05');
    expect(dayToShow([])).toBeNull();
  });
});
