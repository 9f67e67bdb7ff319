import type { Browser, BrowserContext, Page } from '@playwright/test';
import { loadFixtures, loginNamed } from '../fixtures';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';
import { trackPeerConnections } from './webrtc';

/**
 * Test-only instrumentation for a page whose link the test cuts (the booth): every LiveKit
 * signalling socket and peer connection it opens is remembered, so that
 * - `cutLink(page, true)` makes the page fall silent the way a cut cable does: its signalling
 *   messages go nowhere in either direction, new signalling connections fail, and its camera and
 *   microphone stop reaching LiveKit (each sender's track is taken off, kept for the restore) —
 *   together with `context.setOffline(true)` for its HTTP requests;
 * - `cutLink(page, false)` gives everything back; LiveKit reconnects by itself;
 * - `stopVideo(page, true|false)` stops and restores only the camera's packets.
 * Chromium's offline emulation does not touch WebRTC or an open WebSocket, hence this. Media
 * coming in to the page still arrives during a cut: what the other side sees is what is tested.
 */
export async function installLinkCut(context: BrowserContext) {
  await context.addInitScript(() => {
    const state = { cut: false };
    const pcs: RTCPeerConnection[] = [];
    const held = new Map<RTCRtpSender, MediaStreamTrack>();
    const isSignal = (url: string | URL) => String(url).includes('/rtc');

    const NativeWs = window.WebSocket;
    class CuttableWebSocket extends NativeWs {
      private readonly signal: boolean;
      constructor(url: string | URL, protocols?: string | string[]) {
        // While cut, a new signalling connection goes to a closed port: refused at once.
        super(state.cut && isSignal(url) ? 'ws://127.0.0.1:9/rtc' : url, protocols);
        this.signal = isSignal(url);
      }
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        if (this.signal && state.cut) return;
        super.send(data);
      }
      override set onmessage(handler: ((this: WebSocket, ev: MessageEvent) => unknown) | null) {
        super.onmessage = handler && ((event: MessageEvent) => (this.signal && state.cut ? undefined : handler.call(this, event)));
      }
      override get onmessage() {
        return super.onmessage;
      }
    }
    window.WebSocket = CuttableWebSocket as typeof WebSocket;

    const NativePc = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends NativePc {
      constructor(config?: RTCConfiguration) {
        super(config);
        pcs.push(this);
      }
    } as typeof RTCPeerConnection;

    const hold = async (kinds: string[], on: boolean) => {
      for (const pc of pcs) {
        if (pc.connectionState === 'closed') continue;
        for (const sender of pc.getSenders()) {
          if (on && sender.track && kinds.includes(sender.track.kind)) {
            held.set(sender, sender.track);
            await sender.replaceTrack(null);
          } else if (!on && held.has(sender)) {
            const track = held.get(sender)!;
            held.delete(sender);
            if (track.readyState === 'live') await sender.replaceTrack(track).catch(() => undefined);
          }
        }
      }
    };
    (window as unknown as { __linkCut: unknown }).__linkCut = {
      cut: async (on: boolean) => {
        state.cut = on;
        await hold(['audio', 'video'], on);
      },
      stopVideo: (on: boolean) => hold(['video'], on),
    };
  });
}

export async function cutLink(page: Page, on: boolean) {
  await page.context().setOffline(on);
  await page.evaluate((cut) => (window as unknown as { __linkCut: { cut(on: boolean): Promise<void> } }).__linkCut.cut(cut), on);
}

export async function stopVideo(page: Page, on: boolean) {
  await page.evaluate(
    (stop) => (window as unknown as { __linkCut: { stopVideo(on: boolean): Promise<void> } }).__linkCut.stopVideo(stop),
    on,
  );
}

/**
 * Test-only: a browser whose WebRTC cannot connect (as behind a firewall that lets no UDP or TCP
 * media through): every peer connection may use relays only, and there are none.
 */
export async function blockWebRtc(context: BrowserContext) {
  await context.addInitScript(() => {
    const NativePc = window.RTCPeerConnection;
    const relayOnly = (config?: RTCConfiguration): RTCConfiguration => ({ ...config, iceServers: [], iceTransportPolicy: 'relay' });
    window.RTCPeerConnection = class extends NativePc {
      constructor(config?: RTCConfiguration) {
        super(relayOnly(config));
      }
      override setConfiguration(config?: RTCConfiguration) {
        super.setConfiguration(relayOnly(config));
      }
    } as typeof RTCPeerConnection;
  });
}

/**
 * Town A's operator answers a call from town A's booth, whose link the test can cut (installLinkCut)
 * and both pages' peer connections tracked; returns both pages once the console is on the call page.
 */
export async function cuttableCall(browser: Browser, options: { blockOperatorWebRtc?: boolean } = {}) {
  const { baseURL, municipalityA } = loadFixtures();
  const operatorContext = await browser.newContext({ baseURL });
  await trackPeerConnections(operatorContext);
  if (options.blockOperatorWebRtc) await blockWebRtc(operatorContext);
  const boothContext = await browser.newContext({ baseURL });
  await trackPeerConnections(boothContext);
  await installLinkCut(boothContext);
  const operator = await operatorAvailable(operatorContext, loginNamed(municipalityA, 'op-a'));
  const booth = await residentWalksUp(boothContext, municipalityA.boothCredential, 'health_insurance');
  const sessionId = await callAnswered(booth, operator);
  return { operator, booth, sessionId, close: async () => Promise.all([operatorContext.close(), boothContext.close()]) };
}
