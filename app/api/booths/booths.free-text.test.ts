/**
 * A booth's name and location are free text that staff type (decision 0017): personal data is
 * refused by the API and the admin form with a 400 in both languages, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction } from '../../test/remix-route';
import { count, createTestApp, refusal, type TestApp } from '../../test/test-context';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The admin's typed API, answering in `language`. */
const admin = (language = 'ja') => t.as('admin', { 'Accept-Language': language });
const patchLocation = async (location: string, language?: string) =>
  (await admin(language)).v1.booths[':id'].$patch({ param: { id: t.municipalityA.boothId }, json: { location } });

const locationOf = async () =>
  String(
    (await t.ctx.database.client.execute({ sql: 'SELECT location FROM booth WHERE id = ?', args: [t.municipalityA.boothId] })).rows[0]!
      .location,
  );

describe('booth location and name', () => {
  it.each([
    ['a name with an honorific', '山田太郎様宅の前'],
    ['a phone number', '管理室 0594-12-3456'],
    ['an address', '中央1丁目 5番3号'],
    ['kanji numerals', '四八二九'],
  ])('PATCH /v1/booths/{id} refuses %s in the location, in the caller’s language, and keeps the old one', async (_, location) => {
    const before = await locationOf();
    const ja = await refusal(patchLocation(location));
    expect(ja.code).toBe('personal_data_in_text');
    expect(ja.detail).toMatch(/^設置場所: /);
    expect(ja.errors?.[0]?.path).toBe('location');
    const en = await refusal(patchLocation(location, 'en'));
    expect(en.detail).toMatch(/^Location: /);
    expect(await locationOf()).toBe(before);
  });

  it('allows floors and places (2階, 3F, B1)', async () => {
    for (const location of ['本庁舎 2階 市民課前', '3F エレベーター横', 'B1 入口']) {
      expect((await patchLocation(location)).status).toBe(200);
      expect(await locationOf()).toBe(location);
    }
  });

  it('POST /v1/booths refuses a name carrying a number and provisions nothing', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM booth');
    const response = await (await admin()).v1.booths.$post({
      json: { municipalityId: t.municipalityA.municipalityId, name: '山田さん 090-1234-5678', kind: 'mall', location: '' },
    });
    const refused = await refusal(response);
    expect(refused.code).toBe('personal_data_in_text');
    expect(refused.errors?.[0]?.path).toBe('name');
    expect(await count(t.ctx, 'SELECT count(*) FROM booth')).toBe(before);
  });

  it('the service refuses it too', async () => {
    await expect(
      t.ctx.booths.update(await t.principal('admin'), t.municipalityA.boothId, { location: '佐藤様の店舗' }),
    ).rejects.toMatchObject({ status: 400, code: 'personal_data_in_text' });
  });

  it('the admin form says why, in both languages, at the location field', async () => {
    const booth = await import('../../web/routes/admin.booths.$id');
    const before = await locationOf();
    const { status, errors } = await postAction(
      t,
      booth,
      `/admin/booths/${t.municipalityA.boothId}`,
      { id: t.municipalityA.boothId },
      {
        intent: 'details',
        name: 'A 役場ブース',
        kind: 'town_hall',
        location: '〒511-0295 山田様方',
        enabled: 'on',
      },
    );
    expect(status).toBe(400);
    expect(errors.location![0]).toMatch(/^設置場所: .+ \/ Location: .+/);
    expect(await locationOf()).toBe(before);
  });
});
