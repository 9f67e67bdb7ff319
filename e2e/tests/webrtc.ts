import type { BrowserContext, Page } from '@playwright/test';

/**
 * Test-only instrumentation: remember every RTCPeerConnection the page creates, so the test can
 * read real WebRTC statistics (what the browser decoded and received) rather than trust the UI.
 */
export async function trackPeerConnections(context: BrowserContext) {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export interface InboundTotals {
  framesDecoded: number;
  audioPacketsReceived: number;
  audioSamplesReceived: number;
}

/** Sums inbound-rtp figures across the page's peer connections. */
export function inboundTotals(page: Page): Promise<InboundTotals> {
  return page.evaluate(async () => {
    const totals = { framesDecoded: 0, audioPacketsReceived: 0, audioSamplesReceived: 0 };
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') totals.framesDecoded += Number(s.framesDecoded ?? 0);
        if (s.kind === 'audio') {
          totals.audioPacketsReceived += Number(s.packetsReceived ?? 0);
          totals.audioSamplesReceived += Number(s.totalSamplesReceived ?? 0);
        }
      });
    }
    return totals;
  });
}
