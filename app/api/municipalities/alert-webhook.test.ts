/**
 * Issue 11 defect 12 at save time: an administrator cannot point a town's outage-alert webhook at
 * an internal address or host, through the API or the admin form (a 400 in ja/en, nothing stored);
 * https only when PUBLIC_ORIGIN is https. (The send-time check: server/booths/health.server.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction } from '../../test/remix-route';
import { createTestApp, refusal, type TestApp } from '../../test/test-context';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The app's admin sets town A's webhook through the typed API, answered in `language`. */
const patchWebhook = async (app: TestApp, alertWebhookUrl: string, language = 'ja') =>
  (await app.as('admin', { 'Accept-Language': language })).v1.municipalities[':id'].$patch({
    param: { id: app.municipalityA.municipalityId },
    json: { alertWebhookUrl },
  });

/** The admin form's update of town A with that webhook. */
const postForm = async (app: TestApp, alertWebhookUrl: string) =>
  postAction(
    app,
    await import('../../web/routes/admin.municipalities.$id'),
    `/admin/municipalities/${app.municipalityA.municipalityId}`,
    { id: app.municipalityA.municipalityId },
    { intent: 'update', name: '東員町', eligibility: '', alertWebhookUrl, outageAlertMinutes: '5', procedures: ['renewal'] },
  );

const storedUrl = async (app: TestApp, id: string) =>
  (await app.ctx.database.client.execute({ sql: 'SELECT alert_webhook_url FROM municipality WHERE id = ?', args: [id] })).rows[0]!
    .alert_webhook_url;

describe('alertWebhookUrl at save time', () => {
  it.each([
    'http://127.0.0.1:9999/hook',
    'http://2130706433:9999/',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://localhost:3000/hook',
    'http://10.0.0.8/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/hook',
    'http://[fd00::1]/hook',
    'http://0.0.0.0/hook',
    'http://metadata.google.internal/',
    'https://user:pw@hooks.example.jp/',
  ])('PATCH refuses %s with a 400 in the caller’s language and keeps the old URL', async (url) => {
    const before = await storedUrl(t, t.municipalityA.municipalityId);
    const ja = await refusal(patchWebhook(t, url));
    expect(ja.code).toBe('webhook_url_refused');
    expect(ja.detail).toMatch(/停止通知/);
    expect(ja.errors?.[0]?.path).toBe('alertWebhookUrl');
    const en = await refusal(patchWebhook(t, url, 'en'));
    expect(en.detail).toMatch(/alert webhook/);
    expect(await storedUrl(t, t.municipalityA.municipalityId)).toBe(before);
  });

  it('POST refuses it too and creates nothing; a public https URL is saved', async () => {
    const admin = await t.as('admin');
    await refusal(admin.v1.municipalities.$post({ json: { code: '011002', name: '札幌市', alertWebhookUrl: 'http://127.0.0.1:9999/' } }));
    expect(
      await t.ctx.database.client
        .execute({ sql: "SELECT count(*) AS n FROM municipality WHERE code = '011002'", args: [] })
        .then((r) => Number(r.rows[0]!.n)),
    ).toBe(0);
    expect((await patchWebhook(t, 'https://hooks.example.jp/madoguchi')).status).toBe(200);
    expect(await storedUrl(t, t.municipalityA.municipalityId)).toBe('https://hooks.example.jp/madoguchi');
  });

  it('the service refuses it (the admin form calls it directly)', async () => {
    await expect(
      t.ctx.municipalities.update(await t.principal('admin'), t.municipalityA.municipalityId, {
        alertWebhookUrl: 'http://169.254.169.254/',
      }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'webhook_url_refused',
    });
  });

  it('the admin form says why in both languages, at the field', async () => {
    const before = await storedUrl(t, t.municipalityA.municipalityId);
    const { status, errors } = await postForm(t, 'http://127.0.0.1:9999/hook');
    expect(status).toBe(400);
    expect(errors.alertWebhookUrl![0]).toMatch(/停止通知.+ \/ .*alert webhook/);
    expect(await storedUrl(t, t.municipalityA.municipalityId)).toBe(before);
  });
});

describe('https only when PUBLIC_ORIGIN is https', () => {
  let secure: TestApp;
  beforeAll(async () => {
    secure = await createTestApp({ PUBLIC_ORIGIN: 'https://madoguchi.example.lg.jp' });
  });
  afterAll(async () => {
    await secure.close();
  });

  it('refuses an http webhook (API and form), accepts https', async () => {
    const http = await refusal(patchWebhook(secure, 'http://hooks.example.jp/x', 'en'));
    expect(http.detail).toMatch(/https:\/\//);
    expect(await storedUrl(secure, secure.municipalityA.municipalityId)).toBeNull();
    const { status, errors } = await postForm(secure, 'http://hooks.example.jp/x');
    expect(status).toBe(400);
    expect(errors.alertWebhookUrl![0]).toMatch(/https:\/\/ の URL/);
    expect((await patchWebhook(secure, 'https://hooks.example.jp/x')).status).toBe(200);
  });
});
