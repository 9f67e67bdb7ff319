/**
 * Booth opening calendars: weekly hours plus the Japanese calendar rules municipalities write
 * into their specifications — national holidays (国民の祝日, incl. 振替休日 and 国民の休日), the
 * year-end closure 12/29–1/3, facility closure days (mall booths), designated openings (休日開庁),
 * extended hours on one weekday, and pop-up sites that only exist between two dates.
 *
 * Pure: no I/O, no clock. The instant is always a parameter.
 *
 * Time zone: every rule is in Asia/Tokyo local time. Japan has had no daylight saving time since
 * 1951, so Asia/Tokyo is always exactly UTC+9. We convert with that fixed offset instead of
 * relying on the machine's TZ or on Intl, so results are identical on a UTC server, a developer
 * laptop in any zone, and in the browser.
 *
 * Precedence for one local date:
 *   outside validFrom..validUntil → closed
 *   else in openDates            → those ranges (overrides closures, holidays and year-end)
 *   else in closedDates          → closed
 *   else closedForYearEnd and 12/29–1/3 → closed
 *   else closedOnNationalHolidays and a national holiday → closed
 *   else weekly[day of week]
 * A range is half-open [start, end): open at 08:15:00.000, closed at 17:00:00.000.
 *
 * Ranges never cross midnight (end ≤ '24:00'); a booth open across midnight is written as
 * '…-24:00' on one day and '00:00-…' on the next. Functions that talk about "an opening"
 * (currentOpening, nextOpening) treat such touching ranges as one continuous opening.
 */
import holiday_jp from '@holiday-jp/holiday_jp';
import { z } from 'zod';
import { DAY_MS, JST_OFFSET_MS } from './japan-time';

// ---------------------------------------------------------------------------------------------
// Time and date primitives (fixed UTC+9, see above)

const MINUTE_MS = 60_000;
/** nextOpening / currentOpening never look further than this many days from the instant. */
export const SEARCH_DAYS = 400;

const START_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Machine-readable codes carried in `issue.params.code` of the schema's custom issues. */
export type CalendarIssueCode = 'time_format' | 'time_order' | 'overlap' | 'date_format' | 'duplicate_date' | 'validity_order';

/** Minutes since local midnight of 'HH:MM' ('24:00' → 1440). Assumes a validated string. */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** True for an existing calendar date written 'YYYY-MM-DD'. */
export function isValidLocalDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01 of a validated 'YYYY-MM-DD'. */
function dayNumber(localDate: string): number {
  return Math.round(Date.parse(`${localDate}T00:00:00Z`) / DAY_MS);
}

function dateString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Asia/Tokyo local date (as a day number) an instant falls on. */
function dayOfInstant(instant: Date): number {
  return Math.floor((instant.getTime() + JST_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of local (Asia/Tokyo) `minutes` after midnight of `day`. */
function instantMs(day: number, minutes: number): number {
  return day * DAY_MS + minutes * MINUTE_MS - JST_OFFSET_MS;
}

/** The instant of local (Asia/Tokyo) date 'YYYY-MM-DD' at 'HH:MM' ('24:00' = next midnight). */
export function jstInstant(localDate: string, time: string): Date {
  if (!isValidLocalDate(localDate)) throw new RangeError(`Invalid local date: ${localDate}`);
  if (!END_RE.test(time)) throw new RangeError(`Invalid time: ${time}`);
  return new Date(instantMs(dayNumber(localDate), minutesOf(time)));
}

/** Day of week of a local date, 0 = Sunday … 6 = Saturday. */
function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

// ---------------------------------------------------------------------------------------------
// Japanese calendar rules

/**
 * The dates in @holiday-jp/holiday_jp's table (1970–2050): 国民の祝日, 振替休日 and 国民の休日
 * (the latter is listed with name '休日'). Built once from `holiday_jp.holidays`, keyed by the
 * 'YYYY-MM-DD' strings the library itself uses.
 *
 * We deliberately never hand the library a Date: its isHoliday(Date) / between(Date, Date)
 * format the Date with the *machine's local* getters (getFullYear/getMonth/getDate), so on a
 * UTC server JST midnight 2026-11-23T00:00+09:00 (= 2026-11-22T15:00Z) is looked up as
 * 2026-11-22 and the holiday is missed. It also answers isHoliday(string) with a linear scan of
 * all keys, hence the Set. Dates after 2050 are simply not in the table (never holidays).
 */
let holidaySet: ReadonlySet<string> | undefined;
function holidays(): ReadonlySet<string> {
  holidaySet ??= new Set(Object.keys(holiday_jp.holidays));
  return holidaySet;
}

/** Is the local date 'YYYY-MM-DD' a national holiday (祝日, 振替休日 or 国民の休日)? */
export function isNationalHoliday(localDate: string): boolean {
  return holidays().has(localDate);
}

/** Is the local date 'YYYY-MM-DD' in the year-end/new-year closure 12/29–1/3 (inclusive)? */
export function isYearEndClosure(localDate: string): boolean {
  const month = localDate.slice(5, 7);
  const day = Number(localDate.slice(8, 10));
  return (month === '12' && day >= 29) || (month === '01' && day <= 3);
}

// ---------------------------------------------------------------------------------------------
// Schema

function issue(code: CalendarIssueCode, message: string, path: PropertyKey[] = []) {
  return { code: 'custom' as const, message, path, params: { code } };
}

/** 'YYYY-MM-DD', an existing date. */
export const LocalDate = z.string().superRefine((value, ctx) => {
  if (!isValidLocalDate(value)) {
    ctx.addIssue(issue('date_format', `Expected an existing date as YYYY-MM-DD, got "${value}"`));
  }
});

/** 'HH:MM' 24h; end may be '24:00'; start < end. */
export const TimeRange = z
  .object({ start: z.string(), end: z.string() })
  .strict()
  .superRefine((range, ctx) => {
    const startOk = START_RE.test(range.start);
    const endOk = END_RE.test(range.end);
    if (!startOk) {
      ctx.addIssue(issue('time_format', `Expected start as HH:MM (00:00–23:59), got "${range.start}"`, ['start']));
    }
    if (!endOk) {
      ctx.addIssue(issue('time_format', `Expected end as HH:MM (00:01–24:00), got "${range.end}"`, ['end']));
    }
    if (startOk && endOk && minutesOf(range.start) >= minutesOf(range.end)) {
      ctx.addIssue(issue('time_order', `End ${range.end} must be after start ${range.start}`, ['end']));
    }
  });
export type TimeRange = z.infer<typeof TimeRange>;

/** Ranges of one day: no two overlap (touching, e.g. 09:00-12:00 and 12:00-17:00, is fine). */
const DayRanges = z.array(TimeRange).superRefine((ranges, ctx) => {
  const valid = ranges
    .map((range, index) => ({ range, index }))
    .filter(({ range }) => START_RE.test(range.start) && END_RE.test(range.end))
    .sort((a, b) => minutesOf(a.range.start) - minutesOf(b.range.start));
  let latest: { range: TimeRange; index: number } | undefined;
  for (const current of valid) {
    if (latest && minutesOf(current.range.start) < minutesOf(latest.range.end)) {
      ctx.addIssue(
        issue('overlap', `${current.range.start}-${current.range.end} overlaps ${latest.range.start}-${latest.range.end}`, [current.index]),
      );
    }
    if (!latest || minutesOf(current.range.end) > minutesOf(latest.range.end)) latest = current;
  }
});

const OpenDate = z.object({ date: LocalDate, ranges: DayRanges.min(1) }).strict();

const OpenDates = z.array(OpenDate).superRefine((openDates, ctx) => {
  const seen = new Set<string>();
  openDates.forEach((openDate, index) => {
    if (seen.has(openDate.date)) {
      ctx.addIssue(issue('duplicate_date', `Date ${openDate.date} is listed more than once`, [index, 'date']));
    }
    seen.add(openDate.date);
  });
});

export const OpeningCalendar = z
  .object({
    /** Index 0 = Sunday … 6 = Saturday (JS getDay order). Each day: zero or more non-overlapping ranges. */
    weekly: z.array(DayRanges).length(7),
    /** 国民の祝日 incl. 振替休日 and 国民の休日 (from @holiday-jp/holiday_jp). */
    closedOnNationalHolidays: z.boolean(),
    /** 12/29–1/3 inclusive. */
    closedForYearEnd: z.boolean(),
    /** Facility closures etc.: 'YYYY-MM-DD' dates closed all day, overriding everything except openDates. */
    closedDates: z.array(LocalDate),
    /** Designated openings (e.g. a Sunday, or a holiday opening): date → ranges; replaces that day's hours and overrides holiday/year-end/closed rules. */
    openDates: OpenDates,
    /** Pop-up sites: open only within this date range (inclusive, 'YYYY-MM-DD'); null = no limit. */
    validFrom: LocalDate.nullable(),
    validUntil: LocalDate.nullable(),
  })
  .strict()
  .superRefine((calendar, ctx) => {
    const { validFrom, validUntil } = calendar;
    if (
      validFrom !== null &&
      validUntil !== null &&
      isValidLocalDate(validFrom) &&
      isValidLocalDate(validUntil) &&
      validFrom > validUntil
    ) {
      ctx.addIssue(issue('validity_order', `validUntil ${validUntil} is before validFrom ${validFrom}`, ['validUntil']));
    }
  });
export type OpeningCalendar = z.infer<typeof OpeningCalendar>;

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Which rule decided a date's hours (see the precedence at the top of this file). */
export type DayRule = 'outsideValidity' | 'openDate' | 'closedDate' | 'yearEnd' | 'nationalHoliday' | 'weekly';

interface Compiled {
  weekly: readonly (readonly TimeRange[])[];
  closedOnNationalHolidays: boolean;
  closedForYearEnd: boolean;
  closedDates: ReadonlySet<string>;
  openDates: ReadonlyMap<string, readonly TimeRange[]>;
  validFrom: number | null;
  validUntil: number | null;
}

/** Index the calendar once per call. Assumes `calendar` passed OpeningCalendar. */
function compile(calendar: OpeningCalendar): Compiled {
  return {
    weekly: calendar.weekly,
    closedOnNationalHolidays: calendar.closedOnNationalHolidays,
    closedForYearEnd: calendar.closedForYearEnd,
    closedDates: new Set(calendar.closedDates),
    openDates: new Map(calendar.openDates.map((o) => [o.date, o.ranges])),
    validFrom: calendar.validFrom === null ? null : dayNumber(calendar.validFrom),
    validUntil: calendar.validUntil === null ? null : dayNumber(calendar.validUntil),
  };
}

function resolve(c: Compiled, day: number): { rule: DayRule; ranges: readonly TimeRange[] } {
  if ((c.validFrom !== null && day < c.validFrom) || (c.validUntil !== null && day > c.validUntil)) {
    return { rule: 'outsideValidity', ranges: [] };
  }
  const date = dateString(day);
  const designated = c.openDates.get(date);
  if (designated) return { rule: 'openDate', ranges: designated };
  if (c.closedDates.has(date)) return { rule: 'closedDate', ranges: [] };
  if (c.closedForYearEnd && isYearEndClosure(date)) return { rule: 'yearEnd', ranges: [] };
  if (c.closedOnNationalHolidays && isNationalHoliday(date)) return { rule: 'nationalHoliday', ranges: [] };
  return { rule: 'weekly', ranges: c.weekly[weekdayOf(day)] ?? [] };
}

interface MsRange {
  start: number;
  end: number;
}

/** A day's ranges as epoch ms, sorted, touching ranges merged. */
function openingsMs(c: Compiled, day: number): MsRange[] {
  const sorted = resolve(c, day)
    .ranges.map((r) => ({ start: instantMs(day, minutesOf(r.start)), end: instantMs(day, minutesOf(r.end)) }))
    .sort((a, b) => a.start - b.start);
  const merged: MsRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

function toDates(range: MsRange): { start: Date; end: Date } {
  return { start: new Date(range.start), end: new Date(range.end) };
}

function parseLocalDate(localDate: string): number {
  if (!isValidLocalDate(localDate)) throw new RangeError(`Invalid local date: ${localDate}`);
  return dayNumber(localDate);
}

/** Which rule decides the hours of local date 'YYYY-MM-DD' (for admin screens and tests). */
export function dayRule(calendar: OpeningCalendar, localDate: string): DayRule {
  return resolve(compile(calendar), parseLocalDate(localDate)).rule;
}

/** Opening ranges of one local date 'YYYY-MM-DD' after all rules, as Date pairs, sorted; touching ranges merged. */
export function openingsOn(calendar: OpeningCalendar, localDate: string): { start: Date; end: Date }[] {
  return openingsMs(compile(calendar), parseLocalDate(localDate)).map(toDates);
}

export function isOpen(calendar: OpeningCalendar, instant: Date): boolean {
  const t = instant.getTime();
  return openingsMs(compile(calendar), dayOfInstant(instant)).some((r) => r.start <= t && t < r.end);
}

function currentOpeningMs(c: Compiled, instant: Date): MsRange | null {
  const t = instant.getTime();
  const today = dayOfInstant(instant);
  const found = openingsMs(c, today).find((r) => r.start <= t && t < r.end);
  if (!found) return null;
  const opening = { ...found };
  // An opening ending at 24:00 continues if the next day opens at 00:00 (and so on).
  for (let day = today + 1; day <= today + SEARCH_DAYS && opening.end === instantMs(day, 0); day++) {
    const first = openingsMs(c, day)[0];
    if (!first || first.start !== opening.end) break;
    opening.end = first.end;
  }
  // Likewise backwards: an opening starting at 00:00 may have begun the day before.
  for (let day = today - 1; day >= today - SEARCH_DAYS && opening.start === instantMs(day + 1, 0); day--) {
    const ranges = openingsMs(c, day);
    const last = ranges[ranges.length - 1];
    if (!last || last.end !== opening.start) break;
    opening.start = last.start;
  }
  return opening;
}

/**
 * The opening containing `instant` ({ start, end }, start ≤ instant < end) or null when closed.
 * Ranges that touch (also across midnight) form one opening; it is clipped to SEARCH_DAYS days
 * either side of the instant (only matters for a booth that never closes).
 */
export function currentOpening(calendar: OpeningCalendar, instant: Date): { start: Date; end: Date } | null {
  const opening = currentOpeningMs(compile(calendar), instant);
  return opening && toDates(opening);
}

/**
 * When the booth next opens. Closed now → the start of the next range; open now → the start of
 * the next opening after the current one ends (so always strictly after `instant`). Looks at
 * most SEARCH_DAYS (400) local days ahead of the instant's date; null if there is none (e.g.
 * a pop-up whose validity has ended, or a booth that never closes).
 */
export function nextOpening(calendar: OpeningCalendar, instant: Date): Date | null {
  const c = compile(calendar);
  const horizon = dayOfInstant(instant) + SEARCH_DAYS;
  const current = currentOpeningMs(c, instant);
  const from = current ? current.end : instant.getTime();
  let day = Math.floor((from + JST_OFFSET_MS) / DAY_MS);
  if (c.validFrom !== null && day < c.validFrom) day = c.validFrom;
  const last = c.validUntil === null ? horizon : Math.min(horizon, c.validUntil);
  for (; day <= last; day++) {
    // Ranges are merged, so while open no range starts exactly at `from`; while closed none
    // contains `from`. Either way `start >= from` means strictly after the instant.
    const next = openingsMs(c, day).find((r) => r.start >= from);
    if (next) return new Date(next.start);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Presets

function timeRanges(ranges: { start: string; end: string }[]): TimeRange[] {
  return ranges.map(({ start, end }) => ({ start, end }));
}

/**
 * Never open: an empty week, closed on national holidays and 12/29–1/3, no dates and no limits.
 * A booth without a valid calendar gets it; the presets below start from it.
 */
export const CLOSED_CALENDAR: OpeningCalendar = {
  weekly: [[], [], [], [], [], [], []],
  closedOnNationalHolidays: true,
  closedForYearEnd: true,
  closedDates: [],
  openDates: [],
  validFrom: null,
  validUntil: null,
};

/** Mon–Fri those ranges, closed on national holidays and 12/29–1/3 (a town hall). Throws on bad ranges. */
export function weekdayCalendar(ranges: { start: string; end: string }[]): OpeningCalendar {
  return OpeningCalendar.parse({
    ...CLOSED_CALENDAR,
    weekly: [0, 1, 2, 3, 4, 5, 6].map((dow) => (dow === 0 || dow === 6 ? [] : timeRanges(ranges))),
  });
}

/** All 7 days those ranges, NOT closed on holidays nor at year-end (a mall). Throws on bad ranges. */
export function everyDayCalendar(ranges: { start: string; end: string }[]): OpeningCalendar {
  return OpeningCalendar.parse({
    ...CLOSED_CALENDAR,
    weekly: [0, 1, 2, 3, 4, 5, 6].map(() => timeRanges(ranges)),
    closedOnNationalHolidays: false,
    closedForYearEnd: false,
  });
}
