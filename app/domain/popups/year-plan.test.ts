import { describe, expect, it } from 'vitest';
import { isWeekendOrHoliday, yearPlan } from './year-plan';

const d = (date: string) => ({ date, ranges: [{ start: '10:00', end: '17:00' }] });

describe('yearPlan', () => {
  it('counts event days per month as weekday or 土日祝 against the target', () => {
    const plan = yearPlan(
      [
        { state: 'agreed', days: [d('2026-11-20'), d('2026-11-21')] }, // Friday, Saturday
        { state: 'planned', days: [d('2026-11-23')] }, // 勤労感謝の日 (Monday)
        { state: 'reported', days: [d('2026-01-05')] },
        { state: 'agreed', days: [d('2027-01-05')] }, // another year
      ],
      2026,
    );
    const nov = plan.months[10]!;
    expect(nov).toMatchObject({
      month: '2026-11',
      weekday: 1,
      holiday: 2,
      agreedWeekday: 1,
      agreedHoliday: 1,
      weekdayShort: 5,
      holidayShort: 4,
    });
    expect(plan.months[0]).toMatchObject({ weekday: 1, agreedWeekday: 1 });
    expect(plan.months).toHaveLength(12);
    expect(plan.total).toEqual({ weekday: 2, holiday: 2, agreedWeekday: 2, agreedHoliday: 1 });
  });
  it('meets the 6 + 6 target exactly without shortfall, and takes another target', () => {
    const weekdays = ['02', '03', '04', '05', '06', '09'].map((x) => d(`2026-03-${x}`));
    const holidays = ['01', '07', '08', '14', '15', '20'].map((x) => d(`2026-03-${x}`)); // 03-20 春分の日
    const plan = yearPlan([{ state: 'agreed', days: [...weekdays, ...holidays] }], 2026);
    expect(plan.months[2]).toMatchObject({ weekday: 6, holiday: 6, weekdayShort: 0, holidayShort: 0 });
    expect(yearPlan([], 2026, { weekday: 2, holiday: 1 }).months[0]).toMatchObject({ weekdayShort: 2, holidayShort: 1 });
  });
  it('treats Saturdays, Sundays and national holidays (incl. 振替休日) as holidays', () => {
    expect(isWeekendOrHoliday('2026-12-05')).toBe(true); // Saturday
    expect(isWeekendOrHoliday('2026-12-04')).toBe(false);
    expect(isWeekendOrHoliday('2026-05-06')).toBe(true); // 振替休日
  });
});
