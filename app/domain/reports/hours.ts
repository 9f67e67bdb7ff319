/**
 * Which hours of the day (Japan time, 0–23) the dashboard's hour chart shows. Not a fixed 06–22:
 * a 24-hour booth's 04:00 calls, or an evening opening until 21:00, must be on it. Pure.
 */
import type { OpeningCalendar } from '../calendar';

/** Whole hours a 'HH:MM'–'HH:MM' range touches: 08:15–17:00 → 8…16; 00:00–24:00 → 0…23. */
function hoursOf(range: { start: string; end: string }): number[] {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const first = Math.floor(minutes(range.start) / 60);
  const last = Math.ceil(minutes(range.end) / 60) - 1;
  const hours: number[] = [];
  for (let hour = first; hour <= Math.min(23, last); hour++) hours.push(hour);
  return hours;
}

/**
 * Every hour in which any booth's calendar opens (its weekly hours and its designated open
 * dates) and every hour that had a session, as one continuous run from the first to the last,
 * so an hour in between with nothing in it shows as an empty bar rather than vanishing. No
 * opening hours and no sessions: no hours.
 */
export function chartHours(calendars: readonly OpeningCalendar[], sessionHours: readonly number[]): number[] {
  const used = new Set<number>();
  for (const calendar of calendars) {
    for (const day of calendar.weekly) for (const range of day) for (const hour of hoursOf(range)) used.add(hour);
    for (const open of calendar.openDates) for (const range of open.ranges) for (const hour of hoursOf(range)) used.add(hour);
  }
  for (const hour of sessionHours) if (Number.isInteger(hour) && hour >= 0 && hour <= 23) used.add(hour);
  if (used.size === 0) return [];
  const first = Math.min(...used);
  const last = Math.max(...used);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
