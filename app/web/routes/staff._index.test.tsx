/**
 * The dashboard (/staff): today's reservations as the daily report counts them, the town and each
 * site. The real loader against the real test database, then the page as it renders.
 */
import { type ReservationState, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jstInstant } from '../../domain/calendar';
import { DAY_MS, localDate } from '../../domain/japan-time';
import { siteKeyOf } from '../../domain/reservations/sites';
import { loadContext, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { createTestApp, type TestApp } from '../../test/test-context';
import * as dashboard from './staff._index';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const OTHER_SITE = 'l-0123456789ab';

async function reserve(municipalityId: string, siteKey: string, date: string, time: string, state: ReservationState) {
  const start = jstInstant(date, time);
  await t.ctx.database.db.insert(schema.reservation).values({
    id: crypto.randomUUID(),
    municipalityId,
    siteKey,
    procedure: 'renewal',
    language: 'ja',
    slotStart: start,
    slotEnd: new Date(start.getTime() + 30 * 60_000),
    code: crypto.randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase(),
    state,
    bookedBy: 'resident',
    bookedAt: new Date(),
  });
}

const page = async (loginId: string) => {
  const url = `/staff?municipalityId=${t.municipalityA.municipalityId}`;
  const data = await dashboard.loader({ request: await pageGet(t, loginId, url), context: loadContext(t), params: {} });
  return { data, html: renderRoute(dashboard, '/staff', url, data) };
};

describe('the dashboard’s reservations today', () => {
  it('counts today’s reservations of the town by state, and per site when there are several', async () => {
    const townHall = await t.ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, t.municipalityA.boothId) });
    const hall = siteKeyOf(townHall!);
    const A = t.municipalityA.municipalityId;
    const today = localDate(new Date());
    const tomorrow = localDate(new Date(Date.now() + DAY_MS));
    for (const [site, time, state] of [
      [hall, '09:00', 'served'],
      [hall, '09:30', 'no_show'],
      [hall, '10:00', 'checked_in'],
      [hall, '23:30', 'booked'],
      [hall, '00:00', 'cancelled'],
      [OTHER_SITE, '13:00', 'no_show'],
    ] as const) {
      await reserve(A, site, today, time, state);
    }
    await reserve(A, hall, tomorrow, '09:00', 'booked'); // another day
    await reserve(t.municipalityB.municipalityId, siteKeyOf({ id: t.municipalityB.boothId, location: '' }), today, '09:00', 'booked'); // town B

    const { data, html } = await page('staff-a');
    const rows = data.view?.reservations ?? [];
    const counts = rows.map((r) => [r.key, r.total, r.booked, r.checked_in, r.served, r.no_show, r.cancelled]);
    // Sites in the order of their keys, as the daily report lists them.
    const sites = [
      [hall, 5, 1, 1, 1, 1, 1],
      [OTHER_SITE, 1, 0, 0, 0, 1, 0],
    ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
    expect(counts).toEqual([['', 6, 1, 1, 1, 2, 1], ...sites]);
    // The town hall's site by its name; a key no booth has any more by itself.
    expect(rows.find((r) => r.key === hall)?.name).not.toBe(hall);
    expect(rows.find((r) => r.key === OTHER_SITE)?.name).toBe(OTHER_SITE);
    const text = pageText(html);
    expect(text).toContain('本日の予約');
    expect(text).toContain('全会場 6 1 1 1 2 1');
    expect(html).toContain(`data-site="${OTHER_SITE}"`);
  });
});
