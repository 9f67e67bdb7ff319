import { createHash } from 'node:crypto';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { expect, test } from '@playwright/test';
import { createAudit } from '../axe';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { logIn } from '../login';
import { snap } from '../screens';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/**
 * Issue 17, a reservation-only town (原則予約制): a walk-in whose time is taken by reservations due
 * now is told, in English, that service is by reservation, books one of the next free slots by
 * touch, and gets the code large and as a QR code; the reservation is recorded as booked at the
 * booth. With nothing due now, the next walk-in is called in (consent, as any walk-in).
 */
const town = fixtures.municipalityA;
const LOCATION = 'E2E 予約制会場';
const siteKey = `l-${createHash('sha256').update(LOCATION).digest('hex').slice(0, 12)}`;
const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
const SLOT_MS = 5 * 60_000;

/** A write beside the running server, retried while its group commit holds the file (SQLITE_BUSY). */
async function write(sql: string, args: (string | number)[] = []) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await queryDb(sql, args);
    } catch (error) {
      if (attempt >= 50 || !/SQLITE_BUSY/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

test('a walk-in at a reservation-only booth books a free slot by touch; with nothing due now it is called in', async ({ browser }) => {
  test.setTimeout(60_000);
  const audit = createAudit();
  // One booth at its own site, open around the clock; 5-minute slots, so the site takes 1 per slot.
  const admin = await logIn(browser, '/console', loginNamed(town, 'admin-a'));
  const provisioned = await admin.request.post('/api/v1/booths', {
    data: {
      municipalityId: town.municipalityId,
      name: 'E2E 予約制ブース',
      kind: 'mall',
      location: LOCATION,
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    },
  });
  expect(provisioned.status(), await provisioned.text()).toBe(201);
  const booth = (await provisioned.json()) as { booth: { id: string }; credential: string };
  await admin.context().close();
  await write(
    `INSERT OR REPLACE INTO reservation_policy (municipality_id, slot_minutes, walk_in_share_percent, fixed_capacity, check_in_early_minutes, check_in_late_minutes, reservation_only)
     VALUES (?, 5, 0, 10, 10, 15, 1)`,
    [town.municipalityId],
  );
  // Residents with a reservation, checked in, fill this slot and the next two at the site (so the
  // slot running when the booth asks is full whichever it is).
  const now = Math.floor(Date.now() / SLOT_MS) * SLOT_MS;
  const due: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = crypto.randomUUID();
    due.push(id);
    await write(
      `INSERT INTO reservation (id, municipality_id, site_key, procedure, language, slot_start, slot_end, code, state, booked_by, booked_at)
       VALUES (?, ?, ?, 'renewal', 'ja', ?, ?, ?, 'checked_in', 'resident', ?)`,
      [id, town.municipalityId, siteKey, now + i * SLOT_MS, now + (i + 1) * SLOT_MS, `E2EW${id.slice(0, 4).toUpperCase()}`, Date.now()],
    );
  }
  // The server keeps a town's policy and sites for 2 s.
  await new Promise((resolve) => setTimeout(resolve, 2_500));

  const page = await (await browser.newContext({ baseURL: fixtures.baseURL })).newPage();
  try {
    await page.goto(`/booth/?provision=${booth.credential}`);
    await expect(page.getByTestId('reservation-only')).toBeVisible();
    await page.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('[data-procedure="health_insurance"]').click();
    const offer = page.getByTestId('walk-in-slots-screen');
    await expect(offer.getByRole('heading', { level: 1 })).toHaveText('This service is by reservation');
    const first = offer.locator('[data-slot]').first();
    const slotStart = (await first.getAttribute('data-slot'))!;
    // The first free slot starts after the ones reservations fill.
    expect(Date.parse(slotStart)).toBeGreaterThanOrEqual(now + 3 * SLOT_MS);
    await snap(page, 'i17-walk-in-slots');
    await audit.check(page, 'booth en: walk-in slots');
    await first.click();

    const booked = page.getByTestId('walk-in-booked-screen');
    await expect(booked).toBeVisible();
    const code = (await booked.getByTestId('booked-code').textContent())!.trim();
    expect(code).toMatch(CODE);
    await expect(booked.getByRole('img', { name: `QR ${code}` }).locator('svg')).toBeVisible();
    await expect(booked.getByTestId('come-back')).toContainText(/\d\d:\d\d/);
    await snap(page, 'i17-walk-in-booked');
    await audit.check(page, 'booth en: walk-in booked');
    const [row] = await queryDb(
      'SELECT booked_by, booked_by_account_id, site_key, slot_start, language, procedure, state FROM reservation WHERE code = ?',
      [code.replace('-', '')],
    );
    expect(row).toMatchObject({
      booked_by: 'booth',
      booked_by_account_id: null,
      site_key: siteKey,
      language: 'en',
      procedure: 'health_insurance',
      state: 'booked',
    });
    expect(Number(row!.slot_start)).toBe(Date.parse(slotStart));

    // Nothing due now any more: the next walk-in is called in (consent, as any walk-in).
    await write(`UPDATE reservation SET state = 'served', served_at = ? WHERE id IN (?, ?, ?)`, [Date.now(), ...due]);
    await booked.getByRole('button', { name: 'Back to the start' }).click();
    await page.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
    await page.getByRole('button', { name: '日本語' }).click();
    await page.locator('[data-procedure="health_insurance"]').click();
    await expect(page.getByTestId('consent-screen')).toBeVisible();
    audit.expectClean();
  } finally {
    await page.context().close();
    await write('DELETE FROM reservation_policy WHERE municipality_id = ?', [town.municipalityId]);
    await write(`UPDATE reservation SET state = 'cancelled', cancelled_at = ? WHERE site_key = ? AND state IN ('booked', 'checked_in')`, [
      Date.now(),
      siteKey,
    ]);
    await write('UPDATE booth SET enabled = 0 WHERE id = ?', [booth.booth.id]);
  }
});
