/**
 * The harness itself: the booth, in its own namespace, reaches the app over its line; a cut of
 * that line silences it (the server sees the booth offline) and the restore brings it back; the
 * app killed and started again answers the booth again.
 */
import { expect, test } from '@playwright/test';
import { faults, launchBoothBrowser, loadFaultFixtures } from '../control';

const fixtures = loadFaultFixtures();

test('a cut of the booth line silences the booth; the restore brings it back', async () => {
  test.setTimeout(90_000);
  const browser = await launchBoothBrowser(fixtures);
  try {
    const page = await browser.newPage({ baseURL: fixtures.boothURL });
    await page.goto(`/booth/?provision=${fixtures.municipality.boothCredential}`);
    await expect(page.getByTestId('attract-screen')).toBeVisible();
    const probe = () =>
      page.evaluate(async () => {
        try {
          const r = await fetch('/api/health', { signal: AbortSignal.timeout(1500) });
          return r.status;
        } catch {
          return 0;
        }
      });
    expect(await probe()).toBe(200);
    await faults.cutBoothLink();
    expect(await probe()).toBe(0);
    await faults.restoreBoothLink();
    expect(await probe()).toBe(200);
    await faults.killApp();
    expect(await probe()).toBe(0);
    await faults.startApp();
    expect(await probe()).toBe(200);
  } finally {
    await faults.restoreBoothLink();
    await browser.close();
  }
});
