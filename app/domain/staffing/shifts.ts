/**
 * The shift table (シフト表): one planned shift per operator and Japan date, in minutes from local
 * midnight. Pure: validation, the week a date falls in, copying a week, the operators planned per
 * interval, the week grid and the CSV. No free text: a shift holds times and codes only.
 */
import type { Language, Procedure } from '@madoguchi/db/vocabulary';
import { isValidLocalDate } from '../calendar';
import { csvCell } from '../csv';

/** Shift and break times lie on a 15-minute grid (08:15 opens Toin's town hall; 30-minute intervals split evenly). */
export const SHIFT_GRID_MINUTES = 15;
export const DAY_MINUTES = 1440;

/** The staffing interval: planned (and, next to it, required) operators per 30 minutes. */
import { INTERVAL_MINUTES } from './forecast';

export { INTERVAL_MINUTES };

export interface ShiftTimes {
  startMinute: number;
  endMinute: number;
  breakStartMinute: number | null;
  breakEndMinute: number | null;
}

/** What the operator covers that day: a subset of the account's municipalities and skills. */
export interface ShiftCoverage {
  municipalityIds: string[];
  languages: Language[];
  procedures: Procedure[];
}

export interface ShiftDraft extends ShiftTimes, ShiftCoverage {
  accountId: string;
  /** YYYY-MM-DD, Japan. */
  date: string;
}

export interface Shift extends ShiftDraft {
  id: string;
}

export type ShiftIssueCode =
  | 'date'
  | 'time_range'
  | 'time_order'
  | 'time_grid'
  | 'break_pair'
  | 'break_inside'
  | 'no_municipality'
  | 'no_language'
  | 'not_served';

export interface ShiftIssue {
  code: ShiftIssueCode;
  /** The field it concerns, as the API names it. */
  path: string;
}

const isMinute = (m: number) => Number.isInteger(m) && m >= 0 && m <= DAY_MINUTES;

/**
 * What is wrong with a shift, if anything. The rules: a real Japan date; 0 ≤ start < end ≤ 1440;
 * every time on the 15-minute grid; a break is both ends or neither, and lies strictly inside the
 * shift (start < break start < break end < end), so it is always shorter than the shift — a break at
 * either edge is a shorter shift, and is written as one. At least one municipality and one language.
 * `account` (when given): the shift may cover only what the operator serves — routing offers calls by
 * the account's municipalities and skills, so a shift beyond them would count people who get no calls.
 */
export function shiftIssues(
  shift: Omit<ShiftDraft, 'accountId'>,
  account?: { municipalityIds: readonly string[]; languages: readonly Language[]; procedures: readonly Procedure[] },
): ShiftIssue[] {
  const issues: ShiftIssue[] = [];
  if (!isValidLocalDate(shift.date)) issues.push({ code: 'date', path: 'date' });
  const { startMinute: start, endMinute: end, breakStartMinute: bs, breakEndMinute: be } = shift;
  const times: [string, number | null][] = [
    ['startMinute', start],
    ['endMinute', end],
    ['breakStartMinute', bs],
    ['breakEndMinute', be],
  ];
  let inRange = true;
  for (const [path, m] of times) {
    if (m === null) continue;
    if (!isMinute(m)) {
      issues.push({ code: 'time_range', path });
      inRange = false;
    } else if (m % SHIFT_GRID_MINUTES !== 0) issues.push({ code: 'time_grid', path });
  }
  if (inRange && start >= end) issues.push({ code: 'time_order', path: 'endMinute' });
  if ((bs === null) !== (be === null)) issues.push({ code: 'break_pair', path: bs === null ? 'breakStartMinute' : 'breakEndMinute' });
  else if (inRange && bs !== null && be !== null && !(start < bs && bs < be && be < end)) {
    issues.push({ code: 'break_inside', path: 'breakStartMinute' });
  }
  if (shift.municipalityIds.length === 0) issues.push({ code: 'no_municipality', path: 'municipalityIds' });
  if (shift.languages.length === 0) issues.push({ code: 'no_language', path: 'languages' });
  if (account) {
    if (shift.municipalityIds.some((m) => !account.municipalityIds.includes(m)))
      issues.push({ code: 'not_served', path: 'municipalityIds' });
    if (shift.languages.some((l) => !account.languages.includes(l))) issues.push({ code: 'not_served', path: 'languages' });
    if (shift.procedures.some((p) => !account.procedures.includes(p))) issues.push({ code: 'not_served', path: 'procedures' });
  }
  return issues;
}

/** A new shift covers everything the operator serves: the account's municipalities, languages and procedures. */
export function defaultCoverage(account: {
  municipalityIds: readonly string[];
  languages: readonly Language[];
  procedures: readonly Procedure[];
}): ShiftCoverage {
  return { municipalityIds: [...account.municipalityIds], languages: [...account.languages], procedures: [...account.procedures] };
}

/** Minutes worked: the shift less its break. */
export function workedMinutes(shift: ShiftTimes): number {
  const breakMinutes = shift.breakStartMinute !== null && shift.breakEndMinute !== null ? shift.breakEndMinute - shift.breakStartMinute : 0;
  return shift.endMinute - shift.startMinute - breakMinutes;
}

// ---------------------------------------------------------------------------------------------
// Times and dates

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since midnight of 'HH:MM' ('24:00' → 1440), or null for anything else. */
export function minuteOfTime(time: string): number | null {
  if (!TIME_RE.test(time)) return null;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** 'HH:MM' of minutes since midnight (1440 → '24:00'). */
export function timeOfMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The date `days` after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** 0 = Monday … 6 = Sunday: the shift table's weeks start on Monday. */
export function weekdayIndex(date: string): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((dayNumber(date) + 3) % 7) + 7) % 7;
}

/** The Monday of the week `date` falls in. */
export function weekStartOf(date: string): string {
  return addDays(date, -weekdayIndex(date));
}

export function isWeekStart(date: string): boolean {
  return isValidLocalDate(date) && weekdayIndex(date) === 0;
}

/** The seven dates of the week starting on `monday`. */
export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Every date of a month 'YYYY-MM'. */
export function monthDates(month: string): string[] {
  const first = `${month}-01`;
  const dates: string[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) dates.push(d);
  return dates;
}

// ---------------------------------------------------------------------------------------------
// Copy a week

export interface CopyCandidate {
  accountId: string;
  disabled: boolean;
  municipalityIds: readonly string[];
  languages: readonly Language[];
  procedures: readonly Procedure[];
}

export type CopySkipReason = 'disabled' | 'already_planned' | 'no_municipality' | 'unknown_account';

export interface CopyPlan {
  create: ShiftDraft[];
  skipped: { accountId: string; date: string; reason: CopySkipReason }[];
}

/**
 * A week's shifts copied to another week, each to the same weekday. Never overwrites: a day the
 * operator already has a shift in the target week is skipped ('already_planned'), as is an operator
 * now disabled or gone. What the copy covers is cut to what the operator serves today (an account may
 * have lost a town or a language since); a shift left with no municipality is skipped ('no_municipality').
 * `source`: shifts of the week starting `fromWeek` (others are ignored); `planned`: shifts already in the target week.
 */
export function copyWeek(
  source: readonly ShiftDraft[],
  fromWeek: string,
  toWeek: string,
  accounts: readonly CopyCandidate[],
  planned: readonly { accountId: string; date: string }[],
): CopyPlan {
  const offset = dayNumber(toWeek) - dayNumber(fromWeek);
  const byId = new Map(accounts.map((a) => [a.accountId, a]));
  const taken = new Set(planned.map((p) => `${p.accountId} ${p.date}`));
  const week = new Set(weekDates(fromWeek));
  const plan: CopyPlan = { create: [], skipped: [] };
  const ordered = [...source]
    .filter((s) => week.has(s.date))
    .sort((a, b) => a.date.localeCompare(b.date) || a.accountId.localeCompare(b.accountId));
  for (const shift of ordered) {
    const date = addDays(shift.date, offset);
    const account = byId.get(shift.accountId);
    const skip = (reason: CopySkipReason) => plan.skipped.push({ accountId: shift.accountId, date, reason });
    if (!account) skip('unknown_account');
    else if (account.disabled) skip('disabled');
    else if (taken.has(`${shift.accountId} ${date}`)) skip('already_planned');
    else {
      const municipalityIds = shift.municipalityIds.filter((m) => account.municipalityIds.includes(m));
      if (municipalityIds.length === 0) {
        skip('no_municipality');
        continue;
      }
      const languages = shift.languages.filter((l) => account.languages.includes(l));
      plan.create.push({
        ...shift,
        date,
        municipalityIds,
        // A shift needs a language: when none of the copied ones remain, the account's own.
        languages: languages.length > 0 ? languages : [...account.languages],
        procedures: shift.procedures.filter((p) => account.procedures.includes(p)),
      });
      taken.add(`${shift.accountId} ${date}`);
    }
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Planned operators per interval

export interface IntervalCount {
  /** Minutes from midnight where the interval starts. */
  startMinute: number;
  endMinute: number;
  /** Operators planned: each counts the share of the interval they work (a shift from 08:15 counts ½ in 08:00–08:30). */
  planned: number;
}

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Operators planned per 30-minute interval of `date` for `municipalityId`: a shift counts when it is
 * on that date and lists the municipality, for the minutes it covers in the interval less its break,
 * divided by the interval's length. So 1 is one operator working the whole interval, and two
 * operators working half of it each also make 1 (the same person-minutes the forecast asks for).
 */
export function plannedPerInterval(
  shifts: readonly (ShiftTimes & { date: string; municipalityIds: readonly string[] })[],
  date: string,
  municipalityId: string,
  intervalMinutes = INTERVAL_MINUTES,
): IntervalCount[] {
  const intervals: IntervalCount[] = [];
  for (let s = 0; s < DAY_MINUTES; s += intervalMinutes)
    intervals.push({ startMinute: s, endMinute: Math.min(DAY_MINUTES, s + intervalMinutes), planned: 0 });
  for (const shift of shifts) {
    if (shift.date !== date || !shift.municipalityIds.includes(municipalityId)) continue;
    for (const interval of intervals) {
      const { startMinute: i0, endMinute: i1 } = interval;
      let minutes = overlap(shift.startMinute, shift.endMinute, i0, i1);
      if (minutes > 0 && shift.breakStartMinute !== null && shift.breakEndMinute !== null) {
        minutes -= overlap(shift.breakStartMinute, shift.breakEndMinute, i0, i1);
      }
      interval.planned += minutes / (i1 - i0);
    }
  }
  // Shares of a 15-minute grid are exact halves; rounding only tidies other interval lengths.
  for (const interval of intervals) interval.planned = Math.round(interval.planned * 1000) / 1000;
  return intervals;
}

// ---------------------------------------------------------------------------------------------
// The week grid

export interface GridOperator {
  accountId: string;
  displayName: string;
}

export interface WeekGrid<S extends Shift = Shift> {
  weekStart: string;
  /** The seven dates, Monday first. */
  days: string[];
  /** One row per operator (by work name), each with a cell per day: the shift, or null. */
  rows: { accountId: string; displayName: string; cells: (S | null)[] }[];
}

/**
 * Operators × the seven days of the week starting `weekStart`. Every operator given has a row
 * (an empty one invites planning); an operator with a shift that week but not given (disabled since)
 * keeps a row too, so nothing planned is hidden.
 */
export function weekGrid<S extends Shift>(
  weekStart: string,
  operators: readonly GridOperator[],
  shifts: readonly S[],
  nameOf: (accountId: string) => string = (id) => id,
): WeekGrid<S> {
  const days = weekDates(weekStart);
  const rows = new Map(operators.map((o) => [o.accountId, { ...o, cells: days.map((): S | null => null) }]));
  for (const shift of shifts) {
    const day = days.indexOf(shift.date);
    if (day < 0) continue;
    let row = rows.get(shift.accountId);
    if (!row) {
      row = { accountId: shift.accountId, displayName: nameOf(shift.accountId), cells: days.map((): S | null => null) };
      rows.set(shift.accountId, row);
    }
    row.cells[day] = shift;
  }
  const list = [...rows.values()].sort(
    (a, b) => a.displayName.localeCompare(b.displayName, 'ja') || a.accountId.localeCompare(b.accountId),
  );
  return { weekStart, days, rows: list };
}

// ---------------------------------------------------------------------------------------------
// Export

export type ExportLang = 'ja' | 'en';

const weekdayNames: Record<ExportLang, string[]> = {
  ja: ['月', '火', '水', '木', '金', '土', '日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

export const shiftExportColumns: Record<ExportLang, string[]> = {
  ja: ['オペレーター', '日付', '曜日', '開始', '終了', '休憩開始', '休憩終了', '勤務時間（分）', '担当自治体', '言語', '手続'],
  en: [
    'Operator',
    'Date',
    'Weekday',
    'Start',
    'End',
    'Break start',
    'Break end',
    'Minutes worked',
    'Municipalities',
    'Languages',
    'Procedures',
  ],
};

export interface ExportNames {
  operator: (accountId: string) => string;
  municipality: (id: string) => string;
  language: (code: Language) => string;
  procedure: (code: Procedure) => string;
}

/**
 * The export's rows, per operator (by work name, the name residents see on screen) then date:
 * the same rows for the CSV and the XLSX.
 */
export function shiftExportRows(shifts: readonly Shift[], names: ExportNames, lang: ExportLang): (string | number)[][] {
  const sep = lang === 'ja' ? '、' : ', ';
  return [...shifts]
    .map((s) => ({ s, name: names.operator(s.accountId) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.s.accountId.localeCompare(b.s.accountId) || a.s.date.localeCompare(b.s.date))
    .map(({ s, name }) => [
      name,
      s.date,
      weekdayNames[lang][weekdayIndex(s.date)]!,
      timeOfMinute(s.startMinute),
      timeOfMinute(s.endMinute),
      s.breakStartMinute === null ? '' : timeOfMinute(s.breakStartMinute),
      s.breakEndMinute === null ? '' : timeOfMinute(s.breakEndMinute),
      workedMinutes(s),
      s.municipalityIds.map(names.municipality).join(sep),
      s.languages.map(names.language).join(sep),
      s.procedures.map(names.procedure).join(sep),
    ]);
}

/** The shift table as CSV for Excel: UTF-8 with a BOM, CRLF, a header row. */
export function shiftsCsv(shifts: readonly Shift[], names: ExportNames, lang: ExportLang): string {
  const lines = [shiftExportColumns[lang], ...shiftExportRows(shifts, names, lang)].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
