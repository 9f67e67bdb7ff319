import { describe, expect, it } from 'vitest';
import {
  bucketsOf,
  columnOf,
  figuresFromRows,
  kindOf,
  percentile,
  percentileFromHistogram,
  type SessionRow,
  summarise,
  unitBucketsOf,
  waitsOf,
} from './aggregate';

/** JST wall-clock time on 2026-10-05 (a Monday) → Date. */
const jst = (hhmmss: string) => new Date(`2026-10-05T${hhmmss}+09:00`);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

function row(over: Partial<SessionRow> & { requestedAt: Date }): SessionRow {
  return { boothId: 'b1', procedure: 'new_application', language: 'ja', outcome: null, answeredAt: null, endedAt: null, ...over };
}

/**
 * Eight sessions, figures computed by hand (see the expectations):
 *  #  booth proc              lang  kind              wait  handling  hour
 *  1  b1    new_application   ja    answered/completed  30s   600s      9
 *  2  b1    renewal           en    answered/incomplete 90s   300s      9
 *  3  b1    health_insurance  ja    referred at booth    –     –       10
 *  4  b2    new_application   ja    abandoned          120s    –       10
 *  5  b2    renewal           ja    answered/referred   60s   120s     13
 *  6  b2    (none)            (none) abandoned          10s    –       23
 *  7  b1    bank_account      vi    answered, on call   20s    –       14
 *  8  b1    new_application   ja    waiting              –     –       15
 */
function fixture(): SessionRow[] {
  const r1 = jst('09:00:00');
  const r2 = jst('09:20:00');
  const r3 = jst('10:00:00');
  const r4 = jst('10:30:00');
  const r5 = jst('13:00:00');
  const r6 = jst('23:30:00');
  const r7 = jst('14:00:00');
  const r8 = jst('15:00:00');
  return [
    row({ requestedAt: r1, answeredAt: plus(r1, 30), endedAt: plus(r1, 630), outcome: 'completed' }),
    row({ requestedAt: r2, procedure: 'renewal', language: 'en', answeredAt: plus(r2, 90), endedAt: plus(r2, 390), outcome: 'incomplete' }),
    row({ requestedAt: r3, procedure: 'health_insurance', endedAt: r3, outcome: 'referred' }),
    row({ requestedAt: r4, boothId: 'b2', endedAt: plus(r4, 120) }),
    row({ requestedAt: r5, boothId: 'b2', procedure: 'renewal', answeredAt: plus(r5, 60), endedAt: plus(r5, 180), outcome: 'referred' }),
    row({ requestedAt: r6, boothId: 'b2', procedure: null, language: null, endedAt: plus(r6, 10) }),
    row({ requestedAt: r7, procedure: 'bank_account', language: 'vi', answeredAt: plus(r7, 20) }),
    row({ requestedAt: r8 }),
  ];
}

describe('kinds of session', () => {
  const t = jst('10:00:00');
  it('answered whenever answeredAt is set, whatever the outcome', () => {
    expect(kindOf({ answeredAt: t, endedAt: null, outcome: null })).toBe('answered');
    expect(kindOf({ answeredAt: t, endedAt: t, outcome: 'referred' })).toBe('answered');
  });
  it('referred at the booth: referred without an answer', () => {
    expect(kindOf({ answeredAt: null, endedAt: t, outcome: 'referred' })).toBe('referred_at_booth');
  });
  it('abandoned: ended without answer or outcome', () => {
    expect(kindOf({ answeredAt: null, endedAt: t, outcome: null })).toBe('abandoned');
  });
  it('waiting: neither answered nor ended', () => {
    expect(kindOf({ answeredAt: null, endedAt: null, outcome: null })).toBe('waiting');
  });
  it('columns: abandoned has its own, no outcome is "none", booth and operator referrals share "referred"', () => {
    expect(columnOf('abandoned', null)).toBe('abandoned');
    expect(columnOf('answered', null)).toBe('none');
    expect(columnOf('waiting', null)).toBe('none');
    expect(columnOf('referred_at_booth', 'referred')).toBe('referred');
    expect(columnOf('answered', 'dropped')).toBe('dropped');
  });
});

describe('percentiles (nearest rank)', () => {
  it('p95 of 1..100 is 95, p50 is 50, p100 the largest', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 100)).toBe(100);
  });
  it('one value is every percentile; none is null', () => {
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNull();
  });
  it('p95 of six values is the sixth (⌈5.7⌉)', () => {
    expect(percentile([10, 20, 30, 60, 90, 120], 95)).toBe(120);
    expect(percentile([10, 20, 30, 60, 90, 120], 80)).toBe(90);
  });
  it('from a histogram: the upper edge of the bucket holding the rank', () => {
    // 90 waits ≤ 1 s, 9 in (1,2] s, 1 in (59,60] s: rank 95 is in the second bucket.
    const h = [
      { upperMs: 60_000, count: 1 },
      { upperMs: 1000, count: 90 },
      { upperMs: 2000, count: 9 },
    ];
    expect(percentileFromHistogram(h, 95)).toBe(2000);
    expect(percentileFromHistogram(h, 100)).toBe(60_000);
    expect(percentileFromHistogram(h, 50)).toBe(1000);
    expect(percentileFromHistogram([], 95)).toBeNull();
    expect(percentileFromHistogram([{ upperMs: 1000, count: 0 }], 95)).toBeNull();
  });
  it('the histogram answer is never below the exact one and at most one bucket above', () => {
    const waits = Array.from({ length: 997 }, (_, i) => (i * 7919) % 300_000);
    const histogram = new Map<number, number>();
    for (const w of waits) {
      const upper = Math.ceil(w / 1000) * 1000;
      histogram.set(upper, (histogram.get(upper) ?? 0) + 1);
    }
    const approx = percentileFromHistogram(
      [...histogram].map(([upperMs, count]) => ({ upperMs, count })),
      95,
    )!;
    const exact = percentile(waits, 95)!;
    expect(approx).toBeGreaterThanOrEqual(exact);
    expect(approx - exact).toBeLessThan(1000);
  });
});

describe('figures from the hand-computed fixture', () => {
  const f = figuresFromRows(fixture(), { knownUnits: ['b1', 'b2', 'b3'] });

  it('counts each kind once', () => {
    expect(f.totals).toEqual({
      sessions: 8,
      answered: 4,
      referredAtBooth: 1,
      abandoned: 2,
      waiting: 1,
      referredByOperator: 1,
      completed: 1,
    });
  });

  it('queue figures follow the printed definitions', () => {
    expect(f.queue.offered).toBe(6);
    // Answered within 60 s: #1 (30 s), #5 (exactly 60 s), #7 (20 s); #2 (90 s) is not.
    expect(f.queue.answeredWithinServiceLevel).toBe(3);
    expect(f.queue.serviceLevel).toBe(0.5);
    expect(f.queue.abandonRate).toBeCloseTo(2 / 6, 12);
    // (30 + 90 + 60 + 20 + 120 + 10) / 6 = 55 s
    expect(f.queue.avgWaitMs).toBe(55_000);
    expect(f.queue.p95WaitMs).toBe(120_000);
    expect(f.queue.p95Method).toBe('exact');
    // (600 + 300 + 120) / 3 = 340 s; #7 is still on the call and has no handling time yet.
    expect(f.queue.avgHandlingMs).toBe(340_000);
  });

  it('the service level threshold is a parameter', () => {
    const strict = figuresFromRows(fixture(), { serviceLevelSeconds: 30 });
    expect(strict.queue.serviceLevelSeconds).toBe(30);
    expect(strict.queue.answeredWithinServiceLevel).toBe(2); // 30 s and 20 s
    expect(strict.queue.serviceLevel).toBeCloseTo(2 / 6, 12);
    const lax = figuresFromRows(fixture(), { serviceLevelSeconds: 120 });
    // Abandoned calls never count as within the service level, however short.
    expect(lax.queue.answeredWithinServiceLevel).toBe(4);
  });

  it('procedure × outcome: every procedure and "not chosen", zeros included', () => {
    const cells = Object.fromEntries(f.byProcedureOutcome.map((r) => [String(r.procedure), r.cells]));
    expect(f.byProcedureOutcome).toHaveLength(7);
    expect(cells.new_application).toEqual({ completed: 1, incomplete: 0, referred: 0, dropped: 0, abandoned: 1, none: 1 });
    expect(cells.renewal).toEqual({ completed: 0, incomplete: 1, referred: 1, dropped: 0, abandoned: 0, none: 0 });
    expect(cells.health_insurance).toEqual({ completed: 0, incomplete: 0, referred: 1, dropped: 0, abandoned: 0, none: 0 });
    expect(cells.bank_account).toEqual({ completed: 0, incomplete: 0, referred: 0, dropped: 0, abandoned: 0, none: 1 });
    expect(cells.lost_reissue).toEqual({ completed: 0, incomplete: 0, referred: 0, dropped: 0, abandoned: 0, none: 0 });
    expect(cells.null).toEqual({ completed: 0, incomplete: 0, referred: 0, dropped: 0, abandoned: 1, none: 0 });
    expect(f.columnTotals).toEqual({ completed: 1, incomplete: 1, referred: 2, dropped: 0, abandoned: 2, none: 2 });
    expect(f.byProcedureOutcome.reduce((s, r) => s + r.total, 0)).toBe(8);
  });

  it('by language, unknown language included', () => {
    const by = Object.fromEntries(f.byLanguage.map((r) => [String(r.language), r]));
    expect(by.ja).toMatchObject({ sessions: 5, answered: 2, referredAtBooth: 1, abandoned: 1, waiting: 1 });
    expect(by.en).toMatchObject({ sessions: 1, answered: 1 });
    expect(by.vi).toMatchObject({ sessions: 1, answered: 1 });
    expect(by.null).toMatchObject({ sessions: 1, abandoned: 1 });
    expect(by.ko).toMatchObject({ sessions: 0 });
  });

  it('by hour of day (JST)', () => {
    const busy = f.byHour.filter((h) => h.sessions > 0).map((h) => [h.hour, h.sessions]);
    expect(f.byHour).toHaveLength(24);
    expect(busy).toEqual([
      [9, 2],
      [10, 2],
      [13, 1],
      [14, 1],
      [15, 1],
      [23, 1],
    ]);
    expect(f.byHour[10]).toMatchObject({ referredAtBooth: 1, abandoned: 1 });
  });

  it('by booth, an idle booth included with zeros', () => {
    const by = Object.fromEntries(f.byUnit.map((u) => [u.unit, u]));
    expect(by.b1).toMatchObject({
      sessions: 5,
      answered: 3,
      referredAtBooth: 1,
      waiting: 1,
      abandoned: 0,
      avgHandlingMs: 450_000,
      abandonRate: 0,
    });
    expect(by.b1!.avgWaitMs).toBeCloseTo(140_000 / 3, 6);
    expect(by.b1!.serviceLevel).toBeCloseTo(2 / 3, 12);
    expect(by.b2).toMatchObject({ sessions: 3, answered: 1, abandoned: 2, avgHandlingMs: 120_000 });
    expect(by.b2!.avgWaitMs).toBeCloseTo(190_000 / 3, 6);
    expect(by.b2!.serviceLevel).toBeCloseTo(1 / 3, 12);
    expect(by.b2!.abandonRate).toBeCloseTo(2 / 3, 12);
    expect(by.b3).toMatchObject({ sessions: 0, avgWaitMs: null, serviceLevel: null, abandonRate: null });
  });

  it('nothing at all: zeros and nulls, never NaN', () => {
    const empty = figuresFromRows([]);
    expect(empty.totals.sessions).toBe(0);
    expect(empty.queue).toMatchObject({
      offered: 0,
      serviceLevel: null,
      abandonRate: null,
      avgWaitMs: null,
      p95WaitMs: null,
      avgHandlingMs: null,
    });
    expect(JSON.stringify(empty)).not.toContain('NaN');
  });

  it('only booth referrals: nothing offered, so no service level or abandon rate', () => {
    const t = jst('11:00:00');
    const only = figuresFromRows([row({ requestedAt: t, endedAt: t, outcome: 'referred' })]);
    expect(only.totals.referredAtBooth).toBe(1);
    expect(only.queue.offered).toBe(0);
    expect(only.queue.serviceLevel).toBeNull();
  });
});

describe('grouping', () => {
  it('a session late in the JST evening falls in hour 23, midnight JST in hour 0', () => {
    const late = bucketsOf([row({ requestedAt: new Date('2026-10-05T14:59:59Z') })]);
    const midnight = bucketsOf([row({ requestedAt: new Date('2026-10-05T15:00:00Z') })]);
    expect(late[0]!.interval).toBe(47);
    expect(midnight[0]!.interval).toBe(0);
  });

  it('grouped buckets carry sums, so summing groups equals summing rows', () => {
    const rows = fixture();
    const buckets = bucketsOf(rows);
    expect(buckets.reduce((s, b) => s + b.count, 0)).toBe(8);
    expect(buckets.reduce((s, b) => s + b.waitMsSum, 0)).toBe(330_000);
    // The same figures whether summarised from buckets split in two halves or all at once.
    const halves = [...bucketsOf(rows.slice(0, 4)), ...bucketsOf(rows.slice(4))];
    const fromHalves = summarise({ buckets: halves, units: unitBucketsOf(rows, (r) => r.boothId), waits: { exact: waitsOf(rows) } });
    expect(fromHalves).toEqual(figuresFromRows(rows));
  });

  it('per-day units for a monthly table', () => {
    const rows = [
      row({ requestedAt: jst('09:00:00') }),
      row({ requestedAt: new Date('2026-10-06T01:00:00+09:00'), endedAt: new Date('2026-10-06T01:00:05+09:00') }),
    ];
    const days = unitBucketsOf(rows, (r) => new Date(r.requestedAt.getTime() + 9 * 3_600_000).toISOString().slice(0, 10));
    expect(days.map((d) => [d.unit, d.kind, d.count])).toEqual([
      ['2026-10-05', 'waiting', 1],
      ['2026-10-06', 'abandoned', 1],
    ]);
  });
});

describe('the service-level policy', () => {
  const policy = (abandonGraceSeconds: number, seconds = 60, goal = 0.8) => ({ policy: { seconds, goal, abandonGraceSeconds } });

  it('an abandon within the grace period is not an offered call; one just after it is', () => {
    const t = jst('10:00:00');
    const rows = [
      row({ requestedAt: t, answeredAt: plus(t, 30), endedAt: plus(t, 300), outcome: 'completed' }),
      row({ requestedAt: t, endedAt: plus(t, 5) }), // 5 s: within a 5 s grace (inclusive)
      row({ requestedAt: t, endedAt: plus(t, 6) }), // 6 s: a real abandon
    ];
    const q = figuresFromRows(rows, policy(5)).queue;
    expect(q).toMatchObject({ offered: 2, shortAbandoned: 1, answeredWithinServiceLevel: 1, serviceLevel: 0.5, abandonRate: 0.5 });
    // Without a grace period both abandons count.
    expect(figuresFromRows(rows, policy(0)).queue).toMatchObject({ offered: 3, shortAbandoned: 0 });
    expect(figuresFromRows(rows, policy(0)).queue.serviceLevel).toBeCloseTo(1 / 3, 12);
  });

  it('the goal is met at the goal exactly, not below it; nothing offered meets nothing', () => {
    const t = jst('10:00:00');
    const answered = (wait: number) =>
      row({ requestedAt: t, answeredAt: plus(t, wait), endedAt: plus(t, wait + 60), outcome: 'completed' });
    const rows = [answered(10), answered(20), answered(30), answered(40), answered(100)];
    expect(figuresFromRows(rows, policy(5, 60, 0.8)).queue).toMatchObject({ serviceLevel: 0.8, goalMet: true, goal: 0.8 });
    expect(figuresFromRows(rows, policy(5, 60, 0.81)).queue.goalMet).toBe(false);
    expect(figuresFromRows([], policy(5)).queue.goalMet).toBeNull();
  });

  it('ASA is the mean wait of answered calls only (abandons wait too, but are not answered)', () => {
    const q = figuresFromRows(fixture(), policy(0)).queue;
    // Answered waits 30, 90, 60, 20 s; the abandons' 120 and 10 s are not in it.
    expect(q.asaMs).toBe(50_000);
    expect(q.avgWaitMs).toBe(55_000);
  });

  it('a call counts in the interval it was requested in, even when it is answered in the next one', () => {
    const t = jst('09:29:50');
    const rows = [row({ requestedAt: t, answeredAt: plus(t, 40), endedAt: plus(t, 400), outcome: 'completed' })];
    const f = figuresFromRows(rows, policy(5));
    const busy = f.byInterval.filter((i) => i.sessions > 0);
    expect(busy.map((i) => [i.interval, i.start, i.offered, i.answeredWithinServiceLevel])).toEqual([[18, '09:00', 1, 1]]);
    expect(f.byInterval).toHaveLength(48);
    expect(f.byInterval[20]!.start).toBe('10:00');
  });

  it('by interval sums to the totals', () => {
    const f = figuresFromRows(fixture(), policy(15));
    expect(f.byInterval.reduce((s, i) => s + i.offered, 0)).toBe(f.queue.offered);
    expect(f.byInterval.reduce((s, i) => s + i.shortAbandoned, 0)).toBe(f.queue.shortAbandoned);
    expect(f.queue.shortAbandoned).toBe(1); // the 10 s abandon at 23:30
  });
});
