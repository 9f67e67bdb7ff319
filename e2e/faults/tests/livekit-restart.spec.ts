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
  // The restart loses every room (auto-create is off, decision 0009): the app, watching LiveKit
  // (LIVEKIT_WATCH_MS), sweeps as soon as it answers again and creates the live call's room again
  // under the same name, and both sides' reconnects get in.
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
    console.log(`livekit-server started at ${startedAt} (epoch ms, to compare with the app's log)`);
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
