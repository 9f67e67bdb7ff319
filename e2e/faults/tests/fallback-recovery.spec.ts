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
  // Issue 13 item 4 ("the fallback that never comes back"), not fixed: in the runs here the fallback
  // started 13.7 s into the 20 s of poor line (both notices), and 15 s after the restore there was
  // still no `recovered` and both notices stayed. (After 30 s of poor line, bench:faults saw
  // `recovered` 1.0-2.7 s after the restore; the top layer took far longer.) Skipped, not
  // expected to fail: under test.fail() a run that hangs past the timeout failed the suite.
  // Remove when fixed.
  test.fixme();
  const call = await callInProgress(browser, fixtures);
  // What happened when (ms after the shaping, then after the restore), logged whatever the outcome.
  const seen: Record<string, number | null> = { boothNotice: null, consoleBanner: null, recovered: null, boothNoticeClear: null, consoleBannerClear: null };
  try {
    await faults.shapeBoothLink({ rateKbit: 300, lossPercent: 10 });
    const shapedAt = Date.now();
    while (Date.now() - shapedAt < 20_000) {
      if (seen.boothNotice === null && (await call.booth.getByTestId('degraded-notice').count())) seen.boothNotice = Date.now() - shapedAt;
      if (seen.consoleBanner === null && (await call.operator.getByTestId('quality-banner').count())) seen.consoleBanner = Date.now() - shapedAt;
      await call.booth.waitForTimeout(250);
    }
    await faults.restoreBoothLink();
    const restoredAt = Date.now();
    while (Date.now() - restoredAt < RECOVERED_WITHIN_MS && [seen.recovered, seen.boothNoticeClear, seen.consoleBannerClear].includes(null)) {
      if (seen.recovered === null && (await recoveredSince(call.sessionId, restoredAt - 1_000))) seen.recovered = Date.now() - restoredAt;
      if (seen.boothNoticeClear === null && !(await call.booth.getByTestId('degraded-notice').count())) seen.boothNoticeClear = Date.now() - restoredAt;
      if (seen.consoleBannerClear === null && !(await call.operator.getByTestId('quality-banner').count())) seen.consoleBannerClear = Date.now() - restoredAt;
      await call.booth.waitForTimeout(250);
    }
    console.log(`poor line then good: ${JSON.stringify(seen)}`);
    // The poor line put the booth in the fallback, and the console said so.
    expect(seen.boothNotice, 'booth fallback notice under the poor line').not.toBeNull();
    expect(seen.consoleBanner, 'console fallback notice under the poor line').not.toBeNull();
    // Within 15 s of a good line: recovered, both notices gone.
    expect(seen.recovered, `'recovered' within ${RECOVERED_WITHIN_MS} ms of the restore`).not.toBeNull();
    expect(seen.boothNoticeClear, 'booth notice cleared').not.toBeNull();
    expect(seen.consoleBannerClear, 'console notice cleared').not.toBeNull();
  } finally {
    await faults.restoreBoothLink();
    await call.end().catch(() => call.close());
  }
});
