import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, problemOf, type TestApp } from '../../test/test-context';

let t: TestApp;
const cookies: Record<string, string> = {};
const call = (who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  t.api.request(path, {
    method,
    headers: { Cookie: cookies[who] ?? '', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const A = () => t.municipalityA.municipalityId;
const B = () => t.municipalityB.municipalityId;
const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6, 7];

beforeAll(async () => {
  t = await createTestApp();
  for (const who of ['staff-a', 'staff-b', 'supervisor', 'admin', 'op-a']) cookies[who] = await t.cookieFor(who);
});
afterAll(() => t.close());

describe('service-level settings', () => {
  it('default to 80 % within 60 s with a 5 s abandon grace; a supervisor changes them', async () => {
    const before = await (await call('staff-a', 'GET', `/v1/staffing/municipalities/${A()}`)).json();
    expect(before).toMatchObject({ serviceLevelGoalPercent: 80, serviceLevelSeconds: 60, abandonGraceSeconds: 5, minimumWindows: [] });
    const res = await call('supervisor', 'PATCH', `/v1/staffing/municipalities/${A()}`, {
      serviceLevelGoalPercent: 90,
      serviceLevelSeconds: 30,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ serviceLevelGoalPercent: 90, serviceLevelSeconds: 30, abandonGraceSeconds: 5 });
    // The reports use them.
    const dashboard = await t.ctx.reports.dashboard(await t.principal('staff-a'), { municipalityId: A() });
    expect(dashboard.today.figures.queue).toMatchObject({ serviceLevelSeconds: 30, goal: 0.9, abandonGraceSeconds: 5 });
  });

  it('refuses a goal out of range in the caller language, and keeps the stored one', async () => {
    const res = await call(
      'supervisor',
      'PATCH',
      `/v1/staffing/municipalities/${A()}`,
      { serviceLevelGoalPercent: 0 },
      { 'Accept-Language': 'ja' },
    );
    expect(res.status).toBe(400);
    expect((await problemOf(res)).detail).toContain('リクエストの内容が正しくありません');
    expect((await (await call('supervisor', 'GET', `/v1/staffing/municipalities/${A()}`)).json()).serviceLevelGoalPercent).toBe(90);
  });

  it('town staff read their own municipality only and change nothing; operators see none of it', async () => {
    expect((await call('staff-a', 'GET', `/v1/staffing/municipalities/${B()}`)).status).toBe(404);
    expect((await call('staff-a', 'PATCH', `/v1/staffing/municipalities/${A()}`, { serviceLevelSeconds: 20 })).status).toBe(403);
    expect((await call('op-a', 'GET', `/v1/staffing/municipalities/${A()}`)).status).toBe(403);
    expect((await call('op-a', 'GET', '/v1/staffing/live')).status).toBe(403);
  });
});

describe('minimum windows and breaches', () => {
  it('a window is checked whole: off the 15-minute grid is refused and the stored windows stay', async () => {
    const ok = await call('supervisor', 'PUT', `/v1/staffing/municipalities/${A()}/minimum-windows`, [
      { weekdays: ALL_WEEK, startMinute: 0, endMinute: 1440, operators: 2 },
    ]);
    expect(ok.status).toBe(200);
    const bad = await call('supervisor', 'PUT', `/v1/staffing/municipalities/${A()}/minimum-windows`, [
      { weekdays: [1], startMinute: 545, endMinute: 600, operators: 1 },
    ]);
    expect(bad.status).toBe(400);
    const kept = await (await call('supervisor', 'GET', `/v1/staffing/municipalities/${A()}`)).json();
    expect(kept.minimumWindows).toMatchObject([{ weekdays: ALL_WEEK, startMinute: 0, endMinute: 1440, operators: 2 }]);
  });

  it('one operator on duty against a minimum of two: short at once, one episode, alerted once', async () => {
    const live = await (await call('supervisor', 'GET', '/v1/staffing/live')).json();
    expect(live.items).toMatchObject([{ municipalityId: A(), required: 2, onDuty: 1, short: true, open: true, basis: 'minimum' }]);
    await t.ctx.staffing.check();
    await t.ctx.staffing.check();
    expect(await count(t.ctx, 'SELECT count(*) FROM staffing_breach WHERE municipality_id = ?', [A()])).toBe(1);
    expect(await count(t.ctx, 'SELECT count(*) FROM staffing_breach WHERE alerted_at IS NOT NULL')).toBe(1);
    // The operator goes on a break: still the same episode, its lowest count now 0.
    await t.ctx.queue.setStatus(await t.principal('op-a'), 'break');
    await t.ctx.staffing.check();
    expect(await count(t.ctx, 'SELECT lowest FROM staffing_breach WHERE municipality_id = ?', [A()])).toBe(0);
    const staffLive = await (await call('staff-a', 'GET', '/v1/staffing/live')).json();
    expect(staffLive.items).toHaveLength(1);
    expect(staffLive.items[0]).toMatchObject({ onDuty: 0, short: true });
    expect(staffLive.items[0].breachSince).not.toBeNull();
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const episodes = await (await call('staff-a', 'GET', `/v1/staffing/municipalities/${A()}/breaches?from=${today}&to=${today}`)).json();
    expect(episodes.items).toMatchObject([{ basis: 'minimum', required: 2, lowest: 0, endedAt: null }]);
    expect((await call('staff-b', 'GET', `/v1/staffing/municipalities/${A()}/breaches?from=${today}&to=${today}`)).status).toBe(404);
    await t.ctx.queue.setStatus(await t.principal('op-a'), 'available');
  });

  it('a town without windows has no line; town B is not in town A staff view', async () => {
    const live = await (await call('staff-b', 'GET', '/v1/staffing/live')).json();
    expect(live.items).toEqual([]);
  });
});

describe('operator groups', () => {
  it('a group pools towns: its windows apply to each of them; names are unique', async () => {
    const created = await call('supervisor', 'POST', '/v1/staffing/groups', { name: '東海チーム', shrinkagePercent: 35 });
    expect(created.status).toBe(201);
    const group = await created.json();
    expect((await call('supervisor', 'POST', '/v1/staffing/groups', { name: '東海チーム', shrinkagePercent: 30 })).status).toBe(409);
    expect((await call('supervisor', 'PATCH', `/v1/staffing/municipalities/${B()}`, { operatorGroupId: group.id })).status).toBe(200);
    const saved = await call('supervisor', 'PUT', `/v1/staffing/groups/${group.id}/minimum-windows`, [
      { weekdays: ALL_WEEK, startMinute: 0, endMinute: 1440, operators: 3 },
    ]);
    expect(saved.status).toBe(200);
    const live = await (await call('staff-b', 'GET', '/v1/staffing/live')).json();
    expect(live.items).toMatchObject([{ municipalityId: B(), required: 3, onDuty: 1, short: true }]);
    // Town staff see their town's group only.
    expect((await (await call('staff-b', 'GET', '/v1/staffing/groups')).json()).items.map((g: { name: string }) => g.name)).toEqual([
      '東海チーム',
    ]);
    expect((await (await call('staff-a', 'GET', '/v1/staffing/groups')).json()).items).toEqual([]);
    expect((await call('staff-b', 'POST', '/v1/staffing/groups', { name: 'x', shrinkagePercent: 30 })).status).toBe(403);
  });
});

describe('POST /v1/staffing/what-if', () => {
  it('answers the published case: 14 operators on calls at 88.84 %', async () => {
    const res = await call('supervisor', 'POST', '/v1/staffing/what-if', {
      calls: 100,
      handlingSeconds: 180,
      answerWithinSeconds: 20,
      shrinkagePercent: 0,
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ model: 'erlang-c', operatorsOnCalls: 14, operatorsToSchedule: 14 });
    expect(body.measures.serviceLevel).toBeCloseTo(0.8884, 4);
  });
  it('refuses nonsense with a 400 and an operator with a 403', async () => {
    expect((await call('supervisor', 'POST', '/v1/staffing/what-if', { calls: -1, handlingSeconds: 180 })).status).toBe(400);
    expect((await call('op-a', 'POST', '/v1/staffing/what-if', { calls: 10, handlingSeconds: 180 })).status).toBe(403);
  });
});

describe('GET /v1/staffing/forecast', () => {
  const monday = () => {
    const d = new Date(Date.now() + 9 * 3_600_000);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };
  it('a week of 7 days × 48 intervals; required is the higher of the windows and Erlang', async () => {
    const res = await call('supervisor', 'GET', `/v1/staffing/forecast?municipalityId=${A()}&week=${monday()}`);
    expect(res.status).toBe(200);
    const week = await res.json();
    expect(week.days).toHaveLength(7);
    expect(week.days[0].intervals).toHaveLength(48);
    for (const day of week.days) {
      for (const i of day.intervals) expect(i.required).toBe(Math.max(i.minimum, i.onCalls));
    }
    // Town A's window (every day, around the clock, at least 2) is in every interval.
    expect(week.days.every((d: { intervals: { minimum: number }[] }) => d.intervals.every((i) => i.minimum === 2))).toBe(true);
  });
  it('refuses a week that does not start on Monday, and another town for town staff', async () => {
    const tuesday = new Date(Date.parse(`${monday()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const res = await call('supervisor', 'GET', `/v1/staffing/forecast?municipalityId=${A()}&week=${tuesday}`, undefined, {
      'Accept-Language': 'en',
    });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).code).toBe('not_week_start');
    expect((await call('staff-a', 'GET', `/v1/staffing/forecast?municipalityId=${B()}&week=${monday()}`)).status).toBe(404);
    expect((await call('supervisor', 'GET', `/v1/staffing/forecast?week=${monday()}`)).status).toBe(400);
  });
});
