/**
 * Report periods in Japan time (Asia/Tokyo, always UTC+9): a daily report covers one local date,
 * a monthly report one calendar month. Pure: `now` is always a parameter.
 */
import { isValidLocalDate } from '../calendar';
import { DAY_MS, JST_OFFSET_MS, localDate, localMonth } from '../japan-time';

export type ReportPeriod = 'daily' | 'monthly';

export interface PeriodRange {
  period: ReportPeriod;
  /** 'YYYY-MM-DD' (daily) or 'YYYY-MM' (monthly). */
  key: string;
  /** Half-open [from, to). */
  from: Date;
  to: Date;
}

export type PeriodError = 'format' | 'future' | 'too_old';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Reports go back this far; anything older is a typo, not a request. */
const EARLIEST_YEAR = 2000;

function monthStart(year: number, month1: number): Date {
  return new Date(Date.UTC(year, month1 - 1, 1) - JST_OFFSET_MS);
}

/**
 * The range of a period key, or why it is not a report one can ask for: not a real date/month,
 * in the future (a period that has not started yet; the current day or month is allowed and
 * covers "so far"), or before 2000.
 */
export function periodRange(
  period: ReportPeriod,
  key: string,
  now: Date,
): { ok: true; range: PeriodRange } | { ok: false; error: PeriodError } {
  let from: Date;
  let to: Date;
  if (period === 'daily') {
    if (!isValidLocalDate(key)) return { ok: false, error: 'format' };
    from = new Date(Date.parse(`${key}T00:00:00Z`) - JST_OFFSET_MS);
    to = new Date(from.getTime() + DAY_MS);
  } else {
    const m = MONTH_RE.exec(key);
    if (!m) return { ok: false, error: 'format' };
    const year = Number(m[1]);
    const month = Number(m[2]);
    from = monthStart(year, month);
    to = monthStart(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1);
  }
  if (Number(key.slice(0, 4)) < EARLIEST_YEAR) return { ok: false, error: 'too_old' };
  if (from.getTime() > now.getTime()) return { ok: false, error: 'future' };
  return { ok: true, range: { period, key, from, to } };
}

/** Today and this month (JST) as period ranges. */
export function currentPeriods(now: Date): { today: PeriodRange; month: PeriodRange } {
  const day = periodRange('daily', localDate(now), now);
  const month = periodRange('monthly', localMonth(now), now);
  if (!day.ok || !month.ok) throw new RangeError('now is before 2000');
  return { today: day.range, month: month.range };
}

/** The local dates of a range, in order (for a monthly report's per-day table). */
export function datesOf(range: { from: Date; to: Date }): string[] {
  const dates: string[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += DAY_MS) dates.push(localDate(new Date(t)));
  return dates;
}
