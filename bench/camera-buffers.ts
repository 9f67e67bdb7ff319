/**
 * Which ways of taking a frame from the booth's preview keep one of the camera's capture buffers
 * (decision 0013, "What held the camera's buffers"). Chromium on Linux gives a camera four buffers
 * and drops every new frame while all four are held; this counts, on Chromium's fake camera in a
 * plain page, the frames the track delivers (track.stats) and the <video> presents
 * (requestVideoFrameCallback) while frames taken in each way are kept, or just after one was made
 * and closed.
 *
 * `npx tsx bench/camera-buffers.ts` (no network namespace needed; ≈ 1 minute, bounded to 3).
 * Prints one line per window: frames delivered / discarded / total (total − delivered − discarded
 * = dropped by the camera) and presented.
 */
import http from 'node:http';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

const deadline = setTimeout(() => {
  console.error('bench camera-buffers exceeded 3 minutes; stopping.');
  process.exit(1);
}, 3 * 60_000);
deadline.unref();

const html = `<!doctype html><html><body><video id=v autoplay muted playsinline width=640></video><script>
window.held = [];
window.setup = async () => {
  const s = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720, frameRate: 30 } });
  window.track = s.getVideoTracks()[0];
  const v = document.getElementById('v');
  v.srcObject = s;
  await v.play();
  window.presented = 0;
  const f = () => { window.presented++; v.requestVideoFrameCallback(f); };
  v.requestVideoFrameCallback(f);
};
window.counts = () => { const s = window.track.stats; return { delivered: s.deliveredFrames, discarded: s.discardedFrames, total: s.totalFrames, presented: window.presented }; };
window.release = () => { for (const b of window.held) b.close(); window.held = []; };
</script></body></html>`;

const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end(html);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate('window.setup()');
  await page.waitForTimeout(1000);

  const measure = async (label: string, ms: number) => {
    const a = (await page.evaluate('window.counts()')) as Record<string, number>;
    await page.waitForTimeout(ms);
    const b = (await page.evaluate('window.counts()')) as Record<string, number>;
    const d = (k: string) => (b[k] ?? 0) - (a[k] ?? 0);
    const dropped = d('total') - d('delivered') - d('discarded');
    console.log(`${label.padEnd(66)} ${ms} ms: delivered ${d('delivered')}, dropped by the camera ${dropped}, presented ${d('presented')}`);
  };
  const video = `document.getElementById('v')`;
  const small = `{ resizeWidth: 256, resizeHeight: 144, resizeQuality: 'low' }`;

  await measure('nothing kept', 1000);
  // 1. Kept (not closed): up to four of each.
  const kept: [string, string][] = [
    ['createImageBitmap(video, 256 px)', `createImageBitmap(${video}, ${small}).then((b) => window.held.push(b))`],
    ['createImageBitmap(video), full size', `createImageBitmap(${video}).then((b) => window.held.push(b))`],
    ['new VideoFrame(video)', `window.held.push(new VideoFrame(${video}))`],
  ];
  for (const [what, make] of kept) {
    for (let n = 1; n <= 4; n++) {
      await page.evaluate(make);
      await measure(`${n} × ${what} kept`, 1000);
    }
    await page.evaluate('window.release()');
    await measure('all closed', 1000);
  }
  // 2. Made and closed at once, with two buffers already held by VideoFrames (standing in for the
  // call's encoder and another page): does the way of taking the frame leave a buffer held?
  const once: [string, string][] = [
    ['createImageBitmap(video, 256 px), closed', `createImageBitmap(${video}, ${small}).then((b) => b.close())`],
    [
      'VideoFrame(video) → createImageBitmap(frame, 256 px), both closed',
      `(async () => { const f = new VideoFrame(${video}); try { (await createImageBitmap(f, ${small})).close(); } finally { f.close(); } })()`,
    ],
    ['drawImage(video) on a canvas', `document.createElement('canvas').getContext('2d').drawImage(${video}, 0, 0, 256, 144)`],
  ];
  for (const [what, make] of once) {
    // Two different frames (100 ms apart), besides the one the <video> shows: one buffer left.
    await page.evaluate(`window.held.push(new VideoFrame(${video}))`);
    await page.waitForTimeout(100);
    await page.evaluate(`window.held.push(new VideoFrame(${video}))`);
    await page.waitForTimeout(100);
    await measure('2 × VideoFrame kept', 1000);
    await page.evaluate(make);
    for (let i = 1; i <= 8; i++) await measure(`  then once ${what}: ${i * 0.5} s`, 500);
    await page.evaluate('window.release()');
    await page.waitForTimeout(3500); // any cache from the step before is gone
  }
} finally {
  await browser.close();
  server.close();
}
