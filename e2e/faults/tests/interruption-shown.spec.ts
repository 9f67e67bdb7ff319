/**
 * Issue 13 item 5, under a real cut (e2e/tests/connection.spec.ts emulates it inside the page): the
 * booth's line drops every packet both ways, and within ~3 s of media stopping both screens say so —
 * the console's line about the booth's link says it is reconnecting, the booth shows
 * 「再接続しています」 and its indicator no longer reads good. The restore clears both.
 */
import { expect, type Page, test } from '@playwright/test';
import { callInProgress } from '../call';
import { faults, loadFaultFixtures } from '../control';

const fixtures = loadFaultFixtures();
/** ~3 s is the goal; the rest is the time to notice a stop that has no error to it, and polling. */
const SHOWN_WITHIN_MS = 5_000;

/** When (ms after `from`) each check first held, watching for `forMs`; null: never. */
async function firstTimes(page: Page, from: number, forMs: number, checks: Record<string, () => Promise<boolean>>) {
  const seen: Record<string, number | null> = Object.fromEntries(Object.keys(checks).map((k) => [k, null]));
  while (Date.now() - from < forMs && Object.values(seen).some((v) => v === null)) {
    for (const [name, check] of Object.entries(checks)) if (seen[name] === null && (await check())) seen[name] = Date.now() - from;
    await page.waitForTimeout(200);
  }
  return seen;
}

test('a real cut of the booth line: both screens say the call is interrupted within ~3 s, and clear after the restore', async ({
  browser,
}) => {
  test.setTimeout(75_000);
  const call = await callInProgress(browser, fixtures);
  const link = call.operator.getByTestId('booth-link');
  const indicator = call.booth.getByTestId('connection-quality');
  try {
    await expect(link).toHaveAttribute('data-status', 'connected');
    await faults.cutBoothLink();
    const cutAt = Date.now();
    const seen = await firstTimes(call.booth, cutAt, 20_000, {
      consoleReconnecting: async () => (await link.getAttribute('data-status')) === 'reconnecting',
      boothBanner: async () => (await call.booth.getByTestId('reconnecting').count()) > 0,
      boothIndicatorNotGood: async () => !/^(excellent|good)$/.test((await indicator.getAttribute('data-quality')) ?? ''),
    });
    console.log(`real cut: shown after (ms) ${JSON.stringify(seen)}`);
    for (const [what, ms] of Object.entries(seen)) expect(ms, `${what} within ${SHOWN_WITHIN_MS} ms of the cut`).not.toBeNull();
    for (const [what, ms] of Object.entries(seen))
      expect(ms!, `${what} within ${SHOWN_WITHIN_MS} ms of the cut`).toBeLessThanOrEqual(SHOWN_WITHIN_MS);

    await faults.restoreBoothLink();
    await expect(link).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
    await expect(call.booth.getByTestId('reconnecting')).toHaveCount(0, { timeout: 20_000 });
  } finally {
    await faults.restoreBoothLink();
    await call.end().catch(() => call.close());
  }
});
