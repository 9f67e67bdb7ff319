/**
 * Pop-up events on a real libSQL file: a supervisor plans and assigns a portable booth, town staff
 * of that town agree (another town's staff get 404), the booth follows the event's hours and shows
 * its site, its sessions carry the event, and the figures count them.
 */
import { type ReservationState, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jstInstant } from '../../domain/calendar';
import { DAY_MS, localDate } from '../../domain/japan-time';
import { reportTables } from '../../domain/reports/report';
import { siteKeyOf } from '../../domain/reservations/sites';
import { popupsOf } from '../../server/popups/popups.server';
import { bodyOf, createTestApp, problemOf, type TestApp } from '../../test/test-context';

let t: TestApp;
const today = () => localDate(new Date());
const tomorrow = () => localDate(new Date(Date.now() + DAY_MS));
const allDay = (date: string) => ({ date, ranges: [{ start: '00:00', end: '24:00' }] });

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function call(login: string, method: string, path: string, body?: unknown) {
  return t.api.request(path, {
    method,
    headers: { Cookie: await t.cookieFor(login), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const plan = (boothIds: string[], days = [allDay(today()), allDay(tomorrow())]) => ({
  municipalityId: t.municipalityA.municipalityId,
  siteName: 'イオンモール 1F セントラルコート',
  siteKind: 'mall',
  days,
  procedures: ['renewal', 'new_application'],
  boothIds,
});

describe('/v1/popups', () => {
  it('planned → agreed by the town → the booth follows the event, shows the site, and its sessions carry it', async () => {
    const { boothId, credential } = await t.addPortableBooth('可搬ブース 1');
    const booth = t.booth(credential);
    // Not assigned yet: the booth's own calendar keeps it closed.
    expect((await bodyOf(await booth.v1.booth.me.$get(), 200)).opening.open).toBe(false);

    const created = await bodyOf(await (await t.as('supervisor')).v1.popups.$post({ json: plan([boothId]) as never }), 201);
    expect(created).toMatchObject({ state: 'planned', boothIds: [boothId], firstDate: today() });
    // A plan the town has not agreed to opens nothing.
    const planned = await bodyOf(await booth.v1.booth.me.$get(), 200);
    expect(planned.opening.open).toBe(false);
    expect(planned.popup).toBeNull();

    // Town B's staff cannot see or agree to town A's event (404); supervisors cannot agree (403).
    expect((await call('staff-b', 'POST', `/v1/popups/${created.id}/agree`)).status).toBe(404);
    expect((await call('staff-b', 'GET', `/v1/popups/${created.id}`)).status).toBe(404);
    expect((await call('supervisor', 'POST', `/v1/popups/${created.id}/agree`)).status).toBe(403);
    const agreed = await bodyOf(
      await (await t.as('staff-a')).v1.popups[':id'][':action'].$post({ param: { id: created.id, action: 'agree' } }),
      200,
    );
    expect(agreed.state).toBe('agreed');
    expect(agreed.agreedBy).toBe(t.accountIds['staff-a']);
    // Twice is a conflict, not a second approval.
    expect((await call('staff-a', 'POST', `/v1/popups/${created.id}/agree`)).status).toBe(409);

    const me = await bodyOf(await booth.v1.booth.me.$get(), 200);
    expect(me.opening.open).toBe(true);
    expect(me.popup).toMatchObject({ eventId: created.id, siteName: 'イオンモール 1F セントラルコート', siteKind: 'mall' });

    const asked = await bodyOf(await booth.v1.booth.sessions.$post({ json: { procedure: 'renewal', language: 'ja' } }), 201);
    const row = await t.ctx.database.db.query.session.findFirst({ where: eq(schema.session.id, asked.sessionId) });
    expect(row?.popupEventId).toBe(created.id);
    // A town-hall booth's session carries no event.
    const other = await t.openCall();
    const otherRow = await t.ctx.database.db.query.session.findFirst({ where: eq(schema.session.id, other.sessionId) });
    expect(otherRow?.popupEventId).toBeNull();

    const { figures } = await popupsOf(t.ctx).figures(await t.principal('supervisor'), created.id);
    expect(figures.sessions).toBe(1);
    expect(figures.reservations.total).toBe(0);

    // The monthly report lists the event with its sessions (a sheet of its own in the XLSX).
    const report = await t.ctx.reports.report(await t.principal('staff-a'), 'monthly', today().slice(0, 7), {
      municipalityId: t.municipalityA.municipalityId,
    });
    expect(report.popups?.find((p) => p.id === created.id)?.figures.sessions).toBe(1);

    // Held once begun; reported only after the last opening ended.
    expect(
      (await bodyOf(await (await t.as('supervisor')).v1.popups[':id'][':action'].$post({ param: { id: created.id, action: 'hold' } }), 200))
        .state,
    ).toBe('held');
    const early = await call('supervisor', 'POST', `/v1/popups/${created.id}/report`);
    expect(early.status).toBe(409);
    expect((await problemOf(early)).code).toBe('popup_not_ended');

    const audit = await t.ctx.database.client.execute({
      sql: "SELECT action FROM audit_log WHERE target_type = 'popup_event' AND target_id = ? ORDER BY id",
      args: [created.id],
    });
    expect(audit.rows.map((r) => r.action)).toEqual(['popup.planned', 'popup.agreed', 'popup.held']);
  });

  it('a booth cannot be at two events at once, nor can a fixed booth or another town’s be assigned', async () => {
    const { boothId } = await t.addPortableBooth('可搬ブース 2');
    const day = '2031-03-01';
    await bodyOf(
      await (await t.as('supervisor')).v1.popups.$post({
        json: plan([boothId], [{ date: day, ranges: [{ start: '10:00', end: '17:00' }] }]) as never,
      }),
      201,
    );
    const clash = await call(
      'supervisor',
      'POST',
      '/v1/popups',
      plan([boothId], [{ date: day, ranges: [{ start: '16:00', end: '18:00' }] }]),
    );
    expect(clash.status).toBe(409);
    expect((await problemOf(clash)).code).toBe('popup_booth_busy');
    const fixed = await call(
      'supervisor',
      'POST',
      '/v1/popups',
      plan([t.municipalityA.boothId], [{ date: '2031-03-02', ranges: [{ start: '10:00', end: '17:00' }] }]),
    );
    expect(fixed.status).toBe(400);
    const elsewhere = await call(
      'supervisor',
      'POST',
      '/v1/popups',
      plan([t.municipalityB.boothId], [{ date: '2031-03-02', ranges: [{ start: '10:00', end: '17:00' }] }]),
    );
    expect(elsewhere.status).toBe(400);
  });

  it('refuses bad days in the caller’s language, and lets town staff read their town only', async () => {
    const bad = await call(
      'supervisor',
      'POST',
      '/v1/popups',
      plan([], [{ date: '2031-02-30', ranges: [{ start: '10:00', end: '17:00' }] }]),
    );
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).code).toBe('invalid_popup_days');
    const listA = await bodyOf(await (await t.as('staff-a')).v1.popups.$get({ query: {} }), 200);
    expect(listA.items.length).toBeGreaterThan(0);
    const listB = await bodyOf(await (await t.as('staff-b')).v1.popups.$get({ query: {} }), 200);
    expect(listB.items).toEqual([]);
  });

  it('an agreed event whose plan changes goes back to planned', async () => {
    const sv = await t.as('supervisor');
    const e = await bodyOf(
      await sv.v1.popups.$post({ json: plan([], [{ date: '2031-04-01', ranges: [{ start: '10:00', end: '17:00' }] }]) as never }),
      201,
    );
    await bodyOf(await (await t.as('staff-a')).v1.popups[':id'][':action'].$post({ param: { id: e.id, action: 'agree' } }), 200);
    const { municipalityId: _, ...change } = plan([], [{ date: '2031-04-01', ranges: [{ start: '10:00', end: '16:00' }] }]);
    const changed = await bodyOf(await sv.v1.popups[':id'].$put({ param: { id: e.id }, json: change as never }), 200);
    expect(changed.state).toBe('planned');
    expect(changed.agreedBy).toBeNull();
  });

  it('counts the reservations at the event (its booths’ site, its hours) in its figures and the monthly report', async () => {
    const { boothId } = await t.addPortableBooth('可搬ブース 予約');
    const sv = await t.as('supervisor');
    const e = await bodyOf(
      await sv.v1.popups.$post({ json: plan([boothId], [{ date: '2025-06-10', ranges: [{ start: '10:00', end: '17:00' }] }]) as never }),
      201,
    );
    const site = siteKeyOf({ id: boothId, location: '' });
    const townHall = siteKeyOf((await t.ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, t.municipalityA.boothId) }))!);
    const rows: [string, string, string, ReservationState][] = [
      ['2025-06-10', '10:00', site, 'served'],
      ['2025-06-10', '11:00', site, 'no_show'],
      ['2025-06-10', '12:00', site, 'cancelled'],
      ['2025-06-10', '16:30', site, 'booked'],
      ['2025-06-10', '17:00', site, 'no_show'], // after the event's hours
      ['2025-06-11', '10:00', site, 'no_show'], // not an event day
      ['2025-06-10', '11:00', townHall, 'no_show'], // another site of the town
    ];
    await t.ctx.database.db.insert(schema.reservation).values(
      rows.map(([date, time, siteKey, state], i) => ({
        id: crypto.randomUUID(),
        municipalityId: t.municipalityA.municipalityId,
        siteKey,
        procedure: 'renewal' as const,
        language: 'ja' as const,
        slotStart: jstInstant(date, time),
        slotEnd: new Date(jstInstant(date, time).getTime() + 30 * 60_000),
        code: `POPRSV${i}X`,
        state,
        bookedBy: 'resident' as const,
        bookedAt: new Date(),
      })),
    );
    const { figures } = await popupsOf(t.ctx).figures(await t.principal('supervisor'), e.id);
    expect(figures.reservations).toEqual({ total: 4, booked: 1, checked_in: 0, served: 1, no_show: 1, cancelled: 1 });

    const report = await t.ctx.reports.report(await t.principal('staff-a'), 'monthly', '2025-06', {
      municipalityId: t.municipalityA.municipalityId,
    });
    expect(report.popups?.find((p) => p.id === e.id)?.figures.reservations.no_show).toBe(1);
    const summary = reportTables(report, 'en').find((x) => x.key === '臨時会場')!;
    // Reservations (cancelled left out) and no-shows, the summary's last two columns.
    expect(summary.rows.find((r) => r[1] === 'イオンモール 1F セントラルコート' && r[0] === '2025-06-10')?.slice(-2)).toEqual([3, 1]);
  });

  it('residents can book at a portable booth in the hours of an event the town agreed to, not of a plan alone', async () => {
    const agreedBooth = (await t.addPortableBooth('可搬ブース 予約枠')).boothId;
    const plannedBooth = (await t.addPortableBooth('可搬ブース 計画のみ')).boothId;
    const day = tomorrow();
    const sv = await t.as('supervisor');
    const agreed = await bodyOf(
      await sv.v1.popups.$post({ json: plan([agreedBooth], [{ date: day, ranges: [{ start: '10:00', end: '12:00' }] }]) as never }),
      201,
    );
    await bodyOf(await (await t.as('staff-a')).v1.popups[':id'][':action'].$post({ param: { id: agreed.id, action: 'agree' } }), 200);
    await bodyOf(
      await sv.v1.popups.$post({ json: plan([plannedBooth], [{ date: day, ranges: [{ start: '13:00', end: '15:00' }] }]) as never }),
      201,
    );
    const response = await t.api.request(`/v1/public/municipalities/243248/reservation-slots?from=${day}&days=1`);
    const slots = (await response.json()) as { sites: { key: string; days: { slots: { start: string }[] }[] }[] };
    const startsAt = (boothId: string) =>
      slots.sites.find((x) => x.key === siteKeyOf({ id: boothId, location: '' }))?.days.flatMap((d) => d.slots.map((x) => x.start)) ?? [];
    expect(startsAt(agreedBooth)).toEqual(['10:00', '10:30', '11:00', '11:30'].map((h) => jstInstant(day, h).toISOString()));
    expect(startsAt(plannedBooth)).toEqual([]);
  });

  it('the year plan counts event days per month, weekday vs 土日祝', async () => {
    const sv = await t.as('supervisor');
    // 2031-05-03 憲法記念日 (Saturday), 2031-05-06 振替休日? no: a Tuesday; 2031-05-07 Wednesday.
    await bodyOf(
      await sv.v1.popups.$post({
        json: plan(
          [],
          ['2031-05-03', '2031-05-07'].map((d) => ({ date: d, ranges: [{ start: '10:00', end: '17:00' }] })),
        ) as never,
      }),
      201,
    );
    const yp = await bodyOf(
      await sv.v1.popups['year-plan'].$get({ query: { municipalityId: t.municipalityA.municipalityId, year: '2031' } as never }),
      200,
    );
    expect(yp.months[4]).toMatchObject({ month: '2031-05', weekday: 1, holiday: 1, weekdayShort: 5, holidayShort: 5 });
  });
});
