/**
 * Booth uptime counted only within the booth's opening hours (calendar.ts): the figure town
 * staff see per day and month, and the reports print.
 *
 * Pure: no I/O, no clock; `now` is a parameter.
 *
 * Definitions (also in docs/decisions/0014-booth-health.md):
 * - openMs: opening time of the booth inside [range.from, min(range.to, now)). Time after `now`
 *   has not happened yet and is not counted, so "today" is today so far.
 * - onlineMs / degradedMs / offlineMs: open time covered by an interval of that status. An
 *   interval whose endedAt is null is still current and runs until `now`.
 * - unknownMs: open time covered by no interval (before the booth's first heartbeat, or a gap).
 *   Unknown counts as DOWN: the ratio's denominator is all open time, and nothing vouches that a
 *   resident could have been served then.
 * - ratio = (onlineMs + degradedMs) / openMs; a degraded booth still takes calls. null when
 *   openMs = 0 (closed all range): "no opening", not 0 % or 100 %.
 * - outages: each offline interval that overlaps opening hours inside the range, with its own
 *   start and end (end null while it lasts) and the part of it that fell in opening hours (openMs).
 *   An outage across closing time counts only its open part.
 */
import { type OpeningCalendar, openingsOn } from './calendar';
import { DAY_MS, localDate } from './japan-time';

export type BoothStatus = 'online' | 'degraded' | 'offline';

export interface StatusInterval {
  status: BoothStatus;
  startedAt: Date;
  endedAt: Date | null;
}

/** Offline time overlapping opening hours. */
export interface Outage {
  start: Date;
  end: Date | null;
  /** The part of the outage inside opening hours (and inside the range, up to now). */
  openMs: number;
}

export interface Uptime {
  openMs: number;
  onlineMs: number;
  degradedMs: number;
  offlineMs: number;
  unknownMs: number;
  ratio: number | null;
  outages: Outage[];
}

interface Span {
  start: number;
  end: number;
}

/** Opening ranges (epoch ms) of the calendar clipped to [from, to), sorted and disjoint. */
export function openingSpans(calendar: OpeningCalendar, from: number, to: number): Span[] {
  const spans: Span[] = [];
  if (to <= from) return spans;
  // Walk local dates: the first is the date `from` falls on; stop after the date of `to - 1`.
  const lastDate = localDate(new Date(to - 1));
  for (let t = from, date = localDate(new Date(from)); ; t += DAY_MS, date = localDate(new Date(t))) {
    for (const r of openingsOn(calendar, date)) {
      const start = Math.max(r.start.getTime(), from);
      const end = Math.min(r.end.getTime(), to);
      if (start >= end) continue;
      const last = spans[spans.length - 1];
      // Touching ranges across midnight become one span.
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else spans.push({ start, end });
    }
    if (date >= lastDate) break;
  }
  return spans;
}

/** Total overlap of [start, end) with the sorted spans, from index `first` on. */
function overlapMs(spans: readonly Span[], start: number, end: number, first: number): number {
  let total = 0;
  for (let i = first; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.start >= end) break;
    const s = Math.max(span.start, start);
    const e = Math.min(span.end, end);
    if (e > s) total += e - s;
  }
  return total;
}

/** Index of the first span that ends after `t` (binary search). */
function firstEndingAfter(spans: readonly Span[], t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function uptimeWithinOpening(
  calendar: OpeningCalendar,
  intervals: readonly StatusInterval[],
  range: { from: Date; to: Date },
  now: Date,
): Uptime {
  const from = range.from.getTime();
  const to = Math.min(range.to.getTime(), now.getTime());
  const spans = openingSpans(calendar, from, to);
  const openMs = spans.reduce((sum, s) => sum + (s.end - s.start), 0);
  const totals = { online: 0, degraded: 0, offline: 0 };
  const outages: Outage[] = [];

  const sorted = [...intervals].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  // Intervals should never overlap; if they do (clock skew, a crash), count each instant once.
  let covered = -Infinity;
  for (const interval of sorted) {
    const rawStart = interval.startedAt.getTime();
    const rawEnd = interval.endedAt ? interval.endedAt.getTime() : now.getTime();
    const start = Math.max(rawStart, from, covered);
    const end = Math.min(rawEnd, to);
    covered = Math.max(covered, Math.min(rawEnd, to));
    if (end <= start) continue;
    const ms = overlapMs(spans, start, end, firstEndingAfter(spans, start));
    totals[interval.status] += ms;
    if (interval.status === 'offline' && ms > 0) {
      const last = outages[outages.length - 1];
      // Two offline intervals back to back are one outage.
      if (last && last.end !== null && last.end.getTime() === rawStart) {
        last.end = interval.endedAt;
        last.openMs += ms;
      } else {
        outages.push({ start: interval.startedAt, end: interval.endedAt, openMs: ms });
      }
    }
  }
  const known = totals.online + totals.degraded + totals.offline;
  return {
    openMs,
    onlineMs: totals.online,
    degradedMs: totals.degraded,
    offlineMs: totals.offline,
    unknownMs: Math.max(0, openMs - known),
    ratio: openMs === 0 ? null : (totals.online + totals.degraded) / openMs,
    outages,
  };
}
