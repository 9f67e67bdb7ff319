/**
 * The staffing page (/staff/staffing): the real loader and action against the real test database,
 * then the page as it renders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import * as staffing from './staff.staffing';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const A = () => t.municipalityA.municipalityId;
const post = async (fields: Record<string, string | string[]>, loginId = 'supervisor') =>
  outcome(async () =>
    staffing.action({ request: await formPost(t, loginId, '/staff/staffing', fields), context: loadContext(t), params: {} }),
  );
const page = async (loginId: string, query = '') => {
  const url = `/staff/staffing?municipalityId=${A()}${query}`;
  const loaderData = await staffing.loader({ request: await pageGet(t, loginId, url), context: loadContext(t), params: {} });
  return pageText(renderRoute(staffing, '/staff/staffing', url, loaderData));
};

describe('minimum windows on the staffing page', () => {
  it('a supervisor adds 9:00–16:00 at least 4 on weekdays; the page lists it', async () => {
    const { status } = await post({
      intent: 'add-window',
      municipalityId: A(),
      weekdays: ['1', '2', '3', '4', '5'],
      start: '09:00',
      end: '16:00',
      operators: '4',
    });
    expect(status).toBe(200);
    const text = await page('supervisor');
    expect(text).toContain('月、火、水、木、金');
    expect(text).toContain('09:00–16:00');
    expect(text).toContain('4 名');
  });

  it('refuses a window off the 15-minute grid in words, and keeps the stored one', async () => {
    const { status, data } = await post({
      intent: 'add-window',
      municipalityId: A(),
      weekdays: ['1'],
      start: '16:10',
      end: '18:00',
      operators: '2',
    });
    expect(status).toBe(400);
    expect(String((data as { error: string }).error)).toContain('リクエストの内容が正しくありません');
    expect(await count(t.ctx, 'SELECT count(*) FROM minimum_window WHERE municipality_id = ?', [A()])).toBe(1);
  });

  it('town staff read their town’s windows but cannot change them', async () => {
    expect(await page('staff-a')).toContain('09:00–16:00');
    const { status } = await post({ intent: 'remove-window', municipalityId: A(), index: '0' }, 'staff-a');
    expect(status).toBe(403);
    expect(await count(t.ctx, 'SELECT count(*) FROM minimum_window WHERE municipality_id = ?', [A()])).toBe(1);
  });
});

describe('the what-if calculator', () => {
  it('answers the published case from the address: 14 on calls at 88.8 %', async () => {
    const text = await page(
      'supervisor',
      '&calls=100&intervalMinutes=30&handlingSeconds=180&answerWithinSeconds=20&goalPercent=80&shrinkagePercent=0&patienceSeconds=',
    );
    expect(text).toContain('応答に 14 名、配置 14 名：サービスレベル 88.8 %');
  });
  it('says so when a figure is out of range', async () => {
    expect(await page('supervisor', '&calls=-5&handlingSeconds=180&answerWithinSeconds=20&goalPercent=80&shrinkagePercent=0')).toContain(
      '入力を確認してください',
    );
  });
});

describe('service-level goal', () => {
  it('a supervisor sets 90 % within 30 s; the definition on the page says so', async () => {
    const { status } = await post({
      intent: 'settings',
      municipalityId: A(),
      serviceLevelGoalPercent: '90',
      serviceLevelSeconds: '30',
      abandonGraceSeconds: '5',
      operatorGroupId: '',
    });
    expect(status).toBe(200);
    expect(await page('staff-a')).toContain('30秒以内に応答した件数 ÷ 着信数（目標 90%）');
  });
});
