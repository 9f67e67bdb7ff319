/**
 * Issue 12 item 5: every resident-facing text a municipality writes has a field per booth language
 * and やさしい日本語, edited in the admin form (no JSON): Japanese required, the rest optional.
 * Through the form's action (as a browser posts it) and the booth's GET /me.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction } from '../../test/remix-route';
import { bodyOf, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type FormData = { fieldErrors: Record<string, string[]>; values: unknown; done: string | null };

/** Posts town B's municipality page's form as a browser would. */
async function post(fields: Record<string, string>) {
  const id = t.municipalityB.municipalityId;
  const result = await postAction(
    t,
    await import('../../web/routes/admin.municipalities.$id'),
    `/admin/municipalities/${id}`,
    { id },
    fields,
  );
  return { ...result, data: result.data as FormData };
}

const stored = async () => t.ctx.municipalities.get(await t.principal('admin'), t.municipalityB.municipalityId);
const consentRows = async () =>
  Number(
    (
      await t.ctx.database.client.execute({
        sql: 'SELECT count(*) FROM consent_document WHERE municipality_id = ?',
        args: [t.municipalityB.municipalityId],
      })
    ).rows[0]![0],
  );

describe('terms and privacy policy per language', () => {
  it('publishes every language written, やさしい日本語 included, and leaves out the empty ones', async () => {
    const result = await post({
      intent: 'publish',
      kind: 'terms',
      'texts.ja': '利用規約',
      'texts.ja-x-easy': 'きまり',
      'texts.vi': 'Điều khoản',
      'texts.pt': '  ',
      'texts.en': '',
    });
    expect(result.data.done).toMatch(/第 1 版を公開しました/);
    const current = await t.ctx.municipalities.currentConsent(t.municipalityB.municipalityId);
    expect(current.terms?.texts).toEqual({ ja: '利用規約', 'ja-x-easy': 'きまり', vi: 'Điều khoản' });
  });

  it('refuses a document without Japanese at the Japanese field, in the screen’s language, and publishes nothing', async () => {
    const before = await consentRows();
    const result = await post({ intent: 'publish', kind: 'privacy', 'texts.ja': ' ', 'texts.vi': 'Chính sách' });
    expect(result.status).toBe(400);
    // The staff screens speak one language at a time, Japanese by default (decision 0025).
    expect(result.errors['texts.ja']![0]).toMatch(/日本語は必須です/);
    expect(await consentRows()).toBe(before);
  });
});

// The eligibility questions form (conform field lists, decision 0024) is tested with its page in
// app/web/routes/admin.municipalities.test.tsx: adding, removing, refusing at a field, saving with ids.

describe('where the counter is (shown when the booth cannot call)', () => {
  const settings = { intent: 'update', name: '人吉市', procedures: 'renewal', outageAlertMinutes: '5', alertWebhookUrl: '' };

  it('is saved per language and reaches the booth', async () => {
    const result = await post({
      ...settings,
      'counterGuidance.ja': '市役所 1 階 市民課',
      'counterGuidance.pt': 'Seção de Cidadãos, 1º andar',
    });
    expect(result.data.done).toMatch(/保存しました/);
    const me = await bodyOf(await t.booth(t.municipalityB.boothCredential).v1.booth.me.$get(), 200);
    expect(me.municipality.counterGuidance).toEqual({ ja: '市役所 1 階 市民課', pt: 'Seção de Cidadãos, 1º andar' });
  });

  it('needs Japanese once any language is written; all empty means none', async () => {
    const refused = await post({ ...settings, 'counterGuidance.en': 'City hall, 1st floor' });
    expect(refused.status).toBe(400);
    expect(refused.errors['counterGuidance.ja']![0]).toMatch(/窓口の案内の日本語を入力してください/);
    expect((await stored()).counterGuidance).toEqual({ ja: '市役所 1 階 市民課', pt: 'Seção de Cidadãos, 1º andar' });
    await post(settings);
    expect((await stored()).counterGuidance).toBeNull();
  });
});
