import type { Page } from '@playwright/test';

/**
 * The booth page's own record of what it asked the app: every POST to a session's /events (with
 * its body) and every heartbeat, with when it left and what came back. Plain source text: tsx
 * would wrap named functions in a helper that does not exist inside the page.
 */
export const boothRequestLog = `(() => {
  const stamp = () => performance.timeOrigin + performance.now();
  const log = { events: [], beats: [] };
  window.__faults = log;
  const nativeFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    const method = (init && init.method) || (input instanceof Request ? input.method : 'GET');
    const isEvent = method === 'POST' && /\\/sessions\\/[^/]+\\/events$/.test(url.pathname);
    const isBeat = method === 'POST' && url.pathname.endsWith('/booth/heartbeat');
    if (!isEvent && !isBeat) return nativeFetch(input, init);
    const entry = { sentAt: stamp(), body: init && typeof init.body === 'string' ? init.body : null, status: null, answeredAt: null };
    (isEvent ? log.events : log.beats).push(entry);
    return nativeFetch(input, init).then(
      (r) => { entry.status = r.status; entry.answeredAt = stamp(); return r; },
      (e) => { entry.status = 0; entry.answeredAt = stamp(); throw e; },
    );
  };
})();`;

export interface BoothRequest {
  sentAt: number;
  body: string | null;
  status: number | null;
  answeredAt: number | null;
}
export const boothLog = (booth: Page) => booth.evaluate('window.__faults') as Promise<{ events: BoothRequest[]; beats: BoothRequest[] }>;

/** The first heartbeat the app accepted (2xx) that left the booth after `since`, in ms after it (null: none yet). */
export async function firstAcceptedBeatAfter(booth: Page, since: number): Promise<number | null> {
  const { beats } = await boothLog(booth);
  const accepted = beats.filter(
    (b) => b.sentAt >= since && b.status !== null && b.status >= 200 && b.status < 300 && b.answeredAt !== null,
  );
  if (!accepted.length) return null;
  return Math.round(Math.min(...accepted.map((b) => b.answeredAt!)) - since);
}
/** Polls firstAcceptedBeatAfter until a beat is accepted or `capMs` has passed (null). */
export async function waitForAcceptedBeat(booth: Page, since: number, capMs: number): Promise<number | null> {
  for (;;) {
    const ms = await firstAcceptedBeatAfter(booth, since);
    if (ms !== null) return ms;
    if (Date.now() - since > capMs) return null;
    await booth.waitForTimeout(200);
  }
}
