import { type Browser, expect, type Page, test } from '@playwright/test';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';
import { logInOn } from '../login';
import { inboundTotals, trackPeerConnections } from './webrtc';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

async function newContext(browser: Browser) {
  const context = await browser.newContext({ baseURL: fixtures.baseURL });
  await trackPeerConnections(context);
  return context;
}

/** The page's inbound audio streams that have received packets (one per remote microphone it hears). */
function audioStreamsHeard(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let heard = 0;
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio' && Number(s.packetsReceived ?? 0) > 0) heard++;
      });
    }
    return heard;
  });
}

/**
 * Every signalling message LiveKit sends the page, as text: a participant LiveKit tells the booth
 * of has its identity in them (protobuf keeps strings as they are).
 */
function signalling(page: Page): string[] {
  const received: string[] = [];
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/rtc')) return;
    ws.on('framereceived', ({ payload }) => received.push(typeof payload === 'string' ? payload : payload.toString('latin1')));
  });
  return received;
}

test('a supervisor listens unseen, coaches the operator alone, then takes the call over and ends it with an outcome', async ({
  browser,
}) => {
  const town = fixtures.municipalityF;
  const operatorContext = await newContext(browser);
  const operator = await operatorAvailable(operatorContext, loginNamed(town, 'op-f'));
  const boothContext = await newContext(browser);
  const booth = await residentWalksUp(boothContext, town.boothCredential, 'health_insurance');
  const boothSignals = signalling(booth);
  // The town tells residents that calls may be listened to.
  await expect(booth.getByTestId('listen-in-notice')).toContainText('品質向上のため');
  const sessionId = await callAnswered(booth, operator);
  await expect(booth.getByTestId('remote-video')).toBeVisible();

  const [supervisorRow] = await queryDb('SELECT id FROM account WHERE login_id = ?', ['sv-f']);
  const supervisorId = String(supervisorRow!.id);
  const svContext = await newContext(browser);
  const supervisor = await svContext.newPage();
  await logInOn(supervisor, '/console/overview', loginNamed(town, 'sv-f'));

  // Listen in from the live overview: the supervisor hears the call.
  const listenIn = supervisor.locator(`a[data-testid="listen-in"][href*="${sessionId}"]`);
  await expect(listenIn).toBeVisible({ timeout: 10_000 });
  const clicked = Date.now();
  await listenIn.click();
  await expect(supervisor.getByTestId('supervision-mode')).toHaveAttribute('data-mode', 'listening');
  await expect
    .poll(async () => (await inboundTotals(supervisor)).audioSamplesReceived, { timeout: 20_000, intervals: [100] })
    .toBeGreaterThan(0);
  console.log(`[supervisor] listen-in click → first audio decoded: ${Date.now() - clicked} ms`);
  await expect.poll(() => audioStreamsHeard(supervisor), { timeout: 20_000 }).toBe(2);
  // The operator's console says so; the booth was never told of the listener.
  await expect(operator.getByTestId('supervision-notice')).toHaveAttribute('data-mode', 'listening');
  await expect(operator.getByTestId('supervision-notice')).toContainText('スーパーバイザー 北野');
  // (The booth's signalling is read: it names the operator.)
  expect(boothSignals.some((m) => m.includes('operator:'))).toBe(true);
  expect(boothSignals.some((m) => m.includes(`supervisor:${supervisorId}`))).toBe(false);

  // Coach: the operator hears a second voice; the booth still hears the operator's alone.
  await supervisor.getByTestId('supervise-coach').click();
  await expect(supervisor.getByTestId('supervision-mode')).toHaveAttribute('data-mode', 'coaching');
  await expect(operator.getByTestId('supervision-notice')).toHaveAttribute('data-mode', 'coaching');
  await expect.poll(() => audioStreamsHeard(operator), { timeout: 20_000 }).toBe(2);
  await booth.waitForTimeout(2000);
  expect(await audioStreamsHeard(booth)).toBe(1);

  // Take over: the operator leaves, the supervisor is the call's operator and ends it with an outcome.
  await supervisor.getByTestId('supervise-take-over').click();
  await expect(supervisor).toHaveURL(new RegExp(`/console/sessions/${sessionId}$`));
  await expect(operator.getByTestId('supervision-notice')).toHaveAttribute('data-mode', 'took-over');
  await expect(supervisor.getByTestId('remote-video')).toBeVisible({ timeout: 20_000 });
  await expect(booth.getByTestId('remote-video')).toBeVisible();
  // The booth names the supervisor as the call's operator now, and no longer the one who left.
  await expect(booth.getByTestId('operator-name')).toContainText('スーパーバイザー 北野', { timeout: 10_000 });
  await expect(booth.getByTestId('operator-name')).not.toContainText('オペレーター 札幌');
  await supervisor.getByLabel(/メモ区分/).selectOption('none');
  await supervisor.getByRole('button', { name: /通話を終了/ }).click();
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });

  const [session] = await queryDb('SELECT status, outcome, operator_id FROM session WHERE id = ?', [sessionId]);
  expect(session).toMatchObject({ status: 'ended', outcome: 'completed', operator_id: supervisorId });
  const types = (await queryDb('SELECT type FROM session_event WHERE session_id = ? ORDER BY id', [sessionId])).map((r) => String(r.type));
  expect(types.filter((t) => t.startsWith('supervisor-') || t === 'outcome' || t === 'ended')).toEqual([
    'supervisor-listening',
    'supervisor-coaching',
    'supervisor-took-over',
    'outcome',
    'ended',
  ]);
  const audit = await queryDb("SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'supervision.%' ORDER BY id", [sessionId]);
  expect(audit.map((r) => String(r.action))).toEqual(['supervision.listen', 'supervision.coach', 'supervision.take-over']);
  for (const context of [boothContext, operatorContext, svContext]) await context.close();
});
