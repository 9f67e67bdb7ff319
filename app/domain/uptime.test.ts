import { describe, expect, it } from 'vitest';
import { everyDayCalendar, OpeningCalendar, weekdayCalendar } from './calendar';
import { type StatusInterval, uptimeWithinOpening } from './uptime';

/** A JST wall-clock time, written independently of the code under test. */
const jst = (s: string) => new Date(`${s.length === 16 ? `${s}:00` : s}+09:00`);
const MIN = 60_000;
const HOUR = 60 * MIN;

// Town hall: Mon–Fri 08:15–17:00 (525 min), closed on national holidays and 12/29–1/3.
const townHall = weekdayCalendar([{ start: '08:15', end: '17:00' }]);
// Mall: every day 10:00–20:00 (600 min).
const mall = everyDayCalendar([{ start: '10:00', end: '20:00' }]);

const iv = (status: StatusInterval['status'], start: string, end: string | null): StatusInterval => ({
  status,
  startedAt: jst(start),
  endedAt: end === null ? null : jst(end),
});
const day = (d: string) => ({ from: jst(`${d}T00:00`), to: new Date(jst(`${d}T00:00`).getTime() + 24 * HOUR) });
const later = jst('2030-01-01T00:00');

describe('uptimeWithinOpening', () => {
  it('a whole open day online is 100 %, closed hours are ignored', () => {
    // Friday 2026-11-20; the interval covers the whole day and more.
    const u = uptimeWithinOpening(townHall, [iv('online', '2026-11-19T00:00', '2026-11-22T00:00')], day('2026-11-20'), later);
    expect(u.openMs).toBe(525 * MIN);
    expect(u.onlineMs).toBe(525 * MIN);
    expect(u.ratio).toBe(1);
    expect(u.outages).toEqual([]);
    expect(u.unknownMs).toBe(0);
  });

  it('a national holiday has no opening: ratio null, not 0 % (勤労感謝の日 2026-11-23)', () => {
    const u = uptimeWithinOpening(townHall, [iv('offline', '2026-11-22T00:00', '2026-11-24T00:00')], day('2026-11-23'), later);
    expect(u.openMs).toBe(0);
    expect(u.ratio).toBeNull();
    expect(u.outages).toEqual([]);
  });

  it('year-end closure 12/29–1/3 counts nothing', () => {
    const u = uptimeWithinOpening(townHall, [], { from: jst('2026-12-29T00:00'), to: jst('2027-01-04T00:00') }, later);
    expect(u.openMs).toBe(0);
  });

  it('an outage across closing time counts only its open part', () => {
    // Offline from 16:30 Friday until 09:00 Monday 2026-11-30 (Sat/Sun closed).
    const intervals = [
      iv('online', '2026-11-27T08:00', '2026-11-27T16:30'),
      iv('offline', '2026-11-27T16:30', '2026-11-30T09:00'),
      iv('online', '2026-11-30T09:00', null),
    ];
    const u = uptimeWithinOpening(townHall, intervals, { from: jst('2026-11-27T00:00'), to: jst('2026-12-01T00:00') }, later);
    expect(u.openMs).toBe(2 * 525 * MIN);
    expect(u.offlineMs).toBe(30 * MIN + 45 * MIN);
    expect(u.onlineMs).toBe(2 * 525 * MIN - 75 * MIN);
    expect(u.outages).toEqual([{ start: jst('2026-11-27T16:30'), end: jst('2026-11-30T09:00'), openMs: 75 * MIN }]);
    expect(u.ratio).toBeCloseTo((1050 - 75) / 1050, 10);
  });

  it('an offline interval wholly outside opening hours is no outage', () => {
    const u = uptimeWithinOpening(
      mall,
      [
        iv('online', '2026-11-20T09:00', '2026-11-20T21:00'),
        iv('offline', '2026-11-20T21:00', '2026-11-21T09:30'),
        iv('online', '2026-11-21T09:30', null),
      ],
      { from: jst('2026-11-20T00:00'), to: jst('2026-11-22T00:00') },
      later,
    );
    expect(u.outages).toEqual([]);
    expect(u.ratio).toBe(1);
  });

  it('a partial day: a range that starts and ends inside the opening', () => {
    const u = uptimeWithinOpening(
      mall,
      [iv('online', '2026-11-20T00:00', null)],
      { from: jst('2026-11-20T12:00'), to: jst('2026-11-20T13:30') },
      later,
    );
    expect(u.openMs).toBe(90 * MIN);
    expect(u.onlineMs).toBe(90 * MIN);
  });

  it('an interval still open at now runs until now; time after now is not counted', () => {
    const now = jst('2026-11-20T12:00');
    const u = uptimeWithinOpening(
      mall,
      [iv('online', '2026-11-20T09:00', '2026-11-20T11:00'), iv('offline', '2026-11-20T11:00', null)],
      day('2026-11-20'),
      now,
    );
    expect(u.openMs).toBe(2 * HOUR); // 10:00–12:00 so far
    expect(u.onlineMs).toBe(HOUR);
    expect(u.offlineMs).toBe(HOUR);
    expect(u.ratio).toBe(0.5);
    expect(u.outages).toEqual([{ start: jst('2026-11-20T11:00'), end: null, openMs: HOUR }]);
  });

  it('open time before the first beat is unknown and counts as down', () => {
    const u = uptimeWithinOpening(mall, [iv('online', '2026-11-20T15:00', null)], day('2026-11-20'), later);
    expect(u.openMs).toBe(10 * HOUR);
    expect(u.unknownMs).toBe(5 * HOUR);
    expect(u.ratio).toBe(0.5);
  });

  it('a booth that never beat has ratio 0 within opening hours', () => {
    const u = uptimeWithinOpening(mall, [], day('2026-11-20'), later);
    expect(u.unknownMs).toBe(10 * HOUR);
    expect(u.ratio).toBe(0);
  });

  it('degraded counts as up but is reported apart', () => {
    const u = uptimeWithinOpening(
      mall,
      [iv('degraded', '2026-11-20T10:00', '2026-11-20T11:00'), iv('online', '2026-11-20T11:00', '2026-11-21T00:00')],
      day('2026-11-20'),
      later,
    );
    expect(u.degradedMs).toBe(HOUR);
    expect(u.onlineMs).toBe(9 * HOUR);
    expect(u.ratio).toBe(1);
  });

  it('a range across months with a holiday and a weekend in it', () => {
    // 2026-10-30 (Fri) … 2026-11-04 (Wed): open Fri 10/30, Mon 11/2, Wed 11/4; 11/3 文化の日 is a holiday.
    const from = jst('2026-10-30T00:00');
    const to = jst('2026-11-05T00:00');
    const u = uptimeWithinOpening(
      townHall,
      [
        iv('online', '2026-10-01T00:00', '2026-11-02T10:15'),
        iv('offline', '2026-11-02T10:15', '2026-11-02T12:15'),
        iv('online', '2026-11-02T12:15', null),
      ],
      { from, to },
      later,
    );
    expect(u.openMs).toBe(3 * 525 * MIN);
    expect(u.offlineMs).toBe(2 * HOUR);
    expect(u.outages).toHaveLength(1);
    expect(u.ratio).toBeCloseTo((3 * 525 - 120) / (3 * 525), 10);
  });

  it('a designated holiday opening counts (openDates overrides the holiday)', () => {
    const cal = OpeningCalendar.parse({ ...townHall, openDates: [{ date: '2026-11-23', ranges: [{ start: '09:00', end: '12:00' }] }] });
    const u = uptimeWithinOpening(cal, [iv('offline', '2026-11-23T00:00', null)], day('2026-11-23'), later);
    expect(u.openMs).toBe(3 * HOUR);
    expect(u.outages[0]!.openMs).toBe(3 * HOUR);
    expect(u.ratio).toBe(0);
  });

  it('an opening across midnight is counted on both sides', () => {
    const cal = everyDayCalendar([
      { start: '00:00', end: '02:00' },
      { start: '22:00', end: '24:00' },
    ]);
    const u = uptimeWithinOpening(
      cal,
      [iv('offline', '2026-11-20T23:00', '2026-11-21T01:00')],
      { from: jst('2026-11-20T12:00'), to: jst('2026-11-21T12:00') },
      later,
    );
    expect(u.openMs).toBe(4 * HOUR);
    expect(u.offlineMs).toBe(2 * HOUR);
    expect(u.unknownMs).toBe(2 * HOUR);
  });

  it('back-to-back offline intervals form one outage; overlapping intervals count once', () => {
    const u = uptimeWithinOpening(
      mall,
      [
        iv('offline', '2026-11-20T10:00', '2026-11-20T11:00'),
        iv('offline', '2026-11-20T11:00', '2026-11-20T12:00'),
        iv('online', '2026-11-20T11:30', '2026-11-20T20:00'),
      ],
      day('2026-11-20'),
      later,
    );
    expect(u.outages).toEqual([{ start: jst('2026-11-20T10:00'), end: jst('2026-11-20T12:00'), openMs: 2 * HOUR }]);
    expect(u.onlineMs + u.offlineMs).toBe(10 * HOUR);
  });
});
