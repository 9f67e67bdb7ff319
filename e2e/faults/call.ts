import { type Browser, expect, type Page } from '@playwright/test';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';
import { trackPeerConnections } from '../tests/webrtc';
import { type FaultFixtures, launchBoothBrowser } from './control';

/**
 * A call between the booth (its own browser, in its own namespace) and the operator (the test's
 * browser, on the test namespace's loopback), both decoding the other's video.
 */
export async function callInProgress(operatorBrowser: Browser, fixtures: FaultFixtures, options: { boothScript?: string } = {}) {
  const boothBrowser = await launchBoothBrowser(fixtures);
  const boothContext = await boothBrowser.newContext({ baseURL: fixtures.boothURL });
  const operatorContext = await operatorBrowser.newContext({ baseURL: fixtures.consoleURL });
  await trackPeerConnections(boothContext);
  await trackPeerConnections(operatorContext);
  // Extra in-page instrumentation for the booth (bench:faults counts its requests).
  if (options.boothScript) await boothContext.addInitScript(options.boothScript);
  const login = fixtures.municipality.logins.find((l) => l.role === 'operator')!;
  const operator = await operatorAvailable(operatorContext, login);
  const booth = await residentWalksUp(boothContext, fixtures.municipality.boothCredential, 'health_insurance');
  const sessionId = await callAnswered(booth, operator);
  await Promise.all([
    decodingWithin(booth, 20_000).catch(async (e: Error) => {
      throw new Error(`booth: ${e.message}; ${await peerStates(booth)}`);
    }),
    decodingWithin(operator, 20_000).catch(async (e: Error) => {
      throw new Error(`operator: ${e.message}; ${await peerStates(operator)}; booth: ${await peerStates(booth)}`);
    }),
  ]);
  // The console's own link says so too: a test that kills something next starts from a call the
  // operator sees as connected (not only from some peer connection decoding).
  await expect(operator.getByTestId('booth-link')).toHaveAttribute('data-status', 'connected', { timeout: 10_000 });
  return {
    booth,
    operator,
    sessionId,
    /** The operator ends the call (frees them for the next offer), then both browsers close. */
    async end() {
      try {
        await operator.getByRole('button', { name: /通話を終了/ }).click({ timeout: 5_000 });
        await operator.waitForURL(/\/console$/, { timeout: 15_000 });
      } finally {
        await operatorContext.close();
        await boothBrowser.close();
      }
    },
    async close() {
      await operatorContext.close();
      await boothBrowser.close();
    },
  };
}

/**
 * Resolves with the time (ms from the call) at which `page` decodes a new video frame — on any of
 * its peer connections, including one made by a reconnection — or fails after `timeoutMs`.
 */
export async function decodingWithin(page: Page, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await page.evaluate(() => {
    (window as unknown as { __decoded?: WeakMap<RTCPeerConnection, number> }).__decoded = new WeakMap();
  });
  for (;;) {
    const grew = await page.evaluate(async () => {
      const w = window as unknown as { __pcs?: RTCPeerConnection[]; __decoded: WeakMap<RTCPeerConnection, number> };
      let grew = false;
      for (const pc of w.__pcs ?? []) {
        if (pc.connectionState === 'closed') continue;
        let frames = 0;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += Number(s.framesDecoded ?? 0);
        });
        const before = w.__decoded.get(pc);
        if (before !== undefined && frames > before) grew = true;
        // A connection seen for the first time counts from what it had decoded when first seen.
        w.__decoded.set(pc, frames);
      }
      return grew;
    });
    if (grew) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`no new video frame decoded within ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

/** The page's peer connections and their selected candidate pairs, for a failure's message. */
export function peerStates(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      const pairs: string[] = [];
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'candidate-pair' && s.nominated) pairs.push(`${String(s.state)}`);
        if (s.type === 'inbound-rtp') pairs.push(`${String(s.kind)} in ${String(s.packetsReceived)} pkts ${String(s.framesDecoded ?? '')}`);
      });
      out.push(`${pc.connectionState}/${pc.iceConnectionState} [${pairs.join(', ')}]`);
    }
    return out.join(' | ') || 'no peer connection';
  });
}
