/**
 * Issue 11, defects 4 and 5, through the real API (and the console's form actions) on a real
 * libSQL file: personal data in an incident's free text is refused with a 400 problem in the
 * caller's language and nothing is stored; an unknown municipality is a 404, not a 500.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const login of ['op-a', 'supervisor', 'admin']) cookies[login] = await t.cookieFor(login);
});
afterAll(async () => {
  await t.close();
});

async function call(login: string, method: string, path: string, body: unknown, language = 'ja') {
  const response = await t.api.request(path, {
    method,
    headers: { Cookie: cookies[login]!, 'Accept-Language': language, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, any> };
}

const incidentRows = () => count(t.ctx, 'SELECT count(*) FROM incident');
const newIncident = (summary: string, municipalityId = t.municipalityA.municipalityId) => ({
  municipalityId,
  kind: 'complaint',
  severity: 'medium',
  summary,
});

const personal: [string, string][] = [
  ['a name with an honorific', '山田太郎様から苦情'],
  ['a 12-digit number (My Number)', '番号 123456789012 を確認'],
  ['a PIN', '暗証番号 4829 を聞いた'],
  ['a PIN in full-width digits', '暗証番号 ４８２９'],
  ['a PIN in kanji numerals', '暗証番号は四八二九'],
  ['a phone number with separators', '090-1234-5678 に折り返し'],
  ['a My Number with spaces', '1234 5678 9012'],
  ['an e-mail address', 'taro@example.jp へ連絡'],
  ['a postal code', '〒511-0295'],
  ['a birth year', '昭和45年生まれの方'],
];

describe('incident summary: personal data is refused, nothing stored', () => {
  it.each(personal)('POST /v1/incidents refuses %s with a 400 problem in the caller’s language', async (_, summary) => {
    const before = await incidentRows();
    const ja = await call('op-a', 'POST', '/v1/incidents', newIncident(summary));
    expect(ja.status).toBe(400);
    expect(ja.type).toContain('application/problem+json');
    expect(ja.body.code).toBe('personal_data_in_text');
    expect(ja.body.detail).toMatch(/^内容: /);
    expect(ja.body.messages.en).toMatch(/^What happened: /);
    expect(ja.body.errors[0].path).toBe('summary');
    const en = await call('op-a', 'POST', '/v1/incidents', newIncident(summary), 'en');
    expect(en.body.detail).toMatch(/^What happened: /);
    expect(await incidentRows()).toBe(before);
  });

  it('allows times, dates and short numbers', async () => {
    const ok = await call('op-a', 'POST', '/v1/incidents', newIncident('10:30-11:00 に 2 階のブースでカメラ停止（12/3 にも）'));
    expect(ok.status).toBe(201);
  });

  it('the service itself refuses it (the console form calls it directly)', async () => {
    const before = await incidentRows();
    await expect(
      t.ctx.records.reportIncident(await t.principal('op-a'), {
        municipalityId: t.municipalityA.municipalityId,
        kind: 'incident',
        severity: 'low',
        summary: '山田さんの件',
      }),
    ).rejects.toMatchObject({ status: 400, code: 'personal_data_in_text' });
    expect(await incidentRows()).toBe(before);
  });
});

describe('incident resolution and notified party', () => {
  const report = async () => (await call('op-a', 'POST', '/v1/incidents', newIncident('待ち時間が長い'))).body.id as string;

  it.each(personal)('resolve refuses %s and the incident stays open', async (_, resolution) => {
    const id = await report();
    const response = await call('supervisor', 'POST', `/v1/incidents/${id}/actions`, { action: 'resolve', resolution });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('personal_data_in_text');
    expect(response.body.detail).toMatch(/^対応結果: /);
    expect(await count(t.ctx, "SELECT count(*) FROM incident WHERE id = ? AND status = 'open' AND resolution IS NULL", [id])).toBe(1);
    await expect(t.ctx.records.changeIncident(await t.principal('supervisor'), id, 'resolve', { resolution })).rejects.toMatchObject({
      status: 400,
    });
    expect(await count(t.ctx, "SELECT count(*) FROM incident WHERE id = ? AND status = 'open'", [id])).toBe(1);
  });

  it.each([
    ['a person’s name', '山田太郎'],
    ['kanji numerals', '市民課 四八二九'],
    ['a name with an honorific', '市民課 山田様'],
  ])('escalate refuses %s as the notified party', async (_, notified) => {
    const id = await report();
    const response = await call('supervisor', 'POST', `/v1/incidents/${id}/actions`, { action: 'escalate', notified });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_notified');
    expect(response.body.messages.ja).toBeTruthy();
    expect(response.body.messages.en).toBeTruthy();
    expect(await count(t.ctx, "SELECT count(*) FROM incident WHERE id = ? AND notified IS NULL AND status = 'open'", [id])).toBe(1);
  });
});

describe('the console and admin forms say why, in both languages, at the field', () => {
  const post = async (
    module: Promise<{ action: (args: never) => Promise<unknown> }>,
    login: string,
    url: string,
    fields: Record<string, string>,
  ) => {
    const { action } = await module;
    const body = new URLSearchParams(fields);
    const result = (await action({
      request: new Request(`http://127.0.0.1${url}`, {
        method: 'POST',
        body,
        headers: { Cookie: cookies[login]!, 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      context: { app: t.ctx, clientAddress: '127.0.0.1', requestId: randomUUID(), cspNonce: '' },
      params: {},
    } as never)) as { data?: Record<string, any>; init?: { status?: number } } & Record<string, any>;
    return { status: result.init?.status ?? 200, data: (result.data ?? result) as Record<string, any> };
  };

  it('/console/records refuses a name in the summary (it used to only warn) and stores nothing', async () => {
    const before = await incidentRows();
    const { status, data } = await post(import('../../web/routes/console.records'), 'op-a', '/console/records', {
      intent: 'incident',
      municipalityId: t.municipalityA.municipalityId,
      kind: 'complaint',
      severity: 'low',
      summary: '山田太郎様 電話 090-1234-5678',
    });
    expect(status).toBe(400);
    expect(data.result.error.summary[0]).toMatch(/^内容: .+ \/ What happened: .+/);
    expect(await incidentRows()).toBe(before);
  });

  it('/admin/incidents refuses a PIN in the resolution, pointing at that row’s field', async () => {
    const id = (await call('op-a', 'POST', '/v1/incidents', newIncident('カメラ停止'))).body.id as string;
    const { status, data } = await post(import('../../web/routes/admin.incidents'), 'supervisor', '/admin/incidents', {
      intent: 'resolve',
      id,
      resolution: '四八二九 を再設定',
    });
    expect(status).toBe(400);
    expect(data).toMatchObject({ ok: false, id, intent: 'resolve' });
    expect(data.message).toMatch(/^対応結果: .+ \/ Resolution: .+/);
    expect(await count(t.ctx, "SELECT count(*) FROM incident WHERE id = ? AND status = 'open'", [id])).toBe(1);
  });
});

describe('an unknown municipality is a 404 problem, not a 500 (defect 5)', () => {
  const unknown = randomUUID();

  it('POST /v1/incidents', async () => {
    const before = await incidentRows();
    for (const login of ['supervisor', 'admin']) {
      const response = await call(login, 'POST', '/v1/incidents', newIncident('カメラ停止', unknown));
      expect(response.status).toBe(404);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.code).toBe('municipality_not_found');
      expect(response.body.messages).toEqual({ ja: '指定された自治体は存在しません。', en: 'No such municipality.' });
    }
    expect(await incidentRows()).toBe(before);
  });

  it('POST /v1/inquiries', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM inquiry');
    const response = await call('supervisor', 'POST', '/v1/inquiries', { municipalityId: unknown, channel: 'phone', category: 'a' });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('municipality_not_found');
    expect(await count(t.ctx, 'SELECT count(*) FROM inquiry')).toBe(before);
  });

  it('the services answer it too, for every caller', async () => {
    const sv = await t.principal('supervisor');
    await expect(
      t.ctx.records.reportIncident(sv, { municipalityId: unknown, kind: 'incident', severity: 'low', summary: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(t.ctx.records.logInquiry(sv, { municipalityId: unknown, channel: 'phone', category: 'a' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('another town stays out of reach: an incident 404, an inquiry 403 as before', async () => {
    const cookieB = await t.cookieFor('op-b');
    const asB = (path: string, body: unknown) =>
      t.api.request(path, { method: 'POST', headers: { Cookie: cookieB, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await asB('/v1/incidents', newIncident('x'))).status).toBe(404);
    expect((await asB('/v1/inquiries', { municipalityId: t.municipalityA.municipalityId, channel: 'phone', category: 'a' })).status).toBe(
      403,
    );
  });
});
