import holiday_jp from '@holiday-jp/holiday_jp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CLOSED_CALENDAR,
  currentOpening,
  dayRule,
  everyDayCalendar,
  isNationalHoliday,
  isOpen,
  isYearEndClosure,
  jstInstant,
  nextOpening,
  OpeningCalendar,
  openingsOn,
  weekdayCalendar,
} from './calendar';
import { localDate } from './japan-time';

/** A JST wall-clock time, written independently of the code under test. */
function jst(localDateTime: string): Date {
  const withSeconds = localDateTime.length === 16 ? `${localDateTime}:00` : localDateTime;
  return new Date(`${withSeconds}+09:00`);
}

function calendar(overrides: Partial<OpeningCalendar>): OpeningCalendar {
  return OpeningCalendar.parse({ ...weekdayCalendar([{ start: '08:15', end: '17:00' }]), ...overrides });
}

const none: { start: string; end: string }[] = [];
const r = (start: string, end: string) => ({ start, end });

// 東員町 第1窓口 (seed 001): 月〜金 8:15–17:00, closed on national holidays and 12/29–1/3.
const toinTownHall = weekdayCalendar([r('08:15', '17:00')]);
// 東員町 第2窓口: every day 10:00–20:00 except facility closure days.
const toinMall = OpeningCalendar.parse({ ...everyDayCalendar([r('10:00', '20:00')]), closedDates: ['2026-11-24'] });
// 人吉市 (seed 000): Mon–Wed and Fri 8:30–17:15, Thursday (木曜) 8:30–19:00, closed on holidays.
const hitoyoshi = calendar({
  weekly: [none, [r('08:30', '17:15')], [r('08:30', '17:15')], [r('08:30', '17:15')], [r('08:30', '19:00')], [r('08:30', '17:15')], none],
});

describe('@holiday-jp/holiday_jp (what the calendar relies on)', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('lists exactly these 振替休日 in 2025–2027', () => {
    const substitutes = Object.values(holiday_jp.holidays)
      .filter((h) => h.date >= '2025-01-01' && h.date <= '2027-12-31' && h.name.includes('振替休日'))
      .map((h) => h.date);
    expect(substitutes).toEqual(['2025-02-24', '2025-05-06', '2025-11-24', '2026-05-06', '2027-03-22']);
  });

  it('lists 2026-09-22 as 国民の休日 (named 休日) between 敬老の日 and 秋分の日', () => {
    expect(holiday_jp.holidays['2026-09-22']).toMatchObject({ name: '休日', name_en: "Citizen's Holiday" });
  });

  it('isNationalHoliday agrees with holiday_jp.isHoliday(string) on every day of 2025–2027', () => {
    const start = Date.UTC(2025, 0, 1);
    let holidays = 0;
    for (let t = start; t <= Date.UTC(2027, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      expect(isNationalHoliday(date), date).toBe(holiday_jp.isHoliday(date));
      if (isNationalHoliday(date)) holidays++;
    }
    expect(holidays).toBe(54); // 19 + 18 + 17
  });

  it('quirk: isHoliday(Date) reads the Date with the machine time zone, so JST midnight misses on a UTC machine', () => {
    const jstMidnight = new Date('2026-11-23T00:00:00+09:00'); // 勤労感謝の日 in Japan
    process.env.TZ = 'UTC';
    expect(holiday_jp.isHoliday(jstMidnight)).toBe(false); // looked up as 2026-11-22
    process.env.TZ = 'Asia/Tokyo';
    expect(holiday_jp.isHoliday(jstMidnight)).toBe(true);
    // …which is why the calendar only ever passes 'YYYY-MM-DD' strings.
    process.env.TZ = 'UTC';
    expect(isOpen(toinTownHall, jst('2026-11-23T10:00'))).toBe(false);
  });

  it('has no data after 2050 (such dates are never holidays)', () => {
    expect(isNationalHoliday('2050-11-23')).toBe(true);
    expect(isNationalHoliday('2051-01-01')).toBe(false);
  });
});

describe('Toin town hall: Mon–Fri 08:15–17:00', () => {
  it.each([
    ['Wed 10:00', '2026-11-25T10:00', true],
    ['08:15:00 exactly (start is inclusive)', '2026-11-25T08:15:00', true],
    ['08:14:59', '2026-11-25T08:14:59', false],
    ['16:59:59', '2026-11-25T16:59:59', true],
    ['17:00:00 exactly (end is exclusive)', '2026-11-25T17:00:00', false],
    ['Sat 2026-11-28 10:00', '2026-11-28T10:00', false],
    ['Sun 2026-11-29 10:00', '2026-11-29T10:00', false],
    ['Mon 2026-11-30 10:00', '2026-11-30T10:00', true],
    ['Fri 2026-11-27 10:00', '2026-11-27T10:00', true],
  ])('%s → open=%s', (_name, at, open) => {
    expect(isOpen(toinTownHall, jst(at))).toBe(open);
  });

  it('closes for 17:00 ms-exactly and opens at 08:15 ms-exactly', () => {
    expect(isOpen(toinTownHall, new Date(jst('2026-11-25T17:00').getTime() - 1))).toBe(true);
    expect(isOpen(toinTownHall, new Date(jst('2026-11-25T08:15').getTime() - 1))).toBe(false);
  });
});

describe('national holidays', () => {
  const open = { ...toinTownHall, closedOnNationalHolidays: false };

  it.each([
    ['勤労感謝の日 (Mon)', '2026-11-23'],
    ['こどもの日 振替休日 (Wed)', '2026-05-06'],
    ['国民の休日 (Tue)', '2026-09-22'],
    ['敬老の日 (Mon)', '2026-09-21'],
    ['春分の日 振替休日 (Mon)', '2027-03-22'],
    ['勤労感謝の日 振替休日 (Mon)', '2025-11-24'],
  ])('%s %s: closed at 10:00, but open when the holiday rule is off', (_name, date) => {
    expect(isNationalHoliday(date)).toBe(true);
    expect(isOpen(toinTownHall, jst(`${date}T10:00`))).toBe(false);
    expect(dayRule(toinTownHall, date)).toBe('nationalHoliday');
    expect(isOpen(open, jst(`${date}T10:00`))).toBe(true);
  });

  it('the weekdays around a holiday stay open', () => {
    expect(isOpen(toinTownHall, jst('2026-11-24T10:00'))).toBe(true);
    expect(isOpen(toinTownHall, jst('2026-05-07T10:00'))).toBe(true);
    expect(isOpen(toinTownHall, jst('2026-09-24T10:00'))).toBe(true);
  });

  it('Golden Week 2026 (5/4, 5/5, 振替休日 5/6): from Fri 5/1 17:00 the next opening is Thu 5/7 08:15', () => {
    expect(nextOpening(toinTownHall, jst('2026-05-01T17:00'))).toEqual(jst('2026-05-07T08:15'));
  });

  it('Silver Week 2026 (9/21, 国民の休日 9/22, 9/23): from Fri 9/18 17:00 → Thu 9/24 08:15', () => {
    expect(nextOpening(toinTownHall, jst('2026-09-18T17:00'))).toEqual(jst('2026-09-24T08:15'));
  });

  it('from Fri 2026-11-20 17:00 the Monday holiday is skipped → Tue 11-24 08:15', () => {
    expect(nextOpening(toinTownHall, jst('2026-11-20T17:00'))).toEqual(jst('2026-11-24T08:15'));
    expect(nextOpening(open, jst('2026-11-20T17:00'))).toEqual(jst('2026-11-23T08:15'));
  });
});

describe('year-end closure 12/29–1/3', () => {
  it.each([
    ['2026-12-28', true], // Mon
    ['2026-12-29', false], // Tue
    ['2026-12-30', false],
    ['2026-12-31', false],
    ['2027-01-01', false], // Fri, also 元日
    ['2027-01-04', true], // Mon
  ])('%s 10:00 → open=%s', (date, open) => {
    expect(isOpen(toinTownHall, jst(`${date}T10:00`))).toBe(open);
  });

  it('12/29–12/31 are closed only because of the year-end rule (1/1 stays closed as 元日)', () => {
    const noYearEnd = { ...toinTownHall, closedForYearEnd: false };
    expect(isOpen(noYearEnd, jst('2026-12-29T10:00'))).toBe(true);
    expect(isOpen(noYearEnd, jst('2026-12-31T10:00'))).toBe(true);
    expect(isOpen(noYearEnd, jst('2027-01-01T10:00'))).toBe(false);
    expect(dayRule(toinTownHall, '2027-01-01')).toBe('yearEnd');
  });

  it('1/2 and 1/3 on weekdays are closed (2029: Tue and Wed)', () => {
    expect(isOpen(toinTownHall, jst('2029-01-02T10:00'))).toBe(false);
    expect(isOpen(toinTownHall, jst('2029-01-03T10:00'))).toBe(false);
    expect(isOpen(toinTownHall, jst('2029-01-04T10:00'))).toBe(true);
    expect(isOpen({ ...toinTownHall, closedForYearEnd: false }, jst('2029-01-02T10:00'))).toBe(true);
  });

  it.each([
    ['2026-12-28', false],
    ['2026-12-29', true],
    ['2026-12-31', true],
    ['2027-01-01', true],
    ['2027-01-03', true],
    ['2027-01-04', false],
    ['2027-12-03', false],
    ['2027-01-29', false],
  ])('isYearEndClosure(%s) = %s', (date, expected) => {
    expect(isYearEndClosure(date)).toBe(expected);
  });

  it('nextOpening from Fri 2026-12-25 18:00 → Mon 2026-12-28 08:15', () => {
    expect(nextOpening(toinTownHall, jst('2026-12-25T18:00'))).toEqual(jst('2026-12-28T08:15'));
  });

  it('nextOpening from Mon 2026-12-28 17:30 → Mon 2027-01-04 08:15', () => {
    expect(nextOpening(toinTownHall, jst('2026-12-28T17:30'))).toEqual(jst('2027-01-04T08:15'));
  });
});

describe('nextOpening', () => {
  it.each([
    ['closed before opening → same day', '2026-11-25T07:00', '2026-11-25T08:15'],
    ['open now → next day (after the current range ends)', '2026-11-25T10:00', '2026-11-26T08:15'],
    ['open at 08:15 exactly → next day, not now', '2026-11-25T08:15', '2026-11-26T08:15'],
    ['at 17:00 exactly → next day', '2026-11-25T17:00', '2026-11-26T08:15'],
    ['Friday evening → Monday', '2026-11-27T18:00', '2026-11-30T08:15'],
    ['Saturday → Monday', '2026-11-28T12:00', '2026-11-30T08:15'],
  ])('%s', (_name, from, expected) => {
    expect(nextOpening(toinTownHall, jst(from))).toEqual(jst(expected));
  });

  it('searches at most 400 local days ahead', () => {
    const only = (date: string) =>
      calendar({ weekly: [none, none, none, none, none, none, none], openDates: [{ date, ranges: [r('09:00', '10:00')] }] });
    const from = jst('2026-11-25T12:00');
    expect(nextOpening(only('2027-12-30'), from)).toEqual(jst('2027-12-30T09:00')); // day + 400
    expect(nextOpening(only('2027-12-31'), from)).toBeNull(); // day + 401
  });

  it('is null for a calendar with no hours at all', () => {
    expect(nextOpening(calendar({ weekly: [none, none, none, none, none, none, none] }), jst('2026-11-25T12:00'))).toBeNull();
  });
});

describe('Hitoyoshi: Thursday extended to 19:00', () => {
  it.each([
    ['Thu 18:30', '2026-11-26T18:30', true],
    ['Thu 18:59:59', '2026-11-26T18:59:59', true],
    ['Thu 19:00', '2026-11-26T19:00', false],
    ['Wed 17:14:59', '2026-11-25T17:14:59', true],
    ['Wed 17:15', '2026-11-25T17:15', false],
    ['Wed 18:30', '2026-11-25T18:30', false],
    ['Fri 18:30', '2026-11-27T18:30', false],
    ['Thu 08:29', '2026-11-26T08:29', false],
    ['Thu 08:30', '2026-11-26T08:30', true],
  ])('%s → open=%s', (_name, at, open) => {
    expect(isOpen(hitoyoshi, jst(at))).toBe(open);
  });

  it('currentOpening on Thursday evening ends at 19:00', () => {
    expect(currentOpening(hitoyoshi, jst('2026-11-26T18:00'))).toEqual({
      start: jst('2026-11-26T08:30'),
      end: jst('2026-11-26T19:00'),
    });
  });

  it('from Wed 17:15 the next opening is Thu 08:30; from Thu 18:00 it is Fri 08:30', () => {
    expect(nextOpening(hitoyoshi, jst('2026-11-25T17:15'))).toEqual(jst('2026-11-26T08:30'));
    expect(nextOpening(hitoyoshi, jst('2026-11-26T18:00'))).toEqual(jst('2026-11-27T08:30'));
  });
});

describe('Toin mall: every day 10:00–20:00 except facility closure days', () => {
  it.each([
    ['Sat', '2026-11-21T12:00', true],
    ['Sun', '2026-11-22T12:00', true],
    ['national holiday Mon 11/23 (not closed on holidays)', '2026-11-23T12:00', true],
    ['facility closure Tue 11/24', '2026-11-24T12:00', false],
    ['Wed after closure', '2026-11-25T12:00', true],
    ['year-end 12/31 (not closed at year-end)', '2026-12-31T12:00', true],
    ['元日 (not closed)', '2027-01-01T12:00', true],
    ['09:59:59', '2026-11-25T09:59:59', false],
    ['20:00', '2026-11-25T20:00', false],
  ])('%s → open=%s', (_name, at, open) => {
    expect(isOpen(toinMall, jst(at))).toBe(open);
  });

  it('the closure date is closed only because it is listed', () => {
    expect(isOpen({ ...toinMall, closedDates: [] }, jst('2026-11-24T12:00'))).toBe(true);
    expect(dayRule(toinMall, '2026-11-24')).toBe('closedDate');
  });

  it('from the holiday evening the next opening skips the closure day', () => {
    expect(nextOpening(toinMall, jst('2026-11-23T20:00'))).toEqual(jst('2026-11-25T10:00'));
  });

  it('openingsOn: the holiday has hours, the closure day has none', () => {
    expect(openingsOn(toinMall, '2026-11-23')).toEqual([{ start: jst('2026-11-23T10:00'), end: jst('2026-11-23T20:00') }]);
    expect(openingsOn(toinMall, '2026-11-24')).toEqual([]);
  });
});

describe('two ranges on one day (09:00–12:00, 13:00–17:00)', () => {
  const lunchBreak = weekdayCalendar([r('09:00', '12:00'), r('13:00', '17:00')]);

  it.each([
    ['11:59:59', '2026-11-25T11:59:59', true],
    ['12:00', '2026-11-25T12:00', false],
    ['12:30', '2026-11-25T12:30', false],
    ['13:00', '2026-11-25T13:00', true],
    ['16:00', '2026-11-25T16:00', true],
  ])('%s → open=%s', (_name, at, open) => {
    expect(isOpen(lunchBreak, jst(at))).toBe(open);
  });

  it('nextOpening at 12:30 is 13:00 the same day, and at 10:00 (open) also 13:00', () => {
    expect(nextOpening(lunchBreak, jst('2026-11-25T12:30'))).toEqual(jst('2026-11-25T13:00'));
    expect(nextOpening(lunchBreak, jst('2026-11-25T10:00'))).toEqual(jst('2026-11-25T13:00'));
    expect(nextOpening(lunchBreak, jst('2026-11-25T14:00'))).toEqual(jst('2026-11-26T09:00'));
  });

  it('currentOpening returns the range containing the instant, or null in the break', () => {
    expect(currentOpening(lunchBreak, jst('2026-11-25T10:00'))).toEqual({ start: jst('2026-11-25T09:00'), end: jst('2026-11-25T12:00') });
    expect(currentOpening(lunchBreak, jst('2026-11-25T13:00'))).toEqual({ start: jst('2026-11-25T13:00'), end: jst('2026-11-25T17:00') });
    expect(currentOpening(lunchBreak, jst('2026-11-25T12:30'))).toBeNull();
    expect(currentOpening(lunchBreak, jst('2026-11-28T10:00'))).toBeNull();
  });

  it('openingsOn lists both ranges in order, even if the calendar lists them the other way round', () => {
    const reversed = weekdayCalendar([r('13:00', '17:00'), r('09:00', '12:00')]);
    const expected = [
      { start: jst('2026-11-25T09:00'), end: jst('2026-11-25T12:00') },
      { start: jst('2026-11-25T13:00'), end: jst('2026-11-25T17:00') },
    ];
    expect(openingsOn(lunchBreak, '2026-11-25')).toEqual(expected);
    expect(openingsOn(reversed, '2026-11-25')).toEqual(expected);
  });
});

describe('touching ranges form one opening', () => {
  it('09:00–12:00 + 12:00–17:00 on one day', () => {
    const cal = weekdayCalendar([r('09:00', '12:00'), r('12:00', '17:00')]);
    expect(isOpen(cal, jst('2026-11-25T12:00'))).toBe(true);
    expect(currentOpening(cal, jst('2026-11-25T11:00'))).toEqual({ start: jst('2026-11-25T09:00'), end: jst('2026-11-25T17:00') });
    expect(nextOpening(cal, jst('2026-11-25T11:00'))).toEqual(jst('2026-11-26T09:00'));
    expect(openingsOn(cal, '2026-11-25')).toEqual([{ start: jst('2026-11-25T09:00'), end: jst('2026-11-25T17:00') }]);
  });

  it('Friday 18:00–24:00 + Saturday 00:00–02:00 (across midnight)', () => {
    const lateNight = calendar({
      weekly: [none, none, none, none, none, [r('18:00', '24:00')], [r('00:00', '02:00')]],
    });
    const friday = { start: jst('2026-11-27T18:00'), end: jst('2026-11-28T02:00') };
    expect(isOpen(lateNight, jst('2026-11-27T23:59:59'))).toBe(true);
    expect(isOpen(lateNight, jst('2026-11-28T00:00'))).toBe(true);
    expect(isOpen(lateNight, jst('2026-11-28T02:00'))).toBe(false);
    expect(currentOpening(lateNight, jst('2026-11-27T23:00'))).toEqual(friday);
    expect(currentOpening(lateNight, jst('2026-11-28T01:00'))).toEqual(friday);
    expect(nextOpening(lateNight, jst('2026-11-27T23:00'))).toEqual(jst('2026-12-04T18:00'));
    expect(nextOpening(lateNight, jst('2026-11-28T01:00'))).toEqual(jst('2026-12-04T18:00'));
  });

  it('a booth that never closes: open, one long current opening, no next opening', () => {
    const always = everyDayCalendar([r('00:00', '24:00')]);
    const at = jst('2026-11-25T12:00');
    expect(isOpen(always, at)).toBe(true);
    const current = currentOpening(always, at);
    expect(current?.start.getTime()).toBeLessThan(jst('2025-11-01T00:00').getTime());
    expect(current?.end.getTime()).toBeGreaterThan(jst('2027-12-01T00:00').getTime());
    expect(nextOpening(always, at)).toBeNull();
  });
});

describe('designated openings (openDates)', () => {
  const withOpenings = calendar({
    closedDates: ['2026-12-02'],
    openDates: [
      { date: '2026-11-29', ranges: [r('09:00', '12:00')] }, // a Sunday
      { date: '2026-11-23', ranges: [r('09:00', '12:00')] }, // 勤労感謝の日
      { date: '2026-12-29', ranges: [r('09:00', '12:00')] }, // year-end
      { date: '2026-12-02', ranges: [r('13:00', '15:00')] }, // also a closed date
      { date: '2026-11-25', ranges: [r('13:00', '15:00')] }, // a weekday: replaces its hours
    ],
  });

  it.each([
    ['Sunday opening 10:00', '2026-11-29T10:00', true],
    ['Sunday opening 12:00 (end)', '2026-11-29T12:00', false],
    ['the other Sunday', '2026-11-22T10:00', false],
    ['holiday opening 10:00 (overrides the holiday rule)', '2026-11-23T10:00', true],
    ['holiday opening 13:00 (only the designated hours)', '2026-11-23T13:00', false],
    ['year-end opening 10:00', '2026-12-29T10:00', true],
    ['year-end 12/30 (not designated)', '2026-12-30T10:00', false],
    ['closed date with an opening: designated hours win', '2026-12-02T14:00', true],
    ['closed date with an opening: normal hours do not come back', '2026-12-02T10:00', false],
    ['weekday opening replaces the weekly hours (10:00)', '2026-11-25T10:00', false],
    ['weekday opening replaces the weekly hours (14:00)', '2026-11-25T14:00', true],
  ])('%s → open=%s', (_name, at, open) => {
    expect(isOpen(withOpenings, jst(at))).toBe(open);
  });

  it.each([
    ['2026-11-29', 'openDate'],
    ['2026-11-23', 'openDate'],
    ['2026-12-02', 'openDate'],
    ['2026-11-22', 'weekly'],
    ['2026-11-26', 'weekly'],
  ] as const)('dayRule(%s) = %s', (date, rule) => {
    expect(dayRule(withOpenings, date)).toBe(rule);
  });

  it('nextOpening finds a Sunday opening', () => {
    expect(nextOpening(withOpenings, jst('2026-11-27T17:00'))).toEqual(jst('2026-11-29T09:00'));
  });
});

describe('precedence', () => {
  const everything = calendar({
    weekly: [
      [r('09:00', '17:00')],
      [r('09:00', '17:00')],
      [r('09:00', '17:00')],
      [r('09:00', '17:00')],
      [r('09:00', '17:00')],
      [r('09:00', '17:00')],
      [r('09:00', '17:00')],
    ],
    closedDates: ['2026-11-23', '2026-12-30', '2026-11-26', '2027-03-02'],
    openDates: [
      { date: '2026-11-26', ranges: [r('10:00', '11:00')] },
      { date: '2027-03-01', ranges: [r('10:00', '11:00')] }, // after validUntil
    ],
    validFrom: '2026-11-20',
    validUntil: '2027-02-28',
  });

  it.each([
    ['2026-11-19', 'outsideValidity'], // before validFrom
    ['2026-11-20', 'weekly'], // validFrom itself
    ['2027-02-28', 'weekly'], // validUntil itself
    ['2027-03-01', 'outsideValidity'], // an openDate cannot reopen outside validity
    ['2027-03-02', 'outsideValidity'],
    ['2026-11-26', 'openDate'], // openDate beats closedDate
    ['2026-11-23', 'closedDate'], // closedDate beats national holiday
    ['2026-12-30', 'closedDate'], // closedDate beats year-end
    ['2026-12-31', 'yearEnd'],
    ['2027-01-01', 'yearEnd'], // year-end beats national holiday
    ['2027-01-11', 'nationalHoliday'],
    ['2027-01-09', 'weekly'], // a Saturday
  ] as const)('%s → %s', (date, rule) => {
    expect(dayRule(everything, date)).toBe(rule);
  });

  it('an openDate outside validity stays closed', () => {
    expect(isOpen(everything, jst('2027-03-01T10:30'))).toBe(false);
    expect(openingsOn(everything, '2027-03-01')).toEqual([]);
  });
});

describe('pop-up site: 10:00–17:00 from 2026-11-21 to 2026-11-23 inclusive', () => {
  const popUp = OpeningCalendar.parse({
    ...everyDayCalendar([r('10:00', '17:00')]),
    validFrom: '2026-11-21',
    validUntil: '2026-11-23',
  });

  it.each([
    ['the day before validFrom', '2026-11-20T12:00', false],
    ['validFrom 10:00', '2026-11-21T10:00', true],
    ['middle day', '2026-11-22T12:00', true],
    ['validUntil 16:59:59', '2026-11-23T16:59:59', true],
    ['validUntil 17:00', '2026-11-23T17:00', false],
    ['the day after validUntil', '2026-11-24T12:00', false],
  ])('%s → open=%s', (_name, at, open) => {
    expect(isOpen(popUp, jst(at))).toBe(open);
  });

  it('nextOpening before the site starts is validFrom 10:00', () => {
    expect(nextOpening(popUp, jst('2026-11-10T12:00'))).toEqual(jst('2026-11-21T10:00'));
  });

  it('nextOpening is null once the last day has started closing or validity has ended', () => {
    expect(nextOpening(popUp, jst('2026-11-23T12:00'))).toBeNull(); // open now, last opening
    expect(nextOpening(popUp, jst('2026-11-23T17:00'))).toBeNull();
    expect(nextOpening(popUp, jst('2026-12-01T12:00'))).toBeNull();
    expect(nextOpening(popUp, jst('2026-11-22T17:00'))).toEqual(jst('2026-11-23T10:00'));
  });

  it('open-ended on one side', () => {
    const from = { ...popUp, validUntil: null };
    const until = { ...popUp, validFrom: null };
    expect(isOpen(from, jst('2026-11-20T12:00'))).toBe(false);
    expect(isOpen(from, jst('2027-06-01T12:00'))).toBe(true);
    expect(isOpen(until, jst('2026-01-01T12:00'))).toBe(true);
    expect(isOpen(until, jst('2026-11-24T12:00'))).toBe(false);
  });
});

describe('instants are read in JST whatever their notation and the machine time zone', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  const aroundTheClock = OpeningCalendar.parse({ ...everyDayCalendar([r('00:00', '24:00')]), closedDates: ['2026-12-01'] });

  const cases: [string, OpeningCalendar, string, boolean][] = [
    ['2026-11-24T23:30Z is Wed 08:30 JST (town hall open)', toinTownHall, '2026-11-24T23:30:00Z', true],
    ['2026-11-25T08:30Z is Wed 17:30 JST (town hall closed)', toinTownHall, '2026-11-25T08:30:00Z', false],
    ['2026-11-29T23:30Z is a Sunday in UTC but Mon 08:30 JST (open)', toinTownHall, '2026-11-29T23:30:00Z', true],
    ['2026-11-22T23:30Z is Mon 11/23 08:30 JST, a holiday (closed)', toinTownHall, '2026-11-22T23:30:00Z', false],
    ['2026-11-30T16:00Z is already the closure day 12/01 in JST', aroundTheClock, '2026-11-30T16:00:00Z', false],
    ['2026-11-30T14:59:59Z is still 11/30 in JST', aroundTheClock, '2026-11-30T14:59:59Z', true],
    ['2026-12-01T15:00Z is 12/02 00:00 JST', aroundTheClock, '2026-12-01T15:00:00Z', true],
  ];

  for (const tz of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
    it.each(cases)(`[TZ=${tz}] %s`, (_name, cal, iso, open) => {
      process.env.TZ = tz;
      expect(isOpen(cal, new Date(iso))).toBe(open);
    });

    it(`[TZ=${tz}] nextOpening and openingsOn do not move`, () => {
      process.env.TZ = tz;
      expect(nextOpening(toinTownHall, new Date('2026-12-25T09:00:00Z'))).toEqual(new Date('2026-12-27T23:15:00Z'));
      expect(openingsOn(toinTownHall, '2026-11-25')).toEqual([
        { start: new Date('2026-11-24T23:15:00Z'), end: new Date('2026-11-25T08:00:00Z') },
      ]);
      expect(localDate(new Date('2026-11-24T15:00:00Z'))).toBe('2026-11-25');
      expect(localDate(new Date('2026-11-24T14:59:59.999Z'))).toBe('2026-11-24');
    });
  }

  it('jstInstant builds UTC+9 instants, 24:00 being the next midnight', () => {
    expect(jstInstant('2026-11-25', '08:15')).toEqual(new Date('2026-11-24T23:15:00Z'));
    expect(jstInstant('2026-11-25', '24:00')).toEqual(new Date('2026-11-25T15:00:00Z'));
    expect(() => jstInstant('2026-11-31', '08:15')).toThrow(RangeError);
    expect(() => jstInstant('2026-11-25', '8:15')).toThrow(RangeError);
  });
});

describe('currentOpening and openingsOn', () => {
  it('currentOpening for the town hall', () => {
    expect(currentOpening(toinTownHall, jst('2026-11-25T10:00'))).toEqual({ start: jst('2026-11-25T08:15'), end: jst('2026-11-25T17:00') });
    expect(currentOpening(toinTownHall, jst('2026-11-25T08:15'))).toEqual({ start: jst('2026-11-25T08:15'), end: jst('2026-11-25T17:00') });
    expect(currentOpening(toinTownHall, jst('2026-11-25T17:00'))).toBeNull();
    expect(currentOpening(toinTownHall, jst('2026-11-23T10:00'))).toBeNull();
  });

  it.each([
    ['2026-11-25', [['2026-11-25T08:15', '2026-11-25T17:00']]],
    ['2026-11-28', []], // Saturday
    ['2026-11-23', []], // holiday
    ['2026-12-29', []], // year-end
  ])('openingsOn(town hall, %s)', (date, expected) => {
    expect(openingsOn(toinTownHall, date)).toEqual(expected.map(([start, end]) => ({ start: jst(start!), end: jst(end!) })));
  });

  it('openingsOn with 24:00 ends at the next midnight', () => {
    const late = weekdayCalendar([r('18:00', '24:00')]);
    expect(openingsOn(late, '2026-11-25')).toEqual([{ start: jst('2026-11-25T18:00'), end: jst('2026-11-26T00:00') }]);
  });

  it('openingsOn rejects a malformed date', () => {
    expect(() => openingsOn(toinTownHall, '2026-02-30')).toThrow(RangeError);
    expect(() => openingsOn(toinTownHall, '2026/11/25')).toThrow(RangeError);
  });
});

describe('presets', () => {
  it('CLOSED_CALENDAR: a valid calendar that never opens, closed on holidays and at year-end, no dates, no limits', () => {
    expect(OpeningCalendar.parse(CLOSED_CALENDAR)).toEqual(CLOSED_CALENDAR);
    expect(nextOpening(CLOSED_CALENDAR, jst('2026-05-01T09:00'))).toBeNull();
    expect(CLOSED_CALENDAR.weekly.flat()).toEqual([]);
    expect(CLOSED_CALENDAR).toMatchObject({ closedOnNationalHolidays: true, closedForYearEnd: true, validFrom: null, validUntil: null });
    expect([...CLOSED_CALENDAR.closedDates, ...CLOSED_CALENDAR.openDates]).toEqual([]);
  });

  it('weekdayCalendar: Mon–Fri, closed on holidays and at year-end, no limits', () => {
    const cal = weekdayCalendar([r('08:15', '17:00')]);
    expect(cal).toEqual({
      ...CLOSED_CALENDAR,
      weekly: [[], [r('08:15', '17:00')], [r('08:15', '17:00')], [r('08:15', '17:00')], [r('08:15', '17:00')], [r('08:15', '17:00')], []],
    });
  });

  it('everyDayCalendar: all 7 days, open on holidays and at year-end', () => {
    const cal = everyDayCalendar([r('10:00', '20:00')]);
    expect(cal.weekly).toEqual(Array.from({ length: 7 }, () => [r('10:00', '20:00')]));
    expect(cal.closedOnNationalHolidays).toBe(false);
    expect(cal.closedForYearEnd).toBe(false);
  });

  it('presets validate their ranges', () => {
    expect(() => weekdayCalendar([r('17:00', '08:15')])).toThrow();
    expect(() => everyDayCalendar([r('09:00', '12:00'), r('11:00', '13:00')])).toThrow();
  });
});

describe('OpeningCalendar schema', () => {
  const valid = weekdayCalendar([r('08:15', '17:00')]);
  const withMonday = (ranges: unknown[]) => ({ ...valid, weekly: [[], ranges, [], [], [], [], []] });

  it('accepts the presets, touching ranges, 24:00 ends, one-day validity and a date both closed and opened', () => {
    expect(OpeningCalendar.safeParse(valid).success).toBe(true);
    expect(OpeningCalendar.safeParse(withMonday([r('09:00', '12:00'), r('12:00', '24:00')])).success).toBe(true);
    expect(OpeningCalendar.safeParse(withMonday([r('00:00', '00:01')])).success).toBe(true);
    expect(
      OpeningCalendar.safeParse({
        ...valid,
        validFrom: '2026-11-21',
        validUntil: '2026-11-21',
        closedDates: ['2024-02-29'],
        openDates: [{ date: '2024-02-29', ranges: [r('09:00', '12:00')] }],
      }).success,
    ).toBe(true);
  });

  const rejects: [string, unknown, (string | number)[], string][] = [
    ['hour 25', withMonday([r('09:00', '25:00')]), ['weekly', 1, 0, 'end'], 'time_format'],
    ['start 24:00', withMonday([r('24:00', '24:00')]), ['weekly', 1, 0, 'start'], 'time_format'],
    ['end 24:01', withMonday([r('09:00', '24:01')]), ['weekly', 1, 0, 'end'], 'time_format'],
    ['minute 60', withMonday([r('09:60', '12:00')]), ['weekly', 1, 0, 'start'], 'time_format'],
    ['unpadded hour', withMonday([r('8:15', '17:00')]), ['weekly', 1, 0, 'start'], 'time_format'],
    ['seconds', withMonday([r('08:15:00', '17:00')]), ['weekly', 1, 0, 'start'], 'time_format'],
    ['start after end', withMonday([r('17:00', '08:15')]), ['weekly', 1, 0, 'end'], 'time_order'],
    ['start equals end', withMonday([r('09:00', '09:00')]), ['weekly', 1, 0, 'end'], 'time_order'],
    ['overlapping ranges', withMonday([r('09:00', '12:00'), r('11:59', '17:00')]), ['weekly', 1, 1], 'overlap'],
    ['a range inside another', withMonday([r('09:00', '17:00'), r('10:00', '11:00')]), ['weekly', 1, 1], 'overlap'],
    ['duplicate range', withMonday([r('09:00', '12:00'), r('09:00', '12:00')]), ['weekly', 1, 1], 'overlap'],
    [
      'overlap in an openDate',
      { ...valid, openDates: [{ date: '2026-11-29', ranges: [r('09:00', '12:00'), r('10:00', '13:00')] }] },
      ['openDates', 0, 'ranges', 1],
      'overlap',
    ],
    ['closedDate 2026-02-30', { ...valid, closedDates: ['2026-02-30'] }, ['closedDates', 0], 'date_format'],
    ['closedDate 2025-02-29 (not a leap year)', { ...valid, closedDates: ['2026-01-01', '2025-02-29'] }, ['closedDates', 1], 'date_format'],
    ['closedDate with slashes', { ...valid, closedDates: ['2026/11/24'] }, ['closedDates', 0], 'date_format'],
    ['closedDate month 13', { ...valid, closedDates: ['2026-13-01'] }, ['closedDates', 0], 'date_format'],
    ['closedDate with a time', { ...valid, closedDates: ['2026-11-24T00:00'] }, ['closedDates', 0], 'date_format'],
    ['empty closedDate', { ...valid, closedDates: [''] }, ['closedDates', 0], 'date_format'],
    [
      'openDate bad date',
      { ...valid, openDates: [{ date: '2026-11-31', ranges: [r('09:00', '12:00')] }] },
      ['openDates', 0, 'date'],
      'date_format',
    ],
    ['validFrom bad date', { ...valid, validFrom: '2026-1-1' }, ['validFrom'], 'date_format'],
    ['validUntil bad date', { ...valid, validUntil: '20261231' }, ['validUntil'], 'date_format'],
    ['validUntil before validFrom', { ...valid, validFrom: '2026-11-22', validUntil: '2026-11-21' }, ['validUntil'], 'validity_order'],
    [
      'duplicate openDates',
      {
        ...valid,
        openDates: [
          { date: '2026-11-29', ranges: [r('09:00', '12:00')] },
          { date: '2026-11-29', ranges: [r('13:00', '15:00')] },
        ],
      },
      ['openDates', 1, 'date'],
      'duplicate_date',
    ],
  ];

  it.each(rejects)('rejects %s', (_name, input, path, code) => {
    const result = OpeningCalendar.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path, params: { code } })]);
  });

  it('rejects every range overlapping a long one, not only the adjacent one', () => {
    const result = OpeningCalendar.safeParse(withMonday([r('09:00', '17:00'), r('10:00', '11:00'), r('12:00', '13:00')]));
    expect(result.error?.issues.map((i) => [i.path, 'params' in i ? i.params : undefined])).toEqual([
      [['weekly', 1, 1], { code: 'overlap' }],
      [['weekly', 1, 2], { code: 'overlap' }],
    ]);
  });

  it.each([
    ['weekly of length 6', { ...valid, weekly: valid.weekly.slice(0, 6) }, ['weekly']],
    ['weekly of length 8', { ...valid, weekly: [...valid.weekly, []] }, ['weekly']],
    ['an unknown top-level key', { ...valid, timezone: 'Asia/Tokyo' }, []],
    ['an unknown key in a range', withMonday([{ start: '09:00', end: '12:00', note: 'x' }]), ['weekly', 1, 0]],
    [
      'an unknown key in an openDate',
      { ...valid, openDates: [{ date: '2026-11-29', ranges: [r('09:00', '12:00')], note: 'x' }] },
      ['openDates', 0],
    ],
    ['an openDate without ranges', { ...valid, openDates: [{ date: '2026-11-29', ranges: [] }] }, ['openDates', 0, 'ranges']],
    ['a missing key', (({ validUntil: _omit, ...rest }) => rest)(valid), ['validUntil']],
    ['a boolean given as a string', { ...valid, closedOnNationalHolidays: 'true' }, ['closedOnNationalHolidays']],
    ['undefined instead of null', { ...valid, validFrom: undefined }, ['validFrom']],
  ])('rejects %s', (_name, input, path) => {
    const result = OpeningCalendar.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([path]);
  });

  it('reports every problem at once', () => {
    const result = OpeningCalendar.safeParse({
      ...withMonday([r('9:00', '12:00')]),
      closedDates: ['x'],
      validFrom: '2026-11-22',
      validUntil: '2026-11-21',
    });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['weekly', 1, 0, 'start'], ['closedDates', 0], ['validUntil']]);
  });
});
