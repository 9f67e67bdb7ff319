import { describe, expect, it } from 'vitest';
import {
  dayKindOf,
  HOLIDAY,
  localDateAndMinute,
  MinimumWindowSchema,
  requiredAt,
  requiredPerInterval,
  SEED_003_WINDOWS,
} from './minimum-windows';

/** JST wall-clock instant. */
const jst = (iso: string) => Date.parse(`${iso}+09:00`);

describe('day kinds', () => {
  it('weekdays in Japan time, national holidays as their own kind', () => {
    expect(dayKindOf('2026-12-07')).toBe(1); // Monday
    expect(dayKindOf('2026-12-06')).toBe(0); // Sunday
    expect(dayKindOf('2026-11-23')).toBe(HOLIDAY); // 勤労感謝の日, a Monday
    expect(dayKindOf('2027-01-01')).toBe(HOLIDAY);
  });
  it('an instant late on a UTC day is the next Japan date', () => {
    expect(localDateAndMinute(Date.parse('2026-12-06T15:30:00Z'))).toEqual({ date: '2026-12-07', minute: 30 });
  });
});

describe('seed 003: 9:00–16:00 at least 4, from 16:00 at least 2', () => {
  it('on a weekday', () => {
    expect(requiredAt(SEED_003_WINDOWS, jst('2026-12-07T08:59:59'))).toBe(0);
    expect(requiredAt(SEED_003_WINDOWS, jst('2026-12-07T09:00:00'))).toBe(4);
    expect(requiredAt(SEED_003_WINDOWS, jst('2026-12-07T15:59:59'))).toBe(4);
    expect(requiredAt(SEED_003_WINDOWS, jst('2026-12-07T16:00:00'))).toBe(2);
    expect(requiredAt(SEED_003_WINDOWS, jst('2026-12-07T17:15:00'))).toBe(0);
  });
  it('not on a Sunday, nor on a holiday that falls on a weekday', () => {
    expect(requiredAt(SEED_003_WINDOWS, jst('2026-12-06T10:00:00'))).toBe(0);
    expect(requiredAt(SEED_003_WINDOWS, jst('2026-11-23T10:00:00'))).toBe(0);
  });
  it('per 30-minute interval', () => {
    const day = requiredPerInterval(SEED_003_WINDOWS, '2026-12-07');
    expect(day).toHaveLength(48);
    expect(day[17]).toBe(0); // 08:30
    expect(day[18]).toBe(4); // 09:00
    expect(day[31]).toBe(4); // 15:30
    expect(day[32]).toBe(2); // 16:00
    expect(day[34]).toBe(2); // 17:00: the window to 17:15 touches it
    expect(day[35]).toBe(0);
  });
});

describe('overlapping windows', () => {
  it('the strictest applies', () => {
    const windows = [
      { weekdays: [1], startMinute: 540, endMinute: 1020, operators: 2 },
      { weekdays: [1], startMinute: 600, endMinute: 660, operators: 5 },
    ];
    expect(requiredAt(windows, jst('2026-12-07T09:30:00'))).toBe(2);
    expect(requiredAt(windows, jst('2026-12-07T10:30:00'))).toBe(5);
    expect(requiredPerInterval(windows, '2026-12-07').slice(18, 24)).toEqual([2, 2, 5, 5, 2, 2]);
  });
  it('a holiday window applies on holidays only', () => {
    const windows = [{ weekdays: [HOLIDAY], startMinute: 540, endMinute: 720, operators: 1 }];
    expect(requiredAt(windows, jst('2026-11-23T10:00:00'))).toBe(1);
    expect(requiredAt(windows, jst('2026-11-30T10:00:00'))).toBe(0);
  });
});

describe('validation', () => {
  const ok = { weekdays: [1, 2], startMinute: 540, endMinute: 960, operators: 4 };
  it('accepts a window on the 15-minute grid', () => {
    expect(MinimumWindowSchema.safeParse(ok).success).toBe(true);
    expect(MinimumWindowSchema.safeParse({ ...ok, endMinute: 1440 }).success).toBe(true);
  });
  it.each([
    ['off the grid', { startMinute: 545 }],
    ['ending before it starts', { startMinute: 960, endMinute: 540 }],
    ['empty', { startMinute: 540, endMinute: 540 }],
    ['past midnight', { endMinute: 1455 }],
    ['no weekday', { weekdays: [] }],
    ['a weekday twice', { weekdays: [1, 1] }],
    ['an unknown weekday', { weekdays: [8] }],
    ['negative operators', { operators: -1 }],
    ['absurd operators', { operators: 501 }],
    ['fractional operators', { operators: 1.5 }],
    ['an unknown field', { note: '佐藤さん休み' }],
  ])('refuses %s', (_, change) => {
    expect(MinimumWindowSchema.safeParse({ ...ok, ...change }).success).toBe(false);
  });
});
