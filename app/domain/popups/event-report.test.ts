import { describe, expect, it } from 'vitest';
import type { Uptime } from '../uptime';
import { eventFigures } from './event-report';

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
    );
    expect(figures.sessions).toBe(4);
    expect(figures.byProcedure.renewal).toMatchObject({ completed: 1, referred: 1, abandoned: 0 });
    expect(figures.byProcedure.unknown.abandoned).toBe(1);
    expect(figures.byProcedure.bank_account.none).toBe(1);
    expect(figures.byOutcome).toMatchObject({ completed: 1, referred: 1, abandoned: 1, none: 1, dropped: 0 });
    expect(figures.uptime).toEqual({ openMs: 7_200_000, upMs: 6_600_000, ratio: 6_600_000 / 7_200_000 });
    expect(figures.reservations).toBeNull();
  });
  it('has no uptime ratio when the event has not opened yet', () => {
    expect(eventFigures([], [uptime(0, 0)]).uptime.ratio).toBeNull();
  });
});
