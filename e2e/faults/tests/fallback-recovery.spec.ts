/**
 * Issue 13 item 4: the low-resolution fallback comes back. The booth's line at 300 kbit/s with 10 %
 * loss each way (tbf, nftables) for 20 s puts the booth in the fallback (both notices); once the line
 * is good again, within 15 s `recovered` is recorded in session_event and both notices clear.
 */
import { createClient } from '@libsql/client';
import { expect, test } from '@playwright/test';
import { callInProgress } from '../call';
import { faults, loadFaultFixtures } from '../control';

const fixtures = loadFaultFixtures();
const RECOVERED_WITHIN_MS = 15_000;

async function recoveredSince(sessionId: string, since: number) {
  const db = createClient({ url: fixtures.databaseUrl });
  try {
    const { rows } = await db.execute({ sql: "SELECT count(*) AS n FROM session_event WHERE session_id = ? AND type = 'recovered' AND at >= ?", args: [sessionId, since] });
    return Number(rows[0]?.n ?? 0);
  } finally {
    db.close();
  }
}

test('a poor line (300 kbit/s, 10 % loss) for 20 s, then a good one: recovered is recorded and both notices clear within 15 s', async ({ browser }) => {
  test.setTimeout(80_000);
  // Issue 13 item 4 ("the fallback that never comes back"), not fixed yet: the fallback starts under
  // the poor line (both notices show) but no `recovered` is recorded within 15 s of a good line
  // again, and the notices stay (bench:faults (d) gives how long). Remove when item 4 is fixed.
  test.fail();
  const call = await callInProgress(browser, fixtures);
  try {
    await faults.shapeBoothLink({ rateKbit: 300, lossPercent: 10 });
    const shapedAt = Date.now();
    // The poor line puts the booth in the fallback, and the console says so.
    await expect(call.booth.getByTestId('degraded-notice')).toBeVisible({ timeout: 20_000 });
    await expect(call.operator.getByTestId('quality-banner')).toBeVisible({ timeout: 10_000 });
    await call.booth.waitForTimeout(Math.max(0, 20_000 - (Date.now() - shapedAt)));

    await faults.restoreBoothLink();
    const restoredAt = Date.now();
    await expect.poll(() => recoveredSince(call.sessionId, restoredAt - 1_000), { timeout: RECOVERED_WITHIN_MS }).toBeGreaterThan(0);
    await expect(call.booth.getByTestId('degraded-notice')).toHaveCount(0, { timeout: Math.max(1, RECOVERED_WITHIN_MS - (Date.now() - restoredAt)) });
    await expect(call.operator.getByTestId('quality-banner')).toHaveCount(0, { timeout: Math.max(1, RECOVERED_WITHIN_MS - (Date.now() - restoredAt)) });
  } finally {
    await faults.restoreBoothLink();
    await call.end().catch(() => call.close());
  }
});
