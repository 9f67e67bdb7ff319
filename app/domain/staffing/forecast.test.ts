import { describe, expect, it } from 'vitest';
import { everyDayCalendar, type OpeningCalendar, weekdayCalendar } from '../calendar';
import {
  dateOfDay,
  dayOfDate,
  forecastDefaults,
  forecastPooledWeek,
  forecastWeek,
  forecastWeekdays,
  type HistoryRow,
  INTERVAL_MS,
  intervalOf,
  intervalStartMs,
  isHolidayDate,
  type MunicipalityHistory,
  openBoothHours,
  poolCells,
  weekdayOfDay,
} from './forecast';

// 2026-11-30 is a Monday; the 8 weeks before it run from 2026-10-05 (Monday) to 2026-11-29.
// In that window: 2026-10-12 (Mon, スポーツの日), 2026-11-03 (Tue, 文化の日), 2026-11-23 (Mon, 勤労感謝の日).
const AS_OF = '2026-11-30';
const NO_PRIOR = { priorWeight: 0 };

/** A row of `calls` answered calls (handling 300 s each, waited 20 s each) plus `abandoned`. */
function row(date: string, interval: number, calls: number, abandoned = 0): HistoryRow {
  return {
    day: dayOfDate(date),
    interval,
    answered: calls,
    abandoned,
    handlingSeconds: 300 * calls,
    handled: calls,
    waitingSeconds: 20 * calls + 60 * abandoned,
  };
}

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayOfDate(from); d < dayOfDate(to); d++) out.push(dateOfDay(d));
  return out;
}

function town(rows: HistoryRow[], o: Partial<MunicipalityHistory> = {}): MunicipalityHistory {
  return { municipalityId: 'm-1', since: dayOfDate('2020-01-01'), rows, calendars: [], ...o };
}

/** Every date of the window: `shape(weekday)` → [interval, calls][] */
function shaped(shape: (weekday: number, date: string) => [number, number][], from = '2026-10-05', to = AS_OF): HistoryRow[] {
  return datesBetween(from, to).flatMap((date) => shape(weekdayOfDay(dayOfDate(date)), date).map(([i, n]) => row(date, i, n)));
}

describe('Japan days and 30-minute intervals (UTC+9, no DST)', () => {
  it('puts 09:00 JST in interval 18 of that Japan date', () => {
    const at = Date.parse('2026-12-04T00:00:00Z'); // 09:00 JST
    expect(intervalOf(at)).toEqual({ day: dayOfDate('2026-12-04'), interval: 18 });
  });

  it('splits at JST midnight, not UTC midnight', () => {
    expect(intervalOf(Date.parse('2026-12-04T14:59:59.999Z'))).toEqual({ day: dayOfDate('2026-12-04'), interval: 47 });
    expect(intervalOf(Date.parse('2026-12-04T15:00:00Z'))).toEqual({ day: dayOfDate('2026-12-05'), interval: 0 });
    // 08:59 JST the next day is still the previous UTC date.
    expect(intervalOf(Date.parse('2026-12-04T23:59:00Z'))).toEqual({ day: dayOfDate('2026-12-05'), interval: 17 });
  });

  it('has half-open intervals: xx:30:00.000 starts the next one', () => {
    const start = intervalStartMs(dayOfDate('2026-06-01'), 20); // 10:00 JST
    expect(new Date(start).toISOString()).toBe('2026-06-01T01:00:00.000Z');
    expect(intervalOf(start + INTERVAL_MS - 1).interval).toBe(20);
    expect(intervalOf(start + INTERVAL_MS).interval).toBe(21);
    expect(intervalOf(start - 1).interval).toBe(19);
  });

  it('works the same in summer and winter (no daylight saving)', () => {
    expect(intervalOf(Date.parse('2026-07-15T00:00:00Z')).interval).toBe(18);
    expect(intervalOf(Date.parse('2026-01-15T00:00:00Z')).interval).toBe(18);
  });

  it('round-trips dates and weekdays', () => {
    expect(dateOfDay(dayOfDate('2026-11-30'))).toBe('2026-11-30');
    expect(weekdayOfDay(dayOfDate('2026-11-30'))).toBe(1); // Monday
    expect(weekdayOfDay(dayOfDate('2026-11-29'))).toBe(0); // Sunday
    expect(weekdayOfDay(dayOfDate('1969-12-31'))).toBe(3); // before the epoch too
  });

  it('treats national holidays, substitute holidays and 12/29–1/3 as holiday dates', () => {
    expect(isHolidayDate('2026-11-23')).toBe(true);
    expect(isHolidayDate('2026-05-06')).toBe(true); // 振替休日
    expect(isHolidayDate('2026-09-22')).toBe(true); // 国民の休日
    expect(isHolidayDate('2026-12-29')).toBe(true);
    expect(isHolidayDate('2027-01-03')).toBe(true);
    expect(isHolidayDate('2026-12-28')).toBe(false);
    expect(isHolidayDate('2026-11-24')).toBe(false);
  });
});

describe('forecastWeekdays: weekday × interval from the last N weeks', () => {
  it('recovers a weekday shape exactly when every week is the same', () => {
    const shape = (w: number): [number, number][] =>
      w === 1
        ? [
            [18, 4],
            [19, 9],
            [28, 6],
          ]
        : w === 3
          ? [[20, 2]]
          : w === 6
            ? [[22, 1]]
            : [];
    const f = forecastWeekdays(town(shaped(shape)), AS_OF, NO_PRIOR);
    expect(f.cells).toHaveLength(7);
    expect(f.cells.every((d) => d.length === 48)).toBe(true);
    expect(f.cells[1]![18]!.calls).toBeCloseTo(4);
    expect(f.cells[1]![19]!.calls).toBeCloseTo(9);
    expect(f.cells[1]![28]!.calls).toBeCloseTo(6);
    expect(f.cells[1]![20]!.calls).toBe(0);
    expect(f.cells[3]![20]!.calls).toBeCloseTo(2);
    expect(f.cells[6]![22]!.calls).toBeCloseTo(1);
    expect(f.cells[0]!.every((c) => c.calls === 0 && c.source === 'history')).toBe(true);
    expect(f.cells[1]![18]!.handlingSeconds).toBeCloseTo(300);
    expect(f.weeks).toBe(8);
  });

  it('counts a sample day without rows as a day with no calls', () => {
    // Wednesdays: calls on 4 of the 8, so the mean is half.
    const wednesdays = datesBetween('2026-10-05', AS_OF).filter((d) => weekdayOfDay(dayOfDate(d)) === 3);
    const rows = wednesdays.filter((_, k) => k % 2 === 0).map((d) => row(d, 20, 10));
    const cell = forecastWeekdays(town(rows), AS_OF).cells[3]![20]!;
    expect(cell.sampleDays).toBe(8);
    expect(cell.calls).toBeCloseTo(5);
  });

  it('excludes national holidays from the history (sample days and calls)', () => {
    // Mondays: 8 in the window, two of them holidays (10/12, 11/23) with a flood of calls.
    const rows = shaped((w, date) => (w === 1 ? [[20, isHolidayDate(date) ? 500 : 3]] : []));
    const cell = forecastWeekdays(town(rows), AS_OF).cells[1]![20]!;
    expect(cell.sampleDays).toBe(6);
    expect(cell.calls).toBeCloseTo(3);
    // Tuesday 11/03 is a holiday too: 7 Tuesdays.
    expect(forecastWeekdays(town(rows), AS_OF).cells[2]![20]!.sampleDays).toBe(7);
  });

  it('excludes the year-end closure 12/29–1/3', () => {
    // The 2 weeks before 2027-01-11: Tue 12/29, Wed 12/30, Thu 12/31, Fri 1/1 (and Sat/Sun 1/2–1/3).
    const rows = shaped(() => [[20, 7]], '2026-12-28', '2027-01-11');
    const f = forecastWeekdays(town(rows), '2027-01-11', { weeks: 2, minSampleDays: 1 });
    expect(f.cells[1]![20]!.sampleDays).toBe(2); // Mondays 12/28 and 1/4
    expect(f.cells[2]![20]!.sampleDays).toBe(1); // only Tue 1/5
    expect(f.cells[2]![20]!.calls).toBeCloseTo(7);
    expect(f.cells[6]![20]!.sampleDays).toBe(1); // Sat 1/9 (1/2 is year-end)
  });

  it('uses only the last N weeks', () => {
    const old = shaped((w) => (w === 2 ? [[20, 100]] : []), '2026-08-03', '2026-10-05');
    const recent = shaped((w) => (w === 2 ? [[20, 5]] : []));
    const cell = forecastWeekdays(town([...old, ...recent]), AS_OF).cells[2]![20]!;
    expect(cell.calls).toBeCloseTo(5);
    expect(forecastWeekdays(town([...old, ...recent]), AS_OF, { weeks: 17 }).cells[2]![20]!.calls).toBeGreaterThan(40);
  });

  it('ignores rows on or after the forecast date', () => {
    const rows = [...shaped((w) => (w === 4 ? [[20, 2]] : [])), row('2026-12-03', 20, 999)];
    expect(forecastWeekdays(town(rows), AS_OF).cells[4]![20]!.calls).toBeCloseTo(2);
  });

  it('averages over fewer weeks than N when the history is younger', () => {
    const since = '2026-11-09'; // 3 weeks before AS_OF
    const rows = shaped((w) => (w === 5 ? [[24, 6]] : []), since);
    const cell = forecastWeekdays(town(rows, { since: dayOfDate(since) }), AS_OF).cells[5]![24]!;
    expect(cell.sampleDays).toBe(3);
    expect(cell.source).toBe('history');
    expect(cell.calls).toBeCloseTo(6);
  });

  it('falls back to the default below K sample days of the weekday', () => {
    const since = '2026-11-16'; // 2 weeks: 2 sample days per weekday, below K = 3
    const calendars = [weekdayCalendar([{ start: '09:00', end: '17:00' }])];
    const rows = shaped((w) => (w === 5 ? [[24, 6]] : []), since);
    const f = forecastWeekdays(town(rows, { since: dayOfDate(since), calendars }), AS_OF);
    expect(f.cells[5]![24]!.source).toBe('default');
    expect(f.cells[5]![24]!.calls).toBeCloseTo(forecastDefaults.defaultCallsPerBoothHour * 0.5);
    expect(f.cells[5]![24]!.sampleDays).toBe(0);
    // With K = 2 the same history is enough.
    expect(forecastWeekdays(town(rows, { since: dayOfDate(since), calendars }), AS_OF, { minSampleDays: 2 }).cells[5]![24]!.source).toBe(
      'history',
    );
  });

  it('weights recent weeks when asked (week k back weighs r^(k−1))', () => {
    // Thursdays: 10 calls in the latest week, 20 in every other.
    const rows = shaped((w, date) => (w === 4 ? [[20, date === '2026-11-26' ? 10 : 20]] : []));
    expect(forecastWeekdays(town(rows), AS_OF).cells[4]![20]!.calls).toBeCloseTo((10 + 7 * 20) / 8);
    const r = 0.5;
    const weights = Array.from({ length: 8 }, (_, k) => r ** k);
    const expected = (10 * weights[0]! + 20 * weights.slice(1).reduce((a, b) => a + b)) / weights.reduce((a, b) => a + b);
    expect(forecastWeekdays(town(rows), AS_OF, { recentWeight: r }).cells[4]![20]!.calls).toBeCloseTo(expected);
  });

  it('estimates patience as total waiting ÷ abandons (exponential MLE), null without abandons', () => {
    const thursdays = datesBetween('2026-10-05', AS_OF).filter((d) => weekdayOfDay(dayOfDate(d)) === 4);
    const rows = thursdays.map((d) => row(d, 20, 8, 2)); // waited 8·20 + 2·60 = 280 s, 2 abandons a day
    const cell = forecastWeekdays(town(rows), AS_OF, NO_PRIOR).cells[4]![20]!;
    expect(cell.calls).toBeCloseTo(10); // answered + abandoned
    expect(cell.patienceSeconds).toBeCloseTo(140);
    const none = forecastWeekdays(town(thursdays.map((d) => row(d, 20, 8))), AS_OF, NO_PRIOR).cells[4]![20]!;
    expect(none.patienceSeconds).toBeNull();
  });

  it('shrinks a thin cell toward the municipality-wide handling and patience', () => {
    const mondays = datesBetween('2026-10-05', AS_OF).filter((d) => weekdayOfDay(dayOfDate(d)) === 1 && !isHolidayDate(d));
    const busy = mondays.map((d) => ({ ...row(d, 20, 50, 5), handlingSeconds: 50 * 600 }));
    const thin: HistoryRow = { ...row(mondays[0]!, 30, 1), handlingSeconds: 100 };
    const f = forecastWeekdays(town([...busy, thin]), AS_OF, { priorWeight: 10 });
    const all = (50 * 600 * mondays.length + 100) / (50 * mondays.length + 1);
    expect(f.cells[1]![30]!.handlingSeconds).toBeCloseTo((100 + 10 * all) / 11);
    // A cell with no calls at all gets the municipality's figures.
    expect(f.cells[1]![40]!.handlingSeconds).toBeCloseTo(all);
    const patience = (mondays.length * (50 * 20 + 5 * 60) + 20) / (5 * mondays.length);
    expect(f.cells[1]![40]!.patienceSeconds).toBeCloseTo(patience);
    expect(f.cells[1]![30]!.patienceSeconds).toBeCloseTo((20 + 10 * patience) / 10);
  });

  it('uses the default handling when nothing was ever handled', () => {
    const rows = shaped((w) => (w === 2 ? [[20, 1]] : [])).map((r) => ({
      ...r,
      answered: 0,
      abandoned: 1,
      handled: 0,
      handlingSeconds: 0,
    }));
    const cell = forecastWeekdays(town(rows), AS_OF).cells[2]![20]!;
    expect(cell.handlingSeconds).toBe(forecastDefaults.defaultHandlingSeconds);
    expect(cell.calls).toBeCloseTo(1);
  });

  it('ignores rows outside 0–47', () => {
    const rows = [...shaped((w) => (w === 2 ? [[20, 1]] : [])), row('2026-11-24', 48, 100), row('2026-11-24', -1, 100)];
    const f = forecastWeekdays(town(rows), AS_OF);
    expect(f.cells[2]!.reduce((s, c) => s + c.calls, 0)).toBeCloseTo(1);
  });

  it('refuses nonsense options', () => {
    expect(() => forecastWeekdays(town([]), AS_OF, { weeks: 0 })).toThrow(RangeError);
    expect(() => forecastWeekdays(town([]), AS_OF, { weeks: 2.5 })).toThrow(/weeks/);
    expect(() => forecastWeekdays(town([]), AS_OF, { recentWeight: 0 })).toThrow(/recentWeight/);
    expect(() => forecastWeekdays(town([]), AS_OF, { recentWeight: 1.2 })).toThrow(/recentWeight/);
    expect(() => forecastWeekdays(town([]), AS_OF, { defaultHandlingSeconds: 0 })).toThrow(/defaultHandlingSeconds/);
  });
});

describe('a new town: the stated default', () => {
  const townHall = weekdayCalendar([{ start: '08:15', end: '17:00' }]);
  const mall = everyDayCalendar([{ start: '10:00', end: '20:00' }]);

  it('has default demand = calls per open booth-hour × open booth-hours, on weekdays only for a town hall', () => {
    const f = forecastWeekdays(town([], { since: null, calendars: [townHall, townHall] }), AS_OF);
    const rate = forecastDefaults.defaultCallsPerBoothHour;
    const monday = f.cells[1]!;
    expect(monday.every((c) => c.source === 'default' && c.sampleDays === 0 && c.patienceSeconds === null)).toBe(true);
    expect(monday[15]!.calls).toBe(0); // 07:30–08:00
    expect(monday[16]!.calls).toBeCloseTo(2 * 0.25 * rate); // 08:15–08:30, two booths
    expect(monday[17]!.calls).toBeCloseTo(2 * 0.5 * rate);
    expect(monday[33]!.calls).toBeCloseTo(2 * 0.5 * rate); // 16:30–17:00
    expect(monday[34]!.calls).toBe(0);
    expect(monday[20]!.handlingSeconds).toBe(forecastDefaults.defaultHandlingSeconds);
    expect(f.cells[0]!.every((c) => c.calls === 0)).toBe(true);
    const total = monday.reduce((s, c) => s + c.calls, 0);
    expect(total).toBeCloseTo(2 * 8.75 * rate);
  });

  it('takes its own default rate and handling', () => {
    const f = forecastWeekdays(town([], { since: null, calendars: [mall] }), AS_OF, {
      defaultCallsPerBoothHour: 4,
      defaultHandlingSeconds: 420,
    });
    expect(f.cells[0]![20]!.calls).toBeCloseTo(2);
    expect(f.cells[0]![20]!.handlingSeconds).toBe(420);
  });

  it('has no demand at all without booths', () => {
    const f = forecastWeekdays(town([], { since: null }), AS_OF);
    expect(f.cells.flat().every((c) => c.calls === 0 && c.source === 'default')).toBe(true);
  });

  it('in a week forecast follows each date’s openings (holidays and closed dates)', () => {
    // Week of 2026-11-23 (Mon, holiday) … 11/29.
    const closedWednesday: OpeningCalendar = { ...townHall, closedDates: ['2026-11-25'] };
    const w = forecastWeek(town([], { since: null, calendars: [closedWednesday] }), '2026-11-23');
    expect(w.days.map((d) => d.date)).toEqual(datesBetween('2026-11-23', '2026-11-30'));
    expect(w.days[0]!.holiday).toBe(true);
    expect(w.days[0]!.cells.every((c) => c.calls === 0 && c.source === 'holiday')).toBe(true);
    expect(w.days[1]!.cells[20]!.calls).toBeCloseTo(1);
    expect(w.days[2]!.cells.every((c) => c.calls === 0 && c.source === 'default')).toBe(true);
  });
});

describe('forecastWeek', () => {
  const rows = shaped((w) => (w >= 1 && w <= 5 ? [[20, w]] : []));

  it('gives each date its weekday’s cells', () => {
    const w = forecastWeek(town(rows), AS_OF);
    expect(w.weekStart).toBe(AS_OF);
    expect(w.days).toHaveLength(7);
    expect(w.days.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(w.days.map((d) => d.cells[20]!.calls)).toEqual([1, 2, 3, 4, 5, 0, 0].map((n) => expect.closeTo(n, 9)));
    expect(w.days.every((d) => d.cells.length === 48 && !d.holiday)).toBe(true);
  });

  it('takes the history up to asOf when made days before the week', () => {
    // Made on Wednesday 11/25 for the week of 11/30: the history is 9/30 … 11/24.
    const lived = shaped((w) => (w >= 1 && w <= 5 ? [[20, w]] : []), '2026-09-28', '2026-11-25');
    const w = forecastWeek(town(lived), AS_OF, { asOf: '2026-11-25' });
    expect(w.days.map((d) => d.cells[20]!.calls)).toEqual([1, 2, 3, 4, 5, 0, 0].map((n) => expect.closeTo(n, 9)));
    expect(w.days[3]!.cells[20]!.sampleDays).toBe(8);
    // Without asOf, 11/25–11/29 would count as days without calls.
    expect(forecastWeek(town(lived), AS_OF).days[3]!.cells[20]!.calls).toBeLessThan(4);
    expect(() => forecastWeek(town(rows), AS_OF, { asOf: '2026-12-01' })).toThrow(/asOf/);
  });

  it('works from any start day, not only Mondays', () => {
    const w = forecastWeek(town(rows), '2026-12-02');
    expect(w.days[0]!.weekday).toBe(3);
    expect(w.days[0]!.cells[20]!.calls).toBeCloseTo(3);
  });

  it('gives a holiday no demand when the booths are closed that day', () => {
    // Week of 2026-11-23: Monday is 勤労感謝の日.
    const calendars = [weekdayCalendar([{ start: '09:00', end: '17:00' }])];
    const w = forecastWeek(
      town(
        shaped((d) => (d === 1 ? [[20, 9]] : []), '2026-09-28', '2026-11-23'),
        { calendars },
      ),
      '2026-11-23',
    );
    expect(w.days[0]!.holiday).toBe(true);
    expect(w.days[0]!.cells.every((c) => c.calls === 0 && c.source === 'holiday')).toBe(true);
    expect(w.days[1]!.holiday).toBe(false);
  });

  it('gives a holiday opening (休日開庁) the default rate over its open hours', () => {
    const open: OpeningCalendar = {
      ...weekdayCalendar([{ start: '09:00', end: '17:00' }]),
      openDates: [{ date: '2026-11-23', ranges: [{ start: '10:00', end: '12:00' }] }],
    };
    const w = forecastWeek(town(rows, { calendars: [open] }), '2026-11-23');
    const holiday = w.days[0]!;
    expect(holiday.cells[20]!).toMatchObject({ source: 'holiday', calls: forecastDefaults.defaultCallsPerBoothHour * 0.5 });
    expect(holiday.cells[24]!.calls).toBe(0);
    expect(holiday.cells.reduce((s, c) => s + c.calls, 0)).toBeCloseTo(forecastDefaults.defaultCallsPerBoothHour * 2);
  });

  it('marks the year-end dates as holidays', () => {
    const w = forecastWeek(town(rows), '2026-12-28');
    expect(w.days.map((d) => d.holiday)).toEqual([false, true, true, true, true, true, true]);
  });
});

describe('openBoothHours', () => {
  it('adds booths and splits partial intervals', () => {
    const a = weekdayCalendar([{ start: '08:15', end: '12:10' }]);
    const b = weekdayCalendar([{ start: '12:00', end: '13:00' }]);
    const h = openBoothHours([a, b], dayOfDate('2026-12-01'));
    expect(h[16]).toBeCloseTo(0.25);
    expect(h[24]).toBeCloseTo(10 / 60 + 0.5);
    expect(h[25]).toBeCloseTo(0.5);
    expect(h[26]).toBe(0);
    expect(openBoothHours([a], dayOfDate('2026-12-06')).every((x) => x === 0)).toBe(true); // Sunday
  });

  it('counts a booth open to midnight in interval 47', () => {
    const late = everyDayCalendar([{ start: '23:00', end: '24:00' }]);
    const h = openBoothHours([late], dayOfDate('2026-12-01'));
    expect(h[46]).toBeCloseTo(0.5);
    expect(h[47]).toBeCloseTo(0.5);
  });
});

describe('pooled over an operator group', () => {
  it('sums calls, weights handling by calls and pools the abandonment rate', () => {
    const a = { calls: 10, handlingSeconds: 300, patienceSeconds: 100, sampleDays: 8, source: 'history' as const };
    const b = { calls: 30, handlingSeconds: 500, patienceSeconds: 300, sampleDays: 6, source: 'history' as const };
    const c = { calls: 0, handlingSeconds: 900, patienceSeconds: null, sampleDays: 2, source: 'history' as const };
    const p = poolCells([a, b, c]);
    expect(p.calls).toBe(40);
    expect(p.handlingSeconds).toBeCloseTo((10 * 300 + 30 * 500) / 40);
    expect(p.patienceSeconds).toBeCloseTo(40 / (10 / 100 + 30 / 300));
    expect(p.sampleDays).toBe(6); // the fewest among municipalities with calls
    expect(p.source).toBe('history');
  });

  it('says default (or holiday) when any part is, and has no patience when none has one', () => {
    const h = { calls: 1, handlingSeconds: 300, patienceSeconds: null, sampleDays: 8, source: 'history' as const };
    const d = { ...h, sampleDays: 0, source: 'default' as const };
    expect(poolCells([h, d])).toMatchObject({ source: 'default', patienceSeconds: null, calls: 2, sampleDays: 8 });
    expect(poolCells([h, { ...d, source: 'holiday' }, d]).source).toBe('holiday');
    expect(
      poolCells([
        { ...h, calls: 0 },
        { ...h, calls: 0, sampleDays: 3 },
      ]).sampleDays,
    ).toBe(3);
  });

  it('pools whole weeks: an old town and a new one', () => {
    const calendars = [weekdayCalendar([{ start: '09:00', end: '17:00' }])];
    const old = town(
      shaped((w) => (w === 2 ? [[20, 6]] : [])),
      { municipalityId: 'm-old', calendars },
    );
    const fresh = town([], { municipalityId: 'm-new', since: null, calendars });
    const pooled = forecastPooledWeek([old, fresh], AS_OF);
    expect(pooled.municipalityIds).toEqual(['m-old', 'm-new']);
    const tuesday = pooled.days[1]!;
    expect(tuesday.cells[20]!.calls).toBeCloseTo(6 + forecastDefaults.defaultCallsPerBoothHour * 0.5);
    expect(tuesday.cells[20]!.source).toBe('default');
    expect(tuesday.cells[20]!.handlingSeconds).toBeCloseTo(
      (6 * 300 + forecastDefaults.defaultCallsPerBoothHour * 0.5 * forecastDefaults.defaultHandlingSeconds) /
        (6 + forecastDefaults.defaultCallsPerBoothHour * 0.5),
    );
    // Pooling one municipality changes nothing.
    expect(forecastPooledWeek([old], AS_OF).days).toEqual(forecastWeek(old, AS_OF).days);
  });

  it('recovers the same shape pooled as the sum of the towns', () => {
    const a = town(
      shaped((w) => (w === 1 ? [[18, 2]] : [])),
      { municipalityId: 'a' },
    );
    const b = town(
      shaped((w) => (w === 1 ? [[18, 3]] : w === 5 ? [[30, 1]] : [])),
      { municipalityId: 'b' },
    );
    const pooled = forecastPooledWeek([a, b], AS_OF);
    expect(pooled.days[0]!.cells[18]!.calls).toBeCloseTo(5);
    expect(pooled.days[4]!.cells[30]!.calls).toBeCloseTo(1);
  });

  it('refuses to pool nothing or different weeks', () => {
    expect(() => forecastPooledWeek([], AS_OF)).toThrow(RangeError);
  });
});
