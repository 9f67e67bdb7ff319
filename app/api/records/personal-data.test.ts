/**
 * Issue 11, defects 4 and 5, through the real API (and the console's form actions) on a real
 * libSQL file: personal data in an incident's free text is refused with a 400 problem in the
 * caller's language and nothing is stored; an unknown municipality is a 404, not a 500.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction } from '../../test/remix-route';
import { bodyOf, count, createTestApp, refusal, type TestApp } from '../../test/test-context';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The typed API as that login, answering in `language`. */
const api = async (login: string, language = 'ja') => (await t.as(login, { 'Accept-Language': language })).v1;

const incidentRows = () => count(t.ctx, 'SELECT count(*) FROM incident');
const newIncident = (summary: string, municipalityId = t.municipalityA.municipalityId) =>
  ({ municipalityId, kind: 'complaint', severity: 'medium', summary }) as const;
const reportAs = async (login: string, summary: string, municipalityId?: string, language?: string) =>
  (await api(login, language)).incidents.$post({ json: newIncident(summary, municipalityId) });

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
    const ja = await refusal(reportAs('op-a', summary));
    expect(ja.code).toBe('personal_data_in_text');
    expect(ja.detail).toMatch(/^内容: /);
    expect(ja.messages.en).toMatch(/^What happened: /);
    expect(ja.errors?.[0]?.path).toBe('summary');
    const en = await refusal(reportAs('op-a', summary, undefined, 'en'));
    expect(en.detail).toMatch(/^What happened: /);
    expect(await incidentRows()).toBe(before);
  });

  it('allows times, dates and short numbers', async () => {
    const ok = await reportAs('op-a', '10:30-11:00 に 2 階のブースでカメラ停止（12/3 にも）');
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
  const report = async () => (await bodyOf(await reportAs('op-a', '待ち時間が長い'), 201)).id;
  const change = async (id: string, json: { action: 'resolve'; resolution: string } | { action: 'escalate'; notified: string }) =>
    (await api('supervisor')).incidents[':id'].actions.$post({ param: { id }, json });

  it.each(personal)('resolve refuses %s and the incident stays open', async (_, resolution) => {
    const id = await report();
    const refused = await refusal(change(id, { action: 'resolve', resolution }));
    expect(refused.code).toBe('personal_data_in_text');
    expect(refused.detail).toMatch(/^対応結果: /);
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
    const refused = await refusal(change(id, { action: 'escalate', notified }));
    expect(refused.code).toBe('invalid_notified');
    expect(refused.messages.ja).toBeTruthy();
    expect(refused.messages.en).toBeTruthy();
    expect(await count(t.ctx, "SELECT count(*) FROM incident WHERE id = ? AND notified IS NULL AND status = 'open'", [id])).toBe(1);
  });
});

describe('the console and admin forms say why, in both languages, at the field', () => {
  it('/console/records refuses a name in the summary (it used to only warn) and stores nothing', async () => {
    const before = await incidentRows();
    const route = await import('../../web/routes/console.records');
    const { status, errors } = await postAction(
      t,
      route,
      '/console/records',
      {},
      {
        intent: 'incident',
        municipalityId: t.municipalityA.municipalityId,
        kind: 'complaint',
        severity: 'low',
        summary: '山田太郎様 電話 090-1234-5678',
      },
      'op-a',
    );
    expect(status).toBe(400);
    expect(errors.summary![0]).toMatch(/^内容: .+ \/ What happened: .+/);
    expect(await incidentRows()).toBe(before);
  });

  it('/admin/incidents refuses a PIN in the resolution, pointing at that row’s field', async () => {
    const { id } = await bodyOf(await reportAs('op-a', 'カメラ停止'), 201);
    const route = await import('../../web/routes/admin.incidents');
    const fields = { intent: 'resolve', id, resolution: '四八二九 を再設定' };
    const { status, data } = await postAction(t, route, '/admin/incidents', {}, fields, 'supervisor');
    expect(status).toBe(400);
    expect(data).toMatchObject({ ok: false, id, intent: 'resolve' });
    expect((data as { message: string }).message).toMatch(/^対応結果: .+ \/ Resolution: .+/);
    expect(await count(t.ctx, "SELECT count(*) FROM incident WHERE id = ? AND status = 'open'", [id])).toBe(1);
  });
});

describe('a booth or session named with an incident', () => {
  it("must be in the incident's municipality: 400 booth_mismatch / session_mismatch, nothing stored; its own are taken", async () => {
    const before = await incidentRows();
    const supervisor = await api('supervisor');
    const { sessionId } = await t.openCall(t.municipalityB.boothCredential, {});
    const inA = newIncident('カメラ停止');
    const wrongBooth = await refusal(supervisor.incidents.$post({ json: { ...inA, boothId: t.municipalityB.boothId } }));
    expect(wrongBooth.code).toBe('booth_mismatch');
    expect((await refusal(supervisor.incidents.$post({ json: { ...inA, sessionId } }))).code).toBe('session_mismatch');
    expect(await incidentRows()).toBe(before);
    const inB = { ...newIncident('カメラ停止', t.municipalityB.municipalityId), boothId: t.municipalityB.boothId, sessionId };
    expect((await supervisor.incidents.$post({ json: inB })).status).toBe(201);
  });
});

describe('an unknown municipality is a 404 problem, not a 500 (defect 5)', () => {
  const unknown = randomUUID();

  it('POST /v1/incidents', async () => {
    const before = await incidentRows();
    for (const login of ['supervisor', 'admin']) {
      const refused = await refusal(reportAs(login, 'カメラ停止', unknown), 404);
      expect(refused.code).toBe('municipality_not_found');
      expect(refused.messages).toEqual({ ja: '指定された自治体は存在しません。', en: 'No such municipality.' });
    }
    expect(await incidentRows()).toBe(before);
  });

  it('POST /v1/inquiries', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM inquiry');
    const response = (await api('supervisor')).inquiries.$post({ json: { municipalityId: unknown, channel: 'phone', category: 'a' } });
    expect((await refusal(response, 404)).code).toBe('municipality_not_found');
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
    const asB = await api('op-b');
    expect((await asB.incidents.$post({ json: newIncident('x') })).status).toBe(404);
    const inquiry = { municipalityId: t.municipalityA.municipalityId, channel: 'phone', category: 'a' } as const;
    expect((await asB.inquiries.$post({ json: inquiry })).status).toBe(403);
  });
});
