/**
 * Reservations against the real API on a real libSQL file (issue 17): capacity under concurrent
 * booking, cancel frees a place, a code is useless after its window, towns cannot see each
 * other's slots, and check-in at the booth makes a reserved call that queues ahead of walk-ins.
 */
import { schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { weekdayCalendar } from '../../domain/calendar';
import { siteKeyOf } from '../../domain/reservations/sites';
import { CONFIG_TTL_MS } from '../../server/reservations/reservations.server';
import { count, createTestApp, problemOf, type TestApp } from '../../test/test-context';

let t: TestApp;
const TOWN_A = '243248';
const TOWN_B = '432032';

const Slots = z.object({
  municipality: z.object({ id: z.string() }),
  sites: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      days: z.array(z.object({ date: z.string(), slots: z.array(z.object({ start: z.string(), remaining: z.number() })) })),
    }),
  ),
});
const Booked = z.object({ code: z.string(), state: z.string(), slotStart: z.string(), site: z.object({ key: z.string() }) });

async function json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.api.request(path, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const tomorrow = () => new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);

async function slotsOfA(date = tomorrow()) {
  const response = await json('GET', `/v1/public/municipalities/${TOWN_A}/reservation-slots?from=${date}&days=1`);
  expect(response.status).toBe(200);
  return Slots.parse(await response.json());
}

/** A site key and slot of town A, tomorrow at 10:00 Japan time, with its places left. */
async function slotA(hour = 10) {
  const slots = await slotsOfA();
  const site = slots.sites.find((s) => s.key === siteKeyOf({ id: t.municipalityA.boothId, location: '' }))!;
  const start = `${tomorrow()}T${String(hour - 9).padStart(2, '0')}:00:00.000Z`;
  const slot = site.days[0]!.slots.find((s) => s.start === start)!;
  return { siteKey: site.key, slotStart: slot.start, remaining: slot.remaining };
}

const book = ({ siteKey, slotStart }: { siteKey: string; slotStart: string }, headers: Record<string, string> = {}, language = 'en') =>
  json('POST', `/v1/public/municipalities/${TOWN_A}/reservations`, { siteKey, slotStart, procedure: 'renewal', language }, headers);

/** Pretends the clock moved: the reservation's slot now starts `minutes` from now. */
async function slotStartsIn(code: string, minutes: number) {
  const start = new Date(Date.now() + minutes * 60_000);
  await t.ctx.database.db
    .update(schema.reservation)
    .set({ slotStart: start, slotEnd: new Date(start.getTime() + 3_600_000) })
    .where(eq(schema.reservation.code, code.replace('-', '')));
}

beforeAll(async () => {
  t = await createTestApp({
    RESERVATION_POW_MAX_NUMBER: '0',
    RESERVATION_BOOKINGS_PER_ADDRESS: '100000',
    RESERVATION_REQUESTS_PER_ADDRESS: '100000',
  });
  // Town A takes 3 reservations per 60-minute slot where no shift is planned (its one booth would take 4).
  await t.ctx.database.db
    .insert(schema.reservationPolicy)
    .values({ municipalityId: t.municipalityA.municipalityId, slotMinutes: 60, fixedCapacity: 3 });
}, 60_000);
afterAll(async () => t?.close());

describe('capacity', () => {
  it('50 concurrent bookings for a slot with capacity 3: exactly 3 succeed, the rest get 409 slot_full in the caller’s language', async () => {
    const slot = await slotA(10);
    expect(slot.remaining).toBe(3);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => book(slot, { 'Accept-Language': i % 2 ? 'en-GB,en' : 'ja' })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    const refused = answers.filter((a) => a.status === 409);
    const problems = await Promise.all(refused.map(problemOf));
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(['slot_full']));
    const english = problems.filter((p) => p.detail.startsWith('That slot is now full'));
    const japanese = problems.filter((p) => p.detail.startsWith('その予約枠は満席'));
    expect(english.length + japanese.length).toBe(47);
    expect(english.length).toBeGreaterThan(0);
    expect(japanese.length).toBeGreaterThan(0);
    expect(await count(t.ctx, `SELECT count(*) FROM reservation WHERE slot_start = ?`, [Date.parse(slot.slotStart)])).toBe(3);
    expect((await slotA(10)).remaining).toBe(0);
  });

  it('takes its capacity from the planned shifts, where a disabled account plans nobody (as on the shift page)', async () => {
    const date = new Date(Date.now() + 9 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const db = t.ctx.database.db;
    // op-a and op-b both planned for town A from 10:00 to 11:00: ⌊2 × 80 %⌋ = 1 place.
    for (const loginId of ['op-a', 'op-b']) {
      await db.insert(schema.shift).values({
        id: crypto.randomUUID(),
        accountId: t.accountIds[loginId]!,
        date,
        startMinute: 600,
        endMinute: 660,
        municipalityIds: [t.municipalityA.municipalityId],
        languages: ['ja'],
        procedures: ['renewal'],
        updatedBy: t.accountIds.admin!,
        updatedAt: new Date(),
      });
    }
    const tenOClock = async () =>
      (await slotsOfA(date)).sites[0]!.days[0]!.slots.find((s) => s.start === `${date}T01:00:00.000Z`)!.remaining;
    expect(await tenOClock()).toBe(1);
    // op-b's account disabled: one operator planned, ⌊0.8⌋ = 0 places.
    await db.update(schema.account).set({ disabled: true }).where(eq(schema.account.id, t.accountIds['op-b']!));
    try {
      expect(await tenOClock()).toBe(0);
    } finally {
      await db.update(schema.account).set({ disabled: false }).where(eq(schema.account.id, t.accountIds['op-b']!));
      await db.delete(schema.shift).where(eq(schema.shift.date, date));
    }
  });

  it('cancel frees the place at once; cancelling again answers the same', async () => {
    const slot = await slotA(11);
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push(Booked.parse(await (await book(slot)).json()).code);
    expect((await book(slot)).status).toBe(409);
    const cancelled = await json('POST', `/v1/public/reservations/${codes[0]}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(Booked.parse(await cancelled.json()).state).toBe('cancelled');
    expect((await json('POST', `/v1/public/reservations/${codes[0]}/cancel`)).status).toBe(200);
    expect((await slotA(11)).remaining).toBe(1);
    expect((await book(slot)).status).toBe(201);
  });

  it('moves to a slot with a place, refuses a full one, and keeps the code', async () => {
    const from = await slotA(12);
    const to = await slotA(13);
    const { code } = Booked.parse(await (await book(from)).json());
    const moved = await json('POST', `/v1/public/reservations/${code}/move`, { siteKey: to.siteKey, slotStart: to.slotStart });
    expect(moved.status).toBe(200);
    expect(Booked.parse(await moved.json())).toMatchObject({ code, slotStart: to.slotStart });
    for (let i = 0; i < 2; i++) expect((await book(to)).status).toBe(201);
    const full = await book(to);
    expect((await problemOf(full)).code).toBe('slot_full');
    const back = await json('POST', `/v1/public/reservations/${code}/move`, { siteKey: from.siteKey, slotStart: from.slotStart });
    expect(back.status).toBe(200);
  });

  it('refuses a time that is not a slot, a site that does not exist, a mistyped code, and another town’s code in the URL', async () => {
    const slot = await slotA(14);
    expect((await problemOf(await book({ ...slot, slotStart: slot.slotStart.replace(':00:00', ':10:00') }))).code).toBe('not_a_slot');
    expect((await book({ ...slot, siteKey: 'l-000000000000' })).status).toBe(404);
    expect((await json('GET', '/v1/public/reservations/ABCD-EFGH')).status).toBe(404);
    expect((await json('GET', `/v1/public/municipalities/999999/reservation-slots?from=${tomorrow()}`)).status).toBe(400);
    // Town B offers only renewals.
    const b = Slots.parse(
      await (await json('GET', `/v1/public/municipalities/${TOWN_B}/reservation-slots?from=${tomorrow()}&days=1`)).json(),
    );
    const bSlot = { siteKey: b.sites[0]!.key, slotStart: b.sites[0]!.days[0]!.slots[20]!.start };
    const refused = await json('POST', `/v1/public/municipalities/${TOWN_B}/reservations`, {
      ...bSlot,
      procedure: 'bank_account',
      language: 'ja',
    });
    expect((await problemOf(refused)).code).toBe('procedure_not_offered');
  });

  it('an .ics file with the place, time and code only', async () => {
    const { code } = Booked.parse(await (await book(await slotA(15))).json());
    const response = await json('GET', `/v1/public/reservations/${code}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const text = await response.text();
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain(code);
  });
});

describe('the window', () => {
  it('a code is useless after its window: check-in refuses, move and cancel refuse, the sweep marks it a no-show and frees the place', async () => {
    // 'late' while the window closed earlier the same day in Japan, 'expired' from the next: the
    // clock is held at noon, so a window that closed 5 minutes ago is always today's.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-18T12:00:00+09:00'));
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const slot = await slotA(16);
    const { code } = Booked.parse(await (await book(slot)).json());
    await slotStartsIn(code, -20); // started 20 minutes ago; the window closed 5 minutes ago
    const checkIn = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/reservations/check-in', { code });
    expect(await checkIn.json()).toMatchObject({ outcome: 'refused', reason: 'late' });
    const later = await slotA(17);
    expect(
      (await problemOf(await json('POST', `/v1/public/reservations/${code}/move`, { siteKey: later.siteKey, slotStart: later.slotStart })))
        .code,
    ).toBe('reservation_not_changeable');
    const { noShows } = await t.ctx.reservations.sweep();
    expect(noShows).toBeGreaterThanOrEqual(1);
    const row = await t.ctx.reservations.byCode(code);
    expect(row?.state).toBe('no_show');
    expect((await json('POST', `/v1/public/reservations/${code}/cancel`)).status).toBe(409);
    const again = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/reservations/check-in', { code });
    expect(await again.json()).toMatchObject({ outcome: 'refused', reason: 'expired' });
  });

  it('too early: says when to come (Japan time); a mistyped code and another town’s booth are refused', async () => {
    const { code } = Booked.parse(await (await book(await slotA(17))).json());
    const early = await (await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/reservations/check-in', { code })).json();
    expect(early).toMatchObject({ outcome: 'refused', reason: 'early', comeAt: { date: tomorrow(), time: '16:50' } });
    const typo = `${code.slice(0, 8)}${code[8] === '2' ? '3' : '2'}`;
    const mistyped = await (
      await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/reservations/check-in', { code: typo })
    ).json();
    expect(mistyped).toMatchObject({ outcome: 'refused', reason: 'mistyped' });
    await slotStartsIn(code, 5);
    const other = await (await t.asBooth(t.municipalityB.boothCredential, 'POST', '/v1/booth/reservations/check-in', { code })).json();
    expect(other).toMatchObject({ outcome: 'refused', reason: 'other_municipality' });
  });
});

describe('check-in at the booth', () => {
  it('checks in, makes a reserved call that queues ahead of an earlier walk-in, and cannot be used twice', async () => {
    // In Japanese: op-a speaks Japanese only.
    const { code } = Booked.parse(await (await book(await slotA(18), {}, 'ja')).json());
    await slotStartsIn(code, 5);
    // op-a takes a call, so the next calls wait (someone is on duty).
    const busy = await t.addBooth('busy booth');
    const first = await t.openCall(busy.credential);
    await t.ctx.queue.accept(await t.principal('op-a'), first.sessionId);
    const walkInBooth = await t.addBooth('walk-in booth');
    const walkIn = await t.openCall(walkInBooth.credential);

    const checkIn = await (await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/reservations/check-in', { code })).json();
    expect(checkIn).toMatchObject({ outcome: 'checked_in', procedure: 'renewal', language: 'ja' });
    const { reservationId } = z.object({ reservationId: z.string() }).parse(checkIn);
    // The booth sends only the reservation: its procedure and language come from it.
    const call = await t.openCall(t.municipalityA.boothCredential, { reservationId });
    const session = await t.ctx.database.db.query.session.findFirst({ where: eq(schema.session.id, call.sessionId) });
    expect(session).toMatchObject({ reservationId, procedure: 'renewal', language: 'ja' });
    expect((await t.ctx.reservations.byCode(code))?.sessionId).toBe(call.sessionId);

    const waiting = t.ctx.dispatcher()!.waitingCalls();
    expect(waiting.map((w) => [w.sessionId, w.reserved ?? false])).toEqual([
      [call.sessionId, true],
      [walkIn.sessionId, false],
    ]);
    const used = await (await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/reservations/check-in', { code })).json();
    expect(used).toMatchObject({ outcome: 'refused', reason: 'already_used' });
    const reuse = await t.asBooth(busy.credential, 'POST', '/v1/booth/sessions', { reservationId });
    expect((await problemOf(reuse)).code).toBe('reservation_not_checked_in');
  });
});

describe('a walk-in at the booth (reservation-only town)', () => {
  const WalkIn = z.discriminatedUnion('decision', [
    z.object({ decision: z.literal('walk_in') }),
    z.object({
      decision: z.literal('book'),
      siteKey: z.string(),
      slots: z.array(z.object({ start: z.string(), end: z.string(), remaining: z.number(), comeAt: z.object({ time: z.string() }) })),
    }),
  ]);
  const BoothBooked = z.object({ code: z.string(), slotStart: z.string(), comeAt: z.object({ time: z.string() }), qr: z.string() });
  /** Reservations due in the slot running now (60-minute slots: the current hour), as if booked earlier. */
  async function dueNow(siteKey: string, n: number, state: 'booked' | 'checked_in' | 'served' = 'checked_in') {
    const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      await t.ctx.database.db.insert(schema.reservation).values({
        id,
        municipalityId: t.municipalityA.municipalityId,
        siteKey,
        procedure: 'renewal',
        language: 'ja',
        slotStart: start,
        slotEnd: new Date(start.getTime() + 3_600_000),
        code: `W${id.replace(/-/g, '').slice(0, 7).toUpperCase()}`,
        state,
        bookedBy: 'resident',
        bookedAt: new Date(),
      });
    }
    return ids;
  }
  const ask = async (credential: string) => {
    const response = await t.asBooth(credential, 'GET', '/v1/booth/reservations/walk-in');
    expect(response.status).toBe(200);
    return WalkIn.parse(await response.json());
  };
  // Each test's booth is its own site; sites are kept for CONFIG_TTL_MS, so they are added first.
  const booths: Record<'ask' | 'book' | 'guard' | 'townHall', { boothId: string; credential: string }> = {} as never;
  beforeAll(async () => {
    for (const name of ['ask', 'book', 'guard', 'townHall'] as const) booths[name] = await t.addBooth(`walk-in ${name} booth`);
    // A town-hall booth: weekdays 08:30–17:15, closed on national holidays and 12/29–1/3.
    await t.ctx.database.db
      .update(schema.booth)
      .set({ calendar: weekdayCalendar([{ start: '08:30', end: '17:15' }]) })
      .where(eq(schema.booth.id, booths.townHall.boothId));
    await new Promise((resolve) => setTimeout(resolve, CONFIG_TTL_MS + 100));
  });
  const bookAt = (credential: string, body: Record<string, unknown>, language = 'en') =>
    t.asBooth(credential, 'POST', '/v1/booth/reservations', body, { 'Accept-Language': language });

  it('calls the walk-in in while the slot running now has a free place; once reservations fill it, offers the next free slots at its own site', async () => {
    const booth = booths.ask;
    const siteKey = siteKeyOf({ id: booth.boothId, location: '' });
    expect(await ask(booth.credential)).toEqual({ decision: 'walk_in' });
    // Town A takes 3 per slot: 2 due at this site and 1 at another site of the town fill it.
    const due = await dueNow(siteKey, 2);
    expect(await ask(booth.credential)).toEqual({ decision: 'walk_in' });
    await dueNow(siteKeyOf({ id: t.municipalityA.boothId, location: '' }), 1, 'booked');
    const offer = await ask(booth.credential);
    if (offer.decision !== 'book') throw new Error('expected slots');
    expect(offer.siteKey).toBe(siteKey);
    expect(offer.slots.length).toBeGreaterThan(0);
    expect(offer.slots.length).toBeLessThanOrEqual(6);
    for (const slot of offer.slots) {
      expect(Date.parse(slot.start)).toBeGreaterThan(Date.now());
      expect(slot.remaining).toBeGreaterThan(0);
      expect(slot.comeAt.time).toMatch(/^\d\d:\d\d$/);
    }
    // A served reservation no longer holds the operator: the walk-in is called in again.
    await t.ctx.database.db
      .update(schema.reservation)
      .set({ state: 'served', servedAt: new Date() })
      .where(eq(schema.reservation.id, due[0]!));
    expect(await ask(booth.credential)).toEqual({ decision: 'walk_in' });
  });

  it('at a town hall late on the last working day of the year, offers the first slots after the year-end closure', async () => {
    const booth = booths.townHall;
    const siteKey = siteKeyOf({ id: booth.boothId, location: '' });
    // Friday 2025-12-26, 16:20 Japan time (a past date, so no cache entry made meanwhile outlives
    // the test): closed on the weekend, 12/29–1/3 and Sunday 1/4; open again on Monday 2026-01-05.
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => void vi.useRealTimers());
    vi.setSystemTime(new Date('2025-12-26T07:20:00Z'));
    await dueNow(siteKey, 3);
    const offer = await ask(booth.credential);
    if (offer.decision !== 'book') throw new Error('expected slots');
    expect(offer.slots.map((s) => s.start)).toEqual(
      ['00', '01', '02', '03', '04', '05'].map((hour) => `2026-01-05T${hour}:00:00.000Z`), // 09:00–14:00 Japan time
    );
  });

  it('books an offered slot by touch through the same conditional insert (never overbooked), recorded as booked at the booth', async () => {
    const booth = booths.book;
    const siteKey = siteKeyOf({ id: booth.boothId, location: '' });
    const slot = { siteKey, slotStart: `${tomorrow()}T05:00:00.000Z` }; // 14:00 Japan time, capacity 3
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => bookAt(booth.credential, { ...slot, procedure: 'health_insurance', language: 'vi' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    const refused = await problemOf(answers.find((a) => a.status === 409)!);
    expect(refused).toMatchObject({ code: 'slot_full' });
    expect(refused.detail).toMatch(/^That slot is now full/);
    const booked = BoothBooked.parse(await answers.find((a) => a.status === 201)!.json());
    expect(booked.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(booked).toMatchObject({ slotStart: slot.slotStart, comeAt: { time: '14:00' } });
    expect(booked.qr).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const rows = await t.ctx.database.client.execute({
      sql: 'SELECT booked_by, booked_by_account_id, language, procedure, state FROM reservation WHERE slot_start = ? AND site_key = ?',
      args: [Date.parse(slot.slotStart), siteKey],
    });
    expect(rows.rows).toHaveLength(3);
    for (const row of rows.rows) {
      expect({ ...row }).toMatchObject({
        booked_by: 'booth',
        booked_by_account_id: null,
        language: 'vi',
        procedure: 'health_insurance',
        state: 'booked',
      });
    }
    // The code checks in like any other once its window opens.
    await slotStartsIn(booked.code, 5);
    const checkIn = await (await t.asBooth(booth.credential, 'POST', '/v1/booth/reservations/check-in', { code: booked.code })).json();
    expect(checkIn).toMatchObject({ outcome: 'checked_in', language: 'vi' });
  });

  it("another town's booth (or another site's) cannot book here; bad input is a 4xx in the resident's language", async () => {
    const booth = booths.guard;
    const siteKey = siteKeyOf({ id: booth.boothId, location: '' });
    const body = { siteKey, slotStart: `${tomorrow()}T06:00:00.000Z`, procedure: 'renewal', language: 'ja' };
    const before = await count(t.ctx, 'SELECT count(*) FROM reservation');
    const fromB = await bookAt(t.municipalityB.boothCredential, body, 'ja');
    expect(fromB.status).toBe(404);
    expect(await problemOf(fromB)).toMatchObject({ code: 'site_not_found', detail: 'その会場は見つかりません。' });
    const otherSite = await bookAt(t.municipalityA.boothCredential, body);
    expect(otherSite.status).toBe(404);
    expect((await problemOf(otherSite)).detail).toBe('No such site.');
    const notSlot = await bookAt(booth.credential, { ...body, slotStart: `${tomorrow()}T06:10:00.000Z` });
    expect((await problemOf(notSlot)).code).toBe('not_a_slot');
    const personal = await bookAt(booth.credential, { ...body, name: '山田太郎' });
    expect(personal.status).toBe(400);
    expect((await bookAt(booth.credential, { ...body, procedure: 'x'.repeat(5_000) })).status).toBe(400);
    expect((await bookAt(null as never, body)).status).toBe(401);
    expect(await count(t.ctx, 'SELECT count(*) FROM reservation')).toBe(before);
  });
});

describe('staff', () => {
  it('book for a resident (recorded as booked by staff), list and cancel in their town; town B’s slots are 404', async () => {
    const staffA = await t.cookieFor('staff-a');
    const slot = await slotA(9);
    const booked = await json(
      'POST',
      '/v1/reservations',
      {
        municipalityId: t.municipalityA.municipalityId,
        siteKey: slot.siteKey,
        slotStart: slot.slotStart,
        procedure: 'renewal',
        language: 'ja',
      },
      { Cookie: staffA },
    );
    expect(booked.status).toBe(201);
    const row = z.object({ id: z.string(), bookedBy: z.string(), bookedByAccountId: z.string() }).parse(await booked.json());
    expect(row).toMatchObject({ bookedBy: 'staff', bookedByAccountId: t.accountIds['staff-a'] });
    const list = await json('GET', `/v1/reservations?from=${tomorrow()}&days=1`, undefined, { Cookie: staffA });
    const items = z.object({ items: z.array(z.object({ municipalityId: z.string() })) }).parse(await list.json()).items;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.municipalityId).toBe(t.municipalityA.municipalityId);

    const B = t.municipalityB.municipalityId;
    expect((await json('GET', `/v1/reservations/slots?municipalityId=${B}&from=${tomorrow()}`, undefined, { Cookie: staffA })).status).toBe(
      404,
    );
    expect((await json('GET', `/v1/reservations?municipalityId=${B}&from=${tomorrow()}`, undefined, { Cookie: staffA })).status).toBe(404);
    const bSlots = Slots.parse(
      await (await json('GET', `/v1/public/municipalities/${TOWN_B}/reservation-slots?from=${tomorrow()}&days=1`)).json(),
    );
    const bSlot = { siteKey: bSlots.sites[0]!.key, slotStart: bSlots.sites[0]!.days[0]!.slots[22]!.start };
    const before = await count(t.ctx, 'SELECT count(*) FROM reservation');
    const intoB = await json(
      'POST',
      '/v1/reservations',
      { municipalityId: B, ...bSlot, procedure: 'renewal', language: 'ja' },
      { Cookie: staffA },
    );
    expect(intoB.status).toBe(404);
    expect(await count(t.ctx, 'SELECT count(*) FROM reservation')).toBe(before);
    // B's reservation cannot be cancelled by A's staff either.
    const bBooked = Booked.parse(
      await (
        await json('POST', `/v1/public/municipalities/${TOWN_B}/reservations`, { ...bSlot, procedure: 'renewal', language: 'ja' })
      ).json(),
    );
    const bRow = await t.ctx.reservations.byCode(bBooked.code);
    expect((await json('POST', `/v1/reservations/${bRow!.id}/cancel`, undefined, { Cookie: staffA })).status).toBe(404);
    expect((await json('POST', `/v1/reservations/${row.id}/cancel`, undefined, { Cookie: staffA })).status).toBe(200);
  });
});

describe('per-address budgets', () => {
  it('refuses a prefix over its budget with 429 and Retry-After, other prefixes unaffected', async () => {
    const { createReservationService } = await import('../../server/reservations/reservations.server');
    const { createProofOfWork } = await import('../../server/reservations/proof-of-work.server');
    const service = createReservationService({
      db: t.ctx.database.db,
      client: t.ctx.database.client,
      proofOfWork: createProofOfWork('k', 0),
      budgets: { requestsPerMinute: 2, bookingsPerHour: 1 },
      budgetKey: Buffer.alloc(32, 1),
    });
    await service.admit('192.0.2.10', 'request');
    await service.admit('192.0.2.11', 'request'); // the same /24
    await expect(service.admit('192.0.2.12', 'request')).rejects.toEqual(
      expect.objectContaining({ status: 429, retryAfterSeconds: expect.any(Number) }),
    );
    await service.admit('198.51.100.1', 'request');
    await service.admit('198.51.100.1', 'booking');
    await expect(service.admit('198.51.100.1', 'booking')).rejects.toEqual(expect.objectContaining({ code: 'too_many_requests' }));
  });

  it('refuses a booking without a solved proof-of-work, and a solution used twice', async () => {
    const { createProofOfWork } = await import('../../server/reservations/proof-of-work.server');
    const { solveChallenge } = await import('altcha-lib/v1');
    const pow = createProofOfWork('key', 500);
    await expect(pow.verify(undefined, Date.now())).rejects.toMatchObject({ code: 'proof_of_work_required' });
    const challenge = await pow.challenge();
    const solution = (await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, 500).promise)!;
    const payload = Buffer.from(JSON.stringify({ ...challenge, number: solution.number })).toString('base64');
    const wrong = Buffer.from(JSON.stringify({ ...challenge, number: solution.number + 1 })).toString('base64');
    await expect(pow.verify(wrong, Date.now())).rejects.toMatchObject({ code: 'proof_of_work_invalid' });
    await pow.verify(payload, Date.now());
    await expect(pow.verify(payload, Date.now())).rejects.toMatchObject({ code: 'proof_of_work_invalid' });
  });
});

describe('the policy (/v1/municipalities/{id}/reservation-policy)', () => {
  it('an admin sets it within the contract’s bounds; the public slots use it at once; town staff read their town’s only', async () => {
    const path = `/v1/municipalities/${t.municipalityB.municipalityId}/reservation-policy`;
    const admin = { Cookie: await t.cookieFor('admin') };
    const valid = {
      slotMinutes: 60,
      walkInSharePercent: 0,
      fixedCapacity: 2,
      checkInEarlyMinutes: 5,
      checkInLateMinutes: 10,
      reservationOnly: true,
    };
    for (const bad of [
      { slotMinutes: 25 },
      { walkInSharePercent: 101 },
      { checkInLateMinutes: -1 },
      { fixedCapacity: 1.5 },
      { note: 'x' },
    ]) {
      expect((await json('PUT', path, { ...valid, ...bad }, admin)).status).toBe(400);
    }
    const saved = await json('PUT', path, valid, admin);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual(valid);
    const slots = await json('GET', `/v1/public/municipalities/${TOWN_B}/reservation-slots?from=${tomorrow()}&days=1`);
    expect((await slots.json()).policy).toEqual({ slotMinutes: 60, checkInEarlyMinutes: 5, checkInLateMinutes: 10, reservationOnly: true });
    expect((await json('GET', path, undefined, { Cookie: await t.cookieFor('staff-b') })).status).toBe(200);
    expect((await json('GET', path, undefined, { Cookie: await t.cookieFor('staff-a') })).status).toBe(404);
  });
});
