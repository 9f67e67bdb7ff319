/**
 * Issue 13 item 1 as it was found: the app is SIGKILLed during a call, the operator pushes a
 * guidance card and starts the PIN step within the first seconds (over LiveKit, which goes on),
 * the resident finishes it, and the app starts again later. The booth's outbox delivers all three
 * events once the app is back — each recorded once, dated when it happened, not when it arrived.
 */
import { expect, test } from '@playwright/test';
import { cardShown } from '../../journey';
import { callInProgress } from '../call';
import { faults, loadFaultFixtures, recordRows } from '../control';

const fixtures = loadFaultFixtures();
/** The issue lost events with a 5 s outage; twice that, so the old single retry 3 s later surely fails. */
const OUTAGE_MS = 10_000;

async function boothEvents(sessionId: string) {
  const rows = await recordRows(
    `SELECT type, at, occurred_at FROM session_event WHERE session_id = ? AND type IN ('guidance-shown', 'pin-privacy-on', 'pin-privacy-off') ORDER BY occurred_at, id`,
    [sessionId],
  );
  return rows.map((r) => ({ type: String(r.type), at: Number(r.at), occurredAt: Number(r.occurred_at) }));
}

test('events the booth records while the app is down arrive once it is back, once each, dated when they happened', async ({ browser }) => {
  test.setTimeout(150_000);
  const call = await callInProgress(browser, fixtures);
  let appDown = false;
  try {
    await faults.killApp();
    appDown = true;
    const killedAt = Date.now();
    // Over LiveKit, which the app's death does not touch.
    await cardShown(call.operator, call.booth);
    await call.operator.getByTestId('pin-start').click();
    await expect(call.booth.getByTestId('pin-privacy-screen')).toBeVisible();
    await call.booth
      .getByTestId('pin-privacy-screen')
      .getByRole('button', { name: /入力が終わりました/ })
      .click();
    await expect(call.booth.getByTestId('pin-privacy-screen')).toHaveCount(0);
    const happenedBy = Date.now();
    await call.booth.waitForTimeout(Math.max(0, OUTAGE_MS - (Date.now() - killedAt)));
    await faults.startApp();
    appDown = false;
    const startedAt = Date.now();

    await expect
      .poll(async () => (await boothEvents(call.sessionId)).map((e) => e.type), { timeout: 30_000 })
      .toEqual(['guidance-shown', 'pin-privacy-on', 'pin-privacy-off']);
    const events = await boothEvents(call.sessionId);
    const deliveredMs = Math.max(...events.map((e) => e.at)) - startedAt;
    console.log(`app down ${OUTAGE_MS} ms: 3 of 3 events recorded, the last ${deliveredMs} ms after the app answered again`);
    for (const event of events) {
      // Happened while the app was down (same clock on both sides here, within a second of latency)…
      expect(event.occurredAt).toBeGreaterThanOrEqual(killedAt - 1_000);
      expect(event.occurredAt).toBeLessThanOrEqual(happenedBy + 1_000);
      // …recorded after it came back.
      expect(event.at).toBeGreaterThanOrEqual(startedAt - 1_000);
    }
  } finally {
    // The next spec needs the app (started once: a second start would race the first for the port).
    if (appDown) await faults.startApp().catch(() => undefined);
    await call.close();
  }
});
