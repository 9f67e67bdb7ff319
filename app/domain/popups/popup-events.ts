/**
 * Pop-up application sites (臨時申請会場, seed 002 Kanazawa: ~72 a year in malls, community
 * centres and care homes). An event is a place plus its own days and hours, outside the booth's
 * regular calendar; its life is planned → agreed (by the town) → held → reported.
 *
 * Pure: no I/O, no clock. The event's days are evaluated with the booth calendar's own rules
 * (calendar.ts): an event is an OpeningCalendar with an empty week and those days as openDates.
 */
import type { PopupState, Procedure } from '@madoguchi/db/vocabulary';
import { z } from 'zod';
import {
  CLOSED_CALENDAR,
  currentOpening,
  isOpen,
  jstInstant,
  LocalDate,
  nextOpening,
  OpeningCalendar,
  type TimeRange,
  TimeRange as TimeRangeSchema,
} from '../calendar';
import type { Need } from '../permissions';

/** Days one event may have (a long campaign is several events). */
export const MAX_EVENT_DAYS = 31;
/** Ranges on one day (e.g. 10:00–12:00 and 13:00–17:00). */
export const MAX_RANGES_PER_DAY = 4;

export interface PopupDay {
  date: string;
  ranges: TimeRange[];
}

/**
 * An event's days: existing dates, each listed once, each with 1–4 ranges that do not overlap —
 * the rules of a calendar's designated openings (calendar.ts openDates), checked by that schema.
 */
export const PopupDays = z
  .array(z.object({ date: LocalDate, ranges: z.array(TimeRangeSchema).min(1).max(MAX_RANGES_PER_DAY) }).strict())
  .min(1)
  .max(MAX_EVENT_DAYS)
  .superRefine((days, ctx) => {
    const checked = OpeningCalendar.safeParse({ ...CLOSED_CALENDAR, openDates: days });
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      // Issues of the days themselves were already reported by the element schema above.
      if (
        issue.path[0] !== 'openDates' ||
        !['overlap', 'duplicate_date'].includes(String((issue as { params?: { code?: string } }).params?.code))
      )
        continue;
      ctx.addIssue({
        code: 'custom',
        message: issue.message,
        path: issue.path.slice(1),
        params: (issue as { params?: unknown }).params as never,
      });
    }
  });

/** The days sorted by date, ranges sorted by start (what is stored). Assumes PopupDays passed. */
export function normaliseDays(days: readonly PopupDay[]): PopupDay[] {
  return [...days]
    .map((d) => ({ date: d.date, ranges: [...d.ranges].sort((a, b) => a.start.localeCompare(b.start)).map((r) => ({ ...r })) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** First and last date of an event's days. Assumes at least one day. */
export function dateSpan(days: readonly PopupDay[]): { firstDate: string; lastDate: string } {
  const dates = days.map((d) => d.date).sort();
  return { firstDate: dates[0]!, lastDate: dates[dates.length - 1]! };
}

/** The event's own calendar: open only on its days, at its hours (holidays and year-end do not close it). */
export function eventCalendar(days: readonly PopupDay[]): OpeningCalendar {
  if (days.length === 0) return CLOSED_CALENDAR;
  const { firstDate, lastDate } = dateSpan(days);
  return {
    ...CLOSED_CALENDAR,
    closedOnNationalHolidays: false,
    closedForYearEnd: false,
    openDates: days.map((d) => ({ date: d.date, ranges: d.ranges.map((r) => ({ ...r })) })),
    validFrom: firstDate,
    validUntil: lastDate,
  };
}

export const isEventOpen = (days: readonly PopupDay[], at: Date) => isOpen(eventCalendar(days), at);
/** The event's next opening strictly after `at` (null after its last range). */
export const nextEventOpening = (days: readonly PopupDay[], at: Date) => nextOpening(eventCalendar(days), at);
/** The event's opening containing `at`, or null. */
export const currentEventOpening = (days: readonly PopupDay[], at: Date) => currentOpening(eventCalendar(days), at);

/** When the event's first range starts and its last range ends. Assumes normalised, non-empty days. */
export function eventBounds(days: readonly PopupDay[]): { start: Date; end: Date } {
  const sorted = normaliseDays(days);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  // Ranges are sorted by start and never overlap, so the last one ends last.
  const lastEnd = last.ranges[last.ranges.length - 1]!.end;
  return { start: jstInstant(first.date, first.ranges[0]!.start), end: jstInstant(last.date, lastEnd) };
}

// ---------------------------------------------------------------------------------------------
// Booths: overlap and the effective calendar

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const rangesOverlap = (a: TimeRange, b: TimeRange) => minutes(a.start) < minutes(b.end) && minutes(b.start) < minutes(a.end);

export interface BoothConflict {
  eventId: string;
  date: string;
}

/**
 * A booth cannot be at two events at once: the (event, date) pairs of `others` whose hours overlap
 * the candidate's on the same date. Touching hours (one ends 12:00, the other starts 12:00) do not
 * conflict. `others` should not contain the candidate itself.
 */
export function boothConflicts(
  candidate: readonly PopupDay[],
  others: readonly { id: string; days: readonly PopupDay[] }[],
): BoothConflict[] {
  const byDate = new Map(candidate.map((d) => [d.date, d.ranges]));
  const conflicts: BoothConflict[] = [];
  for (const other of others) {
    for (const day of other.days) {
      const mine = byDate.get(day.date);
      if (mine?.some((a) => day.ranges.some((b) => rangesOverlap(a, b)))) conflicts.push({ eventId: other.id, date: day.date });
    }
  }
  return conflicts;
}

/**
 * The calendar a booth follows while assigned to events: on each event day the events' hours
 * replace the booth's own (also on holidays, closure days and year-end, which do not close an
 * event), every other day keeps the booth's rules. Events that drive a booth are those agreed
 * or held (a plan the town has not agreed to opens nothing). A booth calendar limited to a
 * validity window is widened to reach the event days, and the days it gains outside the window
 * are closed, so only the event days open there.
 */
export function effectiveCalendar(booth: OpeningCalendar, events: readonly { days: readonly PopupDay[] }[]): OpeningCalendar {
  const eventDays = new Map<string, TimeRange[]>();
  for (const event of events) {
    for (const day of event.days) eventDays.set(day.date, [...(eventDays.get(day.date) ?? []), ...day.ranges.map((r) => ({ ...r }))]);
  }
  if (eventDays.size === 0) return booth;
  const kept = booth.openDates.filter((o) => !eventDays.has(o.date));
  const openDates = [
    ...kept,
    ...[...eventDays].map(([date, ranges]) => ({ date, ranges: ranges.sort((a, b) => minutes(a.start) - minutes(b.start)) })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const dates = [...eventDays.keys()].sort();
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const closedDates = new Set(booth.closedDates);
  let validFrom = booth.validFrom;
  let validUntil = booth.validUntil;
  if (validFrom !== null && first < validFrom) {
    for (const date of datesBetween(first, previousDate(validFrom))) closedDates.add(date);
    validFrom = first;
  }
  if (validUntil !== null && last > validUntil) {
    for (const date of datesBetween(nextDate(validUntil), last)) closedDates.add(date);
    validUntil = last;
  }
  return { ...booth, openDates, closedDates: [...closedDates].sort(), validFrom, validUntil };
}

const DAY = 86_400_000;
const shiftDate = (date: string, by: number) => new Date(Date.parse(`${date}T00:00:00Z`) + by * DAY).toISOString().slice(0, 10);
const nextDate = (date: string) => shiftDate(date, 1);
const previousDate = (date: string) => shiftDate(date, -1);
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDate(d)) out.push(d);
  return out;
}

/** The states in which an event drives its booths and is shown to residents. */
export const liveStates: readonly PopupState[] = ['agreed', 'held'];

/**
 * The event a booth serves at `at` among those assigned to it: one of its (agreed or held) events
 * open at that instant, else null. Sessions asked for then carry it.
 */
export function eventOpenAt<E extends { state: PopupState; days: readonly PopupDay[] }>(events: readonly E[], at: Date): E | null {
  return events.find((e) => liveStates.includes(e.state) && isEventOpen(e.days, at)) ?? null;
}

/**
 * The event a booth shows on its attract screen: the live event whose days include today (Japan),
 * else the next live one within `aheadDays` days; null when none.
 */
export function eventShownAt<E extends { state: PopupState; days: readonly PopupDay[] }>(
  events: readonly E[],
  today: string,
  aheadDays = 0,
): E | null {
  const live = events.filter((e) => liveStates.includes(e.state));
  const current = live.find((e) => e.days.some((d) => d.date === today));
  if (current) return current;
  const horizon = shiftDate(today, aheadDays);
  return (
    live
      .map((e) => ({
        e,
        next: e.days
          .map((d) => d.date)
          .filter((d) => d > today && d <= horizon)
          .sort()[0],
      }))
      .filter((x) => x.next !== undefined)
      .sort((a, b) => a.next!.localeCompare(b.next!))[0]?.e ?? null
  );
}

// ---------------------------------------------------------------------------------------------
// The state machine

export const popupActions = ['agree', 'hold', 'report'] as const;
export type PopupAction = (typeof popupActions)[number];

/**
 * Allowed transitions and who may take each: the town agrees to the plan (approve:popup, town
 * staff of that town); the operating company marks it held and reported (write:popup, supervisors).
 */
export const popupTransitions: Record<PopupAction, { from: PopupState; to: PopupState; need: Need }> = {
  agree: { from: 'planned', to: 'agreed', need: 'approve:popup' },
  hold: { from: 'agreed', to: 'held', need: 'write:popup' },
  report: { from: 'held', to: 'reported', need: 'write:popup' },
};

export type TransitionRefusal = 'wrong_state' | 'not_started' | 'not_ended';

/**
 * Whether `action` may happen now: the event must be in the transition's `from` state; it can be
 * marked held once its first opening has begun, and reported once its last opening has ended.
 */
export function checkTransition(
  event: { state: PopupState; days: readonly PopupDay[] },
  action: PopupAction,
  now: Date,
): { ok: true; to: PopupState } | { ok: false; reason: TransitionRefusal } {
  const transition = popupTransitions[action];
  if (event.state !== transition.from) return { ok: false, reason: 'wrong_state' };
  const bounds = eventBounds(event.days);
  if (action === 'hold' && now < bounds.start) return { ok: false, reason: 'not_started' };
  if (action === 'report' && now < bounds.end) return { ok: false, reason: 'not_ended' };
  return { ok: true, to: transition.to };
}

/** Site, days and procedures can change only before the event is held. */
export const editableStates: readonly PopupState[] = ['planned', 'agreed'];

export interface PopupPlan {
  siteName: string;
  siteKind: string;
  days: readonly PopupDay[];
  procedures: readonly Procedure[];
}

/**
 * The state after an edit: changing what the town agreed to (site, days, procedures) of an agreed
 * event sends it back to planned, to be agreed again; an edit that changes nothing keeps it.
 */
export function stateAfterEdit(state: PopupState, before: PopupPlan, after: PopupPlan): PopupState {
  if (state !== 'agreed') return state;
  const same =
    before.siteName === after.siteName &&
    before.siteKind === after.siteKind &&
    JSON.stringify(normaliseDays(before.days)) === JSON.stringify(normaliseDays(after.days)) &&
    [...before.procedures].sort().join() === [...after.procedures].sort().join();
  return same ? 'agreed' : 'planned';
}
