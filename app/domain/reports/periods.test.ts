import { describe, expect, it } from 'vitest';
import { localDate, localHour, localMonth } from '../japan-time';
import { currentPeriods, datesOf, periodRange } from './periods';

const now = new Date('2026-11-22T02:00:00Z'); // 11:00 JST, Sunday 22 November 2026

describe('period ranges in Japan time', () => {
  it('a day runs from JST midnight to the next', () => {
    const r = periodRange('daily', '2026-10-05', now);
    expect(r).toEqual({
      ok: true,
      range: { period: 'daily', key: '2026-10-05', from: new Date('2026-10-04T15:00:00Z'), to: new Date('2026-10-05T15:00:00Z') },
    });
  });
  it('a month is the calendar month, February and December included', () => {
    const feb = periodRange('monthly', '2024-02', now);
    expect(feb.ok && [feb.range.from.toISOString(), feb.range.to.toISOString()]).toEqual([
      '2024-01-31T15:00:00.000Z',
      '2024-02-29T15:00:00.000Z',
    ]);
    const dec = periodRange('monthly', '2025-12', now);
    expect(dec.ok && dec.range.to.toISOString()).toBe('2025-12-31T15:00:00.000Z');
  });
  it('refuses what is not a date or month', () => {
    for (const key of ['2026-13', '2026-1', '26-01', '2026-00', 'x'])
      expect(periodRange('monthly', key, now)).toEqual({ ok: false, error: 'format' });
    for (const key of ['2026-02-30', '2026-2-3', '2026-10', ''])
      expect(periodRange('daily', key, now)).toEqual({ ok: false, error: 'format' });
  });
  it('refuses a period that has not started; today and this month are allowed', () => {
    expect(periodRange('monthly', '2026-12', now)).toEqual({ ok: false, error: 'future' });
    expect(periodRange('daily', '2026-11-23', now)).toEqual({ ok: false, error: 'future' });
    expect(periodRange('monthly', '2026-11', now).ok).toBe(true);
    expect(periodRange('daily', '2026-11-22', now).ok).toBe(true);
    // 23:30 UTC on the 21st is already the 22nd in Japan.
    expect(periodRange('daily', '2026-11-22', new Date('2026-11-21T15:30:00Z')).ok).toBe(true);
    expect(periodRange('daily', '2026-11-22', new Date('2026-11-21T14:59:59Z'))).toEqual({ ok: false, error: 'future' });
  });
  it('refuses the last century', () => {
    expect(periodRange('monthly', '1999-12', now)).toEqual({ ok: false, error: 'too_old' });
  });
});

describe('local time helpers', () => {
  it('date, month and hour of an instant in JST', () => {
    const i = new Date('2026-10-31T15:30:00Z'); // 2026-11-01 00:30 JST
    expect(localDate(i)).toBe('2026-11-01');
    expect(localMonth(i)).toBe('2026-11');
    expect(localHour(i.getTime())).toBe(0);
    expect(localHour(Date.parse('2026-10-31T14:59:59Z'))).toBe(23);
  });
  it('today and this month', () => {
    const { today, month } = currentPeriods(now);
    expect(today.key).toBe('2026-11-22');
    expect(month.key).toBe('2026-11');
    expect(month.to.toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });
  it('today and this month use the Asia/Tokyo date, whatever the server zone (uptime uses them too)', () => {
    const jst = (s: string) => new Date(`${s}:00+09:00`);
    const { today: d, month } = currentPeriods(new Date('2026-11-30T16:00:00Z')); // 2026-12-01 01:00 JST
    expect(d.from).toEqual(jst('2026-12-01T00:00'));
    expect(d.to).toEqual(jst('2026-12-02T00:00'));
    expect(month.from).toEqual(jst('2026-12-01T00:00'));
    expect(month.to).toEqual(jst('2027-01-01T00:00'));
  });
  it('the dates of a month', () => {
    const r = periodRange('monthly', '2026-02', now);
    const dates = r.ok ? datesOf(r.range) : [];
    expect(dates).toHaveLength(28);
    expect(dates[0]).toBe('2026-02-01');
    expect(dates[27]).toBe('2026-02-28');
  });
});
