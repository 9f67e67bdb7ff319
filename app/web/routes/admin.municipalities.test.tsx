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

describe('a municipality’s reservation policy (/admin/municipalities/:id)', () => {
  const id = () => t.municipalityB.municipalityId;
  const policy = {
    intent: 'reservation-policy',
    slotMinutes: '30',
    walkInSharePercent: '20',
    fixedCapacity: '1',
    checkInEarlyMinutes: '10',
    checkInLateMinutes: '15',
  };
  const save = async (fields: Record<string, string>, loginId = 'admin') => {
    const request = await formPost(t, loginId, `/admin/municipalities/${id()}`, fields);
    return outcome(() => municipality.action({ request, context: loadContext(t), params: { id: id() } }));
  };
  const page = async (actionData: unknown) => {
    const request = await pageGet(t, 'admin', `/admin/municipalities/${id()}`);
    const loaderData = await municipality.loader({ request, context: loadContext(t), params: { id: id() } });
    return renderRoute(municipality, '/admin/municipalities/:id', `/admin/municipalities/${id()}`, loaderData, actionData);
  };
  const rows = () => count(t.ctx, 'SELECT count(*) FROM reservation_policy WHERE municipality_id = ?', [id()]);

  it('shows the defaults while none is set', async () => {
    const html = await page(undefined);
    expect(html).toContain('data-testid="reservation-policy-form"');
    expect(html).toMatch(/<option value="30" selected="">30 分<\/option>/);
    expect(html).toContain('name="walkInSharePercent"');
  });

  it('refuses a slot length off the list and numbers out of bounds, each at its field, keeping what was typed, and saves nothing', async () => {
    const { status, data } = await save({
      ...policy,
      slotMinutes: '25',
      walkInSharePercent: '150',
      checkInLateMinutes: '241',
      fixedCapacity: 'x',
    });
    expect(status).toBe(400);
    expect(await rows()).toBe(0);
    const html = await page(data);
    const text = pageText(html);
    // The form's own check first: a number that is not one.
    expect(html).toContain('id="fixedCapacity-error"');
    expect(text).toContain('0〜100 の整数で入力してください');
    const bounds = await save({ ...policy, slotMinutes: '25', walkInSharePercent: '150', checkInLateMinutes: '241' });
    expect(bounds.status).toBe(400);
    expect(await rows()).toBe(0);
    const boundsHtml = await page(bounds.data);
    expect(boundsHtml).toContain('id="slotMinutes-error"');
    expect(pageText(boundsHtml)).toContain('枠の長さを一覧から選んでください');
    expect(boundsHtml).toContain('id="walkInSharePercent-error"');
    expect(boundsHtml).toContain('id="checkInLateMinutes-error"');
    expect(pageText(boundsHtml)).toContain('0〜240 の整数で入力してください');
    expect(boundsHtml).toContain('value="150"');
  });

  it('saves, is used at once, is audited with what changed, and the page shows it with the notice', async () => {
    const { status, data } = await save({
      ...policy,
      slotMinutes: '60',
      walkInSharePercent: ' 30 ',
      checkInLateMinutes: '20',
      reservationOnly: 'on',
    });
    expect(status).toBe(200);
    expect(await t.ctx.reservations.policyOf(id())).toEqual({
      slotMinutes: 60,
      walkInSharePercent: 30,
      fixedCapacity: 1,
      checkInEarlyMinutes: 10,
      checkInLateMinutes: 20,
      reservationOnly: true,
    });
    const audit = await t.ctx.database.client.execute({
      sql: "SELECT detail FROM audit_log WHERE action = 'reservation_policy.updated' AND target_id = ?",
      args: [id()],
    });
    expect(audit.rows.map((r) => JSON.parse(String(r.detail)))).toEqual([
      { fields: 'slotMinutes,walkInSharePercent,checkInLateMinutes,reservationOnly' },
    ]);
    const html = await page(data);
    expect(pageText(html)).toContain('予約の設定を保存しました');
    expect(html).toMatch(/<option value="60" selected="">60 分<\/option>/);
    expect(html).toContain('value="30"');
    expect(html).toMatch(/name="reservationOnly"[^>]*checked=""/);
  });

  it('is an administrator’s: a supervisor is refused with 403', async () => {
    const before = await t.ctx.reservations.policyOf(id());
    expect((await save({ ...policy, slotMinutes: '15' }, 'supervisor')).status).toBe(403);
    expect(await t.ctx.reservations.policyOf(id())).toEqual(before);
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

describe('a municipality’s eligibility questions (/admin/municipalities/:id)', () => {
  const id = () => t.municipalityA.municipalityId;
  const send = async (fields: Record<string, string>) => {
    const request = await formPost(t, 'admin', `/admin/municipalities/${id()}`, { intent: 'eligibility', ...fields });
    return outcome(() => municipality.action({ request, context: loadContext(t), params: { id: id() } }));
  };
  const page = async (actionData: unknown) => {
    const request = await pageGet(t, 'admin', `/admin/municipalities/${id()}`);
    const loaderData = await municipality.loader({ request, context: loadContext(t), params: { id: id() } });
    return renderRoute(municipality, '/admin/municipalities/:id', `/admin/municipalities/${id()}`, loaderData, actionData);
  };
  const stored = async () => (await t.ctx.municipalities.get(await t.principal('admin'), id())).eligibility;
  /** An edit button without JavaScript: conform's list edit, as its button submits it. */
  const edit = (type: 'insert' | 'remove', payload: Record<string, unknown>) =>
    JSON.stringify({ type, payload: { name: 'eligibility.renewal', ...payload } });
  const question = { 'eligibility.renewal[0].id': '', 'eligibility.renewal[0].proceedIf': 'yes' };

  it('adds a question without JavaScript: shown back after the others, with the not-saved notice, and nothing stored', async () => {
    const before = await stored();
    const { status, data } = await send({
      ...question,
      'eligibility.renewal[0].text.ja': '申請書は？',
      __intent__: edit('insert', { defaultValue: { id: '', proceedIf: 'yes' } }),
    });
    expect(status).toBe(200);
    expect(await stored()).toEqual(before);
    const html = await page(data);
    expect(html).toMatch(/id="q-renewal-0-text-ja"[^>]*>申請書は？<\/textarea>/);
    expect(html).toContain('id="q-renewal-1-text-ja"');
    expect(pageText(html)).toContain('未保存');
  });

  it('removes a question not saved yet, keeping what was typed in the others', async () => {
    const { status, data } = await send({
      ...question,
      'eligibility.renewal[0].text.ja': '一問目',
      'eligibility.renewal[1].id': '',
      'eligibility.renewal[1].proceedIf': 'no',
      'eligibility.renewal[1].text.ja': '二問目',
      __intent__: edit('remove', { index: 0 }),
    });
    expect(status).toBe(200);
    const html = await page(data);
    expect(html).toMatch(/id="q-renewal-0-text-ja"[^>]*>二問目<\/textarea>/);
    expect(html).not.toContain('id="q-renewal-1-text-ja"');
  });

  it('refuses a question without Japanese at its field, keeping what was typed, and saves nothing', async () => {
    const before = await stored();
    const { status, data } = await send({
      ...question,
      'eligibility.renewal[0].text.vi': 'Câu hỏi',
      'eligibility.renewal[0].guidance.ja': '窓口へ',
    });
    expect(status).toBe(400);
    expect(await stored()).toEqual(before);
    expect(Object.keys((data as { result: { error: object } }).result.error)).toEqual(['eligibility.renewal[0].text.ja']);
    const html = await page(data);
    expect(html).toContain('id="q-renewal-0-text-ja-error"');
    expect(pageText(html)).toContain('この質問の日本語を入力してください');
    expect(html).toContain('Câu hỏi</textarea>');
  });

  it('refuses more than ten questions for a procedure at that procedure, and saves nothing', async () => {
    const before = await stored();
    const eleven = Object.fromEntries(
      Array.from({ length: 11 }, (_, n) => [
        [`eligibility.renewal[${n}].proceedIf`, 'yes'],
        [`eligibility.renewal[${n}].text.ja`, `質問 ${n + 1}`],
      ]).flat(),
    );
    const { status, data } = await send(eleven);
    expect(status).toBe(400);
    expect(await stored()).toEqual(before);
    expect((data as { result: { error: object } }).result.error).toEqual({ 'eligibility.renewal': ['質問は手続ごとに 10 問までです'] });
    expect(await page(data)).toMatch(/data-procedure="renewal"[\s\S]*?role="alert">質問は手続ごとに 10 問までです</);
  });

  it('refuses an edit it cannot read with 400', async () => {
    expect((await send({ ...question, __intent__: 'drop:renewal:0' })).status).toBe(400);
  });

  it('saves the questions with their languages, a new one with a new id, and says so', async () => {
    const { status, data } = await send({
      'eligibility.renewal[0].id': 'has-form',
      'eligibility.renewal[0].proceedIf': 'yes',
      'eligibility.renewal[0].text.ja': '申請書は？',
      'eligibility.renewal[0].guidance.ja': '窓口へ',
      'eligibility.renewal[1].id': '',
      'eligibility.renewal[1].proceedIf': 'no',
      'eligibility.renewal[1].text.ja': ' 転居しましたか？ ',
      'eligibility.renewal[1].text.vi': 'Quý vị đã chuyển nhà chưa?',
      'eligibility.renewal[1].guidance.ja': '転居した方は窓口へ',
      'eligibility.renewal[1].guidance.ko': '이사하신 분은 창구로',
    });
    expect(status).toBe(200);
    const saved = (await stored()).renewal;
    expect(saved).toEqual([
      { id: 'has-form', proceedIf: true, text: { ja: '申請書は？' }, guidance: { ja: '窓口へ' } },
      {
        id: expect.stringMatching(/^q-[0-9a-f]{8}$/),
        proceedIf: false,
        text: { ja: '転居しましたか？', vi: 'Quý vị đã chuyển nhà chưa?' },
        guidance: { ja: '転居した方は窓口へ', ko: '이사하신 분은 창구로' },
      },
    ]);
    const html = await page(data);
    expect(pageText(html)).toContain('質問を保存しました');
    expect(html).toContain(`data-question-id="${saved![1]!.id}"`);
    expect(pageText(html)).not.toContain('未保存');
  });

  it('removing every question of a procedure leaves it without questions', async () => {
    expect((await send({})).status).toBe(200);
    expect(await stored()).toEqual({});
  });
});
