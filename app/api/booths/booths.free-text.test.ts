/**
 * A booth's name and location are free text that staff type (decision 0017): personal data is
 * refused by the API and the admin form with a 400 in both languages, and nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.cookieFor('admin');
});
afterAll(async () => {
  await t.close();
});

const call = async (method: string, path: string, body: unknown, language = 'ja') => {
  const response = await t.api.request(path, {
    method,
    headers: { Cookie: admin, 'Accept-Language': language, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

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
    const ja = await call('PATCH', `/v1/booths/${t.municipalityA.boothId}`, { location });
    expect(ja.status).toBe(400);
    expect(ja.body.code).toBe('personal_data_in_text');
    expect(ja.body.detail).toMatch(/^設置場所: /);
    expect(ja.body.errors[0].path).toBe('location');
    const en = await call('PATCH', `/v1/booths/${t.municipalityA.boothId}`, { location }, 'en');
    expect(en.body.detail).toMatch(/^Location: /);
    expect(await locationOf()).toBe(before);
  });

  it('allows floors and places (2階, 3F, B1)', async () => {
    for (const location of ['本庁舎 2階 市民課前', '3F エレベーター横', 'B1 入口']) {
      expect((await call('PATCH', `/v1/booths/${t.municipalityA.boothId}`, { location })).status).toBe(200);
      expect(await locationOf()).toBe(location);
    }
  });

  it('POST /v1/booths refuses a name carrying a number and provisions nothing', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM booth');
    const response = await call('POST', '/v1/booths', {
      municipalityId: t.municipalityA.municipalityId,
      name: '山田さん 090-1234-5678',
      kind: 'mall',
      location: '',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('personal_data_in_text');
    expect(response.body.errors[0].path).toBe('name');
    expect(await count(t.ctx, 'SELECT count(*) FROM booth')).toBe(before);
  });

  it('the service refuses it too', async () => {
    await expect(
      t.ctx.booths.update(await t.principal('admin'), t.municipalityA.boothId, { location: '佐藤様の店舗' }),
    ).rejects.toMatchObject({ status: 400, code: 'personal_data_in_text' });
  });

  it('the admin form says why, in both languages, at the location field', async () => {
    const { action } = await import('../../web/routes/admin.booths.$id');
    const before = await locationOf();
    const body = new URLSearchParams({
      intent: 'details',
      name: 'A 役場ブース',
      kind: 'town_hall',
      location: '〒511-0295 山田様方',
      enabled: 'on',
    });
    const result = (await action({
      request: new Request(`http://127.0.0.1/admin/booths/${t.municipalityA.boothId}`, {
        method: 'POST',
        body,
        headers: { Cookie: admin, 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      context: { app: t.ctx, clientAddress: '127.0.0.1', requestId: randomUUID(), cspNonce: '' },
      params: { id: t.municipalityA.boothId },
    } as never)) as unknown as { data: { result: { error: Record<string, string[]> } }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.result.error.location![0]).toMatch(/^設置場所: .+ \/ Location: .+/);
    expect(await locationOf()).toBe(before);
  });
});
