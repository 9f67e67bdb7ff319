import { describe, expect, it } from 'vitest';
import { adherenceOf, plannedSpans } from './adherence';

const M = 60_000;
const day = Date.parse('2026-12-07T00:00:00+09:00');
const at = (hhmm: string) => day + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * M;

describe('planned spans', () => {
  it('a shift less its break, as instants of the Japan date', () => {
    expect(plannedSpans(day, { startMinute: 510, endMinute: 1035, breakStartMinute: 720, breakEndMinute: 780 })).toEqual([
      { start: at('08:30'), end: at('12:00') },
      { start: at('13:00'), end: at('17:15') },
    ]);
    expect(plannedSpans(day, { startMinute: 540, endMinute: 600, breakStartMinute: null, breakEndMinute: null })).toEqual([
      { start: at('09:00'), end: at('10:00') },
    ]);
  });
});

describe('adherence', () => {
  const plan = plannedSpans(day, { startMinute: 540, endMinute: 1020, breakStartMinute: 720, breakEndMinute: 780 }); // 7 h planned
  it('on duty the whole plan, on a break at the break: 100 %', () => {
    const spans = [
      { status: 'available' as const, start: at('09:00'), end: at('11:00') },
      { status: 'on_call' as const, start: at('11:00'), end: at('12:00') },
      { status: 'break' as const, start: at('12:00'), end: at('13:00') },
      { status: 'wrap_up' as const, start: at('13:00'), end: at('17:00') },
    ];
    expect(adherenceOf(plan, spans, day, day + 86_400_000)).toEqual({
      plannedMs: 7 * 60 * M,
      onDutyInPlanMs: 7 * 60 * M,
      onDutyOutsideMs: 0,
      adherence: 1,
    });
  });
  it('late by 30 minutes and on duty through the break: 6.5 of 7 hours, the break counted as outside', () => {
    const spans = [{ status: 'available' as const, start: at('09:30'), end: at('17:00') }];
    const a = adherenceOf(plan, spans, day, day + 86_400_000);
    expect(a.adherence).toBeCloseTo(6.5 / 7, 12);
    expect(a.onDutyOutsideMs).toBe(60 * M);
  });
  it('away and offline are not on duty; nothing planned is null', () => {
    expect(adherenceOf(plan, [{ status: 'away', start: at('09:00'), end: at('17:00') }], day, day + 86_400_000).adherence).toBe(0);
    expect(adherenceOf([], [{ status: 'available', start: at('09:00'), end: at('10:00') }], day, day + 86_400_000)).toMatchObject({
      adherence: null,
      onDutyOutsideMs: 60 * M,
    });
  });
  it('counts only what is within the range asked (today so far)', () => {
    const spans = [{ status: 'available' as const, start: at('09:00'), end: at('17:00') }];
    expect(adherenceOf(plan, spans, day, at('10:00'))).toMatchObject({ plannedMs: 60 * M, adherence: 1 });
  });
});
