import { schema } from '@madoguchi/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figuresFromRows, type SessionRow } from '../../domain/reports/aggregate';
import { periodRange } from '../../domain/reports/periods';
import { reportCsv, reportTables } from '../../domain/reports/report';
import { seededRandom } from '../../domain/seeded-random';
import { createTestApp, type TestApp } from '../../test/test-context';
import { Problem } from '../platform/problems';
import { generatedSession, KNOWN_MONTH_EXPECTED, pastMonth, seedKnownMonth } from '../start/seed-reports';
import { createReportsService } from './reports.server';

let t: TestApp;
const month = pastMonth();
let generated: SessionRow[] = [];

async function rejects(p: Promise<unknown>): Promise<Problem> {
  try {
    await p;
  } catch (e) {
    if (Problem.is(e)) return e;
    throw e;
  }
  throw new Error('expected a Problem');
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.database.db;
  await seedKnownMonth(
    db,
    { municipalityId: t.municipalityA.municipalityId, boothId: t.municipalityA.boothId, staffId: t.accountIds['staff-a']! },
    month,
  );
  // Town B: a second, random set in a month before, used to compare SQL with the in-memory reference.
  const random = seededRandom(7);
  const range = periodRange('monthly', pastMonth(new Date(), 3), new Date());
  if (!range.ok) throw new Error('range');
  const span = range.range.to.getTime() - range.range.from.getTime();
  const rows = Array.from({ length: 400 }, () =>
    generatedSession(
      random,
      { municipalityId: t.municipalityB.municipalityId, boothId: t.municipalityB.boothId },
      range.range.from.getTime() + Math.floor(random() * span),
    ),
  );
  // A few still waiting and one answered but not ended, so every kind is there.
  rows.push({ ...rows[0]!, id: crypto.randomUUID(), roomName: 'r-w', answeredAt: null, endedAt: null, outcome: null, status: 'waiting' });
  rows.push({
    ...rows[1]!,
    id: crypto.randomUUID(),
    roomName: 'r-a',
    answeredAt: rows[1]!.requestedAt,
    endedAt: null,
    outcome: null,
    status: 'active',
  });
  rows.push({ ...rows[2]!, id: crypto.randomUUID(), roomName: 'r-n', procedure: null, language: null });
  await db.insert(schema.session).values(rows);
  generated = rows.map((r) => ({
    boothId: r.boothId,
    procedure: r.procedure ?? null,
    language: r.language ?? null,
    outcome: r.outcome ?? null,
    requestedAt: r.requestedAt,
    answeredAt: r.answeredAt ?? null,
    endedAt: r.endedAt ?? null,
  }));
});
afterAll(async () => {
  await t.close();
});

describe('SQL figures equal the in-memory definitions', () => {
  it('one municipality (exact p95), for several service-level thresholds and abandon grace periods', async () => {
    const range = periodRange('monthly', pastMonth(new Date(), 3), new Date());
    if (!range.ok) throw new Error('range');
    for (const [seconds, abandonGraceSeconds] of [
      [20, 0],
      [60, 5],
      [180, 30],
    ] as const) {
      const policy = { seconds, abandonGraceSeconds, goal: 0.8 };
      const sql = await t.ctx.reports.figures.municipality(
        { municipalityId: t.municipalityB.municipalityId, from: range.range.from, to: range.range.to },
        { policy, knownBooths: [t.municipalityB.boothId] },
      );
      const reference = figuresFromRows(generated, { policy, knownUnits: [t.municipalityB.boothId] });
      expect(sql.totals).toEqual(reference.totals);
      expect(sql.byProcedureOutcome).toEqual(reference.byProcedureOutcome);
      expect(sql.byLanguage).toEqual(reference.byLanguage);
      expect(sql.byHour).toEqual(reference.byHour);
      expect(sql.byInterval.map((i) => [i.offered, i.answeredWithinServiceLevel, i.shortAbandoned])).toEqual(
        reference.byInterval.map((i) => [i.offered, i.answeredWithinServiceLevel, i.shortAbandoned]),
      );
      expect(sql.queue.offered).toBe(reference.queue.offered);
      expect(sql.queue.shortAbandoned).toBe(reference.queue.shortAbandoned);
      expect(sql.queue.serviceLevel).toBeCloseTo(reference.queue.serviceLevel!, 12);
      expect(sql.queue.asaMs).toBeCloseTo(reference.queue.asaMs!, 6);
      expect(sql.queue.p95WaitMs).toBe(reference.queue.p95WaitMs);
      expect(sql.queue.avgWaitMs).toBeCloseTo(reference.queue.avgWaitMs!, 6);
      expect(sql.queue.avgHandlingMs).toBeCloseTo(reference.queue.avgHandlingMs!, 6);
      expect(sql.byUnit).toHaveLength(1);
      expect(sql.byUnit[0]!.sessions).toBe(generated.length);
    }
    // The grace period matters in this history: some abandons are short.
    expect(
      figuresFromRows(generated, { policy: { seconds: 60, abandonGraceSeconds: 30, goal: 0.8 } }).queue.shortAbandoned,
    ).toBeGreaterThan(0);
  });

  it('the national roll-up: same counts, p95 from the histogram within one second above the exact one', async () => {
    const range = periodRange('monthly', pastMonth(new Date(), 3), new Date());
    if (!range.ok) throw new Error('range');
    const national = await t.ctx.reports.figures.national(range.range);
    const reference = figuresFromRows(generated);
    expect(national.totals).toEqual(reference.totals);
    expect(national.queue.p95Method).toBe('histogram');
    expect(national.queue.p95WaitMs! - reference.queue.p95WaitMs!).toBeGreaterThanOrEqual(0);
    expect(national.queue.p95WaitMs! - reference.queue.p95WaitMs!).toBeLessThan(1000);
    expect(national.byUnit.map((u) => u.unit)).toEqual([t.municipalityB.municipalityId]);
  });
});

describe('the monthly report of the known month', () => {
  it('has the hand-computed figures', async () => {
    const report = await t.ctx.reports.report(await t.principal('staff-a'), 'monthly', month, {
      municipalityId: t.municipalityA.municipalityId,
    });
    const f = report.figures;
    const e = KNOWN_MONTH_EXPECTED;
    expect(f.totals).toMatchObject({
      sessions: e.sessions,
      answered: e.answered,
      referredAtBooth: e.referredAtBooth,
      abandoned: e.abandoned,
      completed: e.completed,
      referredByOperator: 1,
    });
    expect(f.queue.offered).toBe(e.offered);
    expect(Math.round(f.queue.serviceLevel! * 1000) / 10).toBe(e.serviceLevelPercent);
    expect(Math.round(f.queue.abandonRate! * 1000) / 10).toBe(e.abandonRatePercent);
    expect(Math.round(f.queue.avgWaitMs! / 100) / 10).toBe(e.avgWaitSeconds);
    expect(f.queue.p95WaitMs).toBe(e.p95WaitSeconds * 1000);
    expect(Math.round(f.queue.avgHandlingMs! / 100) / 10).toBe(e.avgHandlingSeconds);
    const newApp = f.byProcedureOutcome.find((r) => r.procedure === 'new_application')!;
    expect(newApp.cells).toMatchObject({ completed: 6, abandoned: 2 });
    expect(report.inquiries).toMatchObject({ total: 5, transferred: 1 });
    expect(report.inquiries.byCategory).toMatchObject({ ka: 3, i: 2, a: 0 });
    expect(report.incidents).toHaveLength(1);
    expect(report.incidents[0]).toMatchObject({ kind: 'complaint', status: 'escalated', notified: '住民課 担当係長' });
    expect(report.byDay!.length).toBeGreaterThanOrEqual(28);
    expect(report.byDay!.reduce((s, d) => s + d.sessions, 0)).toBe(15);
  });

  it('a daily report covers one JST day only', async () => {
    const day = `${month}-02`;
    const report = await t.ctx.reports.report(await t.principal('staff-a'), 'daily', day, {
      municipalityId: t.municipalityA.municipalityId,
    });
    // Sessions 0 and 10 of the spec list fall on day 2.
    expect(report.figures.totals.sessions).toBe(2);
    expect(report.byDay).toBeNull();
  });

  it('is refused to the other town, to operators, for the future and for nonsense', async () => {
    const staffB = await t.principal('staff-b');
    expect((await rejects(t.ctx.reports.report(staffB, 'monthly', month, { municipalityId: t.municipalityA.municipalityId }))).status).toBe(
      404,
    );
    expect(
      (await rejects(t.ctx.reports.report(await t.principal('op-a'), 'monthly', month, { municipalityId: t.municipalityA.municipalityId })))
        .status,
    ).toBe(403);
    expect(
      (await rejects(t.ctx.reports.report(staffB, 'monthly', '2999-01', { municipalityId: t.municipalityB.municipalityId }))).code,
    ).toBe('report_period_future');
    expect(
      (await rejects(t.ctx.reports.report(staffB, 'monthly', '2026-13', { municipalityId: t.municipalityB.municipalityId }))).code,
    ).toBe('report_period_format');
    const admin = await t.principal('admin');
    expect((await rejects(t.ctx.reports.report(admin, 'daily', month, { municipalityId: crypto.randomUUID() }))).status).toBe(404);
    expect(await t.ctx.reports.municipalities(staffB)).toEqual([expect.objectContaining({ id: t.municipalityB.municipalityId })]);
    expect((await t.ctx.reports.municipalities(admin)).length).toBe(2);
  });
});

describe('the analysis section', () => {
  it('supervisors write it, it appears in the report, staff cannot write it', async () => {
    const sv = await t.principal('supervisor');
    await t.ctx.reports.saveAnalysis(sv, 'monthly', month, t.municipalityA.municipalityId, '第1版');
    const saved = await t.ctx.reports.saveAnalysis(
      sv,
      'monthly',
      month,
      t.municipalityA.municipalityId,
      '待ち時間の改善のため午前の人員を増やす。',
    );
    expect(saved.updatedBy).toBe('SV');
    const report = await t.ctx.reports.report(await t.principal('staff-a'), 'monthly', month, {
      municipalityId: t.municipalityA.municipalityId,
    });
    expect(report.analysis).toMatchObject({ text: '待ち時間の改善のため午前の人員を増やす。', updatedBy: 'SV' });
    expect(
      (await rejects(t.ctx.reports.saveAnalysis(await t.principal('staff-a'), 'monthly', month, t.municipalityA.municipalityId, 'x')))
        .status,
    ).toBe(403);
    expect((await rejects(t.ctx.reports.saveAnalysis(sv, 'monthly', '2999-01', t.municipalityA.municipalityId, 'x'))).status).toBe(400);
  });

  it('an empty or over-long text is refused by the service itself (the staff page calls it directly); the saved text stays', async () => {
    const sv = await t.principal('supervisor');
    await t.ctx.reports.saveAnalysis(sv, 'monthly', month, t.municipalityA.municipalityId, '  前月の分析  ');
    const blank = await rejects(t.ctx.reports.saveAnalysis(sv, 'monthly', month, t.municipalityA.municipalityId, '   '));
    expect(blank).toMatchObject({ status: 400, code: 'invalid_analysis' });
    expect(
      (await rejects(t.ctx.reports.saveAnalysis(sv, 'monthly', month, t.municipalityA.municipalityId, 'あ'.repeat(10_001)))).status,
    ).toBe(400);
    const report = await t.ctx.reports.report(sv, 'monthly', month, { municipalityId: t.municipalityA.municipalityId });
    expect(report.analysis?.text).toBe('前月の分析');
  });
});

describe('uptime comes from booth health when given', () => {
  it('each booth gets its row, with the outages', async () => {
    const service = createReportsService({
      db: t.ctx.database.db,
      client: t.ctx.database.client,
      uptimeFor: async (ids) =>
        new Map(
          ids.map((id) => [
            id,
            {
              openMs: 3_600_000,
              onlineMs: 3_000_000,
              degradedMs: 0,
              offlineMs: 600_000,
              unknownMs: 0,
              ratio: 5 / 6,
              outages: [{ start: new Date('2026-09-02T01:00:00Z'), end: new Date('2026-09-02T01:10:00Z'), openMs: 600_000 }],
            },
          ]),
        ),
    });
    const report = await service.report(await t.principal('admin'), 'monthly', month, { municipalityId: t.municipalityA.municipalityId });
    expect(report.uptime).toEqual([
      expect.objectContaining({
        boothId: t.municipalityA.boothId,
        ratio: 5 / 6,
        outages: [{ start: '2026-09-02T01:00:00.000Z', end: '2026-09-02T01:10:00.000Z', openMs: 600_000 }],
      }),
    ]);
  });
});

describe('the interpreters section (issue 18)', () => {
  it("counts the interpreter requests of the period's calls of the town, from their session events", async () => {
    const range = periodRange('monthly', month, new Date());
    if (!range.ok) throw new Error('range');
    const inMonth = async (municipalityId: string, from: Date, to: Date) =>
      (
        await t.ctx.database.client.execute({
          sql: 'SELECT id, requested_at FROM session WHERE municipality_id = ? AND requested_at >= ? AND requested_at < ? ORDER BY requested_at LIMIT 2',
          args: [municipalityId, from.getTime(), to.getTime()],
        })
      ).rows.map((r) => ({ id: String(r.id), at: Number(r.requested_at) }));
    const [s1, s2] = await inMonth(t.municipalityA.municipalityId, range.range.from, range.range.to);
    // Town B's call (another town) is never counted in town A's report.
    const [other] = await inMonth(t.municipalityB.municipalityId, new Date(0), new Date());
    const event = (sessionId: string, type: string, at: number, detail: Record<string, string | number>) => ({
      sessionId,
      type: `interpreter-${type}`,
      actorKind: 'system' as const,
      at: new Date(at),
      occurredAt: new Date(at),
      detail,
    });
    await t.ctx.database.db
      .insert(schema.sessionEvent)
      .values([
        event(s1!.id, 'requested', s1!.at + 60_000, { requestId: 'q1', language: 'en' }),
        event(s1!.id, 'rung', s1!.at + 60_100, { requestId: 'q1', language: 'en', interpreterId: 'i' }),
        event(s1!.id, 'joined', s1!.at + 80_000, { requestId: 'q1', language: 'en', interpreterId: 'i', waitedMs: 20_000 }),
        event(s2!.id, 'requested', s2!.at + 60_000, { requestId: 'q2', language: 'vi' }),
        event(s2!.id, 'not-found', s2!.at + 120_000, { requestId: 'q2', language: 'vi', waitedMs: 60_000 }),
        event(other!.id, 'requested', other!.at + 1_000, { requestId: 'q3', language: 'en' }),
      ]);
    const report = await t.ctx.reports.report(await t.principal('staff-a'), 'monthly', month, {
      municipalityId: t.municipalityA.municipalityId,
    });
    expect(report.interpreting).toEqual({
      totals: { requested: 2, joined: 1, notFound: 1, meanWaitSeconds: 20, medianWaitSeconds: 20 },
      calls: { requested: 2, interpreted: 1 },
      byLanguage: [
        { language: 'en', requested: 1, joined: 1, notFound: 0, meanWaitSeconds: 20, medianWaitSeconds: 20 },
        { language: 'vi', requested: 1, joined: 0, notFound: 1, meanWaitSeconds: null, medianWaitSeconds: null },
      ],
    });
    const table = reportTables(report, 'ja').find((x) => x.key === '通訳')!;
    expect(table.rows).toEqual([
      ['英語', 1, 1, 0, 20, 20],
      ['ベトナム語', 1, 0, 1, null, null],
      ['計', 2, 1, 1, 20, 20],
    ]);
    expect(reportCsv(report, 'en')).toContain('Interpreters');
  });
});
