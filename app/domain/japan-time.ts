/**
 * Japan time (Asia/Tokyo) as the product writes it: UTC+9 all year (no daylight saving since 1951),
 * so plain arithmetic is exact. One home for the offset and the date/time texts used by reports,
 * the ledger, uptime and the seeds. Pure.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const JST_OFFSET_MS = 9 * HOUR_MS;

const shifted = (instant: Date | number) =>
  new Date((typeof instant === 'number' ? instant : instant.getTime()) + JST_OFFSET_MS).toISOString();

/** The local date 'YYYY-MM-DD' an instant falls in. */
export function localDate(instant: Date): string {
  return shifted(instant).slice(0, 10);
}

/** The local month 'YYYY-MM' an instant falls in. */
export function localMonth(instant: Date): string {
  return shifted(instant).slice(0, 7);
}

/** The local month 'YYYY-MM' that is `monthsBack` calendar months before the one `now` falls in. */
export function monthBefore(now: Date, monthsBack: number): string {
  const local = new Date(now.getTime() + JST_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 7);
}

/** The local hour of day (0–23) of an epoch-ms instant. */
export function localHour(epochMs: number): number {
  return Math.floor(((((epochMs + JST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

/** 'YYYY-MM-DD HH:MM:SS', or 'YYYY-MM-DD HH:MM' to the minute, in Japan time. */
export function localDateTime(instant: Date | number, precision: 'second' | 'minute' = 'second'): string {
  return shifted(instant)
    .slice(0, precision === 'second' ? 19 : 16)
    .replace('T', ' ');
}
