import { describe, expect, it } from 'vitest';
import { everyDayCalendar, isOpen, jstInstant, nextOpening, type OpeningCalendar, weekdayCalendar } from '../calendar';
import {
  boothConflicts,
  checkTransition,
  effectiveCalendar,
  eventOpenAt,
  eventShownAt,
  isEventOpen,
  nextEventOpening,
  normaliseDays,
  PopupDays,
  popupTransitions,
  stateAfterEdit,
} from './popup-events';

const day = (date: string, ...ranges: [string, string][]) => ({ date, ranges: ranges.map(([start, end]) => ({ start, end })) });
const at = (date: string, time: string) => jstInstant(date, time);

describe('PopupDays', () => {
  it('accepts days with non-overlapping ranges', () => {
    expect(PopupDays.safeParse([day('2026-11-23', ['10:00', '12:00'], ['13:00', '17:00'])]).success).toBe(true);
  });
  it('refuses no day, a date twice, overlapping ranges, a bad time or a non-date', () => {
    expect(PopupDays.safeParse([]).success).toBe(false);
    expect(PopupDays.safeParse([day('2026-11-23', ['10:00', '17:00']), day('2026-11-23', ['10:00', '12:00'])]).success).toBe(false);
    const overlap = PopupDays.safeParse([day('2026-11-23', ['10:00', '13:00'], ['12:00', '17:00'])]);
    expect(overlap.success).toBe(false);
    expect(JSON.stringify(overlap.error?.issues)).toContain('overlap');
    expect(PopupDays.safeParse([day('2026-11-23', ['17:00', '10:00'])]).success).toBe(false);
    expect(PopupDays.safeParse([day('2026-02-30', ['10:00', '17:00'])]).success).toBe(false);
  });
  it('refuses more than 31 days', () => {
    const days = Array.from({ length: 32 }, (_, i) => day(`2026-01-${String((i % 31) + 1).padStart(2, '0')}`, ['10:00', '17:00']));
    expect(PopupDays.safeParse(days).success).toBe(false);
  });
});

describe('the event calendar', () => {
  // 2026-11-23 is 勤労感謝の日 (a Monday): a pop-up opens on holidays all the same.
  const days = [day('2026-11-23', ['10:00', '17:00']), day('2026-11-21', ['10:00', '12:00'], ['13:00', '17:00'])];
  it('is open on its days at its hours only, holidays included', () => {
    expect(isEventOpen(days, at('2026-11-23', '10:00'))).toBe(true);
    expect(isEventOpen(days, at('2026-11-23', '17:00'))).toBe(false);
    expect(isEventOpen(days, at('2026-11-21', '12:30'))).toBe(false);
    expect(isEventOpen(days, at('2026-11-22', '11:00'))).toBe(false);
  });
  it('names the next opening, across the lunch break and the days between, and none after the last', () => {
    expect(nextEventOpening(days, at('2026-11-20', '09:00'))).toEqual(at('2026-11-21', '10:00'));
    expect(nextEventOpening(days, at('2026-11-21', '11:00'))).toEqual(at('2026-11-21', '13:00'));
    expect(nextEventOpening(days, at('2026-11-21', '14:00'))).toEqual(at('2026-11-23', '10:00'));
    expect(nextEventOpening(days, at('2026-11-23', '11:00'))).toBeNull();
  });
  it('sorts days and ranges', () => {
    expect(normaliseDays(days).map((d) => d.date)).toEqual(['2026-11-21', '2026-11-23']);
  });
});

describe('a booth assigned to events', () => {
  const townHall: OpeningCalendar = weekdayCalendar([{ start: '08:30', end: '17:15' }]);
  const event = { days: [day('2026-11-23', ['10:00', '16:00']), day('2026-11-24', ['12:00', '15:00'])] };

  it('follows the event on its days (a holiday opens, a weekday takes the event hours) and its own calendar otherwise', () => {
    const cal = effectiveCalendar(townHall, [event]);
    expect(isOpen(townHall, at('2026-11-23', '11:00'))).toBe(false);
    expect(isOpen(cal, at('2026-11-23', '11:00'))).toBe(true);
    expect(isOpen(cal, at('2026-11-24', '09:00'))).toBe(false); // the booth's own 08:30 is replaced
    expect(isOpen(cal, at('2026-11-24', '12:30'))).toBe(true);
    expect(isOpen(cal, at('2026-11-25', '09:00'))).toBe(true); // its own calendar again
    expect(nextOpening(cal, at('2026-11-22', '12:00'))).toEqual(at('2026-11-23', '10:00'));
  });

  it('joins two events on one day, and leaves a calendar without events as it is', () => {
    const other = { days: [day('2026-11-23', ['16:00', '18:00'])] };
    const cal = effectiveCalendar(townHall, [event, other]);
    expect(isOpen(cal, at('2026-11-23', '17:00'))).toBe(true);
    expect(effectiveCalendar(townHall, [])).toBe(townHall);
  });

  it('reaches event days outside a validity window, without opening the days between', () => {
    const limited: OpeningCalendar = {
      ...everyDayCalendar([{ start: '10:00', end: '20:00' }]),
      validFrom: '2026-12-01',
      validUntil: '2026-12-31',
    };
    const cal = effectiveCalendar(limited, [{ days: [day('2026-11-20', ['10:00', '17:00']), day('2027-01-05', ['10:00', '17:00'])] }]);
    expect(isOpen(cal, at('2026-11-20', '11:00'))).toBe(true);
    expect(isOpen(cal, at('2026-11-25', '11:00'))).toBe(false);
    expect(isOpen(cal, at('2026-12-10', '11:00'))).toBe(true);
    expect(isOpen(cal, at('2027-01-02', '11:00'))).toBe(false);
    expect(isOpen(cal, at('2027-01-05', '11:00'))).toBe(true);
  });

  it('cannot be at two events at once; touching hours and other days are fine', () => {
    const candidate = [day('2026-11-23', ['10:00', '13:00'])];
    expect(boothConflicts(candidate, [{ id: 'x', days: [day('2026-11-23', ['12:00', '17:00'])] }])).toEqual([
      { eventId: 'x', date: '2026-11-23' },
    ]);
    expect(boothConflicts(candidate, [{ id: 'y', days: [day('2026-11-23', ['13:00', '17:00'])] }])).toEqual([]);
    expect(boothConflicts(candidate, [{ id: 'z', days: [day('2026-11-24', ['10:00', '13:00'])] }])).toEqual([]);
  });

  it('tags sessions with the live event open at that instant only', () => {
    const planned = { id: 'p', state: 'planned' as const, days: [day('2026-11-23', ['10:00', '17:00'])] };
    const agreed = { id: 'a', state: 'agreed' as const, days: [day('2026-11-23', ['10:00', '17:00'])] };
    expect(eventOpenAt([planned], at('2026-11-23', '11:00'))).toBeNull();
    expect(eventOpenAt([planned, agreed], at('2026-11-23', '11:00'))?.id).toBe('a');
    expect(eventOpenAt([agreed], at('2026-11-23', '18:00'))).toBeNull();
  });

  it('shows today’s live event, else the next one within the horizon', () => {
    const soon = { id: 's', state: 'agreed' as const, days: [day('2026-11-25', ['10:00', '17:00'])] };
    const today = { id: 't', state: 'held' as const, days: [day('2026-11-23', ['10:00', '17:00'])] };
    expect(eventShownAt([soon, today], '2026-11-23')?.id).toBe('t');
    expect(eventShownAt([soon], '2026-11-23')).toBeNull();
    expect(eventShownAt([soon], '2026-11-23', 7)?.id).toBe('s');
    expect(eventShownAt([{ ...soon, state: 'reported' as const }], '2026-11-25')).toBeNull();
  });
});

describe('the state machine', () => {
  const days = [day('2026-11-23', ['10:00', '17:00'])];
  it('goes planned → agreed → held → reported, each by its permission', () => {
    expect(popupTransitions.agree).toMatchObject({ from: 'planned', to: 'agreed', need: 'approve:popup' });
    expect(popupTransitions.hold.need).toBe('write:popup');
    expect(checkTransition({ state: 'planned', days }, 'agree', at('2026-11-01', '09:00'))).toEqual({ ok: true, to: 'agreed' });
    expect(checkTransition({ state: 'agreed', days }, 'hold', at('2026-11-23', '10:00'))).toEqual({ ok: true, to: 'held' });
    expect(checkTransition({ state: 'held', days }, 'report', at('2026-11-23', '17:00'))).toEqual({ ok: true, to: 'reported' });
  });
  it('refuses skipping or going back, holding before it starts and reporting before it ends', () => {
    expect(checkTransition({ state: 'planned', days }, 'hold', at('2026-11-23', '11:00'))).toEqual({ ok: false, reason: 'wrong_state' });
    expect(checkTransition({ state: 'reported', days }, 'agree', at('2026-11-23', '11:00'))).toEqual({ ok: false, reason: 'wrong_state' });
    expect(checkTransition({ state: 'agreed', days }, 'hold', at('2026-11-23', '09:59'))).toEqual({ ok: false, reason: 'not_started' });
    expect(checkTransition({ state: 'held', days }, 'report', at('2026-11-23', '16:59'))).toEqual({ ok: false, reason: 'not_ended' });
  });
  it('sends an agreed event back to planned when what was agreed changes', () => {
    const plan = { siteName: 'A', siteKind: 'mall', days, procedures: ['renewal' as const] };
    expect(stateAfterEdit('agreed', plan, { ...plan })).toBe('agreed');
    expect(stateAfterEdit('agreed', plan, { ...plan, siteName: 'B' })).toBe('planned');
    expect(stateAfterEdit('agreed', plan, { ...plan, days: [day('2026-11-23', ['10:00', '16:00'])] })).toBe('planned');
    expect(stateAfterEdit('planned', plan, { ...plan, siteName: 'B' })).toBe('planned');
  });
});
