import { describe, expect, it } from 'vitest';
import { eventIcs } from './ics';

describe('eventIcs', () => {
  it('writes one VEVENT per range in UTC (Japan time − 9 h) with the place', () => {
    const text = eventIcs({
      id: 'e1',
      title: 'マイナンバーカード臨時申請会場',
      location: 'イオンモール 1F',
      description: '新規申請',
      days: [
        {
          date: '2026-11-23',
          ranges: [
            { start: '10:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ],
        },
        { date: '2026-11-24', ranges: [{ start: '00:00', end: '08:00' }] },
      ],
    });
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(text).toContain('DTSTART:20261123T010000Z');
    expect(text).toContain('DTEND:20261123T080000Z');
    expect(text).toContain('DTSTART:20261123T150000Z'); // 00:00 on the 24th in Japan
    expect(text).toContain('LOCATION:イオンモール 1F');
    expect(text).toContain('UID:e1-2026-11-23-1000@madoguchi');
  });
});
