import { describe, expect, it } from 'vitest';
import { everyDayCalendar, type OpeningCalendar, weekdayCalendar } from '../calendar';
import { chartHours } from './hours';

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);
const closed: OpeningCalendar = { ...weekdayCalendar([]) };

describe('chartHours: the hours the dashboard charts, from the calendars and the data', () => {
  it.each<[string, OpeningCalendar[], number[], number[]]>([
    ['a 24-hour booth: every hour, 04:00 included', [everyDayCalendar([{ start: '00:00', end: '24:00' }])], [], range(0, 23)],
    ['a town hall 08:15–17:00: 8 to 16', [weekdayCalendar([{ start: '08:15', end: '17:00' }])], [], range(8, 16)],
    ['a mall 10:00–20:00: 10 to 19', [everyDayCalendar([{ start: '10:00', end: '20:00' }])], [], range(10, 19)],
    [
      'town hall and mall together: 8 to 19',
      [weekdayCalendar([{ start: '08:15', end: '17:00' }]), everyDayCalendar([{ start: '10:00', end: '20:00' }])],
      [],
      range(8, 19),
    ],
    [
      'a lunch break is not a hole in the axis',
      [
        weekdayCalendar([
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ]),
      ],
      [],
      range(9, 16),
    ],
    [
      'a session at 04:00 outside the calendar still shows, and the hours up to the opening',
      [weekdayCalendar([{ start: '08:15', end: '17:00' }])],
      [4],
      range(4, 16),
    ],
    ['a session at 23:00 after closing', [weekdayCalendar([{ start: '08:15', end: '17:00' }])], [23], range(8, 23)],
    [
      'an evening opening until 21:00 on one weekday',
      [
        {
          ...weekdayCalendar([{ start: '08:30', end: '17:15' }]),
          weekly: weekdayCalendar([{ start: '08:30', end: '17:15' }]).weekly.map((d, i) =>
            i === 4 ? [{ start: '08:30', end: '21:00' }] : d,
          ),
        },
      ],
      [],
      range(8, 20),
    ],
    [
      'a designated open date (a Sunday morning) counts',
      [{ ...closed, openDates: [{ date: '2026-12-06', ranges: [{ start: '07:00', end: '12:00' }] }] }],
      [],
      range(7, 11),
    ],
    ['a range ending on the hour does not take the next hour', [everyDayCalendar([{ start: '10:00', end: '11:00' }])], [], [10]],
    ['a range ending a minute past does', [everyDayCalendar([{ start: '10:00', end: '11:01' }])], [], [10, 11]],
    ['no calendar, sessions only', [], [6, 9], range(6, 9)],
    ['nothing open, nothing happened', [closed], [], []],
    ['hours out of range are ignored', [], [-1, 24, 2.5], []],
  ])('%s', (_name, calendars, sessionHours, expected) => {
    expect(chartHours(calendars, sessionHours)).toEqual(expected);
  });
});
