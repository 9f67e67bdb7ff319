import { describe, expect, it } from 'vitest';
import { type ReservationFact, reservationSection } from './reservations';

const fact = (over: Partial<ReservationFact>): ReservationFact => ({
  date: '2026-12-07',
  siteKey: 'l-aaaaaaaaaaaa',
  procedure: 'renewal',
  language: 'ja',
  state: 'served',
  ...over,
});

describe('reservationSection', () => {
  it('counts each state per day, site, procedure and language; totals add up', () => {
    const section = reservationSection(
      [
        fact({}),
        fact({ state: 'no_show' }),
        fact({ state: 'cancelled', language: 'en' }),
        fact({ date: '2026-12-08', state: 'checked_in', siteKey: 'b-bbbbbbbbbbbb', procedure: 'new_application' }),
        fact({ date: '2026-12-08', state: 'booked' }),
      ],
      [],
    );
    expect(section.totals).toEqual({ total: 5, booked: 1, checked_in: 1, served: 1, no_show: 1, cancelled: 1 });
    expect(section.byDay).toEqual([
      { key: '2026-12-07', total: 3, booked: 0, checked_in: 0, served: 1, no_show: 1, cancelled: 1 },
      { key: '2026-12-08', total: 2, booked: 1, checked_in: 1, served: 0, no_show: 0, cancelled: 0 },
    ]);
    expect(section.bySite.map((s) => [s.key, s.total])).toEqual([
      ['b-bbbbbbbbbbbb', 1],
      ['l-aaaaaaaaaaaa', 4],
    ]);
    expect(section.byProcedure.map((s) => [s.key, s.total])).toEqual([
      ['new_application', 1],
      ['renewal', 4],
    ]);
    expect(section.byLanguage.map((s) => [s.key, s.cancelled])).toEqual([
      ['en', 1],
      ['ja', 0],
    ]);
  });

  it('compares the mean wait of reserved calls with walk-ins (null without calls)', () => {
    const section = reservationSection(
      [],
      [
        { reserved: true, waitMs: 10_000 },
        { reserved: true, waitMs: 20_000 },
        { reserved: false, waitMs: 90_000 },
      ],
    );
    expect(section.wait).toEqual({ reserved: { answered: 2, meanSeconds: 15 }, walkIn: { answered: 1, meanSeconds: 90 } });
    expect(reservationSection([], []).wait.reserved.meanSeconds).toBeNull();
  });
});
