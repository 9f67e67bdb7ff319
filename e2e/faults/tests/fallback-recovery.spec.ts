/**
 * Issue 13 item 4: the low-resolution fallback comes back, and only when the line does. The booth's
 * line at 300 kbit/s with 10 % loss each way (tbf, nftables) for 40 s puts the booth in the fallback
 * (both notices), which holds for as long as the line is poor (it ended during 30 s of it in 4 of 5
 * runs before the hold also needed WebRTC's estimate, quality.ts); once the line is good again
 * `recovered` is recorded in session_event, both notices clear, the console receives 720p again,
 * and the fallback does not come back. Every second the booth's camera sender (getStats) is
 * printed: the height, bitrate and SFU-reported loss of each simulcast layer and WebRTC's bandwidth
 * estimate (decision 0020). The second test makes the slow estimate certain: the booth's upper
 * layers off on a good line.
 */
import { expect, type Page, test } from '@playwright/test';
import { callInProgress } from '../call';
import { faults, loadFaultFixtures, recordRows } from '../control';

const fixtures = loadFaultFixtures();
/**
 * `recovered` and both notices: stated within 15 s of the line being good (bench:faults, decision
 * 0020); measured 12.1 and 12.8 s. The bound leaves room for a loaded machine.
 */
const RECOVERED_WITHIN_MS = 20_000;
/** The console receives the booth's top layer (720p) again: stated within 45 s; measured ~26 s. */
const TOP_LAYER_WITHIN_MS = 60_000;
/** After the top layer is back (the console now asks for it), how long the fallback must stay off. */
const NO_RELAPSE_MS = 10_000;

async function eventsSince(sessionId: string, type: string, since: number, until = Number.MAX_SAFE_INTEGER) {
  const rows = await recordRows('SELECT count(*) AS n FROM session_event WHERE session_id = ? AND type = ? AND at >= ? AND at < ?', [
    sessionId,
    type,
    since,
    until,
  ]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The booth camera's layers (rid:height/target kbit/s/why limited/frames sent/packets sent/lost as
 * the SFU reported) and WebRTC's estimate.
 */
function senderStats(booth: Page) {
  return booth.evaluate(async () => {
    const out: string[] = [];
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
      stats.forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          const remote = stats.get(String(s.remoteId));
          out.push(
            `${String(s.rid)}:${String(s.frameHeight ?? '-')}/${Math.round(Number(s.targetBitrate ?? 0) / 1000)}k/${String(s.qualityLimitationReason)}/${String(s.framesSent)}/${String(s.packetsSent)}/${String(remote?.packetsLost ?? '-')}`,
          );
        }
        if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate)
          out.push(`estimate=${Math.round(Number(s.availableOutgoingBitrate) / 1000)}k`);
      });
    }
    return out.sort().join(' ');
  });
}

/** How long the line stays poor: 30 s (bench:faults) ended the fallback within it in 4 of 5 unfixed runs, 40 s makes it certain. */
const POOR_S = 40;

/** The height of the booth video the console decodes now (0 before any frame). */
function receivedHeight(operator: Page) {
  return operator.evaluate(async () => {
    let height = 0;
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') height = Math.max(height, Number(s.frameHeight ?? 0));
      });
    }
    return height;
  });
}

test('a poor line (300 kbit/s, 10 % loss) for 40 s holds the fallback; then a good one: recovered is recorded, both notices clear, 720p comes back, and the fallback stays off', async ({
  browser,
}) => {
  test.setTimeout(170_000);
  const call = await callInProgress(browser, fixtures);
  // What happened when (ms after the shaping, then after the restore), logged whatever the outcome.
  const seen: Record<string, number | null> = {
    boothNotice: null,
    consoleBanner: null,
    endedInPoorLine: null,
    recovered: null,
    boothNoticeClear: null,
    consoleBannerClear: null,
    topLayer: null,
    relapse: null,
  };
  let lastStats = 0;
  let shapedAt = 0;
  const printStats = async (phase: string, since: number) => {
    if (Date.now() - lastStats < 1_000) return;
    lastStats = Date.now();
    console.log(`${phase} +${Date.now() - since} ms: ${await senderStats(call.booth)}`);
  };
  try {
    await faults.shapeBoothLink({ rateKbit: 300, lossPercent: 10 });
    shapedAt = Date.now();
    while (Date.now() - shapedAt < POOR_S * 1000) {
      const notice = await call.booth.getByTestId('degraded-notice').count();
      if (seen.boothNotice === null && notice) seen.boothNotice = Date.now() - shapedAt;
      if (seen.boothNotice !== null && seen.endedInPoorLine === null && !notice) seen.endedInPoorLine = Date.now() - shapedAt;
      if (seen.consoleBanner === null && (await call.operator.getByTestId('quality-banner').count()))
        seen.consoleBanner = Date.now() - shapedAt;
      await printStats('poor', shapedAt);
      await call.booth.waitForTimeout(250);
    }
    await faults.restoreBoothLink();
    const restoredAt = Date.now();
    while (
      Date.now() - restoredAt < RECOVERED_WITHIN_MS &&
      [seen.recovered, seen.boothNoticeClear, seen.consoleBannerClear].includes(null)
    ) {
      if (seen.recovered === null && (await eventsSince(call.sessionId, 'recovered', restoredAt - 1_000)))
        seen.recovered = Date.now() - restoredAt;
      if (seen.boothNoticeClear === null && !(await call.booth.getByTestId('degraded-notice').count()))
        seen.boothNoticeClear = Date.now() - restoredAt;
      if (seen.consoleBannerClear === null && !(await call.operator.getByTestId('quality-banner').count()))
        seen.consoleBannerClear = Date.now() - restoredAt;
      await printStats('good', restoredAt);
      await call.booth.waitForTimeout(250);
    }
    // Then the top layer reaches the console, and the fallback does not come back: neither while the
    // console follows the layers the booth sends nor once it asks for the top one.
    if (seen.recovered !== null) {
      let topAt: number | null = null;
      while (
        Date.now() - restoredAt < TOP_LAYER_WITHIN_MS + NO_RELAPSE_MS &&
        seen.relapse === null &&
        (topAt === null || Date.now() - topAt < NO_RELAPSE_MS)
      ) {
        if (await call.booth.getByTestId('degraded-notice').count()) seen.relapse = Date.now() - restoredAt;
        if (topAt === null && (await receivedHeight(call.operator)) >= 720 && Date.now() - restoredAt <= TOP_LAYER_WITHIN_MS) {
          topAt = Date.now();
          seen.topLayer = topAt - restoredAt;
        }
        if (topAt === null && Date.now() - restoredAt > TOP_LAYER_WITHIN_MS) break;
        await printStats('good', restoredAt);
        await call.booth.waitForTimeout(250);
      }
    }
    console.log(`poor line then good: ${JSON.stringify(seen)}`);
    // The poor line put the booth in the fallback, and the console said so.
    expect(seen.boothNotice, 'booth fallback notice under the poor line').not.toBeNull();
    expect(seen.consoleBanner, 'console fallback notice under the poor line').not.toBeNull();
    expect(seen.endedInPoorLine, 'the fallback held while the line was poor (ms after the shaping it ended)').toBeNull();
    expect(await eventsSince(call.sessionId, 'recovered', shapedAt, restoredAt), "no 'recovered' while the line was poor").toBe(0);
    expect(seen.recovered, `'recovered' within ${RECOVERED_WITHIN_MS} ms of the restore`).not.toBeNull();
    expect(seen.boothNoticeClear, 'booth notice cleared').not.toBeNull();
    expect(seen.consoleBannerClear, 'console notice cleared').not.toBeNull();
    expect(seen.boothNoticeClear! <= RECOVERED_WITHIN_MS && seen.consoleBannerClear! <= RECOVERED_WITHIN_MS).toBe(true);
    expect(seen.topLayer, `the console receives 720p within ${TOP_LAYER_WITHIN_MS} ms of the restore`).not.toBeNull();
    expect(seen.relapse, 'no fallback again after the restore').toBeNull();
    expect(await eventsSince(call.sessionId, 'degraded', restoredAt + 1_000), "no 'degraded' after the restore").toBe(0);
  } finally {
    await faults.restoreBoothLink();
    await call.end().catch(() => call.close());
  }
});

/** Turns the booth camera's simulcast layers above the lowest off or on (as a low bandwidth estimate does). */
function boothUpperLayers(booth: Page, active: boolean) {
  return booth.evaluate(async (on) => {
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      for (const sender of pc.getSenders()) {
        const parameters = sender.getParameters();
        if (sender.track?.kind !== 'video' || parameters.encodings.length < 2) continue;
        parameters.encodings.forEach((encoding, i) => {
          if (i > 0) encoding.active = on;
        });
        await sender.setParameters(parameters);
      }
    }
  }, active);
}

test('a booth that can send only its lowest layer after the fallback stays recovered: the console asks for the layer it sends', async ({
  browser,
}) => {
  // What a slowly climbing bandwidth estimate does after a lossy spell (the first test's runs left it
  // at 49–173 kbit/s, below the 360p layer's ~360), made certain: the booth's upper layers are off
  // on a good line. LiveKit scores the booth against the highest layer the console asks for
  // (StreamTrackerManager.DistanceToDesired): while the console asks for 720p the booth is `poor`
  // (measured: 10 s after the layers went off, on a perfect line) and falls back; once it recovers,
  // a console asking for 720p again made it fall back again 10 s later, for as long as the layers
  // stayed off. Following the booth's `sending`, it asks for 180p: no relapse.
  test.setTimeout(150_000);
  const call = await callInProgress(browser, fixtures);
  try {
    await boothUpperLayers(call.booth, false);
    const offAt = Date.now();
    await expect(call.booth.getByTestId('degraded-notice')).toBeVisible({ timeout: 30_000 });
    // The console asks for the lowest layer in the fallback: LiveKit says good again, the booth recovers.
    await expect.poll(async () => eventsSince(call.sessionId, 'recovered', offAt), { timeout: 45_000 }).toBe(1);
    const recoveredAt = Date.now();
    console.log(`upper layers off: fallback, then recovered ${recoveredAt - offAt} ms after`);
    // Three LiveKit windows with only 180p flowing: no fallback again.
    await call.booth.waitForTimeout(15_000);
    expect(await eventsSince(call.sessionId, 'degraded', recoveredAt), "no 'degraded' while the booth sends only its lowest layer").toBe(0);
    await expect(call.booth.getByTestId('degraded-notice')).toHaveCount(0);
    // The layers come back: the console follows up to 720p, still without a fallback.
    await boothUpperLayers(call.booth, true);
    await expect.poll(() => receivedHeight(call.operator), { timeout: 20_000 }).toBeGreaterThanOrEqual(720);
    await call.booth.waitForTimeout(10_000);
    expect(await eventsSince(call.sessionId, 'degraded', recoveredAt), "no 'degraded' once the top layer flows").toBe(0);
  } finally {
    await call.end().catch(() => call.close());
  }
});
