/**
 * The municipality forms: the real actions with a browser's form post against the real test
 * database, then the page as it shows the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import * as municipalities from './admin.municipalities._index';
import * as municipality from './admin.municipalities.$id';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('registering a municipality (/admin/municipalities)', () => {
  const register = async (fields: Record<string, string>) => {
    const request = await formPost(t, 'admin', '/admin/municipalities', fields);
    return outcome(() => municipalities.action({ request, context: loadContext(t), params: {} }));
  };
  const page = async (actionData: unknown) => {
    const request = await pageGet(t, 'admin', '/admin/municipalities');
    const loaderData = await municipalities.loader({ request, context: loadContext(t), params: {} });
    return renderRoute(municipalities, '/admin/municipalities', '/admin/municipalities', loaderData, actionData);
  };
  const rows = () => count(t.ctx, 'SELECT count(*) FROM municipality');

  it.each([
    ['not six digits (the browser’s check too)', '12345'],
    ['a wrong check digit (the API’s)', '243249'],
  ])('refuses a code with %s beside the field, keeping what was typed', async (_, code) => {
    const before = await rows();
    const { status, data } = await register({ code, name: '新しい町' });
    expect(status).toBe(400);
    expect(await rows()).toBe(before);
    const html = await page(data);
    expect(html).toContain('id="code-error"');
    expect(pageText(html)).toContain('団体コードは検査数字を含む 6 桁の数字で入力してください');
    expect(html).toContain(`value="${code}"`);
    expect(html).toContain('value="新しい町"');
  });

  it('a code already registered is the service’s refusal, shown as the form’s alert in both languages', async () => {
    const { status, data } = await register({ code: '243248', name: '重複する町' });
    expect(status).toBe(409);
    const text = pageText(await page(data));
    expect(text).toContain('既に登録されています');
    expect(text).toContain('already exists');
  });

  it('registers a valid one and goes to its page', async () => {
    const before = await rows();
    const { status, response } = await register({ code: ' 011002 ', name: '札幌市' });
    expect(status).toBe(302);
    expect(response!.headers.get('Location')).toMatch(/^\/admin\/municipalities\/[0-9a-f-]{36}$/);
    expect(await rows()).toBe(before + 1);
  });
});

describe('a municipality’s settings (/admin/municipalities/:id)', () => {
  const settings = { intent: 'update', name: '人吉市', procedures: 'renewal', outageAlertMinutes: '5', alertWebhookUrl: '' };
  const save = async (fields: Record<string, string>, loginId = 'admin') => {
    const id = t.municipalityB.municipalityId;
    const request = await formPost(t, loginId, `/admin/municipalities/${id}`, fields);
    return outcome(() => municipality.action({ request, context: loadContext(t), params: { id } }));
  };
  const page = async (actionData: unknown) => {
    const id = t.municipalityB.municipalityId;
    const request = await pageGet(t, 'admin', `/admin/municipalities/${id}`);
    const loaderData = await municipality.loader({ request, context: loadContext(t), params: { id } });
    return renderRoute(municipality, '/admin/municipalities/:id', `/admin/municipalities/${id}`, loaderData, actionData);
  };
  const stored = async () => t.ctx.municipalities.get(await t.principal('admin'), t.municipalityB.municipalityId);

  it('refuses minutes out of range and a webhook that is not http(s), each at its field, and saves nothing', async () => {
    const before = await stored();
    const { status, data } = await save({ ...settings, outageAlertMinutes: '0', alertWebhookUrl: 'ftp://127.0.0.1/alerts' });
    expect(status).toBe(400);
    expect(await stored()).toEqual(before);
    const html = await page(data);
    const text = pageText(html);
    expect(html).toContain('id="outageAlertMinutes-error"');
    expect(text).toContain('1〜240 の分数を入力してください');
    expect(html).toContain('id="alertWebhookUrl-error"');
    expect(text).toContain('停止通知の送信先は http:// か https:// の URL にしてください');
    expect(text).toContain('The alert webhook must be an http:// or https:// URL');
    expect(html).toContain('value="ftp://127.0.0.1/alerts"');
  });

  it('needs the counter guidance in Japanese once another language is written, at the Japanese field', async () => {
    const { status, data } = await save({ ...settings, 'counterGuidance.en': 'City hall, 1st floor' });
    expect(status).toBe(400);
    expect(pageText(await page(data))).toContain('窓口の案内の日本語を入力してください');
  });

  it('saves, then shows what was saved with the notice', async () => {
    const url = 'https://hooks.example.jp/x';
    const { status, data } = await save({
      ...settings,
      outageAlertMinutes: ' 15 ',
      alertWebhookUrl: ` ${url} `,
      'counterGuidance.ja': '市役所 1 階',
    });
    expect(status).toBe(200);
    expect(await stored()).toMatchObject({ outageAlertMinutes: 15, alertWebhookUrl: url, counterGuidance: { ja: '市役所 1 階' } });
    const html = await page(data);
    expect(pageText(html)).toContain('保存しました');
    expect(html).toContain('value="15"');
    expect(html).toContain('value="https://hooks.example.jp/x"');
  });

  it('is an administrator’s: a supervisor is refused with 403', async () => {
    expect((await save(settings, 'supervisor')).status).toBe(403);
  });
});

describe('publishing terms or a privacy policy (/admin/municipalities/:id)', () => {
  const publish = async (fields: Record<string, string>) => {
    const id = t.municipalityA.municipalityId;
    const request = await formPost(t, 'supervisor', `/admin/municipalities/${id}`, { intent: 'publish', ...fields });
    return outcome(() => municipality.action({ request, context: loadContext(t), params: { id } }));
  };
  const page = async (actionData: unknown) => {
    const id = t.municipalityA.municipalityId;
    const request = await pageGet(t, 'supervisor', `/admin/municipalities/${id}`);
    const loaderData = await municipality.loader({ request, context: loadContext(t), params: { id } });
    return renderRoute(municipality, '/admin/municipalities/:id', `/admin/municipalities/${id}`, loaderData, actionData);
  };
  const documents = () => count(t.ctx, 'SELECT count(*) FROM consent_document WHERE municipality_id = ?', [t.municipalityA.municipalityId]);

  it('refuses a text without Japanese in that document’s form only, keeping what was typed', async () => {
    const before = await documents();
    const { status, data } = await publish({ kind: 'privacy', 'texts.en': 'Privacy policy' });
    expect(status).toBe(400);
    expect(await documents()).toBe(before);
    const html = await page(data);
    const privacy = html.slice(html.indexOf('data-testid="consent-privacy"'));
    const terms = html.slice(html.indexOf('data-testid="consent-terms"'), html.indexOf('data-testid="consent-privacy"'));
    expect(pageText(privacy)).toContain('本文の日本語を入力してください（日本語は必須です）');
    expect(privacy).toContain('Privacy policy</textarea>');
    expect(pageText(terms)).not.toContain('日本語は必須です');
  });

  it('publishes a new version and says so', async () => {
    const before = await documents();
    const { status, data } = await publish({ kind: 'terms', 'texts.ja': '利用規約（テスト）' });
    expect(status).toBe(200);
    expect(await documents()).toBe(before + 1);
    expect(pageText(await page(data))).toMatch(/利用規約 第 \d+ 版を公開しました/);
  });
});
