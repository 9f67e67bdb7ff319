import { describe, expect, it } from 'vitest';
import { everyDayCalendar, OpeningCalendar, weekdayCalendar } from './calendar';
import { type CalendarForm, calendarFormMessages, fromForm, toForm } from './calendar-form';

const r = (start: string, end: string) => ({ start, end });

const townHall = weekdayCalendar([r('08:15', '17:00')]);
const full = OpeningCalendar.parse({
  weekly: [
    [],
    [r('08:15', '12:00'), r('13:00', '17:00')],
    [r('08:30', '17:15')],
    [],
    [r('08:30', '19:00')],
    [r('00:00', '24:00')],
    [r('10:00', '12:00')],
  ],
  closedOnNationalHolidays: true,
  closedForYearEnd: false,
  closedDates: ['2026-12-01', '2026-11-24'],
  openDates: [
    { date: '2026-11-29', ranges: [r('09:00', '12:00')] },
    { date: '2026-11-23', ranges: [r('13:00', '15:00'), r('09:00', '12:00')] },
  ],
  validFrom: '2026-11-01',
  validUntil: '2027-03-31',
});

function form(overrides: Partial<CalendarForm> = {}): CalendarForm {
  return { ...toForm(townHall), ...overrides };
}

function weeklyWith(dow: number, text: string): string[] {
  const weekly = toForm(townHall).weekly;
  weekly[dow] = text;
  return weekly;
}

function errorsOf(input: CalendarForm) {
  const result = fromForm(input);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('toForm', () => {
  it('writes every field as text', () => {
    expect(toForm(full)).toEqual({
      weekly: ['', '08:15-12:00, 13:00-17:00', '08:30-17:15', '', '08:30-19:00', '00:00-24:00', '10:00-12:00'],
      closedOnNationalHolidays: true,
      closedForYearEnd: false,
      closedDates: '2026-12-01\n2026-11-24',
      openDates: '2026-11-29 09:00-12:00\n2026-11-23 13:00-15:00, 09:00-12:00',
      validFrom: '2026-11-01',
      validUntil: '2027-03-31',
    });
  });

  it('writes empty strings for no dates and no limits', () => {
    expect(toForm(everyDayCalendar([r('10:00', '20:00')]))).toEqual({
      weekly: Array.from({ length: 7 }, () => '10:00-20:00'),
      closedOnNationalHolidays: false,
      closedForYearEnd: false,
      closedDates: '',
      openDates: '',
      validFrom: '',
      validUntil: '',
    });
  });
});

describe('round trip', () => {
  it.each([
    ['town hall', townHall],
    ['mall', everyDayCalendar([r('10:00', '20:00')])],
    ['everything', full],
  ])('fromForm(toForm(%s)) gives the calendar back', (_name, calendar) => {
    expect(fromForm(toForm(calendar))).toEqual({ ok: true, calendar });
  });

  it('toForm(fromForm(form)) gives a canonical form back', () => {
    const typed: CalendarForm = {
      weekly: ['', '８：１５〜１２：００、１３：００～１７：００', '8:30 - 17:15', '', ' 08:30-19:00 ', '', ''],
      closedOnNationalHolidays: true,
      closedForYearEnd: true,
      closedDates: '\r\n2026/12/1\r\n\r\n  2026-11-24  \r\n',
      openDates: '2026/11/29　9:00~12:00\n\n2026-11-23 13:00-15:00,09:00-12:00',
      validFrom: ' 2026/11/1 ',
      validUntil: '',
    };
    const result = fromForm(typed);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(toForm(result.calendar)).toEqual({
      weekly: ['', '08:15-12:00, 13:00-17:00', '08:30-17:15', '', '08:30-19:00', '', ''],
      closedOnNationalHolidays: true,
      closedForYearEnd: true,
      closedDates: '2026-12-01\n2026-11-24',
      openDates: '2026-11-29 09:00-12:00\n2026-11-23 13:00-15:00, 09:00-12:00',
      validFrom: '2026-11-01',
      validUntil: '',
    });
  });
});

describe('fromForm', () => {
  it('reads the checkboxes and empty limits', () => {
    const result = fromForm(form({ closedOnNationalHolidays: false, closedForYearEnd: false, validFrom: '  ', validUntil: '' }));
    expect(result).toMatchObject({
      ok: true,
      calendar: { closedOnNationalHolidays: false, closedForYearEnd: false, validFrom: null, validUntil: null },
    });
  });

  it.each([
    ['hour 25', 1, '09:00-25:00', 'time_format'],
    ['no separator', 1, '09:00 17:00', 'range_format'],
    ['a single time', 2, '09:00', 'range_format'],
    ['missing end', 3, '09:00-', 'range_format'],
    ['four digits', 4, '0900-1700', 'time_format'],
    ['start after end', 5, '17:00-08:15', 'time_order'],
    ['overlap', 6, '09:00-12:00, 11:00-13:00', 'overlap'],
  ] as const)('weekly: %s → error on weekly[%i]', (_name, dow, text, code) => {
    expect(errorsOf(form({ weekly: weeklyWith(dow, text) }))).toEqual([{ field: `weekly[${dow}]`, message: calendarFormMessages[code] }]);
  });

  it('reports the time format in Japanese and English, once per field', () => {
    expect(errorsOf(form({ weekly: weeklyWith(1, '25:00-26:00') }))).toEqual([
      {
        field: 'weekly[1]',
        message: {
          ja: '時刻は HH:MM 形式で入力してください（例: 08:15、終了は 24:00 まで）',
          en: 'Enter times as HH:MM (e.g. 08:15; an end time may be 24:00).',
        },
      },
    ]);
  });

  it('numbers closedDates errors by textarea line, counting blank lines', () => {
    expect(errorsOf(form({ closedDates: '2026-11-24\n\n2026-02-30\n明日' }))).toEqual([
      {
        field: 'closedDates',
        message: { ja: `3行目：${calendarFormMessages.date_format.ja}`, en: `Line 3: ${calendarFormMessages.date_format.en}` },
      },
      {
        field: 'closedDates',
        message: { ja: `4行目：${calendarFormMessages.date_format.ja}`, en: `Line 4: ${calendarFormMessages.date_format.en}` },
      },
    ]);
  });

  it.each([
    ['a date without ranges', '2026-11-29', 'open_date_ranges'],
    ['a bad date', '2026-11-31 09:00-12:00', 'date_format'],
    ['a bad range', '2026-11-29 9時から12時', 'range_format'],
    ['a bad time', '2026-11-29 09:00-12:60', 'time_format'],
    ['overlapping ranges', '2026-11-29 09:00-12:00, 10:00-11:00', 'overlap'],
  ] as const)('openDates: %s → error with its line', (_name, line, code) => {
    const message = calendarFormMessages[code];
    expect(errorsOf(form({ openDates: `2026-11-28 09:00-12:00\n${line}` }))).toEqual([
      { field: 'openDates', message: { ja: `2行目：${message.ja}`, en: `Line 2: ${message.en}` } },
    ]);
  });

  it('openDates: errors come in line order, whichever check found them', () => {
    const errors = errorsOf(form({ openDates: '2026-11-28 09:00-12:00\n2026-11-31 09:00-12:00\n2026-11-29' }));
    expect(errors.map((e) => e.message.en)).toEqual([
      `Line 2: ${calendarFormMessages.date_format.en}`,
      `Line 3: ${calendarFormMessages.open_date_ranges.en}`,
    ]);
  });

  it('openDates: a duplicate date is reported on its line, also when an earlier line was unparseable', () => {
    const errors = errorsOf(form({ openDates: '2026-11-29\n2026-11-28 09:00-12:00\n2026-11-28 13:00-15:00' }));
    expect(errors.map((e) => e.message.en)).toEqual([
      `Line 1: ${calendarFormMessages.open_date_ranges.en}`,
      `Line 3: ${calendarFormMessages.duplicate_date.en}`,
    ]);
    expect(errors[1]?.message.ja).toBe('3行目：同じ日付が複数回指定されています');
  });

  it('validity: bad dates and an end before the start', () => {
    expect(errorsOf(form({ validFrom: '2026-11-31' }))).toEqual([{ field: 'validFrom', message: calendarFormMessages.date_format }]);
    expect(errorsOf(form({ validFrom: '2026-11-22', validUntil: '2026-11-21' }))).toEqual([
      { field: 'validUntil', message: calendarFormMessages.validity_order },
    ]);
    expect(fromForm(form({ validFrom: '2026-11-21', validUntil: '2026-11-21' })).ok).toBe(true);
  });

  it('reports all problems at once, in field order', () => {
    const errors = errorsOf(
      form({
        weekly: ['', '9:00', '08:15-17:00', '08:15-17:00', '25:00-26:00', '08:15-17:00', ''],
        closedDates: 'x',
        openDates: '2026-11-29',
        validFrom: '2026-11-22',
        validUntil: '2026-11-21',
      }),
    );
    expect(errors.map((e) => e.field)).toEqual(['weekly[1]', 'weekly[4]', 'closedDates', 'openDates', 'validUntil']);
  });

  it('requires 7 weekdays', () => {
    expect(errorsOf(form({ weekly: ['', '08:15-17:00'] }))).toEqual([{ field: 'weekly', message: calendarFormMessages.weekly_length }]);
  });

  it('every message has Japanese and English text', () => {
    for (const message of Object.values(calendarFormMessages)) {
      expect(message.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(message.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});
