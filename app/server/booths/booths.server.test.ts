import { describe, expect, it } from 'vitest';
import { everyDayCalendar, weekdayCalendar } from '../../domain/calendar';
import { cachedOpeningState, openingState } from './booths.server';

describe('cachedOpeningState', () => {
  const townHall = weekdayCalendar([{ start: '08:15', end: '17:00' }]);
  const aroundTheClock = everyDayCalendar([{ start: '00:00', end: '24:00' }]);

  it('answers exactly what openingState answers, across openings, closings, a weekend and a holiday', () => {
    // Fri 2026-11-20 06:00 JST → Tue 2026-11-24 (Mon 23rd is 勤労感謝の日), every 7 minutes.
    const start = Date.parse('2026-11-19T21:00:00Z');
    for (let t = start; t < start + 4 * 86_400_000; t += 7 * 60_000) {
      const at = new Date(t);
      expect(cachedOpeningState(townHall, at), at.toISOString()).toEqual(openingState(townHall, at));
    }
  });

  it('is right when asked about an earlier instant than the one it remembers', () => {
    const late = new Date('2026-11-20T09:00:00Z'); // 18:00 JST, closed
    const early = new Date('2026-11-20T02:00:00Z'); // 11:00 JST, open
    expect(cachedOpeningState(townHall, late).open).toBe(false);
    expect(cachedOpeningState(townHall, early)).toEqual(openingState(townHall, early));
    expect(cachedOpeningState(townHall, early).open).toBe(true);
  });

  it('keeps a booth open around the clock open, and follows a changed calendar at once', () => {
    const at = new Date('2026-11-22T03:00:00Z');
    expect(cachedOpeningState(aroundTheClock, at)).toEqual(openingState(aroundTheClock, at));
    expect(cachedOpeningState(aroundTheClock, new Date(at.getTime() + 30_000)).open).toBe(true);
    // Sunday: the town hall calendar (another key) is closed at the same instant.
    expect(cachedOpeningState(townHall, at).open).toBe(false);
  });
});
