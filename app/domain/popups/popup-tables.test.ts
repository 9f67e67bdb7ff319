import { describe, expect, it } from 'vitest';
import { popupTables } from '../reports/report';
import { eventFigures } from './event-report';

const t = new Date('2026-11-23T01:00:00Z');

describe('popupTables (monthly report)', () => {
  it('is empty without events, else a summary and one table (sheet) per event', () => {
    expect(popupTables([], 'ja')).toEqual([]);
    const figures = eventFigures(
      [
        { procedure: 'renewal', outcome: 'completed', answeredAt: t, endedAt: t },
        { procedure: null, outcome: null, answeredAt: null, endedAt: t },
      ],
      [],
      [{ state: 'served' }, { state: 'no_show' }, { state: 'cancelled' }, { state: 'booked' }],
    );
    const row = {
      id: 'e',
      siteName: 'イオンモール 1F',
      siteKind: 'mall',
      state: 'held',
      firstDate: '2026-11-23',
      lastDate: '2026-11-24',
      days: 2,
      figures,
    };
    const tables = popupTables([row, { ...row, id: 'f', firstDate: '2026-11-28', lastDate: '2026-11-28' }], 'en');
    expect(tables.map((x) => x.key)).toEqual(['臨時会場', '臨時1 2026-11-23', '臨時2 2026-11-28']);
    expect(tables[0]!.rows[0]).toEqual(['2026-11-23〜2026-11-24', 'イオンモール 1F', 'Held', 2, 2, 1, 0, 1, null, 3, 1]);
    const sheet = tables[1]!;
    expect(sheet.rows.map((r) => r[0])).toEqual(['Renewal', 'Not chosen', 'Total']);
    expect(sheet.rows.at(-1)!.at(-1)).toBe(2);
    // The event's sheet names its reservations and how each ended.
    expect(sheet.notes).toEqual(['Reservations 4: booked 1, checked in 0, served 1, no-show 1, cancelled 1']);
  });
});
