/**
 * Issue 13 item 5 (a livekit-server restart froze both pictures with no notice): livekit-server
 * SIGKILLed mid-call and started again. Both screens say the call is reconnecting while it is down,
 * and both sides decode each other's video again after it is back.
 */
import { expect, test } from '@playwright/test';
import { callInProgress, decodingWithin, peerStates } from '../call';
import { faults, loadFaultFixtures } from '../control';

const fixtures = loadFaultFixtures();

test('livekit-server killed and started mid-call: both sides show a notice, then decode each other again', async ({ browser }) => {
  test.setTimeout(90_000);
  // Issue 13 item 5 (livekit-server restart), not fixed yet: both notices show within ~1 s of the
  // kill, but the call does not survive the restart — 30 s after livekit-server is back the booth is
  // on its start screen (attract-screen) and the console's call page no longer shows the booth's
  // link; neither side decodes again. Remove when a restart is survived.
  test.fail();
  const call = await callInProgress(browser, fixtures);
  let livekitDown = false;
  try {
    await expect(call.operator.getByTestId('booth-link')).toHaveAttribute('data-status', 'connected');
    await faults.killLiveKit();
    livekitDown = true;
    const killedAt = Date.now();
    await expect(call.operator.getByTestId('booth-link')).not.toHaveAttribute('data-status', 'connected', { timeout: 5_000 });
    await expect(call.booth.getByTestId('reconnecting')).toBeVisible({ timeout: Math.max(1, 5_000 - (Date.now() - killedAt)) });
    console.log(`livekit-server killed: both notices within ${Date.now() - killedAt} ms`);
    await call.booth.waitForTimeout(Math.max(0, 3_000 - (Date.now() - killedAt)));
    await faults.startLiveKit();
    livekitDown = false;
    const startedAt = Date.now();
    const [booth, operator] = await Promise.allSettled([decodingWithin(call.booth, 30_000), decodingWithin(call.operator, 30_000)]);
    // What each side shows then, to say exactly what happened when one does not come back.
    const testid = (page: typeof call.booth, selector: string) => page.locator(selector).first().getAttribute('data-testid', { timeout: 1_000 }).catch(() => 'none');
    const shows = {
      booth: booth.status === 'fulfilled' ? `decodes after ${booth.value} ms` : `no frame; screen ${await testid(call.booth, '[data-testid$="-screen"]')}, reconnecting banner ${await call.booth.getByTestId('reconnecting').count()}, ${await peerStates(call.booth).catch(() => 'page closed')}`,
      operator: operator.status === 'fulfilled' ? `decodes after ${operator.value} ms` : `no frame; booth-link ${await call.operator.getByTestId('booth-link').getAttribute('data-status', { timeout: 1_000 }).catch(() => 'none')} at ${call.operator.url()}, ${await peerStates(call.operator).catch(() => 'page closed')}`,
    };
    console.log(`livekit-server started ${Date.now() - startedAt} ms ago: ${JSON.stringify(shows)}`);
    expect(booth.status, shows.booth).toBe('fulfilled');
    expect(operator.status, shows.operator).toBe('fulfilled');
    await expect(call.booth.getByTestId('reconnecting')).toHaveCount(0, { timeout: 10_000 });
    await expect(call.operator.getByTestId('booth-link')).toHaveAttribute('data-status', 'connected', { timeout: 10_000 });
  } finally {
    if (livekitDown) await faults.startLiveKit();
    await call.end().catch(() => call.close());
  }
});
