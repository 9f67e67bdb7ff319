/**
 * The shift page on the server: the real loader and action against the real test database, then the
 * page as it renders (errors at their fields; an operator's page with their row only and no forms).
 */
import { schema } from '@madoguchi/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/japan-time';
import { addDays, weekStartOf } from '../../domain/staffing/shifts';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import * as route from './console.shifts';

let t: TestApp;
const WEEK = '2027-06-07'; // a Monday

beforeAll(async () => {
  // The staffing service read its municipalities (a 30 s cache) when it started, before the seeds:
  // the required column must not 404 the page for a municipality the cache has not seen.
  t = await createTestApp({}, { onDuty: false });
});
afterAll(async () => {
  await t.close();
});

const act = async (loginId: string, fields: Record<string, string | readonly string[]>) => {
  const request = await formPost(t, loginId, `/console/shifts?week=${WEEK}`, fields);
  return outcome(() => route.action({ request, context: loadContext(t), params: {} }));
};
const load = async (loginId: string, query: string) =>
  route.loader({ request: await pageGet(t, loginId, `/console/shifts?${query}`), context: loadContext(t), params: {} });
const render = (loaderData: unknown, actionData?: unknown) =>
  renderRoute(route, '/console/shifts', `/console/shifts?week=${WEEK}`, loaderData, actionData);

const monday = () => ({
  intent: 'save',
  accountId: t.accountIds['op-a']!,
  date: WEEK,
  start: '09:00',
  end: '18:00',
  breakStart: '12:00',
  breakEnd: '13:00',
  municipalityIds: [t.municipalityA.municipalityId],
  languages: ['ja'],
  procedures: ['renewal'],
});

describe('/console/shifts', () => {
  it('a break outside the shift is refused at its field, in the page’s words; nothing is stored', async () => {
    const { status, data } = await act('supervisor', { ...monday(), breakStart: '18:00', breakEnd: '18:30' });
    expect(status).toBe(400);
    expect(await count(t.ctx, 'SELECT count(*) FROM shift')).toBe(0);
    const loaderData = await load('supervisor', `week=${WEEK}&edit=${t.accountIds['op-a']}_${WEEK}`);
    const html = render(loaderData, data);
    expect(html).toMatch(/id="shift-break-start"[^>]*aria-invalid="true"/);
    expect(pageText(html)).toContain('休憩は勤務時間の内側（開始より後、終了より前）に収めてください');
  });

  it('a time off the quarter hour, or not a time, is refused at its field', async () => {
    const { status, data } = await act('supervisor', { ...monday(), start: '09:10', end: '6pm' });
    expect(status).toBe(400);
    const error = (data as { result: { error: Record<string, string[]> } }).result.error;
    expect(error.end).toEqual(['HH:MM の形で入力してください（例 09:00）']);
  });

  it('a supervisor plans, changes and removes a shift through the form', async () => {
    expect((await act('supervisor', monday())).status).toBe(200);
    const loaded = await load('supervisor', `week=${WEEK}&edit=${t.accountIds['op-a']}_${WEEK}`);
    expect(loaded.rows.find((r) => r.accountId === t.accountIds['op-a'])!.cells[0]).toMatchObject({ times: '09:00–18:00' });
    const shiftId = loaded.editing!.shift!.id;
    expect((await act('supervisor', { ...monday(), shiftId, end: '17:00', breakStart: '', breakEnd: '' })).status).toBe(200);
    const changed = await load('supervisor', `week=${WEEK}`);
    expect(changed.rows.find((r) => r.accountId === t.accountIds['op-a'])!.cells[0]).toEqual({
      times: '09:00–17:00',
      breakTimes: null,
      municipalities: ['東員町'],
      // A day to come: no adherence yet.
      adherence: null,
    });
    // The planned counts of that day (town A by default: the first municipality by code).
    expect(changed.planned?.intervals.find((i) => i.startMinute === 540)?.planned).toBe(1);
    expect((await act('supervisor', { intent: 'remove', shiftId })).status).toBe(200);
    expect(await count(t.ctx, 'SELECT count(*) FROM shift')).toBe(0);
  });

  it('copying the week reports the count and the days skipped', async () => {
    await act('supervisor', monday());
    await act('supervisor', { ...monday(), date: '2027-06-14', start: '10:00' });
    const { status, data } = await act('supervisor', { intent: 'copy', fromWeek: WEEK, toWeek: '2027-06-16' });
    expect(status).toBe(200);
    expect(data).toMatchObject({
      notice: '0 件のシフトをコピーしました',
      copy: { skipped: [{ date: '2027-06-14', reason: 'already_planned', displayName: 'オペレーター A' }] },
    });
    const html = render(await load('supervisor', `week=${WEEK}`), data);
    expect(pageText(html)).toContain('その日はすでにシフトあり');
  });

  it('planned beside required: an interval below a minimum window is marked short in words, and counted', async () => {
    const sv = await t.principal('supervisor');
    const A = t.municipalityA.municipalityId;
    await t.ctx.staffing.replaceWindows(sv, { municipalityId: A }, [
      { weekdays: [0, 1, 2, 3, 4, 5, 6, 7], startMinute: 540, endMinute: 720, operators: 9 },
    ]);
    try {
      await act('supervisor', { ...monday(), date: '2027-06-08' });
      const loaded = await load('supervisor', `week=${WEEK}&day=2027-06-08&municipalityId=${A}`);
      const nine = loaded.planned!.intervals.find((i) => i.startMinute === 540)!;
      expect(nine).toMatchObject({ planned: 1, required: 9, basis: 'minimum', short: true });
      // 09:00–12:00: six intervals of 1 planned below 9 required (and whatever the forecast needs elsewhere).
      expect(loaded.planned!.intervals.filter((i) => i.startMinute >= 540 && i.startMinute < 720).every((i) => i.short)).toBe(true);
      expect(loaded.planned!.shortCount).toBe(loaded.planned!.intervals.filter((i) => i.short).length);
      const html = render(loaded);
      expect(html).toMatch(/<tr data-start="09:00" data-short="true">/);
      expect(pageText(html)).toContain('不足 8 人');
      expect(pageText(html)).toContain(`この日は ${loaded.planned!.shortCount} 個の時間帯で計画人数が必要人数を下回っています`);
      expect(pageText(html)).toContain('最低配置');
    } finally {
      await t.ctx.staffing.replaceWindows(sv, { municipalityId: A }, []);
    }
  });

  it('adherence in the grid for a supervisor (days up to today), not for the operator', async () => {
    const today = localDate(new Date());
    const past = weekStartOf(addDays(today, -7));
    const opA = t.accountIds['op-a']!;
    await act('supervisor', { ...monday(), date: past, start: '09:00', end: '11:00', breakStart: '', breakEnd: '' });
    // On duty 09:00–10:30 of the planned 09:00–11:00: 75 %.
    const at = (hhmm: string) => new Date(`${past}T${hhmm}:00+09:00`);
    await t.ctx.database.db.insert(schema.operatorStatusInterval).values([
      { accountId: opA, status: 'available', startedAt: at('09:00'), endedAt: at('10:00') },
      { accountId: opA, status: 'on_call', startedAt: at('10:00'), endedAt: at('10:30') },
      { accountId: opA, status: 'break', startedAt: at('10:30'), endedAt: at('11:30') },
    ]);
    const loaded = await load('supervisor', `week=${past}`);
    expect(loaded.rows.find((r) => r.accountId === opA)!.cells[0]!.adherence).toBe(75);
    const text = pageText(render(loaded));
    expect(text).toContain('遵守率 75%');
    expect(text).toContain('遵守率は、休憩を除くシフト時間のうち');
    const own = await load('op-a', `week=${past}`);
    expect(own.rows[0]!.cells[0]!.adherence).toBeNull();
    expect(pageText(render(own))).not.toContain('遵守率');
  });

  it('an operator: their own row, no forms, no planned counts, even when asking for a form', async () => {
    const loaded = await load('op-b', `week=${WEEK}&edit=${t.accountIds['op-a']}_${WEEK}`);
    expect(loaded.rows.map((r) => r.accountId)).toEqual([t.accountIds['op-b']]);
    expect(loaded.editing).toBeNull();
    expect(loaded.planned).toBeNull();
    const html = render(loaded);
    expect(pageText(html)).toContain('自分のシフト');
    expect(html).not.toContain('data-testid="copy-week"');
    expect(html).not.toContain('オペレーター A');
  });

  it('operators and town staff cannot post (403); town staff cannot open the page (403)', async () => {
    expect((await act('op-a', monday())).status).toBe(403);
    expect((await act('op-a', { intent: 'copy', fromWeek: WEEK, toWeek: '2027-06-21' })).status).toBe(403);
    const staff = await outcome(async () => load('staff-a', `week=${WEEK}`));
    expect(staff.status).toBe(403);
  });
});
