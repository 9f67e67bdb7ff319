import { expect, test } from '@playwright/test';
import { createAudit } from '../axe';
import { loadFixtures } from '../fixtures';

/**
 * Issue 17: a resident books on the public page in English (no login, no personal data), gets a
 * code and its QR code and an .ics file, moves the reservation and cancels it. The page is
 * audited by axe at each step (no serious or critical violation).
 */
const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/** Town A (東員町, e2e/run-e2e.ts). */
const TOWN_A = '243248';
const CODE = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

test('a resident books in English, gets a code, a QR code and an .ics file, moves and cancels', async ({ page }) => {
  const audit = createAudit();
  await page.goto(`/reserve/${TOWN_A}?lang=en`);
  await expect(page.locator('main')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Reservation');
  await audit.check(page, 'reserve: choose');

  // The page opens on a day with free times, and lists them (late in the evening today is full:
  // then that is tomorrow, not today with "no free times").
  await expect(page.locator('select[name="day"]')).toHaveValue(
    (await page.locator('select[name="day"] option:not([disabled])').first().getAttribute('value'))!,
  );
  await expect(page.locator('input[name="slot"]').first()).toBeVisible();

  // The last day listed (a whole day of times at any hour), then its times.
  const day = await page.locator('select[name="day"] option:not([disabled])').last().getAttribute('value');
  await page.locator('select[name="day"]').selectOption(day!);
  await page.locator('select[name="language"]').selectOption('en');
  await page.getByRole('button', { name: 'Show free times' }).click();
  // The times of that day, once the page has them (before, it shows today's).
  await page.waitForURL(new RegExp(`[?&]day=${day}`));
  const times = page.locator('input[name="slot"]');
  await expect(times.first()).toBeVisible();
  const first = await times.first().getAttribute('value');
  // The proof-of-work is solved in the page before the button is enabled.
  await expect(page.getByTestId('reserve-submit')).toBeEnabled({ timeout: 15_000 });
  await page.getByTestId('reserve-submit').click();

  const code = (await page.getByTestId('reservation-code').textContent())!.trim();
  expect(code).toMatch(CODE);
  await expect(page.getByRole('heading', { level: 2, name: 'Booked' })).toBeVisible();
  await expect(page.locator('.reserve-qr svg')).toBeVisible();
  await audit.check(page, 'reserve: booked');
  const ics = await page.request.get(`/api/v1/public/reservations/${code}/calendar.ics`);
  expect(ics.status()).toBe(200);
  const calendar = await ics.text();
  expect(calendar).toContain('BEGIN:VEVENT');
  expect(calendar).toContain(code);
  const booked = await page.request.get(`/api/v1/public/reservations/${code}`);
  expect(((await booked.json()) as { slotStart: string }).slotStart).toBe(first);

  // Move to another time of the same day: the page offers the reservation's own day, and the code
  // stays (a new proof-of-work is solved for it).
  await expect(page.locator('select[name="day"]')).toHaveValue(day!);
  await page.getByRole('button', { name: 'Show free times' }).click();
  await page.waitForURL(new RegExp(`[?&]reservation=${code}&.*day=${day}`));
  const other = page.locator(`input[name="slot"]:not([value="${first}"])`).first();
  const target = await other.getAttribute('value');
  await other.check();
  await expect(page.getByTestId('reserve-submit')).toBeEnabled({ timeout: 15_000 });
  await page.getByTestId('reserve-submit').click();
  // Moved: back on the reservation (no `day=`), with no error.
  await page.waitForURL((url) => url.searchParams.has('reservation') && !url.searchParams.has('day'), { timeout: 10_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('reservation-code')).toHaveText(code);
  const moved = await page.request.get(`/api/v1/public/reservations/${code}`);
  expect(((await moved.json()) as { slotStart: string }).slotStart).toBe(target);

  // Cancel with the code.
  await page.getByRole('button', { name: 'Cancel the reservation' }).click();
  await expect(page.getByTestId('reservation-state')).toHaveText('Cancelled');
  await audit.check(page, 'reserve: cancelled');

  // Looking the code up again shows it cancelled; a mistyped code is not found.
  await page.getByLabel('Your reservation code').fill(code.toLowerCase().replace('-', ' '));
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('reservation-state')).toHaveText('Cancelled');
  audit.expectClean();
});
