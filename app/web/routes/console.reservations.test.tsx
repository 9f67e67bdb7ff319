/**
 * Staff booking for a resident on the phone (/console/reservations, /staff/reservations): the real
 * loader and action against the real test database, then the page as it renders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/japan-time';
import { addDays } from '../../domain/staffing/shifts';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import * as route from './console.reservations';
import * as staffRoute from './staff.reservations';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const tomorrow = () => addDays(localDate(new Date()), 1);
const A = () => t.municipalityA.municipalityId;
const B = () => t.municipalityB.municipalityId;

const post = async (fields: Record<string, string>, loginId: string, path = '/console/reservations') =>
  outcome(async () => route.action({ request: await formPost(t, loginId, path, fields), context: loadContext(t), params: {} }));
async function load(loginId: string, municipalityId: string, module: typeof route = route, path = '/console/reservations') {
  const url = `${path}?municipalityId=${municipalityId}&date=${tomorrow()}`;
  const loaderData = await module.loader({ request: await pageGet(t, loginId, url), context: loadContext(t), params: {} });
  return { loaderData, text: pageText(renderRoute(module, path, url, loaderData)) };
}

describe('booking for a resident on the phone', () => {
  let code = '';

  it('an operator books a slot of their town: recorded as booked by staff, the code shown to read out', async () => {
    const { loaderData } = await load('op-a', A());
    const site = loaderData.sites[0]!;
    const slot = site.slots.find((s) => s.remaining > 0)!;
    const { status, data } = await post(
      { intent: 'book', municipalityId: A(), procedure: loaderData.procedures[0]!, language: 'en', slot: `${site.key}|${slot.start}` },
      'op-a',
    );
    expect(status).toBe(200);
    code = (data as { booked: { code: string } }).booked.code;
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const [row] = (
      await t.ctx.database.client.execute({
        sql: 'SELECT booked_by, booked_by_account_id, language FROM reservation WHERE code = ?',
        args: [code.replace('-', '')],
      })
    ).rows;
    expect(row).toMatchObject({ booked_by: 'staff', language: 'en' });
    expect(row!.booked_by_account_id).not.toBeNull();
    const { text } = await load('op-a', A());
    expect(text).toContain(code);
    expect(text).toContain('予約済み');
  });

  it('refuses a slot that is none, in words at the form', async () => {
    const { status, data } = await post(
      { intent: 'book', municipalityId: A(), procedure: 'renewal', language: 'en', slot: 'nonsense' },
      'op-a',
    );
    expect(status).toBe(400);
    expect(JSON.stringify(data)).toContain('会場と時間を選んでください');
  });

  it("only the account's towns: town staff of B see none of A's reservations and cannot book there", async () => {
    const { text, loaderData } = await load('staff-b', A(), staffRoute, '/staff/reservations');
    // Town A is not theirs: the page falls back to their own town.
    expect(loaderData.municipalityId).toBe(B());
    expect(text).not.toContain(code);
    const siteOfA = (await load('op-a', A())).loaderData.sites[0]!;
    const before = await count(t.ctx, 'SELECT count(*) FROM reservation WHERE municipality_id = ?', [A()]);
    const { status } = await post(
      { intent: 'book', municipalityId: A(), procedure: 'renewal', language: 'ja', slot: `${siteOfA.key}|${siteOfA.slots.at(-1)!.start}` },
      'staff-b',
      '/staff/reservations',
    );
    expect(status).toBe(404);
    expect(await count(t.ctx, 'SELECT count(*) FROM reservation WHERE municipality_id = ?', [A()])).toBe(before);
  });

  it('cancels: the state is cancelled and the place is free again', async () => {
    const [row] = (await t.ctx.database.client.execute({ sql: 'SELECT id FROM reservation WHERE code = ?', args: [code.replace('-', '')] }))
      .rows;
    const { status } = await post({ intent: 'cancel', id: String(row!.id) }, 'staff-a', '/staff/reservations');
    expect(status).toBe(200);
    expect(await count(t.ctx, "SELECT count(*) FROM reservation WHERE state = 'cancelled' AND id = ?", [String(row!.id)])).toBe(1);
    expect((await load('op-a', A())).text).toContain('取消');
  });
});
