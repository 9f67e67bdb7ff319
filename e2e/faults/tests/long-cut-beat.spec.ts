/**
 * Issue 13 item 2, still open for long cuts: after a 90 s cut of an idle booth's line (nftables
 * drops every packet), the first heartbeat the app accepts came 51.3 s after the restore (the
 * bench's three 90 s cut runs: 49.7, 49.5, 51.9 s) — the goal is one HEARTBEAT_MS (2 s here).
 * Each beat is bounded and aborted (request.ts), but Chromium keeps an aborted request's TCP
 * connect attempt running for later requests ("late binding"), and with SYNs black-holed these
 * sit in the kernel's SYN backoff (retries at 1, 3, 7, 15, 31, 63 s; given up at ~127 s). Once six
 * hold the per-host slots, every request to the app queues behind them until they give up: ~127 s
 * after the first ones started, 37–50 s after a 90 s cut. Confirmed: the same run with
 * net.ipv4.tcp_syn_retries=2 in the booth's namespace (SYN=2 below) answered 71 ms after the
 * restore. Not a fix: probing with WebSockets — abandoned WebSocket attempts linger as well (probes
 * every 1.2 s with a 1 s bound kept timing out for 13+ s after a 40 s cut's restore; branch
 * i13-beat has a link gate built on one). To fix in the booth (a probe whose abandoned attempt
 * really ends) or in the kiosk's OS settings — then remove the fixme.
 */
import { execSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { faults, launchBoothBrowser, loadFaultFixtures } from '../control';
const fixtures = loadFaultFixtures();
const script = `(() => {
  const log = []; window.__beats = log;
  const nativeFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const entry = { url: url.replace(/^.*\\/api\\/v1/, ''), sentAt: Date.now(), status: null, answeredAt: null };
    log.push(entry);
    return nativeFetch(input, init).then((r) => { entry.status = r.status; entry.answeredAt = Date.now(); return r; }, (e) => { entry.status = 0; entry.answeredAt = Date.now(); throw e; });
  };
})();`;
test('an idle booth after a 90 s cut: the first heartbeat is accepted within one HEARTBEAT_MS of the restore', async () => {
  test.setTimeout(300_000);
  test.fixme();
  if (process.env.SYN) execSync(`for p in $(pgrep -f '^sleep infinity$'); do nsenter -t $p -n sysctl -w net.ipv4.tcp_syn_retries=${process.env.SYN}; done`, { stdio: 'inherit' });
  const browser = await launchBoothBrowser(fixtures);
  const context = await browser.newContext({ baseURL: fixtures.boothURL });
  await context.addInitScript(script);
  const page = await context.newPage();
  await page.goto(`/booth/?provision=${fixtures.town.boothCredential}`);
  await page.waitForTimeout(5000);
  const cutS = Number(process.env.CUT_S ?? 90);
  await faults.cutBoothLink();
  const cutAt = Date.now();
  await page.waitForTimeout(cutS * 1000);
  await faults.restoreBoothLink();
  const restoredAt = Date.now();
  let first: number | null = null;
  while (Date.now() - restoredAt < 70_000 && first === null) {
    const beats = (await page.evaluate('window.__beats')) as { url: string; sentAt: number; status: number | null; answeredAt: number | null }[];
    const ok = beats.filter((b) => b.url.includes('heartbeat') && b.status !== null && b.status >= 200 && b.status < 300 && b.answeredAt! >= restoredAt);
    if (ok.length) first = Math.min(...ok.map((b) => b.answeredAt!)) - restoredAt;
    await page.waitForTimeout(200);
  }
  const beats = (await page.evaluate('window.__beats')) as { url: string; sentAt: number; status: number | null; answeredAt: number | null }[];
  console.log(beats.filter((b) => b.sentAt >= cutAt - 3000).map((b) => `${b.url} sent ${b.sentAt - cutAt} status ${b.status} after ${b.answeredAt === null ? '-' : b.answeredAt - b.sentAt}`).join('\n'));
  console.log(`SYN=${process.env.SYN ?? 'default'} cut ${cutS} s: first accepted beat ${first} ms after the restore`);
  await browser.close();
  expect(first, 'first accepted beat after the restore (ms)').not.toBeNull();
  expect(first!).toBeLessThanOrEqual(fixtures.heartbeatMs);
});
