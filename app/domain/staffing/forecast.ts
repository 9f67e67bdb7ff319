/**
 * The demand forecast staffing is planned on: expected calls, mean handling and mean patience per
 * 30-minute interval (Japan time) and weekday, from the sessions Madoguchi recorded.
 *
 * Pure: no I/O, no clock; the date the forecast is made for is a parameter.
 *
 * Definitions (the history rows, app/server/staffing/forecast.server.ts, count them this way):
 * - A call is counted in the interval its request falls in (requestedAt, Japan time, UTC+9 all
 *   year), even if it is answered or ends in the next one.
 * - calls = offered calls, the arrivals that need an operator: answered + abandoned, where a call
 *   abandoned within the municipality's abandonGraceSeconds (a short abandon: it never really
 *   queued) is not counted, as in the service level (offered = answered + abandoned after grace).
 *   Booth referrals at the eligibility questions never queue and are not calls. Calls still
 *   waiting are not counted.
 * - handling = endedAt − answeredAt of answered calls that have ended.
 * - patience: exponential patience, maximum-likelihood estimate = total seconds waited by all
 *   offered calls (answered: to the answer, censored; abandoned: to hanging up) ÷ calls abandoned.
 *   null when there were no abandons (nobody seen hanging up: Erlang C instead of Erlang A).
 *
 * Method, per municipality, for a forecast made on date D (the week start):
 * - Sample days: the dates of the last `weeks` weeks before D (default 8), from the date the
 *   municipality's history starts (`since`), that are not national holidays (祝日, 振替休日,
 *   国民の休日) nor the year-end closure 12/29–1/3. A sample day without a row had no calls: 0.
 * - calls of (weekday, interval) = weighted mean over that weekday's sample days; week k before D
 *   weighs `recentWeight`^(k−1) (default 1: a plain mean; 0.9 leans on recent weeks).
 * - handling and patience of a cell are shrunk toward the municipality's figure over all sample
 *   days (a cell has few calls): handling = (Σ handling + p·H) / (handled calls + p), patience =
 *   (Σ waited + p·P) / (abandons + p), p = `priorWeight` (default 10); H = the municipality's mean
 *   handling (`defaultHandlingSeconds` without any), P = its patience (null without any abandon).
 * - Fewer than `minSampleDays` (default 3) sample days of a weekday — a new town — and the
 *   weekday's cells fall back to the default: `defaultCallsPerBoothHour` (default 2) × the
 *   open booth-hours of the interval from the booths' opening calendars, handling
 *   `defaultHandlingSeconds` (default 600), patience null. Such cells say source 'default'.
 * - forecastWeek: each date gets its weekday's cells; a national holiday or year-end date gets no
 *   demand from history (its history was excluded): default rate × the booth-hours its calendars
 *   open that date — 0 when the booths are closed, as they usually are — source 'holiday'.
 *   A 'default' cell on a date is worked out from that date's openings (closures respected).
 * - Pooled (an operator group): per cell, the sum of calls; handling weighted by calls; patience
 *   as the calls-weighted abandonment rate (1 / patience), over the municipalities that have one;
 *   sampleDays the fewest of the municipalities with calls; source 'default' or 'holiday' when
 *   any municipality's part is.
 */
import { isNationalHoliday, isYearEndClosure, type OpeningCalendar } from '../calendar';
import { DAY_MS, JST_OFFSET_MS } from '../japan-time';
import { INTERVAL_MS, INTERVALS_PER_DAY } from '../reports/aggregate';
import { openingSpans } from '../uptime';

// One staffing interval for reports, forecast and shifts: defined once in reports/aggregate.ts.
export { INTERVAL_MS, INTERVALS_PER_DAY };
export const INTERVAL_MINUTES = INTERVAL_MS / 60_000;
export const INTERVAL_SECONDS = INTERVAL_MS / 1000;

// Japan dates as day numbers ------------------------------------------------------------------

/** Days since 1970-01-01 of a Japan date 'YYYY-MM-DD'. */
export const dayOfDate = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
/** The Japan date 'YYYY-MM-DD' of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOfDay = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** The Japan day number and 30-minute interval (0–47) an instant falls in. */
export function intervalOf(epochMs: number): { day: number; interval: number } {
  const local = epochMs + JST_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, interval: Math.floor((local - day * DAY_MS) / INTERVAL_MS) };
}

/** The instant (epoch ms) an interval of a Japan day starts. */
export const intervalStartMs = (day: number, interval: number): number => day * DAY_MS - JST_OFFSET_MS + interval * INTERVAL_MS;

/** Dates that never sample demand and get the holiday treatment in a forecast week. */
export const isHolidayDate = (date: string): boolean => isNationalHoliday(date) || isYearEndClosure(date);

/** isHolidayDate by day number, remembered: the national view asks it for every municipality's window. */
const holidayDays = new Map<number, boolean>();
function isHolidayDay(day: number): boolean {
  let holiday = holidayDays.get(day);
  if (holiday === undefined) {
    holiday = isHolidayDate(dateOfDay(day));
    holidayDays.set(day, holiday);
  }
  return holiday;
}

// Inputs --------------------------------------------------------------------------------------

/** Sessions of one municipality, one Japan day and one interval (only intervals with sessions). */
export interface HistoryRow {
  /** Japan day number (dayOfDate). */
  day: number;
  /** 0–47: 00:00–00:30 is 0, 09:00–09:30 is 18. */
  interval: number;
  answered: number;
  /** Abandoned after the grace period (short abandons are not in the history at all). */
  abandoned: number;
  /** Sum and count of handling seconds (answered calls that ended). */
  handlingSeconds: number;
  handled: number;
  /** Seconds waited by the offered calls (answered: to the answer; abandoned: to the end). */
  waitingSeconds: number;
}

export interface MunicipalityHistory {
  municipalityId: string;
  /** The day number its recorded history starts (earlier days are not zero-demand samples); null: no history. */
  since: number | null;
  rows: readonly HistoryRow[];
  /** Opening calendars of its enabled booths: the default demand for a town without history. */
  calendars: readonly OpeningCalendar[];
}

export interface ForecastOptions {
  /** N: weeks of history (default 8). */
  weeks?: number;
  /** K: fewer sample days of a weekday than this and it falls back to the default (default 3). */
  minSampleDays?: number;
  /** Weight of week k before the forecast: recentWeight^(k−1) (default 1, a plain mean). */
  recentWeight?: number;
  /** Calls' worth of the municipality-wide handling/patience a cell is shrunk toward (default 10). */
  priorWeight?: number;
  defaultCallsPerBoothHour?: number;
  defaultHandlingSeconds?: number;
}

export const forecastDefaults = {
  weeks: 8,
  minSampleDays: 3,
  recentWeight: 1,
  priorWeight: 10,
  defaultCallsPerBoothHour: 2,
  defaultHandlingSeconds: 600,
} as const satisfies Required<ForecastOptions>;

// Outputs -------------------------------------------------------------------------------------

/** history: from the sample days; default: a new town's stated default; holiday: see the header. */
export type CellSource = 'history' | 'default' | 'holiday';

export interface ForecastCell {
  /** Expected offered calls in the interval. */
  calls: number;
  handlingSeconds: number;
  /** Mean patience; null when no abandon was ever seen (plan with Erlang C). */
  patienceSeconds: number | null;
  /** Sample days the cell stands on (0 for default and holiday cells). */
  sampleDays: number;
  source: CellSource;
}

export interface WeekdayForecast {
  municipalityIds: string[];
  /** The forecast's date: history is the `weeks` weeks before it. */
  asOf: string;
  weeks: number;
  /** [weekday 0–6, Sunday first][interval 0–47] */
  cells: ForecastCell[][];
}

export interface DayForecast {
  date: string;
  weekday: number;
  holiday: boolean;
  /** [interval 0–47]; read-only (forecastWeek may share them between dates). */
  readonly cells: readonly ForecastCell[];
}

export interface WeekForecast {
  municipalityIds: string[];
  weekStart: string;
  weeks: number;
  days: DayForecast[];
}

// Forecast ------------------------------------------------------------------------------------

function resolved(options: ForecastOptions): Required<ForecastOptions> {
  const o = { ...forecastDefaults, ...options };
  if (!Number.isInteger(o.weeks) || o.weeks < 1) throw new RangeError(`weeks must be a whole number ≥ 1, got ${o.weeks}`);
  if (!(o.minSampleDays >= 0)) throw new RangeError(`minSampleDays must be ≥ 0, got ${o.minSampleDays}`);
  if (!(o.recentWeight > 0 && o.recentWeight <= 1)) throw new RangeError(`recentWeight must be in (0, 1], got ${o.recentWeight}`);
  if (!(o.priorWeight >= 0)) throw new RangeError(`priorWeight must be ≥ 0, got ${o.priorWeight}`);
  if (!(o.defaultCallsPerBoothHour >= 0)) throw new RangeError('defaultCallsPerBoothHour must be ≥ 0');
  if (!(o.defaultHandlingSeconds > 0)) throw new RangeError('defaultHandlingSeconds must be > 0');
  return o;
}

/** Open booth-hours per interval of one day: the sum over booths of their open time in it. */
export function openBoothHours(calendars: readonly OpeningCalendar[], day: number): number[] {
  const hours = new Array<number>(INTERVALS_PER_DAY).fill(0);
  const from = intervalStartMs(day, 0);
  for (const calendar of calendars) {
    for (const span of openingSpans(calendar, from, from + DAY_MS)) {
      for (let i = Math.floor((span.start - from) / INTERVAL_MS); i * INTERVAL_MS + from < span.end; i++) {
        const start = Math.max(span.start, from + i * INTERVAL_MS);
        const end = Math.min(span.end, from + (i + 1) * INTERVAL_MS);
        hours[i]! += (end - start) / 3_600_000;
      }
    }
  }
  return hours;
}

/**
 * Expected calls, handling and patience per weekday × interval from the `weeks` weeks before
 * `asOf` ('YYYY-MM-DD'). Default cells use each weekday's weekly calendar hours (the week
 * forecast works them out per date instead).
 */
export function forecastWeekdays(history: MunicipalityHistory, asOf: string, options: ForecastOptions = {}): WeekdayForecast {
  const o = resolved(options);
  const end = dayOfDate(asOf);
  const start = Math.max(end - 7 * o.weeks, history.since ?? end);
  // Weight of each sample day (0: not a sample day), and the per-weekday totals.
  const weightOf = new Float64Array(Math.max(0, end - start));
  const weekday = Array.from({ length: 7 }, () => ({ weight: 0, days: 0 }));
  for (let d = start; d < end; d++) {
    if (isHolidayDay(d)) continue;
    const w = o.recentWeight ** Math.floor((end - 1 - d) / 7);
    weightOf[d - start] = w;
    weekday[weekdayOfDay(d)]!.weight += w;
    weekday[weekdayOfDay(d)]!.days += 1;
  }
  // Weighted sums per weekday × interval, five figures each (flat: the national view does 1,741 of these).
  const CALLS = 0;
  const ABANDONED = 1;
  const HANDLING = 2;
  const HANDLED = 3;
  const WAITING = 4;
  const sums = new Float64Array(7 * INTERVALS_PER_DAY * 5);
  const at = (w: number, i: number, figure: number) => (w * INTERVALS_PER_DAY + i) * 5 + figure;
  const all = { abandoned: 0, handlingSeconds: 0, handled: 0, waitingSeconds: 0 };
  for (const r of history.rows) {
    const w = r.day >= start && r.day < end ? weightOf[r.day - start]! : 0;
    if (w === 0 || r.interval < 0 || r.interval >= INTERVALS_PER_DAY) continue;
    const k = at(weekdayOfDay(r.day), r.interval, 0);
    sums[k + CALLS]! += w * (r.answered + r.abandoned);
    sums[k + ABANDONED]! += w * r.abandoned;
    sums[k + HANDLING]! += w * r.handlingSeconds;
    sums[k + HANDLED]! += w * r.handled;
    sums[k + WAITING]! += w * r.waitingSeconds;
    all.abandoned += r.abandoned;
    all.handlingSeconds += r.handlingSeconds;
    all.handled += r.handled;
    all.waitingSeconds += r.waitingSeconds;
  }
  const meanHandling = all.handled > 0 ? all.handlingSeconds / all.handled : o.defaultHandlingSeconds;
  const meanPatience = all.abandoned > 0 ? all.waitingSeconds / all.abandoned : null;
  const p = o.priorWeight;

  const cells = weekday.map((wd, w) => {
    if (wd.days < o.minSampleDays || wd.days === 0) return defaultCells(weeklyHours(history.calendars, w), o);
    return Array.from({ length: INTERVALS_PER_DAY }, (_, i): ForecastCell => {
      const k = at(w, i, 0);
      const handled = sums[k + HANDLED]! + p;
      const abandons = sums[k + ABANDONED]! + p;
      return {
        calls: sums[k + CALLS]! / wd.weight,
        handlingSeconds: handled > 0 ? (sums[k + HANDLING]! + p * meanHandling) / handled : meanHandling,
        patienceSeconds: meanPatience === null ? null : abandons > 0 ? (sums[k + WAITING]! + p * meanPatience) / abandons : meanPatience,
        sampleDays: wd.days,
        source: 'history',
      };
    });
  });
  return { municipalityIds: [history.municipalityId], asOf, weeks: o.weeks, cells };
}

/** Open booth-hours per interval of a weekday from the calendars' weekly hours alone. */
function weeklyHours(calendars: readonly OpeningCalendar[], weekday: number): number[] {
  const hours = new Array<number>(INTERVALS_PER_DAY).fill(0);
  for (const calendar of calendars) {
    for (const range of calendar.weekly[weekday] ?? []) {
      const from = minutesOf(range.start);
      const to = minutesOf(range.end);
      for (let i = Math.floor(from / INTERVAL_MINUTES); i * INTERVAL_MINUTES < to; i++) {
        hours[i]! += (Math.min(to, (i + 1) * INTERVAL_MINUTES) - Math.max(from, i * INTERVAL_MINUTES)) / 60;
      }
    }
  }
  return hours;
}
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function defaultCells(hours: readonly number[], o: Required<ForecastOptions>, source: CellSource = 'default'): ForecastCell[] {
  return hours.map((h) => ({
    calls: h * o.defaultCallsPerBoothHour,
    handlingSeconds: o.defaultHandlingSeconds,
    patienceSeconds: null,
    sampleDays: 0,
    source,
  }));
}

/**
 * The forecast for the 7 dates from `weekStart` ('YYYY-MM-DD'). The history ends before `asOf`
 * (default: weekStart): a forecast made on a Wednesday for next week passes that Wednesday, so
 * the days in between, not lived yet, are not taken for days without calls.
 */
export function forecastWeek(
  history: MunicipalityHistory,
  weekStart: string,
  options: ForecastOptions & { asOf?: string } = {},
): WeekForecast {
  const { asOf = weekStart, ...rest } = options;
  if (asOf > weekStart) throw new RangeError(`asOf ${asOf} is after the week start ${weekStart}`);
  const o = resolved(rest);
  const profile = forecastWeekdays(history, asOf, o);
  const first = dayOfDate(weekStart);
  const days = Array.from({ length: 7 }, (_, k): DayForecast => {
    const day = first + k;
    const date = dateOfDay(day);
    const weekday = weekdayOfDay(day);
    const holiday = isHolidayDay(day);
    const cells = profile.cells[weekday]!;
    if (holiday) return { date, weekday, holiday, cells: defaultCells(openBoothHours(history.calendars, day), o, 'holiday') };
    if (cells[0]!.source === 'default') return { date, weekday, holiday, cells: defaultCells(openBoothHours(history.calendars, day), o) };
    // Shared with the other dates of the weekday (not copied: the national view has 1,741 of them).
    return { date, weekday, holiday, cells };
  });
  return { municipalityIds: [history.municipalityId], weekStart, weeks: o.weeks, days };
}

// Pooling -------------------------------------------------------------------------------------

/** One cell of several municipalities (see the header: sum, weighted handling, pooled abandon rate). */
export function poolCells(cells: readonly ForecastCell[]): ForecastCell {
  let calls = 0;
  let handling = 0;
  let rate = 0;
  let rateCalls = 0;
  let sampleDays = Number.POSITIVE_INFINITY;
  let quietSampleDays = Number.POSITIVE_INFINITY;
  let source: CellSource = 'history';
  for (const c of cells) {
    calls += c.calls;
    handling += c.calls * c.handlingSeconds;
    if (c.patienceSeconds !== null && c.patienceSeconds > 0) {
      rate += c.calls / c.patienceSeconds;
      rateCalls += c.calls;
    }
    if (c.source === 'history') {
      if (c.calls > 0) sampleDays = Math.min(sampleDays, c.sampleDays);
      else quietSampleDays = Math.min(quietSampleDays, c.sampleDays);
    }
    if (c.source === 'holiday') source = 'holiday';
    else if (c.source === 'default' && source === 'history') source = 'default';
  }
  const fallbackHandling = cells.length > 0 ? cells.reduce((s, c) => s + c.handlingSeconds, 0) / cells.length : 0;
  return {
    calls,
    handlingSeconds: calls > 0 ? handling / calls : fallbackHandling,
    patienceSeconds: rateCalls > 0 && rate > 0 ? rateCalls / rate : null,
    // The fewest among municipalities with calls; among quiet ones when none has calls; 0 if none is history.
    sampleDays: Number.isFinite(sampleDays) ? sampleDays : Number.isFinite(quietSampleDays) ? quietSampleDays : 0,
    source,
  };
}

/** The municipalities' week forecasts (same weekStart) pooled into one. */
export function poolWeeks(weeks: readonly WeekForecast[]): WeekForecast {
  const first = weeks[0];
  if (!first) throw new RangeError('poolWeeks needs at least one forecast');
  if (weeks.some((w) => w.weekStart !== first.weekStart)) throw new RangeError('poolWeeks needs forecasts of the same week');
  return {
    municipalityIds: weeks.flatMap((w) => w.municipalityIds),
    weekStart: first.weekStart,
    weeks: first.weeks,
    days: first.days.map((d, k) => ({
      ...d,
      cells: d.cells.map((_, i) => poolCells(weeks.map((w) => w.days[k]!.cells[i]!))),
    })),
  };
}

/** Forecast and pool an operator group's municipalities for a week. */
export function forecastPooledWeek(
  histories: readonly MunicipalityHistory[],
  weekStart: string,
  options: ForecastOptions = {},
): WeekForecast {
  return poolWeeks(histories.map((h) => forecastWeek(h, weekStart, options)));
}
