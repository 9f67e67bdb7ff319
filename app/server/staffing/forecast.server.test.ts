import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, migrateDatabase, openDatabase, schema } from '@madoguchi/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../../domain/calendar';
import { seededRandom } from '../../domain/seeded-random';
import { dayOfDate, forecastWeek, type HistoryRow, intervalOf, poolWeeks } from '../../domain/staffing/forecast';
import type { StaffingInput } from '../../domain/staffing/forecast-staffing';
import { generatedSession } from '../start/seed-reports';
import { createStaffingForecast, DEFAULT_SHRINKAGE_PERCENT, readHistories } from './forecast.server';

// Forecast made on Wednesday 2026-11-25 (Japan) for the week of Monday 2026-11-30; 8 weeks of
// history: 2026-09-30 … 2026-11-24.
const NOW = new Date('2026-11-25T03:00:00Z');
const AS_OF = '2026-11-25';
const WEEK = '2026-11-30';
const WINDOW_FROM = Date.parse('2026-09-30T00:00:00+09:00');
const WINDOW_TO = Date.parse('2026-11-25T00:00:00+09:00');
const jst = (s: string) => new Date(`${s}+09:00`);

let database: Database;
const ids = { a: 'town-a', b: 'town-b', c: 'town-c', fresh: 'town-new', group: 'group-1' };
const booths = { a: 'booth-a', b: 'booth-b', c: 'booth-c', fresh: 'booth-new', freshOff: 'booth-new-off' };
const hall = weekdayCalendar([{ start: '09:00', end: '17:00' }]);
type SessionInsert = typeof schema.session.$inferInsert;
const inserted: SessionInsert[] = [];

function session(
  municipalityId: string,
  boothId: string,
  requestedAt: string,
  kind: { answerAfter?: number; endAfter?: number | null; outcome?: 'completed' | 'referred' | 'dropped' | null },
): SessionInsert {
  const at = jst(requestedAt);
  const answeredAt = kind.answerAfter === undefined ? null : new Date(at.getTime() + kind.answerAfter * 1000);
  const endedAt = kind.endAfter === null || kind.endAfter === undefined ? null : new Date(at.getTime() + kind.endAfter * 1000);
  return {
    id: randomUUID(),
    boothId,
    municipalityId,
    roomName: randomUUID(),
    status: endedAt ? 'ended' : answeredAt ? 'active' : 'waiting',
    outcome: kind.outcome ?? (endedAt ? 'completed' : null),
    requestedAt: at,
    answeredAt,
    endedAt,
  };
}

/** The reference: the same grouping in plain JS over the inserted rows. */
function reference(rows: readonly SessionInsert[], municipalityId: string, graceSeconds: number): HistoryRow[] {
  const cells = new Map<string, HistoryRow>();
  for (const r of rows) {
    const at = (r.requestedAt as Date).getTime();
    if (r.municipalityId !== municipalityId || at < WINDOW_FROM || at >= WINDOW_TO) continue;
    const answered = r.answeredAt != null;
    const waited = ((answered ? (r.answeredAt as Date) : (r.endedAt as Date | null))?.getTime() ?? at) - at;
    const abandoned = !answered && r.endedAt != null && r.outcome !== 'referred' && waited > graceSeconds * 1000;
    if (!answered && !abandoned) continue;
    const { day, interval } = intervalOf(at);
    const key = `${day}:${interval}`;
    const c = cells.get(key) ?? { day, interval, answered: 0, abandoned: 0, handlingSeconds: 0, handled: 0, waitingSeconds: 0 };
    if (answered) c.answered++;
    else c.abandoned++;
    if (answered && r.endedAt) {
      c.handlingSeconds += ((r.endedAt as Date).getTime() - (r.answeredAt as Date).getTime()) / 1000;
      c.handled++;
    }
    c.waitingSeconds += waited / 1000;
    cells.set(key, c);
  }
  return [...cells.values()];
}

const sorted = (rows: readonly HistoryRow[]) => [...rows].sort((x, y) => x.day - y.day || x.interval - y.interval);

beforeAll(async () => {
  database = await openDatabase({ url: `file:${path.join(mkdtempSync(path.join(tmpdir(), 'forecast-')), 'forecast.db')}` });
  await migrateDatabase(database);
  const db = database.db;
  await db.insert(schema.operatorGroup).values({ id: ids.group, name: '東海チーム', shrinkagePercent: 25 });
  await db.insert(schema.municipality).values([
    { id: ids.a, code: '100005', name: 'A町', abandonGraceSeconds: 5, operatorGroupId: ids.group },
    {
      id: ids.b,
      code: '100013',
      name: 'B町',
      abandonGraceSeconds: 30,
      operatorGroupId: ids.group,
      serviceLevelGoalPercent: 90,
      serviceLevelSeconds: 30,
    },
    { id: ids.c, code: '100021', name: 'C村', serviceLevelSeconds: 120 },
    { id: ids.fresh, code: '100030', name: '新町' },
  ]);
  await db.insert(schema.booth).values([
    { id: booths.a, municipalityId: ids.a, name: 'A', kind: 'town_hall', calendar: hall },
    { id: booths.b, municipalityId: ids.b, name: 'B', kind: 'town_hall', calendar: hall },
    { id: booths.c, municipalityId: ids.c, name: 'C', kind: 'town_hall', calendar: hall },
    { id: booths.fresh, municipalityId: ids.fresh, name: '新', kind: 'town_hall', calendar: hall },
    { id: booths.freshOff, municipalityId: ids.fresh, name: '停止中', kind: 'town_hall', calendar: hall, enabled: false },
  ]);

  const hand: SessionInsert[] = [
    // Town A (grace 5 s), Tuesday 2026-11-24.
    session(ids.a, booths.a, '2026-11-24T09:00:00', { answerAfter: 20, endAfter: 620 }), // interval 18
    session(ids.a, booths.a, '2026-11-24T08:59:59.999', { answerAfter: 10, endAfter: 310 }), // interval 17
    session(ids.a, booths.a, '2026-11-24T09:29:59', { endAfter: 5 }), // abandoned within grace: not offered
    session(ids.a, booths.a, '2026-11-24T09:10:00', { endAfter: 6 }), // abandoned after grace: offered
    session(ids.a, booths.a, '2026-11-24T09:15:00', { endAfter: 40, outcome: 'referred' }), // booth referral
    session(ids.a, booths.a, '2026-11-24T09:20:00', { answerAfter: 30, endAfter: null }), // on a call: answered, no handling yet
    session(ids.a, booths.a, '2026-11-24T09:25:00', {}), // still waiting: not counted
    session(ids.a, booths.a, '2026-11-24T23:59:59', { answerAfter: 1, endAfter: 61 }), // interval 47
    session(ids.a, booths.a, '2026-11-25T00:00:00', { answerAfter: 1, endAfter: 61 }), // 11/25: after asOf
    session(ids.a, booths.a, '2026-09-29T23:59:59', { answerAfter: 1, endAfter: 61 }), // before the window
    // Town B (grace 30 s): the same 6-second abandon is a short one here.
    session(ids.b, booths.b, '2026-11-24T09:10:00', { endAfter: 6 }),
    session(ids.b, booths.b, '2026-11-24T09:11:00', { endAfter: 31 }),
  ];
  // Town C: 400 generated sessions in the window, first one mid-window (history starts then).
  const random = seededRandom(16);
  const cFrom = Date.parse('2026-10-20T00:00:00+09:00');
  const generated = Array.from({ length: 400 }, () =>
    generatedSession(random, { municipalityId: ids.c, boothId: booths.c }, cFrom + Math.floor(random() * (WINDOW_TO - cFrom))),
  ) as SessionInsert[];
  inserted.push(...hand, ...generated);
  for (let i = 0; i < inserted.length; i += 200) await db.insert(schema.session).values(inserted.slice(i, i + 200));
});

afterAll(() => database.close());

describe('readHistories (real libSQL file)', () => {
  it('groups a municipality per Japan day × 30-minute interval with its grace, referrals and waiting calls left out', async () => {
    const [a] = await readHistories(database.client, { municipalityId: ids.a }, { asOf: AS_OF, weeks: 8 });
    expect(a!.municipalityId).toBe(ids.a);
    const day = dayOfDate('2026-11-24');
    expect(sorted(a!.rows)).toEqual([
      { day, interval: 17, answered: 1, abandoned: 0, handlingSeconds: 300, handled: 1, waitingSeconds: 10 },
      // 09:00 answered (wait 20, handling 600), 09:10 abandon after 6 s, 09:20 on a call (wait 30).
      { day, interval: 18, answered: 2, abandoned: 1, handlingSeconds: 600, handled: 1, waitingSeconds: 20 + 6 + 30 },
      { day, interval: 47, answered: 1, abandoned: 0, handlingSeconds: 60, handled: 1, waitingSeconds: 1 },
    ]);
    expect(sorted(a!.rows)).toEqual(sorted(reference(inserted, ids.a, 5)));
    // Sessions before the window: every day of it counts.
    expect(a!.since).toBe(dayOfDate('2026-09-30'));
    expect(a!.calendars).toEqual([hall]);
  });

  it("applies each municipality's own grace", async () => {
    const [b] = await readHistories(database.client, { municipalityId: ids.b }, { asOf: AS_OF, weeks: 8 });
    expect(b!.rows).toEqual([
      { day: dayOfDate('2026-11-24'), interval: 18, answered: 0, abandoned: 1, handlingSeconds: 0, handled: 0, waitingSeconds: 31 },
    ]);
    // Nothing before the window: its history starts on its first day with calls.
    expect(b!.since).toBe(dayOfDate('2026-11-24'));
  });

  it('agrees with the plain-JS reference on generated sessions', async () => {
    const [c] = await readHistories(database.client, { municipalityId: ids.c }, { asOf: AS_OF, weeks: 8 });
    const expected = sorted(reference(inserted, ids.c, 5));
    expect(expected.length).toBeGreaterThan(100);
    expect(sorted(c!.rows).map((r) => ({ ...r, waitingSeconds: Math.round(r.waitingSeconds * 1000) }))).toEqual(
      expected.map((r) => ({ ...r, waitingSeconds: Math.round(r.waitingSeconds * 1000) })),
    );
    expect(c!.since).toBe(Math.min(...expected.map((r) => r.day)));
  });

  it('reads a group, or everyone, in one go; a town without sessions has no history and only enabled booths', async () => {
    const group = await readHistories(database.client, { operatorGroupId: ids.group }, { asOf: AS_OF, weeks: 8 });
    expect(group.map((h) => h.municipalityId).sort()).toEqual([ids.a, ids.b]);
    const all = await readHistories(database.client, { national: true }, { asOf: AS_OF, weeks: 8 });
    expect(all.map((h) => h.municipalityId).sort()).toEqual([ids.a, ids.b, ids.c, ids.fresh].sort());
    const fresh = all.find((h) => h.municipalityId === ids.fresh)!;
    expect(fresh).toEqual({ municipalityId: ids.fresh, since: null, rows: [], calendars: [hall] });
    for (const h of all) {
      const [one] = await readHistories(database.client, { municipalityId: h.municipalityId }, { asOf: AS_OF, weeks: 8 });
      expect(sorted(h.rows)).toEqual(sorted(one!.rows));
    }
  });

  it('reads nothing for an unknown municipality', async () => {
    expect(await readHistories(database.client, { municipalityId: 'nobody' }, { asOf: AS_OF, weeks: 8 })).toEqual([]);
  });
});

describe('createStaffingForecast (real libSQL file, a stand-in staffing function)', () => {
  const asked: StaffingInput[] = [];
  const staff = (input: StaffingInput) => {
    asked.push(input);
    const agents = Math.ceil((input.callsPerInterval * input.handlingSeconds) / input.intervalSeconds) + 1;
    return { agents, scheduled: Math.ceil(agents / (1 - input.shrinkage)), serviceLevel: 0.85, asa: 12, occupancy: 0.6 };
  };
  // The database is opened in beforeAll: the service is built per test.
  const service = () => createStaffingForecast({ client: database.client, staff, now: () => NOW });

  it('forecasts and staffs a municipality’s week with its goal, its group’s shrinkage and history up to today', async () => {
    asked.length = 0;
    const week = (await service().municipalityWeek(ids.c, WEEK))!;
    expect(week.weekStart).toBe(WEEK);
    expect(week.operatorGroupId).toBeNull();
    expect(week.goal).toEqual({ goal: 0.8, answerWithinSeconds: 120, shrinkage: DEFAULT_SHRINKAGE_PERCENT / 100 });
    const [history] = await readHistories(database.client, { municipalityId: ids.c }, { asOf: AS_OF, weeks: 8 });
    const expected = forecastWeek(history!, WEEK, { asOf: AS_OF });
    expect(week.days.map((d) => d.cells.map((c) => c.calls))).toEqual(expected.days.map((d) => d.cells.map((c) => c.calls)));
    const busy = week.days.flatMap((d) => d.cells).filter((c) => c.calls > 0);
    expect(busy.length).toBeGreaterThan(0);
    expect(asked).toHaveLength(busy.length);
    expect(asked.every((i) => i.intervalSeconds === 1800 && i.answerWithinSeconds === 120 && i.shrinkage === 0.3)).toBe(true);
    expect(busy.every((c) => c.agents > 0 && c.scheduled >= c.agents)).toBe(true);
  });

  it('pools an operator group to its strictest goal and the group’s shrinkage', async () => {
    const week = (await service().groupWeek(ids.group, WEEK))!;
    expect(week.operatorGroupId).toBe(ids.group);
    expect(week.municipalityIds.sort()).toEqual([ids.a, ids.b]);
    expect(week.goal).toEqual({ goal: 0.9, answerWithinSeconds: 30, shrinkage: 0.25 });
    const histories = await readHistories(database.client, { operatorGroupId: ids.group }, { asOf: AS_OF, weeks: 8 });
    const pooled = poolWeeks(histories.map((h) => forecastWeek(h, WEEK, { asOf: AS_OF })));
    expect(week.days.map((d) => d.cells.map((c) => c.calls))).toEqual(pooled.days.map((d) => d.cells.map((c) => c.calls)));
    expect(await service().groupWeek('no-such-group', WEEK)).toBeNull();
  });

  it('gives the national view one pool per group and per municipality in no group; a new town on the default', async () => {
    const pools = await service().nationalWeek(WEEK);
    expect(pools.map((p) => p.municipalityIds.sort().join('+')).sort()).toEqual([`${ids.a}+${ids.b}`, ids.c, ids.fresh].sort());
    const fresh = pools.find((p) => p.municipalityIds[0] === ids.fresh)!;
    expect(fresh.days[0]!.cells[20]).toMatchObject({ source: 'default', calls: 1 }); // 2 per booth-hour × 0.5 h, enabled booth only
    expect(fresh.days[0]!.cells[10]).toMatchObject({ calls: 0, agents: 0 });
    expect(await service().municipalityWeek('nobody', WEEK)).toBeNull();
  });

  it('takes the options (N weeks) through', async () => {
    const one = (await service().municipalityWeek(ids.a, WEEK, { weeks: 1, minSampleDays: 1 }))!;
    // One week of history: Tuesday 11/24 is the only Tuesday → the Tuesday of the week (12/01) has its calls.
    expect(one.days[1]!.cells[18]!.calls).toBeCloseTo(3);
    expect(one.days[1]!.cells[18]!.sampleDays).toBe(1);
  });
});
