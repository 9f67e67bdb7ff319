/**
 * The cluster harness itself: a booth in its own namespace reaches the app through HAProxy and
 * each node directly; the node holding the dispatcher's lease killed with -9, the booth is still
 * answered through HAProxy and the other node takes the lease; started again, it is back in
 * HAProxy's rotation.
 */
import { expect, test } from '@playwright/test';
import { cluster, launchClusterBoothBrowser, loadClusterFixtures } from '../control';

const fixtures = loadClusterFixtures();

test('the booth reaches every node and HAProxy; a killed dispatcher node is replaced and comes back', async () => {
  test.setTimeout(120_000);
  const browser = await launchClusterBoothBrowser(fixtures);
  try {
    const page = await browser.newPage({ baseURL: fixtures.boothURL });
    await page.goto(`/booth/?provision=${fixtures.municipality.boothCredential}`);
    await expect(page.getByTestId('attract-screen')).toBeVisible();
    const probe = (url: string) =>
      page.evaluate(async (target) => {
        try {
          const r = await fetch(target, { signal: AbortSignal.timeout(3000) });
          return `${r.status} ${r.headers.get('x-madoguchi-node') ?? 'direct'}`;
        } catch {
          return 'no answer';
        }
      }, url);
    const viaHaproxy = new Set<string>();
    for (let i = 0; i < 4; i++) viaHaproxy.add(await probe('/api/health'));
    expect([...viaHaproxy].sort()).toEqual(fixtures.apps.map((a) => `200 ${a.name}`).sort());

    const holder = await cluster.dispatcher();
    expect(holder).not.toBeNull();
    await cluster.kill(holder!);
    const killedAt = Date.now();
    expect(await probe('/api/health')).toMatch(/^200 app-/);
    // null while nobody holds it: the lease must come back on another node within the 5 s goal.
    await expect
      .poll(
        async () => {
          const now = await cluster.dispatcher();
          return now !== null && now !== holder;
        },
        { timeout: 5_000, intervals: [100] },
      )
      .toBe(true);
    console.log(`dispatcher ${holder} killed; lease held elsewhere after ${Date.now() - killedAt} ms`);
    await cluster.start(holder!);
    await cluster.waitFor(holder!, 'UP');
    const node = fixtures.apps.find((a) => a.name === holder)!;
    expect((await fetch(`${node.url}/api/health`)).status).toBe(200);
    await expect.poll(async () => new Set(await Promise.all([1, 2, 3, 4].map(() => probe('/api/health')))).size).toBe(fixtures.apps.length);
  } finally {
    await browser.close();
  }
});
