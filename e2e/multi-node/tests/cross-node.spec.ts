/**
 * Issue 15, across app nodes, with the real parts (run-multi-node.ts): Redis, two LiveKit nodes,
 * two app node processes, HAProxy, Chromium. Booths and consoles are pointed at one app node each
 * (not through HAProxy), so each test knows which node serves whom.
 */
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { callAnswered, operatorAvailable, residentWaits, residentWalksUp } from '../../journey';
import { type InboundTotals, inboundTotals, trackPeerConnections } from '../../tests/webrtc';
import {
  dispatcherNode,
  livekitNodeHosting,
  loadMultiNodeFixtures,
  MULTI_NODE_LEASE_MS,
  MULTI_NODE_OFFER_TIMEOUT_MS,
  nodes,
  recordRows,
} from '../control';

const fixtures = loadMultiNodeFixtures();
const login = (id: string) => fixtures.municipality.logins.find((l) => l.loginId === id)!;

async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await trackPeerConnections(context);
  return context;
}

/** Each figure must keep growing: media is flowing now, not just once. */
async function expectFlowing(page: Page, what: (keyof InboundTotals)[], timeout = 20_000) {
  const before = await inboundTotals(page);
  await expect
    .poll(
      async () => {
        const now = await inboundTotals(page);
        return what.filter((k) => now[k] > before[k] && now[k] > 0);
      },
      { timeout, intervals: [250] },
    )
    .toEqual(what);
}

/** Video frames decoded so far on each of the page's peer connections, in the order they were made; null once closed. */
function framesPerConnection(page: Page): Promise<(number | null)[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    return Promise.all(
      pcs.map(async (pc) => {
        if (pc.connectionState === 'closed') return null;
        let frames = 0;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += Number(s.framesDecoded ?? 0);
        });
        return frames;
      }),
    );
  });
}

async function eventTypes(sessionId: string): Promise<string[]> {
  const rows = await recordRows('SELECT type FROM session_event WHERE session_id = ? ORDER BY occurred_at, id', [sessionId]);
  return rows.map((r) => String(r.type));
}

async function offeredAt(sessionId: string): Promise<number[]> {
  const rows = await recordRows("SELECT at FROM session_event WHERE session_id = ? AND type = 'offered' ORDER BY at", [sessionId]);
  return rows.map((r) => Number(r.at));
}

/** The operator ends the call from the console with the default outcome; the booth goes back to its start. */
async function endWithOutcome(operator: Page, booth: Page) {
  await operator.getByLabel(/メモ区分/).selectOption('none');
  await operator.getByRole('button', { name: /通話を終了/ }).click();
  await expect(operator).toHaveURL(/\/console$/);
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
}

test('a booth on node 1 and an operator on node 2: the call rings across nodes, both see and hear each other, it ends with its outcome', async ({
  browser,
}) => {
  const [nodeA, nodeB] = fixtures.appURLs as [string, string];
  const operatorContext = await newContext(browser, nodeB);
  const boothContext = await newContext(browser, nodeA);
  const operator = await operatorAvailable(operatorContext, login('op-1'));
  const booth = await residentWalksUp(boothContext, fixtures.municipality.boothCredential, 'health_insurance');
  const sessionId = await callAnswered(booth, operator);

  await expect(booth.getByTestId('remote-video')).toBeVisible();
  await expect(operator.getByTestId('remote-video')).toBeVisible();
  await expectFlowing(booth, ['framesDecoded', 'audioPacketsReceived']);
  await expectFlowing(operator, ['framesDecoded', 'audioPacketsReceived']);

  await endWithOutcome(operator, booth);
  await expect
    .poll(() => eventTypes(sessionId), { timeout: 10_000 })
    .toEqual(expect.arrayContaining(['requested', 'offered', 'accepted', 'connected', 'outcome', 'ended']));
  const [session] = await recordRows('SELECT status, outcome FROM session WHERE id = ?', [sessionId]);
  expect(session).toMatchObject({ status: 'ended', outcome: 'completed' });
  await boothContext.close();
  await operatorContext.close();
});

test('kill -9 of the dispatcher’s node with one call ringing and one active: it rings again from the other node within 5 s, the active call never stops, both end with their outcome, no event is lost', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const dispatcher = await dispatcherNode();
  expect(dispatcher).not.toBeNull();
  const survivor = dispatcher === 1 ? 2 : 1;
  const survivorURL = fixtures.appURLs[survivor - 1]!;

  // Everyone is on the surviving node; commands cross to the dispatcher's node.
  const op1Context = await newContext(browser, survivorURL);
  const booth1Context = await newContext(browser, survivorURL);
  const op1 = await operatorAvailable(op1Context, login('op-1'));
  const booth1 = await residentWalksUp(booth1Context, fixtures.municipality.boothCredential, 'health_insurance');
  const active = await callAnswered(booth1, op1);
  await expectFlowing(op1, ['framesDecoded']);

  const op2Context = await newContext(browser, survivorURL);
  const booth2Context = await newContext(browser, survivorURL);
  const op2 = await operatorAvailable(op2Context, login('op-2'));
  const booth2 = await residentWalksUp(booth2Context, fixtures.secondBooth.boothCredential, 'renewal');
  const ringing = await residentWaits(booth2);
  await expect(op2.getByTestId('offer')).toBeVisible();
  const offersBefore = await offeredAt(ringing);
  expect(offersBefore).toHaveLength(1);

  // The lease must still be where it was when the survivor was chosen: a node whose renewals stall
  // past the lease (3 s here) is replaced by design, and then the kill below would hit a node that no
  // longer dispatches (seen once, 6 Dec 2026: node 1 logged "lease lost" during this set-up).
  expect(await dispatcherNode(), 'the dispatcher changed during the set-up, before the kill').toBe(dispatcher);
  const { at: killedAt } = await nodes.killApp(dispatcher!);
  // The kill must find the call still ringing, with time to spare for the take-over and the 5 s goal:
  // an offer that rang out first sends op-2 away, and then nothing rings again, by the routing rules.
  const ringLeftMs = offersBefore[0]! + MULTI_NODE_OFFER_TIMEOUT_MS - killedAt;
  expect(ringLeftMs, `the offer had only ${ringLeftMs} ms left to ring at the kill`).toBeGreaterThan(MULTI_NODE_LEASE_MS + 10_000);
  try {
    // The active call's media goes on: LiveKit carries it, not the app node.
    await expectFlowing(op1, ['framesDecoded', 'audioPacketsReceived'], 5_000);
    await expectFlowing(booth1, ['framesDecoded', 'audioPacketsReceived'], 5_000);
    // The surviving node takes the lease, rebuilds the queue, and offers the ringing call again.
    await expect.poll(async () => (await offeredAt(ringing)).length, { timeout: 10_000, intervals: [100] }).toBe(2);
    const reoffered = (await offeredAt(ringing))[1]!;
    console.log(`dispatcher failover: re-offered ${reoffered - killedAt} ms after the kill`);
    expect(reoffered - killedAt).toBeLessThanOrEqual(5_000);
    expect(await dispatcherNode()).toBe(survivor);

    // The second call is answered on the survivor, and both calls end with their outcome.
    await op2
      .getByTestId('offer')
      .getByRole('button', { name: /応答する/ })
      .click();
    await expect(op2).toHaveURL(new RegExp(`/console/sessions/${ringing}$`));
    await expectFlowing(op2, ['framesDecoded']);
    await expectFlowing(op1, ['framesDecoded']);
    await endWithOutcome(op1, booth1);
    await endWithOutcome(op2, booth2);

    // Every action taken is recorded: 0 lost.
    await expect
      .poll(() => eventTypes(active), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['requested', 'offered', 'accepted', 'connected', 'outcome', 'ended']));
    await expect
      .poll(() => eventTypes(ringing), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['requested', 'offered', 'offered', 'accepted', 'connected', 'outcome', 'ended']));
    const sessions = await recordRows('SELECT id, status, outcome FROM session WHERE id IN (?, ?)', [active, ringing]);
    expect(sessions.map((s) => `${String(s.status)}/${String(s.outcome)}`)).toEqual(['ended/completed', 'ended/completed']);
  } finally {
    await nodes.startApp(dispatcher!);
    for (const context of [op1Context, booth1Context, op2Context, booth2Context]) await context.close();
  }
});

test('a face photo taken through node 1 is approved and downloaded once through node 2; a second download is refused on either node', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [nodeA, nodeB] = fixtures.appURLs as [string, string];
  const operatorContext = await newContext(browser, nodeB);
  const boothContext = await newContext(browser, nodeA);
  const operator = await operatorAvailable(operatorContext, login('op-1'));
  const booth = await residentWalksUp(boothContext, fixtures.municipality.boothCredential, 'new_application');
  const sessionId = await callAnswered(booth, operator);
  await expect(booth.getByTestId('call-screen')).toBeVisible();

  const panel = operator.getByTestId('photo-panel');
  await operator.evaluate(() => sessionStorage.setItem('madoguchi.photo.countdownSeconds', '0'));
  await panel.getByRole('button', { name: '写真撮影モード' }).click();
  await expect(booth.getByTestId('photo-preview')).toBeVisible();
  await panel.getByRole('button', { name: '撮影', exact: true }).click();
  await expect(panel.getByTestId('photo-image')).toBeVisible({ timeout: 30_000 });
  const photoId = (await panel.getByTestId('photo-result').getAttribute('data-photo-id'))!;
  // Uploaded by the booth to node 1: stored in the database, where node 2 reads it.
  const [stored] = await recordRows('SELECT count(*) AS n FROM photo_sealed WHERE photo_id = ?', [photoId]);
  expect(Number(stored?.n)).toBe(1);

  if ((await panel.getByTestId('photo-level').getAttribute('data-level')) === 'warn') {
    await panel.getByTestId('photo-confirm-warnings').check();
  }
  await panel.getByRole('button', { name: '承認', exact: true }).click();
  await expect(panel.getByTestId('photo-result')).toHaveAttribute('data-status', 'approved');
  await expect(booth.getByTestId('photo-approved')).toBeVisible();

  const [download] = await Promise.all([
    operator.waitForEvent('download'),
    panel.getByRole('button', { name: 'ダウンロード（1回のみ）' }).click(),
  ]);
  expect([...readFileSync((await download.path())!).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  const photoPath = `/api/v1/console/sessions/${sessionId}/photos/${photoId}/download`;
  // The login cookie is the host's, whatever the port: the same operator asks each node.
  for (const node of [nodeB, nodeA]) expect((await operator.request.post(`${node}${photoPath}`)).status()).toBe(410);
  const ledger = await recordRows('SELECT action FROM personal_data_ledger WHERE item_id = ? ORDER BY at', [photoId]);
  expect(ledger.map((r) => String(r.action))).toEqual(expect.arrayContaining(['created', 'downloaded']));

  await endWithOutcome(operator, booth);
  await boothContext.close();
  await operatorContext.close();
});

test('kill -9 of the LiveKit node hosting an active call: booth and operator see each other again within 10 s, or the session ends as dropped and the booth is back at its start', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [nodeA, nodeB] = fixtures.appURLs as [string, string];
  const operatorContext = await newContext(browser, nodeB);
  const boothContext = await newContext(browser, nodeA);
  const operator = await operatorAvailable(operatorContext, login('op-1'));
  const booth = await residentWalksUp(boothContext, fixtures.municipality.boothCredential, 'health_insurance');
  const sessionId = await callAnswered(booth, operator);
  await expectFlowing(booth, ['framesDecoded']);
  await expectFlowing(operator, ['framesDecoded']);
  const [row] = await recordRows('SELECT room_name FROM session WHERE id = ?', [sessionId]);
  const hosting = await livekitNodeHosting(String(row?.room_name));
  expect(hosting).not.toBeNull();

  const { at: killedAt } = await nodes.killLiveKit(hosting!);
  try {
    // Back in a call: each side decodes the other's video again, 10 fresh frames after the kill. Counted
    // per peer connection: a full reconnect closes the old ones and starts new ones at 0 (a sum over
    // the open ones, inboundTotals, then waited for the new connection to pass the old one's count:
    // about as long again as the call had run before the kill; printed as `sum` for comparison).
    const back = async (page: Page) => {
      const before = await framesPerConnection(page);
      const beforeSum = (await inboundTotals(page)).framesDecoded;
      let fresh: number | null = null;
      let sum: number | null = null;
      for (let end = Date.now() + 30_000; (fresh === null || sum === null) && Date.now() < end; ) {
        const now = await framesPerConnection(page);
        const frames = now.reduce<number>((n, f, i) => n + (f === null ? 0 : f - (before[i] ?? 0)), 0);
        if (fresh === null && frames > 10) fresh = Date.now() - killedAt;
        if (sum === null && (await inboundTotals(page)).framesDecoded > beforeSum + 10) sum = Date.now() - killedAt;
        await new Promise((r) => setTimeout(r, 250));
      }
      return { fresh, sum };
    };
    // Frames decoded before the media stopped may still be counted for a moment: wait for the cut first.
    await new Promise((r) => setTimeout(r, 1_500));
    const [boothBack, operatorBack] = await Promise.all([back(booth), back(operator)]);
    console.log(
      `LiveKit node failover: booth sees the operator again ${boothBack.fresh} ms, operator the booth ${operatorBack.fresh} ms after the kill (sum: ${boothBack.sum}, ${operatorBack.sum} ms; at ${killedAt})`,
    );
    const boothMs = boothBack.fresh ?? Number.POSITIVE_INFINITY;
    const operatorMs = operatorBack.fresh ?? Number.POSITIVE_INFINITY;
    expect(Math.max(boothMs, operatorMs)).toBeLessThanOrEqual(10_000);
    const [session] = await recordRows('SELECT status FROM session WHERE id = ?', [sessionId]);
    expect(session?.status).toBe('active');
    await endWithOutcome(operator, booth);
    const [ended] = await recordRows('SELECT status, outcome FROM session WHERE id = ?', [sessionId]);
    expect(ended).toMatchObject({ status: 'ended', outcome: 'completed' });
  } finally {
    await nodes.startLiveKit(hosting!);
    await boothContext.close();
    await operatorContext.close();
  }
});
