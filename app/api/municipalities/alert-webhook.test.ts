/**
 * Issue 11 defect 12 at save time: an administrator cannot point a town's outage-alert webhook at
 * an internal address or host, through the API or the admin form (a 400 in ja/en, nothing stored);
 * https only when PUBLIC_ORIGIN is https. (The send-time check: server/booths/health.server.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.cookieFor('admin');
});
afterAll(async () => {
  await t.close();
});

const call = async (app: TestApp, cookie: string, method: string, path: string, body: unknown, language = 'ja') => {
  const response = await app.api.request(path, {
    method,
    headers: { Cookie: cookie, 'Accept-Language': language, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

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
    const ja = await call(t, admin, 'PATCH', `/v1/municipalities/${t.municipalityA.municipalityId}`, { alertWebhookUrl: url });
    expect(ja.status).toBe(400);
    expect(ja.body.code).toBe('webhook_url_refused');
    expect(ja.body.detail).toMatch(/停止通知/);
    expect(ja.body.errors[0].path).toBe('alertWebhookUrl');
    const en = await call(t, admin, 'PATCH', `/v1/municipalities/${t.municipalityA.municipalityId}`, { alertWebhookUrl: url }, 'en');
    expect(en.body.detail).toMatch(/alert webhook/);
    expect(await storedUrl(t, t.municipalityA.municipalityId)).toBe(before);
  });

  it('POST refuses it too and creates nothing; a public https URL is saved', async () => {
    const refused = await call(t, admin, 'POST', '/v1/municipalities', {
      code: '011002',
      name: '札幌市',
      alertWebhookUrl: 'http://127.0.0.1:9999/',
    });
    expect(refused.status).toBe(400);
    expect(
      await t.ctx.database.client
        .execute({ sql: "SELECT count(*) AS n FROM municipality WHERE code = '011002'", args: [] })
        .then((r) => Number(r.rows[0]!.n)),
    ).toBe(0);
    const ok = await call(t, admin, 'PATCH', `/v1/municipalities/${t.municipalityA.municipalityId}`, {
      alertWebhookUrl: 'https://hooks.example.jp/madoguchi',
    });
    expect(ok.status).toBe(200);
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
    const { action } = await import('../../web/routes/admin.municipalities.$id');
    const before = await storedUrl(t, t.municipalityA.municipalityId);
    const body = new URLSearchParams({
      intent: 'update',
      name: '東員町',
      eligibility: '',
      alertWebhookUrl: 'http://127.0.0.1:9999/hook',
      outageAlertMinutes: '5',
    });
    body.append('procedures', 'renewal');
    const result = (await action({
      request: new Request(`http://127.0.0.1/admin/municipalities/${t.municipalityA.municipalityId}`, {
        method: 'POST',
        body,
        headers: { Cookie: admin, 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      context: { app: t.ctx, clientAddress: '127.0.0.1', requestId: randomUUID(), cspNonce: '' },
      params: { id: t.municipalityA.municipalityId },
    } as never)) as unknown as { data: { result: { error: Record<string, string[]> } }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.result.error.alertWebhookUrl![0]).toMatch(/停止通知.+ \/ .*alert webhook/);
    expect(await storedUrl(t, t.municipalityA.municipalityId)).toBe(before);
  });
});

describe('https only when PUBLIC_ORIGIN is https', () => {
  let secure: TestApp;
  let secureAdmin: string;
  beforeAll(async () => {
    secure = await createTestApp({ PUBLIC_ORIGIN: 'https://madoguchi.example.lg.jp' });
    secureAdmin = await secure.cookieFor('admin');
  });
  afterAll(async () => {
    await secure.close();
  });

  it('refuses an http webhook (API and form), accepts https', async () => {
    const http = await call(
      secure,
      secureAdmin,
      'PATCH',
      `/v1/municipalities/${secure.municipalityA.municipalityId}`,
      { alertWebhookUrl: 'http://hooks.example.jp/x' },
      'en',
    );
    expect(http.status).toBe(400);
    expect(http.body.detail).toMatch(/https:\/\//);
    expect(await storedUrl(secure, secure.municipalityA.municipalityId)).toBeNull();
    const { action } = await import('../../web/routes/admin.municipalities.$id');
    const body = new URLSearchParams({
      intent: 'update',
      name: '東員町',
      eligibility: '',
      alertWebhookUrl: 'http://hooks.example.jp/x',
      outageAlertMinutes: '5',
    });
    const result = (await action({
      request: new Request(`http://127.0.0.1/admin/municipalities/${secure.municipalityA.municipalityId}`, {
        method: 'POST',
        body,
        headers: { Cookie: secureAdmin, 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      context: { app: secure.ctx, clientAddress: '127.0.0.1', requestId: randomUUID(), cspNonce: '' },
      params: { id: secure.municipalityA.municipalityId },
    } as never)) as unknown as { data: { result: { error: Record<string, string[]> } }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.result.error.alertWebhookUrl![0]).toMatch(/https:\/\/ の URL/);
    const https = await call(secure, secureAdmin, 'PATCH', `/v1/municipalities/${secure.municipalityA.municipalityId}`, {
      alertWebhookUrl: 'https://hooks.example.jp/x',
    });
    expect(https.status).toBe(200);
  });
});
