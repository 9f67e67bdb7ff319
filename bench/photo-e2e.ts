/**
 * Part (c) of `npm run bench:photo`: the operator's "capture" click → the processed photo visible
 * on the console, end to end through livekit-server, the app and Chromium in a private network
 * namespace (loopback + veth). The booth's fake camera shows a face (e2e/face-video.ts).
 *
 * What one sample includes: the photo.capture RPC to the booth, the full-resolution still
 * (ImageCapture), the JPEG upload, the server pipeline (decode, face detection, checks, crop,
 * encode, encryption), the RPC answer, the console's list + image fetch, and the image decoded in
 * the page (its `load` event). The resident's 3-2-1 countdown is set to 0 for the percentiles
 * (sessionStorage 'madoguchi.photo.countdownSeconds', read by the console's photo panel) and a few
 * captures with the real 3 s countdown are reported apart.
 *
 * Times are taken inside the pages (performance.timeOrigin + performance.now(), one system clock).
 * Results: bench/results/photo-e2e.json. Bounded: 6 minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@madoguchi/db';
import type { Page } from '@playwright/test';
import { writeFaceVideo } from '../e2e/face-video';
import { callAnsweredWithVideo, operatorAndBooth, startCallBench } from './call-stage';
import { machineFacts, percentile, sortedOf, summaryOf } from './stats';

const CAPTURES = Number(process.env.BENCH_PHOTO_CAPTURES ?? 10);
const WARMUP = 1;
const WITH_COUNTDOWN = 2;
/** Issue 19: click → processed photo p95 ≤ 600 ms (it was 1000 before native face inference). */
const GOALS = { clickToPhotoP95Ms: 600 };
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'photo-e2e.json');

const { stack, browser, run } = await startCallBench({
  script: 'bench/photo-e2e.ts',
  runWith: 'bash bench/run-in-netns.sh bench/photo-e2e.ts',
  name: 'bench photo-e2e',
  dataPrefix: 'madoguchi-bench-photo-',
  chromiumArgs: async (dataDir) => [`--use-file-for-fake-video-capture=${await writeFaceVideo(dataDir)}`],
});

/** Console: the click on "capture" and the processed photo's load event. Plain source (tsx would wrap named functions). */
const consoleInstrument = `(() => {
  const stamp = () => performance.timeOrigin + performance.now();
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid="photo-capture"]')) window.__clickAt = stamp();
  }, true);
  document.addEventListener('load', (e) => {
    if (e.target instanceof Element && e.target.matches('[data-testid="photo-image"]')) window.__shownAt = stamp();
  }, true);
})();`;

/** Booth: when the upload leaves and when its answer (after server processing) arrives. */
const boothInstrument = `(() => {
  const stamp = () => performance.timeOrigin + performance.now();
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const upload = /\\/photos$/.test(String(input)) && init && init.method === 'POST';
    if (upload) window.__uploadStart = stamp();
    const response = await nativeFetch(input, init);
    if (upload) window.__uploadEnd = stamp();
    return response;
  };
  // The still starts with the first ImageCapture call of the capture (photo capabilities are read
  // ahead, when photo mode starts).
  if (window.ImageCapture) {
    for (const name of ['takePhoto', 'grabFrame']) {
      const native = ImageCapture.prototype[name];
      ImageCapture.prototype[name] = function (...args) {
        if (!window.__stillStart) window.__stillStart = stamp();
        return native.apply(this, args);
      };
    }
  }
})();`;

const value = (page: Page, expression: string) => page.evaluate(expression) as Promise<number>;
const p = (values: number[], q: number) => percentile(sortedOf(values), q);

const loadAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100);
await run(async () => {
  const { console_, booth } = await operatorAndBooth(stack, browser, {
    procedure: 'new_application',
    consoleScript: consoleInstrument,
    boothScript: boothInstrument,
  });
  await callAnsweredWithVideo(console_, booth, 'new_application');
  await console_.getByTestId('photo-mode').click();
  await booth.getByTestId('photo-preview').waitFor();

  const panel = console_.getByTestId('photo-panel');
  let previous: string | null = null;
  /** One capture; returns the in-page figures. The photo is retaken after, to make room for the next. */
  const captureOnce = async (countdownSeconds: number) => {
    await console_.evaluate(
      `sessionStorage.setItem('madoguchi.photo.countdownSeconds', '${countdownSeconds}'); delete window.__clickAt; delete window.__shownAt;`,
    );
    await booth.evaluate('delete window.__uploadStart; delete window.__uploadEnd; delete window.__stillStart;');
    await panel.getByTestId('photo-capture').click();
    // A function, not a string: the console's CSP (no 'unsafe-eval') refuses a string predicate.
    await console_.waitForFunction(
      (before) => {
        const img = document.querySelector<HTMLElement>('[data-testid="photo-image"]');
        return img !== null && img.dataset.photoId !== before && (window as unknown as { __shownAt?: number }).__shownAt !== undefined;
      },
      previous,
      { timeout: 30_000 },
    );
    previous = await panel.getByTestId('photo-image').getAttribute('data-photo-id');
    const [clickAt, shownAt, stillStart, uploadStart, uploadEnd] = await Promise.all([
      value(console_, 'window.__clickAt'),
      value(console_, 'window.__shownAt'),
      value(booth, 'window.__stillStart'),
      value(booth, 'window.__uploadStart'),
      value(booth, 'window.__uploadEnd'),
    ]);
    const level = await panel.getByTestId('photo-level').getAttribute('data-level');
    await panel.getByTestId('photo-retake').click();
    await panel.getByTestId('photo-image').waitFor({ state: 'detached' });
    return {
      total: shownAt - clickAt,
      toStill: stillStart - clickAt,
      still: uploadStart - stillStart,
      toUpload: uploadStart - clickAt,
      upload: uploadEnd - uploadStart,
      afterUpload: shownAt - uploadEnd,
      level,
    };
  };

  const total: number[] = [];
  const toUpload: number[] = [];
  const toStill: number[] = [];
  const still: number[] = [];
  const upload: number[] = [];
  const afterUpload: number[] = [];
  const levels: Record<string, number> = {};
  let warmup: number | null = null;
  for (let i = 0; i < WARMUP + CAPTURES; i++) {
    const r = await captureOnce(0);
    if (i < WARMUP) {
      warmup = Math.round(r.total);
    } else {
      total.push(r.total);
      toUpload.push(r.toUpload);
      toStill.push(r.toStill);
      still.push(r.still);
      upload.push(r.upload);
      afterUpload.push(r.afterUpload);
      levels[r.level ?? 'none'] = (levels[r.level ?? 'none'] ?? 0) + 1;
    }
    process.stdout.write(
      `${i < WARMUP ? 'warm-up capture' : `capture ${i + 1 - WARMUP}/${CAPTURES}`}: click → photo shown ${Math.round(r.total)} ms (RPC ${Math.round(
        r.toStill,
      )}, still ${Math.round(r.still)}, upload + processing ${Math.round(r.upload)}, shown after ${Math.round(r.afterUpload)} ms)\n`,
    );
  }
  const withCountdown: number[] = [];
  for (let i = 0; i < WITH_COUNTDOWN; i++) withCountdown.push((await captureOnce(3)).total);

  const report = {
    timestamp: new Date().toISOString(),
    machine: machineFacts(),
    // Other work on the machine moves these figures a lot: the 1/5/15-minute load averages, before and after.
    loadAverage: { start: loadAtStart, end: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    what: 'operator click on capture → processed photo decoded on the console (img load), countdown 0; loopback through livekit-server in a network namespace',
    camera:
      'Chromium fake camera fed a 1280×720 face (e2e/face-video.ts); still via ImageCapture.grabFrame (its photo size is no larger than its frames, so takePhoto is skipped: capture.ts)',
    captures: CAPTURES,
    countdownSeconds: 0,
    /** The first capture after start-up also warms the face model up; not in the percentiles. */
    warmupCaptureMs: warmup,
    clickToPhotoShownMs: summaryOf(total),
    breakdownMs: {
      clickToUploadStart: { ...summaryOf(toUpload), note: 'RPC to the booth + full-resolution still + JPEG encode' },
      clickToStillStarts: { ...summaryOf(toStill), note: 'console click → the booth starts the still (RPC over LiveKit)' },
      still: { ...summaryOf(still), note: 'ImageCapture (photo or frame) + JPEG encode at the booth' },
      uploadAndProcessing: { ...summaryOf(upload), note: 'POST /photos: upload, decode, face detection, checks, crop, encode, encryption' },
      answerToPhotoShown: { ...summaryOf(afterUpload), note: 'RPC answer + list + image fetch + decode on the console' },
    },
    withThreeSecondCountdownMs: { ...summaryOf(withCountdown), note: 'the same, with the resident’s 3 s countdown included' },
    checkLevels: levels,
    goals: { ...GOALS, clickToPhotoMet: p(total, 95) <= GOALS.clickToPhotoP95Ms },
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    [
      '',
      `captures                     ${CAPTURES} (countdown 0) through livekit-server in a network namespace`,
      `click → photo shown          p50 ${report.clickToPhotoShownMs.p50} ms  p95 ${report.clickToPhotoShownMs.p95} ms  (goal p95 ≤ ${
        GOALS.clickToPhotoP95Ms
      }: ${report.goals.clickToPhotoMet ? 'met' : 'NOT met'})`,
      `  click → upload starts      p95 ${report.breakdownMs.clickToUploadStart.p95} ms (RPC p95 ${report.breakdownMs.clickToStillStarts.p95} ms, still p95 ${report.breakdownMs.still.p95} ms)`,
      `  upload + processing        p95 ${report.breakdownMs.uploadAndProcessing.p95} ms`,
      `  answer → photo shown       p95 ${report.breakdownMs.answerToPhotoShown.p95} ms`,
      `with the 3 s countdown       p50 ${report.withThreeSecondCountdownMs.p50} ms (n=${WITH_COUNTDOWN}, reported apart)`,
      `load average                 ${report.loadAverage.start.join(' / ')} at start, ${report.loadAverage.end.join(' / ')} at end (${os.cpus().length} CPUs)`,
      `written to                   ${path.relative(process.cwd(), RESULTS_FILE)}`,
    ].join('\n'),
  );
});
