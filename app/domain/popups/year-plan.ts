/**
 * The year plan of a municipality's pop-up sites: per month, the event days on weekdays and on
 * 休日 (Saturday, Sunday or a national holiday — @holiday-jp/holiday_jp through calendar.ts) against
 * a target, e.g. Kanazawa's 6 + 6 a month (72 a year). Pure.
 *
 * What is counted: event days, not events — a two-day event on Friday and Saturday is one weekday
 * and one holiday. Every state counts (a plan is what is being planned); `agreed` counts those the
 * town has agreed to (agreed, held or reported).
 */
import type { PopupState } from '@madoguchi/db/vocabulary';
import { isNationalHoliday } from '../calendar';

export interface YearPlanTarget {
  weekday: number;
  holiday: number;
}
/** Seed 002 (Kanazawa): about 72 a year, half on weekdays and half on holidays. */
export const DEFAULT_TARGET: YearPlanTarget = { weekday: 6, holiday: 6 };

export interface MonthPlan {
  /** 'YYYY-MM' */
  month: string;
  weekday: number;
  holiday: number;
  agreedWeekday: number;
  agreedHoliday: number;
  /** Target minus planned, never below 0: how many more to plan. */
  weekdayShort: number;
  holidayShort: number;
}

export interface YearPlan {
  year: number;
  target: YearPlanTarget;
  months: MonthPlan[];
  total: { weekday: number; holiday: number; agreedWeekday: number; agreedHoliday: number };
}

/** 土日祝: Saturday, Sunday or a national holiday (incl. 振替休日 and 国民の休日). */
export function isWeekendOrHoliday(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6 || isNationalHoliday(date);
}

const agreedStates: readonly PopupState[] = ['agreed', 'held', 'reported'];

export function yearPlan(
  events: readonly { state: PopupState; days: readonly { date: string }[] }[],
  year: number,
  target: YearPlanTarget = DEFAULT_TARGET,
): YearPlan {
  const months: MonthPlan[] = Array.from({ length: 12 }, (_, i) => ({
    month: `${year}-${String(i + 1).padStart(2, '0')}`,
    weekday: 0,
    holiday: 0,
    agreedWeekday: 0,
    agreedHoliday: 0,
    weekdayShort: 0,
    holidayShort: 0,
  }));
  const prefix = `${year}-`;
  for (const event of events) {
    const agreed = agreedStates.includes(event.state);
    for (const day of new Set(event.days.map((d) => d.date))) {
      if (!day.startsWith(prefix)) continue;
      const month = months[Number(day.slice(5, 7)) - 1];
      if (!month) continue;
      if (isWeekendOrHoliday(day)) {
        month.holiday++;
        if (agreed) month.agreedHoliday++;
      } else {
        month.weekday++;
        if (agreed) month.agreedWeekday++;
      }
    }
  }
  for (const m of months) {
    m.weekdayShort = Math.max(0, target.weekday - m.weekday);
    m.holidayShort = Math.max(0, target.holiday - m.holiday);
  }
  const sum = (f: (m: MonthPlan) => number) => months.reduce((s, m) => s + f(m), 0);
  return {
    year,
    target,
    months,
    total: {
      weekday: sum((m) => m.weekday),
      holiday: sum((m) => m.holiday),
      agreedWeekday: sum((m) => m.agreedWeekday),
      agreedHoliday: sum((m) => m.agreedHoliday),
    },
  };
}
