import { describe, expect, it } from 'vitest';
import { JST_OFFSET_MS, localDate, localDateTime, localHour, localMonth, monthBefore } from './japan-time';

describe('Japan time', () => {
  it('is UTC+9', () => {
    expect(JST_OFFSET_MS).toBe(9 * 3_600_000);
  });

  it('dates, months and hours change at 15:00 UTC', () => {
    const midnight = new Date('2026-10-31T15:00:00Z');
    expect(localDate(midnight)).toBe('2026-11-01');
    expect(localMonth(midnight)).toBe('2026-11');
    expect(localHour(midnight.getTime())).toBe(0);
    expect(localHour(Date.parse('2026-10-31T14:59:59Z'))).toBe(23);
    expect(localDate(new Date('2026-12-31T15:30:00Z'))).toBe('2027-01-01');
  });

  it('months back count calendar months in Japan time, across the year end', () => {
    expect(monthBefore(new Date('2026-11-22T02:00:00Z'), 1)).toBe('2026-10');
    expect(monthBefore(new Date('2026-01-31T16:00:00Z'), 1)).toBe('2026-01'); // 1 Feb 01:00 JST
    expect(monthBefore(new Date('2026-01-10T00:00:00Z'), 1)).toBe('2025-12');
    expect(monthBefore(new Date('2026-03-31T00:00:00Z'), 13)).toBe('2025-02');
  });

  it('hours of instants before 1970 are still 0–23', () => {
    expect(localHour(Date.parse('1969-12-31T14:30:00Z'))).toBe(23);
  });

  it('date and time texts, to the second or the minute', () => {
    expect(localDateTime(new Date('2026-11-21T15:00:00Z'))).toBe('2026-11-22 00:00:00');
    expect(localDateTime(new Date('2026-11-21T14:59:59Z'))).toBe('2026-11-21 23:59:59');
    expect(localDateTime(Date.parse('2026-11-21T14:59:59Z'), 'minute')).toBe('2026-11-21 23:59');
  });
});
