import { describe, expect, it } from 'vitest';
import type { Uptime } from '../uptime';
import { eventFigures, reservationsAtEvent } from './event-report';

const t = new Date('2026-11-23T01:00:00Z');
const uptime = (openMs: number, onlineMs: number, degradedMs = 0): Uptime => ({
  openMs,
  onlineMs,
  degradedMs,
  offlineMs: 0,
  unknownMs: openMs - onlineMs - degradedMs,
  ratio: openMs ? (onlineMs + degradedMs) / openMs : null,
  outages: [],
});

describe('eventFigures', () => {
  it('counts sessions by procedure and outcome column and sums uptime over the booths', () => {
    const figures = eventFigures(
      [
        { procedure: 'renewal', outcome: 'completed', answeredAt: t, endedAt: t },
        { procedure: 'renewal', outcome: 'referred', answeredAt: null, endedAt: t }, // referred at the booth
        { procedure: null, outcome: null, answeredAt: null, endedAt: t }, // gave up waiting
        { procedure: 'bank_account', outcome: null, answeredAt: t, endedAt: null },
      ],
      [uptime(3_600_000, 3_000_000), uptime(3_600_000, 3_000_000, 600_000)],
      [{ state: 'served' }, { state: 'no_show' }, { state: 'no_show' }, { state: 'cancelled' }],
    );
    expect(figures.sessions).toBe(4);
    expect(figures.byProcedure.renewal).toMatchObject({ completed: 1, referred: 1, abandoned: 0 });
    expect(figures.byProcedure.unknown.abandoned).toBe(1);
    expect(figures.byProcedure.bank_account.none).toBe(1);
    expect(figures.byOutcome).toMatchObject({ completed: 1, referred: 1, abandoned: 1, none: 1, dropped: 0 });
    expect(figures.uptime).toEqual({ openMs: 7_200_000, upMs: 6_600_000, ratio: 6_600_000 / 7_200_000 });
    expect(figures.reservations).toEqual({ total: 4, booked: 0, checked_in: 0, served: 1, no_show: 2, cancelled: 1 });
  });
  it('has no uptime ratio when the event has not opened yet', () => {
    expect(eventFigures([], [uptime(0, 0)], []).uptime.ratio).toBeNull();
  });
});

describe('reservationsAtEvent', () => {
  // 23 Nov 2026 (a holiday: the event opens anyway) 10:00–12:00 and 13:00–17:00, 24 Nov 10:00–17:00, Japan time.
  const days = [
    {
      date: '2026-11-23',
      ranges: [
        { start: '10:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    },
    { date: '2026-11-24', ranges: [{ start: '10:00', end: '17:00' }] },
  ];
  const at = (iso: string, siteKey = 'l-aaaaaaaaaaaa') => ({ siteKey, slotStart: new Date(iso), state: 'booked' as const, iso });
  it('takes the reservations at its booths’ sites whose slot starts within its hours on its days', () => {
    const rows = [
      at('2026-11-23T10:00:00+09:00'), // first slot: in
      at('2026-11-23T11:30:00+09:00'), // in
      at('2026-11-23T12:00:00+09:00'), // the lunch gap: out
      at('2026-11-23T09:30:00+09:00'), // before opening: out
      at('2026-11-23T16:30:00+09:00'), // last slot: in
      at('2026-11-23T17:00:00+09:00'), // at closing: out
      at('2026-11-24T13:00:00+09:00'), // second day: in
      at('2026-11-25T13:00:00+09:00'), // a day not of the event: out
      at('2026-11-23T11:00:00+09:00', 'b-bbbbbbbbbbbb'), // another site: out
      at('2026-11-24T11:00:00+09:00', 'b-cccccccccccc'), // the event's second booth, a site of its own: in
    ];
    const taken = reservationsAtEvent({ days, siteKeys: ['l-aaaaaaaaaaaa', 'b-cccccccccccc'] }, rows);
    expect(taken.map((r) => r.iso)).toEqual([
      '2026-11-23T10:00:00+09:00',
      '2026-11-23T11:30:00+09:00',
      '2026-11-23T16:30:00+09:00',
      '2026-11-24T13:00:00+09:00',
      '2026-11-24T11:00:00+09:00',
    ]);
  });
  it('takes none for an event without booths', () => {
    expect(reservationsAtEvent({ days, siteKeys: [] }, [at('2026-11-23T10:00:00+09:00')])).toEqual([]);
  });
});
