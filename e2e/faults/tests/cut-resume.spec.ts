/**
 * A booth whose line is cut mid-call (every packet dropped both ways, in its own namespace) and
 * given back: both sides decode each other again by themselves. How soon, after 10/30/90 s cuts,
 * is bench:faults' figure; here a 10 s cut, bounded.
 */
import { expect, test } from '@playwright/test';
import { callInProgress, decodingWithin } from '../call';
import { faults, loadFaultFixtures } from '../control';

const fixtures = loadFaultFixtures();

test('a 10 s cut of the booth line mid-call: both sides decode each other again after the restore', async ({ browser }) => {
  test.setTimeout(120_000);
  const call = await callInProgress(browser, fixtures);
  try {
    await faults.cutBoothLink();
    await call.booth.waitForTimeout(10_000);
    await faults.restoreBoothLink();
    const [booth, operator] = await Promise.all([decodingWithin(call.booth, 30_000), decodingWithin(call.operator, 30_000)]);
    console.log(`10 s cut: booth decodes again ${booth} ms after the restore, operator ${operator} ms`);
    expect(Math.max(booth, operator)).toBeLessThan(30_000);
  } finally {
    await faults.restoreBoothLink();
    await call.close();
  }
});
