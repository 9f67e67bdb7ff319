/**
 * The app SIGKILLed mid-call (issue 13 items 1 and 7): while it is down the operator starts the PIN
 * step, so the booth unpublishes its camera and livekit-server's track_unpublished webhook finds
 * nobody and is given up. Started again, the app reads the room from RoomService and records the
 * camera's unpublishing (reconciled, dated when seen); and the booth, which kept its call and its
 * beats going, is not booked offline for the app's own outage.
 */

import { boothIdentity } from '@madoguchi/db/call-contract';
import { expect, test } from '@playwright/test';
import { callInProgress } from '../call';
import { faults, loadFaultFixtures, recordRows } from '../control';

const fixtures = loadFaultFixtures();
const CAMERA = '1'; // LiveKit's TrackSource.CAMERA, as the record stores it

const cameraEvents = (sessionId: string) =>
  recordRows(
    "SELECT type, at, detail FROM session_event WHERE session_id = ? AND actor_id = ? AND type LIKE 'livekit.track_%' AND json_extract(detail, '$.trackSource') = ? ORDER BY at, id",
    [sessionId, boothIdentity(fixtures.municipality.boothId), CAMERA],
  );

test('killed mid-call: the PIN step taken while the app was down is on the record after its start, and the booth has no outage for it', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const call = await callInProgress(browser, fixtures);
  let appDown = false;
  try {
    // The booth's camera publication reached the record through its webhook.
    await expect
      .poll(async () => (await cameraEvents(call.sessionId)).map((r) => r.type), { timeout: 15_000 })
      .toEqual(['livekit.track_published']);

    const killedAt = Date.now();
    await faults.killApp();
    appDown = true;
    // The PIN step goes from console to booth over LiveKit: it works without the app.
    await call.operator.getByTestId('pin-start').click();
    await expect(call.booth.getByTestId('pin-privacy-screen')).toBeVisible();
    // livekit-server retries its webhook a few times within seconds, then gives up.
    await call.booth.waitForTimeout(8_000);
    const startedAt = Date.now();
    await faults.startApp();
    appDown = false;

    await expect
      .poll(async () => (await cameraEvents(call.sessionId)).map((r) => r.type), { timeout: 10_000 })
      .toEqual(['livekit.track_published', 'livekit.track_unpublished']);
    const unpublished = (await cameraEvents(call.sessionId)).at(-1)!;
    expect(JSON.parse(String(unpublished.detail))).toMatchObject({ reconciled: true, trackSource: CAMERA });
    expect(Number(unpublished.at)).toBeGreaterThanOrEqual(startedAt);
    console.log(
      `app down ${startedAt - killedAt} ms; camera unpublishing recorded ${Number(unpublished.at) - startedAt} ms after the start was asked (the app boots meanwhile)`,
    );

    // Beyond the offline threshold after the start, the booth (beating again) has no outage for the app's.
    await call.booth.waitForTimeout(fixtures.offlineAfterMs + fixtures.heartbeatMs);
    const offline = await recordRows(
      "SELECT started_at FROM booth_status_interval WHERE booth_id = ? AND status = 'offline' AND started_at >= ?",
      [fixtures.municipality.boothId, killedAt - 60_000],
    );
    expect(offline).toEqual([]);
  } finally {
    // The next spec needs the app (started once: a second start would race the first for the port).
    if (appDown) await faults.startApp().catch(() => undefined);
    await call.close();
  }
});
