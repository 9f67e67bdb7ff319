/**
 * Issue 13 item 2 for long cuts: after a 90 s cut of an idle booth's line (nftables drops every
 * packet), the first heartbeat the app accepts comes within one HEARTBEAT_MS (2 s here) of the
 * restore. Each beat is bounded and aborted (request.ts), but Chromium keeps an aborted request's
 * TCP connect attempt running for later requests ("late binding"), and with SYNs black-holed the
 * kernel retries them (1, 3, 7, 15, 31, 63 s; given up at ~127 s); once six hold the per-host slots,
 * every request to the app queues behind them. The booth's browser runs with a 3 s bound on each
 * connect attempt (booth-client/kiosk/chromium-flags.txt, decision 0021): 1215 ms after the
 * restore; without it 49435 ms (the bench's three 90 s cuts before it: 49.7, 49.5, 51.9 s).
 */
import { expect, test } from '@playwright/test';
import { boothLog, boothRequestLog, waitForAcceptedBeat } from '../booth-requests';
import { faults, launchBoothBrowser, loadFaultFixtures } from '../control';

const fixtures = loadFaultFixtures();
const CUT_S = 90;

test('an idle booth after a 90 s cut: the first heartbeat is accepted within one HEARTBEAT_MS of the restore', async () => {
  test.setTimeout(300_000);
  const browser = await launchBoothBrowser(fixtures);
  try {
    const context = await browser.newContext({ baseURL: fixtures.boothURL });
    await context.addInitScript(boothRequestLog);
    const page = await context.newPage();
    await page.goto(`/booth/?provision=${fixtures.municipality.boothCredential}`);
    await page.waitForTimeout(5000);
    await faults.cutBoothLink();
    const cutAt = Date.now();
    await page.waitForTimeout(CUT_S * 1000);
    await faults.restoreBoothLink();
    const restoredAt = Date.now();
    const first = await waitForAcceptedBeat(page, restoredAt, 70_000);
    const { beats } = await boothLog(page);
    console.log(
      beats
        .filter((b) => b.sentAt >= cutAt)
        .map((b) => `beat sent +${Math.round(b.sentAt - cutAt)} ms: ${b.status}`)
        .join('\n'),
    );
    console.log(`cut ${CUT_S} s: first accepted beat ${first} ms after the restore`);
    expect(first, 'first accepted beat after the restore (ms)').not.toBeNull();
    expect(first!).toBeLessThanOrEqual(fixtures.heartbeatMs);
  } finally {
    await faults.restoreBoothLink();
    await browser.close();
  }
});
