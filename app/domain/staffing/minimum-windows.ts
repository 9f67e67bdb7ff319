/**
 * 最低窓口数 (minimum open windows): at least N operators on duty for a municipality on given
 * weekdays between two times of day, Japan time — e.g. seed 003: 9:00–16:00 at least 4, from
 * 16:00 at least 2. Windows may overlap: the strictest (largest N) applies. They only bind while
 * the municipality is open (one of its booths is), which the caller decides.
 *
 * Pure: no I/O, no clock.
 */
import { z } from 'zod';
import { isNationalHoliday } from '../calendar';
import { DAY_MS, JST_OFFSET_MS } from '../japan-time';

/** 0 = Sunday … 6 = Saturday, 7 = a national holiday (whatever its weekday). */
export const HOLIDAY = 7;
/** Times are on a 15-minute grid. */
export const WINDOW_GRID_MINUTES = 15;
export const MAX_WINDOW_OPERATORS = 500;
export const MAX_WINDOWS = 50;

export interface MinimumWindow {
  weekdays: number[];
  /** Minutes from midnight, [start, end). */
  startMinute: number;
  endMinute: number;
  operators: number;
}

const minute = z
  .number()
  .int()
  .min(0)
  .max(1440)
  .refine((m) => m % WINDOW_GRID_MINUTES === 0, { message: `on a ${WINDOW_GRID_MINUTES}-minute grid` });

export const MinimumWindowSchema = z
  .object({
    weekdays: z
      .array(z.number().int().min(0).max(HOLIDAY))
      .min(1)
      .max(8)
      .refine((d) => new Set(d).size === d.length, { message: 'each weekday once' }),
    startMinute: minute,
    endMinute: minute,
    operators: z.number().int().min(0).max(MAX_WINDOW_OPERATORS),
  })
  .strict()
  .refine((w) => w.startMinute < w.endMinute, { message: 'the window must end after it starts', path: ['endMinute'] });

export const MinimumWindowsSchema = z.array(MinimumWindowSchema).max(MAX_WINDOWS);

/** The day kind of a Japan date for the windows: its weekday, or HOLIDAY on a national holiday. */
export function dayKindOf(localDate: string): number {
  if (isNationalHoliday(localDate)) return HOLIDAY;
  return new Date(`${localDate}T00:00:00Z`).getUTCDay();
}

/** Japan date and minute of day of an instant. */
export function localDateAndMinute(at: number): { date: string; minute: number } {
  const local = at + JST_OFFSET_MS;
  const date = new Date(local).toISOString().slice(0, 10);
  return { date, minute: Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000) };
}

/** Operators the windows require at an instant (0 when none applies). */
export function requiredAt(windows: readonly MinimumWindow[], at: number): number {
  const { date, minute: m } = localDateAndMinute(at);
  const kind = dayKindOf(date);
  let required = 0;
  for (const w of windows) {
    if (w.weekdays.includes(kind) && m >= w.startMinute && m < w.endMinute) required = Math.max(required, w.operators);
  }
  return required;
}

/**
 * Operators the windows require in each 30-minute interval of a Japan date (48 entries): the
 * strictest window touching any part of the interval, so a window from 16:15 binds 16:00–16:30.
 */
export function requiredPerInterval(windows: readonly MinimumWindow[], localDate: string): number[] {
  const kind = dayKindOf(localDate);
  return Array.from({ length: 48 }, (_, i) => {
    const from = i * 30;
    const to = from + 30;
    let required = 0;
    for (const w of windows) {
      if (w.weekdays.includes(kind) && w.startMinute < to && w.endMinute > from) required = Math.max(required, w.operators);
    }
    return required;
  });
}

/** 'HH:MM' of a minute of the day (1440 → '24:00'). */
export const clockOf = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Seed 003's rule as windows (Monday–Friday): 9:00–16:00 at least 4, 16:00–17:15 at least 2. */
export const SEED_003_WINDOWS: MinimumWindow[] = [
  { weekdays: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 16 * 60, operators: 4 },
  { weekdays: [1, 2, 3, 4, 5], startMinute: 16 * 60, endMinute: 17 * 60 + 15, operators: 2 },
];
