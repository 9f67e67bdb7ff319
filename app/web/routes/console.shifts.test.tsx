/**
 * The shift page on the server: the real loader and action against the real test database, then the
 * page as it renders (errors at their fields; an operator's page with their row only and no forms).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import * as route from './console.shifts';

let t: TestApp;
const WEEK = '2027-06-07'; // a Monday

beforeAll(async () => {
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
