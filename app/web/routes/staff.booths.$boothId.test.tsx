/**
 * Remote commands from the booth's health page: the real action with a browser's form post against
 * the real test database, then the page as it shows the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formPost, loadContext, outcome, pageGet, renderRoute } from '../../test/remix-route';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import * as booth from './staff.booths.$boothId';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const command = async (loginId: string, kind: string, boothId = t.municipalityA.boothId) => {
  const request = await formPost(t, loginId, `/staff/booths/${boothId}`, { kind });
  return outcome(() => booth.action({ request, context: loadContext(t), params: { boothId } }));
};
const page = async (loginId: string, actionData: unknown) => {
  const boothId = t.municipalityA.boothId;
  const request = await pageGet(t, loginId, `/staff/booths/${boothId}`);
  const loaderData = await booth.loader({ request, context: loadContext(t), params: { boothId } });
  return renderRoute(booth, '/staff/booths/:boothId', `/staff/booths/${boothId}`, loaderData, actionData);
};
const commands = () => count(t.ctx, 'SELECT count(*) FROM booth_command WHERE booth_id = ?', [t.municipalityA.boothId]);

describe('booth commands (/staff/booths/:boothId)', () => {
  it('sends a command the town’s staff ask for, and the page says it is on its way', async () => {
    const before = await commands();
    const { status, data } = await command('staff-a', 'reload');
    expect(status).toBe(200);
    expect(await commands()).toBe(before + 1);
    const html = await page('staff-a', data);
    // The screen speaks one language at a time (Japanese by default, decision 0025).
    expect(html).toMatch(/role="status"[^>]*>アプリ再読み込み: 送信しました。次の通信でブースに届きます</);
  });

  it('refuses a kind that is not a command, before anything else', async () => {
    const before = await commands();
    expect((await command('staff-a', 'format_disk')).status).toBe(400);
    expect((await command('staff-a', '')).status).toBe(400);
    expect(await commands()).toBe(before);
  });

  it('another town’s booth is not found, shown as the form’s alert, and nothing is sent', async () => {
    const before = await commands();
    const { status, data } = await command('staff-b', 'self_test');
    expect(status).toBe(404);
    expect(await commands()).toBe(before);
    const html = await page('staff-a', data);
    expect(html).toMatch(/role="alert"[^>]*>[^<]+ \/ [^<]+</);
  });

  it('an operator may not send commands (403)', async () => {
    expect((await command('op-a', 'reload')).status).toBe(403);
  });
});
