/**
 * Session figures for the dashboard and the daily/monthly reports, from plain rows or from the
 * same rows already grouped by SQL. Pure: no I/O, no clock.
 *
 * Definitions (printed in every report, see `definitions`):
 * - answered: answeredAt is set (an operator took the call).
 * - referred at the booth: outcome 'referred' and never answered (the booth's eligibility
 *   questions sent the resident to the counter; no operator time).
 * - abandoned: ended, never answered, and not a booth referral (the resident gave up while
 *   waiting, or the booth vanished).
 * - short abandon: an abandoned call that waited no longer than the municipality's grace period
 *   (default 5 s: a mistaken press, a resident who walked away at once). Not counted as offered.
 * - waiting: not answered and not ended yet (only in today's figures; not counted as offered).
 * - offered calls = answered + abandoned − short abandons (booth referrals never queued).
 * - wait = answeredAt − requestedAt (answered) or endedAt − requestedAt (abandoned).
 * - handling = endedAt − answeredAt (answered and ended).
 * - service level = answered within N seconds ÷ offered calls (N per municipality, default 60 s);
 *   its goal (default 80 %) is met when the level is at least the goal.
 * - average speed of answer (ASA) = mean wait of answered calls.
 * - abandon rate = (abandoned − short abandons) ÷ offered calls.
 * - average and 95th-percentile wait are over answered and abandoned calls. The 95th
 *   percentile is the nearest rank: the ⌈0.95·n⌉-th smallest wait.
 * - a call belongs to the day, hour and 30-minute interval in which it was requested (Japan
 *   time), however long it waited or lasted.
 */
import type { Language, Outcome, Procedure } from '@madoguchi/db/vocabulary';
import { languages, outcomes, procedures } from '@madoguchi/db/vocabulary';
import { DAY_MS, JST_OFFSET_MS } from '../japan-time';

export const sessionKinds = ['answered', 'referred_at_booth', 'abandoned', 'waiting'] as const;
export type SessionKind = (typeof sessionKinds)[number];

/** Default N of the service level: answered within 60 seconds. */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 60;
/** Length of a staffing interval: 30 minutes, 48 a day. */
export const INTERVAL_MS = 30 * 60_000;
export const INTERVALS_PER_DAY = 48;

/** How a municipality measures its service level (settings on the municipality). */
export interface ServiceLevelPolicy {
  /** Answered within this many seconds counts as within the service level. */
  seconds: number;
  /** The goal, 0–1 (e.g. 0.8). */
  goal: number;
  /** Abandons within this many seconds are not offered calls. */
  abandonGraceSeconds: number;
}
export const DEFAULT_SERVICE_LEVEL_POLICY: ServiceLevelPolicy = {
  seconds: DEFAULT_SERVICE_LEVEL_SECONDS,
  goal: 0.8,
  abandonGraceSeconds: 5,
};

/** What a report needs of one session (no ids of people, no personal data). */
export interface SessionRow {
  boothId: string;
  procedure: Procedure | null;
  language: Language | null;
  outcome: Outcome | null;
  requestedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
}

export function kindOf(row: Pick<SessionRow, 'answeredAt' | 'endedAt' | 'outcome'>): SessionKind {
  if (row.answeredAt) return 'answered';
  if (!row.endedAt) return 'waiting';
  return row.outcome === 'referred' ? 'referred_at_booth' : 'abandoned';
}

/** Wait in ms (answered: to the answer; abandoned: to the end), null otherwise. */
export function waitOf(row: SessionRow): number | null {
  const kind = kindOf(row);
  if (kind === 'answered') return row.answeredAt!.getTime() - row.requestedAt.getTime();
  if (kind === 'abandoned') return row.endedAt!.getTime() - row.requestedAt.getTime();
  return null;
}

export function handlingOf(row: SessionRow): number | null {
  return row.answeredAt && row.endedAt ? row.endedAt.getTime() - row.answeredAt.getTime() : null;
}

/** Sums of one group of sessions: what SQL's GROUP BY returns and what is added up here. */
export interface Measures {
  count: number;
  /** Sum and count of waits (answered + abandoned). */
  waitMsSum: number;
  waitCount: number;
  /** Sum and count of handling times (answered and ended). */
  handlingMsSum: number;
  handlingCount: number;
  /** Answered within the service-level threshold. */
  withinServiceLevel: number;
  /** Sum of the waits of answered calls (ASA = this ÷ answered). */
  answeredWaitMsSum: number;
  /** Abandoned within the grace period. */
  shortAbandoned: number;
}

/** Sessions grouped by everything the tables break down by, except the unit (booth). */
export interface SessionBucket extends Measures {
  procedure: Procedure | null;
  language: Language | null;
  kind: SessionKind;
  outcome: Outcome | null;
  /** JST 30-minute interval of the day of requestedAt, 0–47 (hour = interval ÷ 2). */
  interval: number;
}

/** Sessions grouped by a unit (a booth, a municipality, or a day) and kind. */
export interface UnitBucket extends Measures {
  unit: string;
  kind: SessionKind;
}

/** Measures of no calls. */
export const zeroMeasures = (): Measures => ({
  count: 0,
  waitMsSum: 0,
  waitCount: 0,
  handlingMsSum: 0,
  handlingCount: 0,
  withinServiceLevel: 0,
  answeredWaitMsSum: 0,
  shortAbandoned: 0,
});

/** The thresholds of a policy in milliseconds, as measure() and the SQL use them. */
export interface Thresholds {
  slMs: number;
  graceMs: number;
}
export const thresholdsOf = (p: Pick<ServiceLevelPolicy, 'seconds' | 'abandonGraceSeconds'>): Thresholds => ({
  slMs: p.seconds * 1000,
  graceMs: p.abandonGraceSeconds * 1000,
});

function measure(row: SessionRow, t: Thresholds): Measures {
  const wait = waitOf(row);
  const handling = handlingOf(row);
  const kind = kindOf(row);
  return {
    count: 1,
    waitMsSum: wait ?? 0,
    waitCount: wait === null ? 0 : 1,
    handlingMsSum: handling ?? 0,
    handlingCount: handling === null ? 0 : 1,
    withinServiceLevel: kind === 'answered' && wait !== null && wait <= t.slMs ? 1 : 0,
    answeredWaitMsSum: kind === 'answered' ? wait! : 0,
    shortAbandoned: kind === 'abandoned' && wait !== null && wait <= t.graceMs ? 1 : 0,
  };
}

function add(into: Measures, m: Measures): void {
  into.count += m.count;
  into.waitMsSum += m.waitMsSum;
  into.waitCount += m.waitCount;
  into.handlingMsSum += m.handlingMsSum;
  into.handlingCount += m.handlingCount;
  into.withinServiceLevel += m.withinServiceLevel;
  into.answeredWaitMsSum += m.answeredWaitMsSum;
  into.shortAbandoned += m.shortAbandoned;
}

function group<K, B extends Measures>(rows: readonly SessionRow[], keyOf: (r: SessionRow) => K & object, t: Thresholds): (K & Measures)[] {
  const map = new Map<string, K & Measures>();
  for (const row of rows) {
    const key = keyOf(row);
    const id = JSON.stringify(key);
    let bucket = map.get(id);
    if (!bucket) map.set(id, (bucket = { ...key, ...zeroMeasures() }));
    add(bucket, measure(row, t));
  }
  return [...map.values()] as (K & B)[];
}

/** The policy's thresholds; pure callers that give none get 60 s and no grace. */
const NO_GRACE: Thresholds = { slMs: DEFAULT_SERVICE_LEVEL_SECONDS * 1000, graceMs: 0 };

/** JST 30-minute interval of the day, 0–47. */
export const localInterval = (ms: number) => Math.floor(((((ms + JST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / INTERVAL_MS);

/** The in-memory twin of the SQL GROUP BY in reports.server.ts. */
export function bucketsOf(rows: readonly SessionRow[], t: Thresholds = NO_GRACE): SessionBucket[] {
  return group(
    rows,
    (r) => ({
      procedure: r.procedure,
      language: r.language,
      kind: kindOf(r),
      outcome: r.outcome,
      interval: localInterval(r.requestedAt.getTime()),
    }),
    t,
  );
}

export function unitBucketsOf(rows: readonly SessionRow[], unitOf: (r: SessionRow) => string, t: Thresholds = NO_GRACE): UnitBucket[] {
  return group(rows, (r) => ({ unit: unitOf(r), kind: kindOf(r) }), t);
}

/** The waits (ms) of offered calls, for the exact percentile. */
export function waitsOf(rows: readonly SessionRow[]): number[] {
  return rows.map(waitOf).filter((w): w is number => w !== null);
}

// ---------------------------------------------------------------------------------------------
// Percentiles

/** Nearest-rank percentile (p in (0, 100]) of values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Nearest-rank percentile from a histogram of waits (the national roll-up cannot sort millions of
 * rows in time): each entry counts the waits in (upperMs − width, upperMs]; the answer is the
 * upper edge of the bucket holding the rank, so it is at most one bucket width too high.
 */
export function percentileFromHistogram(histogram: readonly { upperMs: number; count: number }[], p: number): number | null {
  const sorted = [...histogram].filter((h) => h.count > 0).sort((a, b) => a.upperMs - b.upperMs);
  const n = sorted.reduce((s, h) => s + h.count, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const h of sorted) {
    seen += h.count;
    if (seen >= rank) return h.upperMs;
  }
  return sorted[sorted.length - 1]!.upperMs;
}

// ---------------------------------------------------------------------------------------------
// Summaries

/** A column of the procedure × outcome table: an outcome, abandoned, or no outcome (yet). */
export const outcomeColumns = [...outcomes, 'abandoned', 'none'] as const;
export type OutcomeColumn = (typeof outcomeColumns)[number];

/** Which column a group of sessions falls in. Booth referrals are in 'referred' with the operator's. */
export function columnOf(kind: SessionKind, outcome: Outcome | null): OutcomeColumn {
  if (kind === 'abandoned') return 'abandoned';
  return outcome ?? 'none';
}

export interface KindCounts {
  sessions: number;
  answered: number;
  referredAtBooth: number;
  abandoned: number;
  waiting: number;
}

/** Queue figures of any group of calls (a unit, an interval, a day, the whole period). */
export interface ServiceFigures {
  /** answered + abandoned − short abandons */
  offered: number;
  answeredWithinServiceLevel: number;
  shortAbandoned: number;
  /** 0–1; null when nothing was offered. */
  serviceLevel: number | null;
  abandonRate: number | null;
  /** Average speed of answer: mean wait of answered calls. */
  asaMs: number | null;
}

export interface QueueFigures extends ServiceFigures {
  serviceLevelSeconds: number;
  abandonGraceSeconds: number;
  /** 0–1 */
  goal: number;
  /** null when nothing was offered. */
  goalMet: boolean | null;
  avgWaitMs: number | null;
  p95WaitMs: number | null;
  /** How p95 was found: sorting every wait, or a 1-second histogram (national roll-up). */
  p95Method: 'exact' | 'histogram';
  avgHandlingMs: number | null;
}

export interface UnitFigures extends KindCounts, ServiceFigures {
  unit: string;
  avgWaitMs: number | null;
  avgHandlingMs: number | null;
}

/** One 30-minute interval of the day (requested in it), Japan time. */
export interface IntervalFigures extends KindCounts, ServiceFigures {
  interval: number;
  /** 'HH:MM' of its start. */
  start: string;
  avgHandlingMs: number | null;
}

export interface SessionFigures {
  totals: KindCounts & { referredByOperator: number; completed: number };
  queue: QueueFigures;
  /** Every procedure (and null = not chosen) × every column, zeros included. */
  byProcedureOutcome: { procedure: Procedure | null; cells: Record<OutcomeColumn, number>; total: number }[];
  columnTotals: Record<OutcomeColumn, number>;
  byLanguage: ({ language: Language | null } & KindCounts)[];
  /** 24 entries, hour 0–23 JST. */
  byHour: ({ hour: number } & KindCounts)[];
  /** 48 entries, 30-minute intervals 0–47 JST. */
  byInterval: IntervalFigures[];
  byUnit: UnitFigures[];
}

const emptyCounts = (): KindCounts => ({ sessions: 0, answered: 0, referredAtBooth: 0, abandoned: 0, waiting: 0 });

function countInto(c: KindCounts, kind: SessionKind, n: number): void {
  c.sessions += n;
  if (kind === 'answered') c.answered += n;
  else if (kind === 'referred_at_booth') c.referredAtBooth += n;
  else if (kind === 'abandoned') c.abandoned += n;
  else c.waiting += n;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const mean = (sum: number, n: number) => (n === 0 ? null : sum / n);

/** The service figures of a group of calls, by the definitions above. */
export function serviceFiguresOf(counts: Pick<KindCounts, 'answered' | 'abandoned'>, m: Measures): ServiceFigures {
  const offered = counts.answered + counts.abandoned - m.shortAbandoned;
  return {
    offered,
    answeredWithinServiceLevel: m.withinServiceLevel,
    shortAbandoned: m.shortAbandoned,
    serviceLevel: ratio(m.withinServiceLevel, offered),
    abandonRate: ratio(counts.abandoned - m.shortAbandoned, offered),
    asaMs: mean(m.answeredWaitMsSum, counts.answered),
  };
}

const hhmm = (interval: number) => `${String(Math.floor(interval / 2)).padStart(2, '0')}:${interval % 2 ? '30' : '00'}`;

/** Every unit known to the caller (e.g. all booths of the town) appears, with zeros if idle. */
export function summariseUnits(buckets: readonly UnitBucket[], knownUnits: readonly string[] = []): UnitFigures[] {
  const units = new Map<string, { counts: KindCounts; m: Measures }>();
  for (const u of knownUnits) units.set(u, { counts: emptyCounts(), m: zeroMeasures() });
  for (const b of buckets) {
    let u = units.get(b.unit);
    if (!u) units.set(b.unit, (u = { counts: emptyCounts(), m: zeroMeasures() }));
    countInto(u.counts, b.kind, b.count);
    add(u.m, b);
  }
  return [...units.entries()].map(([unit, { counts, m }]) => ({
    unit,
    ...counts,
    ...serviceFiguresOf(counts, m),
    avgWaitMs: mean(m.waitMsSum, m.waitCount),
    avgHandlingMs: mean(m.handlingMsSum, m.handlingCount),
  }));
}

/**
 * Figures from grouped sessions. `waits` are either every wait (exact p95) or a histogram.
 */
export function summarise(input: {
  buckets: readonly SessionBucket[];
  units: readonly UnitBucket[];
  knownUnits?: readonly string[];
  waits: { exact: readonly number[] } | { histogram: readonly { upperMs: number; count: number }[] };
  policy?: ServiceLevelPolicy;
}): SessionFigures {
  const policy = input.policy ?? { ...DEFAULT_SERVICE_LEVEL_POLICY, abandonGraceSeconds: 0 };
  const totals = { ...emptyCounts(), referredByOperator: 0, completed: 0 };
  const m = zeroMeasures();
  const emptyCells = () => Object.fromEntries(outcomeColumns.map((c) => [c, 0])) as Record<OutcomeColumn, number>;
  const byProcedure = new Map<Procedure | null, Record<OutcomeColumn, number>>([...procedures, null].map((p) => [p, emptyCells()]));
  const columnTotals = emptyCells();
  const byLanguage = new Map<Language | null, KindCounts>([...languages, null].map((l) => [l, emptyCounts()]));
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, ...emptyCounts() }));
  const intervals = Array.from({ length: INTERVALS_PER_DAY }, () => ({ counts: emptyCounts(), m: zeroMeasures() }));

  for (const b of input.buckets) {
    countInto(totals, b.kind, b.count);
    if (b.kind === 'answered' && b.outcome === 'referred') totals.referredByOperator += b.count;
    if (b.outcome === 'completed') totals.completed += b.count;
    add(m, b);
    const column = columnOf(b.kind, b.outcome);
    byProcedure.get(b.procedure)![column] += b.count;
    columnTotals[column] += b.count;
    countInto(byLanguage.get(b.language)!, b.kind, b.count);
    countInto(byHour[b.interval >> 1]!, b.kind, b.count);
    countInto(intervals[b.interval]!.counts, b.kind, b.count);
    add(intervals[b.interval]!.m, b);
  }

  const service = serviceFiguresOf(totals, m);
  const p95 = 'exact' in input.waits ? percentile(input.waits.exact, 95) : percentileFromHistogram(input.waits.histogram, 95);
  return {
    totals,
    queue: {
      ...service,
      serviceLevelSeconds: policy.seconds,
      abandonGraceSeconds: policy.abandonGraceSeconds,
      goal: policy.goal,
      goalMet: service.serviceLevel === null ? null : service.serviceLevel >= policy.goal,
      avgWaitMs: mean(m.waitMsSum, m.waitCount),
      p95WaitMs: p95,
      p95Method: 'exact' in input.waits ? 'exact' : 'histogram',
      avgHandlingMs: mean(m.handlingMsSum, m.handlingCount),
    },
    // Procedures the town never saw and "not chosen" stay as rows of zeros: the contract table has them all.
    byProcedureOutcome: [...byProcedure.entries()].map(([procedure, cells]) => ({
      procedure,
      cells,
      total: outcomeColumns.reduce((s, c) => s + cells[c], 0),
    })),
    columnTotals,
    byLanguage: [...byLanguage.entries()].map(([language, counts]) => ({ language, ...counts })),
    byHour,
    byInterval: intervals.map(({ counts, m: im }, interval) => ({
      interval,
      start: hhmm(interval),
      ...counts,
      ...serviceFiguresOf(counts, im),
      avgHandlingMs: mean(im.handlingMsSum, im.handlingCount),
    })),
    byUnit: summariseUnits(input.units, input.knownUnits),
  };
}

/** Everything from plain rows (tests, small sets): the reference the SQL path must equal. */
export function figuresFromRows(
  rows: readonly SessionRow[],
  options: { serviceLevelSeconds?: number; policy?: ServiceLevelPolicy; knownUnits?: readonly string[] } = {},
): SessionFigures {
  const policy = options.policy ?? {
    ...DEFAULT_SERVICE_LEVEL_POLICY,
    abandonGraceSeconds: 0,
    seconds: options.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS,
  };
  const t = thresholdsOf(policy);
  return summarise({
    buckets: bucketsOf(rows, t),
    units: unitBucketsOf(rows, (r) => r.boothId, t),
    ...(options.knownUnits ? { knownUnits: options.knownUnits } : {}),
    waits: { exact: waitsOf(rows) },
    policy,
  });
}
