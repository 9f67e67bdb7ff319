/**
 * Booth health end to end (decision 0014): a real booth page beats every second (run-e2e.ts sets
 * HEARTBEAT_MS=1000, BOOTH_OFFLINE_AFTER_MS=3000); town staff watch it, run a self-test on it,
 * put it in maintenance and reload it; a reload asked for during a resident's call is refused
 * while the call goes on, and taken after it; another town's staff cannot see it.
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { provisionBooth } from '../booths';
import { loadFixtures, loginNamed, loginOf } from '../fixtures';
import { operatorAvailable, residentWalksUp } from '../journey';
import { logIn } from '../login';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/** A fresh municipality-A booth, open around the clock, provisioned by the administrator over the API. */
async function provisionBoothA(browser: Browser, name: string): Promise<{ boothId: string; credential: string }> {
  const admin = await logIn(browser, '/admin', loginNamed(fixtures.municipalityA, 'admin-a'));
  const booth = await provisionBooth(admin, fixtures.municipalityA.municipalityId, name);
  await admin.context().close();
  return booth;
}

async function openBoothPage(browser: Browser, credential: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: fixtures.baseURL });
  const page = await context.newPage();
  await page.goto(`/booth/?provision=${credential}`);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  return page;
}

/** Staff reload the booth from its page: reported done, and the page really loads again (a marker set on the old page is gone). */
async function reloadRemotely(staff: Page, booth: Page) {
  await booth.evaluate('window.__beforeReload = true');
  await staff.getByTestId('command-reload').click();
  await expect(staff.locator('[data-testid="command-row"][data-kind="reload"]').first()).toHaveAttribute('data-status', 'completed', {
    timeout: 15_000,
  });
  await expect.poll(async () => booth.evaluate('window.__beforeReload === true').catch(() => true), { timeout: 15_000 }).toBe(false);
  await expect(booth.getByTestId('attract-screen')).toBeVisible();
}

const rowOf = (page: Page, boothId: string) => page.locator(`[data-testid="booth-health-row"][data-booth-id="${boothId}"]`);

test('a live booth is online for its staff; when its page closes in opening hours it goes offline with an outage', async ({ browser }) => {
  const { boothId, credential } = await provisionBoothA(browser, 'E2E 稼働ブース');
  const staff = await logIn(browser, '/staff/booths', loginNamed(fixtures.municipalityA, 'staff-a'));
  // Never beaten yet: listed, with no heartbeat.
  await expect(rowOf(staff, boothId)).toHaveAttribute('data-status', 'unknown');

  const booth = await openBoothPage(browser, credential);
  await expect(rowOf(staff, boothId)).toHaveAttribute('data-status', 'online', { timeout: 20_000 });
  await expect(rowOf(staff, boothId).getByTestId('booth-status')).toHaveText(/オンライン/);
  await expect(rowOf(staff, boothId)).toContainText('0.1.0');
  await expect(rowOf(staff, boothId).getByTestId('uptime-today')).toContainText('%');
  // Other town A booths may be offline after earlier scenarios closed their pages: only this one matters.
  await expect(staff.locator(`[data-testid="outage-banner-booth"][data-booth-id="${boothId}"]`)).toHaveCount(0);

  // The booth page goes away: silent for 3 s → offline, in opening hours → banner and outage.
  await booth.context().close();
  await expect(rowOf(staff, boothId)).toHaveAttribute('data-status', 'offline', { timeout: 20_000 });
  await expect(rowOf(staff, boothId).getByTestId('current-outage')).toContainText('から');
  await expect(staff.locator(`[data-testid="outage-banner-booth"][data-booth-id="${boothId}"]`)).toBeVisible();
  await staff.screenshot({ path: 'test-results/health-staff-booths.png', fullPage: true });

  await staff.locator(`[data-testid="booth-health-row"][data-booth-id="${boothId}"] a`).first().click();
  await expect(staff).toHaveURL(new RegExp(`/staff/booths/${boothId}$`));
  await expect(staff.getByTestId('booth-status')).toHaveText(/オフライン/);
  await expect(staff.locator('[data-testid="outage-row"][data-ongoing="true"]')).toHaveCount(1);

  // It comes back: online again, the outage now has an end.
  const again = await openBoothPage(browser, credential);
  await expect(staff.getByTestId('booth-status')).toHaveText(/オンライン/, { timeout: 20_000 });
  await expect(staff.locator('[data-testid="outage-row"][data-ongoing="false"]')).toHaveCount(1);
  await again.context().close();
  await staff.context().close();
});

test("town B's staff cannot see town A's booth", async ({ browser }) => {
  const staffB = await logIn(browser, '/staff/booths', loginNamed(fixtures.municipalityB, 'staff-b'));
  await expect(staffB.getByRole('heading', { level: 1 })).toHaveText(/ブース稼働/);
  await expect(rowOf(staffB, fixtures.municipalityA.boothId)).toHaveCount(0);
  await expect(staffB.locator('[data-testid="booth-health-row"]')).not.toHaveCount(0);
  const response = await staffB.goto(`/staff/booths/${fixtures.municipalityA.boothId}`);
  expect(response?.status()).toBe(404);
  await expect(staffB.getByTestId('staff-error')).toBeVisible();
  expect((await staffB.request.get(`/api/v1/booths/${fixtures.municipalityA.boothId}/health`)).status()).toBe(404);
  expect(
    (await staffB.request.post(`/api/v1/booths/${fixtures.municipalityA.boothId}/commands`, { data: { kind: 'reload' } })).status(),
  ).toBe(404);
  await staffB.context().close();
});

test('staff run a self-test on a live booth page and see its results; maintenance screen and reload work remotely', async ({ browser }) => {
  const { boothId, credential } = await provisionBoothA(browser, 'E2E 診断ブース');
  const booth = await openBoothPage(browser, credential);
  const staff = await logIn(browser, `/staff/booths/${boothId}`, loginNamed(fixtures.municipalityA, 'staff-a'));
  await expect(staff.getByTestId('booth-status')).toHaveText(/オンライン/, { timeout: 20_000 });

  await staff.getByTestId('command-self_test').click();
  const row = staff.locator('[data-testid="command-row"][data-kind="self_test"]').first();
  await expect(row).toHaveAttribute('data-status', 'completed', { timeout: 40_000 });
  for (const check of ['camera', 'microphone', 'speaker', 'livekit', 'network']) {
    await expect(row.getByTestId(`check-${check}`), check).toHaveAttribute('data-result', 'pass');
  }
  await expect(row.getByTestId('check-camera')).toContainText('分散');
  await expect(row.getByTestId('check-microphone')).toContainText('RMS');
  await expect(row.getByTestId('check-speaker')).toContainText('再生済み');
  await expect(row.getByTestId('check-network')).toContainText('RTT');
  await staff.screenshot({ path: 'test-results/health-staff-booth.png', fullPage: true });

  // Maintenance on: the booth shows its maintenance screen and cannot call; off: back to the start.
  await staff.getByTestId('command-maintenance_on').click();
  await expect(booth.getByTestId('maintenance-screen')).toBeVisible({ timeout: 15_000 });
  await expect(booth.getByTestId('maintenance-screen')).toContainText('メンテナンス中');
  await expect(booth.getByTestId('maintenance-screen')).toContainText('Under maintenance');
  await booth.screenshot({ path: 'test-results/health-booth-maintenance.png' });
  const refused = await booth.request.post('/api/v1/booth/sessions', { headers: { Authorization: `Bearer ${credential}` }, data: {} });
  expect(refused.status()).toBe(409);
  await expect(staff.getByTestId('maintenance-badge')).toBeVisible();
  await staff.getByTestId('command-maintenance_off').click();
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });

  await reloadRemotely(staff, booth);

  await booth.context().close();
  await staff.context().close();
});

test("a reload asked for during a resident's call is refused and leaves the call alone; after the call it runs", async ({ browser }) => {
  test.setTimeout(120_000);
  const { boothId, credential } = await provisionBoothA(browser, 'E2E 通話中ブース');
  const operator = await operatorAvailable(
    await browser.newContext({ baseURL: fixtures.baseURL }),
    loginOf(fixtures.municipalityA, 'operator'),
  );
  const booth = await residentWalksUp(await browser.newContext({ baseURL: fixtures.baseURL }), credential, 'new_application');
  await booth.getByRole('button', { name: /同意して相談する/ }).click();
  await operator
    .getByTestId('offer')
    .getByRole('button', { name: /応答する/ })
    .click();
  await expect(booth.getByTestId('call-screen')).toBeVisible({ timeout: 20_000 });
  await expect(operator.getByTestId('remote-video')).toBeVisible({ timeout: 20_000 });

  // Staff ask for a reload in the middle of the call: refused, in the screen's language (Japanese by
  // default, decision 0025), and not queued.
  const staff = await logIn(browser, `/staff/booths/${boothId}`, loginNamed(fixtures.municipalityA, 'staff-a'));
  await booth.evaluate('window.__beforeReload = true');
  await staff.getByTestId('command-reload').click();
  const refusal = staff.getByRole('region', { name: /遠隔操作/ }).getByRole('alert');
  await expect(refusal).toContainText('通話が終わってから');
  await expect(staff.locator('[data-testid="command-row"][data-kind="reload"]')).toHaveCount(0);
  // The booth beats on (staff see a newer heartbeat) and the call goes on, on the same page.
  const lastBeat = await staff.getByTestId('last-beat').textContent();
  await expect(staff.getByTestId('last-beat')).not.toHaveText(lastBeat ?? '', { timeout: 15_000 });
  expect(await booth.evaluate('window.__beforeReload === true')).toBe(true);
  await expect(booth.getByTestId('call-screen')).toBeVisible();
  await expect(operator.getByTestId('remote-video')).toBeVisible();

  // The call ends: the same request is taken, and the booth really loads again.
  await operator.getByRole('button', { name: /通話を終了/ }).click();
  await expect(operator).toHaveURL(/\/console$/);
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
  await reloadRemotely(staff, booth);

  await booth.context().close();
  await operator.context().close();
  await staff.context().close();
});
