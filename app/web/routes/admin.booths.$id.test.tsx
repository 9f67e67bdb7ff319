/**
 * A booth's opening calendar: the real action with a browser's form post against the real test
 * database, then the page as it shows the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarOf } from '../../server/booths/booths.server';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { createTestApp, type TestApp } from '../../test/test-context';
import * as booth from './admin.booths.$id';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('a booth’s opening calendar (/admin/booths/:id)', () => {
  const path = () => `/admin/booths/${t.municipalityA.boothId}`;
  const save = async (fields: Record<string, string>, loginId = 'admin') => {
    const id = t.municipalityA.boothId;
    const request = await formPost(t, loginId, path(), { intent: 'calendar', ...fields });
    return outcome(() => booth.action({ request, context: loadContext(t), params: { id } }));
  };
  const page = async (actionData: unknown) => {
    const id = t.municipalityA.boothId;
    const request = await pageGet(t, 'admin', path());
    const loaderData = await booth.loader({ request, context: loadContext(t), params: { id } });
    return renderRoute(booth, '/admin/booths/:id', path(), loaderData, actionData);
  };
  const stored = async () => calendarOf(await t.ctx.booths.get(await t.principal('admin'), t.municipalityA.boothId));
  /** Monday to Friday as typed on a Japanese keyboard, the rest closed. */
  const week = (monday = '８：１５〜１７：００') => ({
    'weekly[0]': '',
    'weekly[1]': monday,
    'weekly[2]': '08:15-17:00',
    'weekly[3]': '08:15-17:00',
    'weekly[4]': '8:15 - 12:00、13:00-19:00',
    'weekly[5]': '08:15-17:00',
    'weekly[6]': '',
  });

  it('refuses a time that does not exist beside its weekday, in the screen’s language, and saves nothing', async () => {
    const before = await stored();
    const { status, data } = await save({ ...week('08:15-25:00'), closedDates: '2030-05-07\n2030-02-30', closedOnNationalHolidays: 'on' });
    expect(status).toBe(400);
    expect(await stored()).toEqual(before);
    const html = await page(data);
    const text = pageText(html);
    expect(html).toMatch(/id="weekly-1-error" class="error" role="alert"/);
    expect(text).toContain('時刻は HH:MM 形式で入力してください');
    expect(html).toContain('id="closedDates-error"');
    expect(text).toContain('2行目：日付は YYYY-MM-DD 形式の実在する日付で入力してください');
    expect(text).toContain('営業カレンダーは保存されていません');
    // What was typed is shown back.
    expect(html).toContain('value="08:15-25:00"');
    expect(html).toContain('2030-02-30</textarea>');
  });

  it('saves what people type, in canonical form, and shows it with the notice', async () => {
    const { status, data } = await save({
      ...week(),
      closedOnNationalHolidays: 'on',
      closedDates: '2030/5/7',
      openDates: '2030-05-12 ９:００〜１２:００',
      validFrom: '',
      validUntil: '2031-03-31',
    });
    expect(status).toBe(200);
    const r = (start: string, end: string) => ({ start, end });
    expect(await stored()).toEqual({
      weekly: [
        [],
        [r('08:15', '17:00')],
        [r('08:15', '17:00')],
        [r('08:15', '17:00')],
        [r('08:15', '12:00'), r('13:00', '19:00')],
        [r('08:15', '17:00')],
        [],
      ],
      closedOnNationalHolidays: true,
      closedForYearEnd: false,
      closedDates: ['2030-05-07'],
      openDates: [{ date: '2030-05-12', ranges: [r('09:00', '12:00')] }],
      validFrom: null,
      validUntil: '2031-03-31',
    });
    const html = await page(data);
    expect(pageText(html)).toContain('営業カレンダーを保存しました');
    expect(html).toContain('value="08:15-12:00, 13:00-19:00"');
    expect(html).toContain('2030-05-12 09:00-12:00</textarea>');
    expect(html.match(/name="weekly\[\d\]"/g)).toHaveLength(7);
    expect(html).toMatch(/id="closedOnNationalHolidays"[^>]* checked/);
  });

  it('is for those who may write calendars: an operator is refused with 403 and nothing changes', async () => {
    const before = await stored();
    expect((await save(week(), 'op-a')).status).toBe(403);
    expect(await stored()).toEqual(before);
  });
});
