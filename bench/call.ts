/**
 * `npm run bench:call` (after the routing micro-benchmark): real calls through livekit-server,
 * the app and Chromium inside a private network namespace. For each of CALLS calls:
 *   (a) call request → offer shown: from the booth's POST /api/v1/booth/sessions leaving the page
 *       to the offer appearing in the console's DOM;
 *   (b) accept → first remote video frame decoded, on the booth and on the console.
 * Times are taken inside the pages (performance.timeOrigin + performance.now(), one system clock),
 * not by polling from here. Results: bench/results/call.json. Bounded: CALLS calls, 6 minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@madoguchi/db';
import type { Page } from '@playwright/test';
import { logInOn } from '../e2e/login';
import { operatorAndBooth, startCallBench } from './call-stage';
import { machineFacts, percentile, sortedOf, summaryOf } from './stats';

const CALLS = Number(process.env.BENCH_CALLS ?? 20);
/**
 * The console's first call loads the call screen's code (~600 KB) once per shift; it is reported
 * on its own (firstCallOfSession) and not mixed into the per-call percentiles.
 */
const WARMUP_CALLS = 1;
const GOALS = { offerShownP95Ms: 250, firstFrameP95Ms: 1500 };
/** Issue 18: calls with an interpreter, after the two-person calls (the baseline) in the same run. */
const INTERPRETER_CALLS = Number(process.env.BENCH_INTERPRETER_CALLS ?? 10);
const INTERPRETER_GOALS = { ringShownP95Ms: 250, boothFrameP95Ms: 1500 };
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'call.json');

const { stack, browser, run } = await startCallBench({
  script: 'bench/call.ts',
  runWith: 'npm run bench:call',
  name: 'bench:call',
  dataPrefix: 'madoguchi-bench-call-',
});

/**
 * In-page instrumentation: peer connections, the moment the call request leaves, the moment the
 * offer shows, and a timeline of the steps between accept and the first frame (`window.__marks`,
 * the first time each step happens since the bench last cleared it): the accept and the call
 * page's data, LiveKit's signalling socket, the peer connection, the camera, the remote tracks,
 * the first video packet and frame. Plain source text on purpose: tsx would wrap named functions
 * in a helper that does not exist inside the page.
 */
const instrument = `(() => {
  const stamp = () => performance.timeOrigin + performance.now();
  const marks = {};
  window.__marks = marks;
  const mark = (name, at) => { if (!(name in marks)) marks[name] = at ?? stamp(); };
  window.__mark = mark;
  // Code, styles and Remix's route manifest fetched on the way (the first call of a session).
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const url = new URL(e.name);
      if (url.pathname.startsWith('/assets/') || url.pathname === '/__manifest') mark('load ' + url.pathname.replace('/assets/', ''), performance.timeOrigin + e.responseEnd);
    }
  }).observe({ type: 'resource', buffered: false });
  const pcs = [];
  window.__pcs = pcs;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      pcs.push(this);
      mark('pc-created');
      this.addEventListener('connectionstatechange', () => { if (this.connectionState === 'connected') mark('pc-connected'); });
      this.addEventListener('track', (e) => {
        mark('track-' + e.track.kind);
        e.track.addEventListener('unmute', () => mark('media-' + e.track.kind));
      });
    }
    addTransceiver(trackOrKind, init) {
      if (typeof trackOrKind !== 'string') mark('publish-' + trackOrKind.kind);
      return super.addTransceiver(trackOrKind, init);
    }
  };
  const NativeWs = window.WebSocket;
  window.WebSocket = class extends NativeWs {
    constructor(url, protocols) {
      super(url, protocols);
      if (!String(url).includes('/rtc')) return;
      mark('ws-start');
      this.addEventListener('open', () => mark('ws-open'));
      this.addEventListener('message', () => mark('ws-first-message'));
    }
  };
  const media = navigator.mediaDevices;
  if (media) {
    const gum = media.getUserMedia.bind(media);
    media.getUserMedia = (c) => { mark('gum-start'); return gum(c).then((s) => { mark('gum-end'); return s; }); };
  }
  const nativeFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/api/v1/booth/sessions') && init && init.method === 'POST') window.__requestedAt = stamp();
    if (url.endsWith('/interpreter') && init && init.method === 'POST') window.__interpreterAskedAt = stamp();
    const step = url.includes('/accept') ? 'accept' : url.includes('/console/sessions/') ? 'call-data' : null;
    if (!step) return nativeFetch(input, init);
    mark(step + '-sent');
    return nativeFetch(input, init).then((r) => { mark(step + '-answered'); return r; });
  };
  new MutationObserver(() => {
    if (!window.__offerShownAt && document.querySelector('[data-testid="offer"]')) window.__offerShownAt = stamp();
    if (!window.__interpretOfferAt && document.querySelector('[data-testid="interpret-offer"]')) window.__interpretOfferAt = stamp();
    if (document.querySelector('[data-testid="call-screen"]')) mark('call-screen');
    if (document.querySelector('[data-testid="remote-video"]')) mark('remote-video-element');
  }).observe(document, { childList: true, subtree: true });
})();`;

/** Resolves (in the page) at the first decoded remote video frame, with its time; marks the first video packet. */
const firstFrame = (page: Page): Promise<number> =>
  page.evaluate(`(async () => {
    for (;;) {
      for (const pc of window.__pcs) {
        if (pc.connectionState === 'closed') continue;
        const stats = await pc.getStats();
        let decoded = 0;
        let packets = 0;
        let sent = 0;
        let received = 0;
        let plis = 0;
        stats.forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') {
            decoded += Number(s.framesDecoded || 0);
            packets += Number(s.packetsReceived || 0);
            received += Number(s.framesReceived || 0);
            plis += Number(s.pliCount || 0);
          }
          if (s.type === 'outbound-rtp' && s.kind === 'video') sent += Number(s.packetsSent || 0);
        });
        if (packets > 0) window.__mark('video-packet');
        if (received > 0) window.__mark('video-frame-received');
        if (plis > 0) window.__mark('keyframe-asked');
        if (sent > 0) window.__mark('video-sent');
        if (decoded > 0) {
          window.__mark('frame');
          return performance.timeOrigin + performance.now();
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })()`);

/** The steps of one call, in ms after the accept click, by side. */
type Timeline = Record<string, number>;
const timelineOf = async (page: Page, acceptedAt: number): Promise<Timeline> => {
  const marks = (await page.evaluate('window.__marks')) as Record<string, number>;
  return Object.fromEntries(
    Object.entries(marks)
      .filter(([, at]) => at >= acceptedAt)
      .map(([name, at]) => [name, at - acceptedAt]),
  );
};

const pageValue = (page: Page, expression: string): Promise<number> => page.evaluate(expression) as Promise<number>;

const p = (values: number[], q: number) => percentile(sortedOf(values), q);

const rounded = (t: Timeline): Timeline =>
  Object.fromEntries(
    Object.entries(t)
      .sort((a, b) => a[1] - b[1])
      .map(([k, v]) => [k, Math.round(v)]),
  );

/** Each step's summary over the calls that reached it, in the order the steps happen (by p50). */
function stepsOf(timelines: Timeline[]) {
  const names = [...new Set(timelines.flatMap((t) => Object.keys(t)))];
  const steps = names.map((name) => [name, summaryOf(timelines.flatMap((t) => (name in t ? [t[name]!] : [])))] as const);
  return Object.fromEntries(steps.sort((a, b) => a[1].p50 - b[1].p50));
}

await run(async () => {
  const { console_, booth, logins } = await operatorAndBooth(stack, browser, {
    procedure: 'health_insurance',
    consoleScript: instrument,
    boothScript: instrument,
    extraLogins: [{ loginId: 'bench-int', role: 'interpreter', displayName: 'ベンチ 通訳', languages: ['en'] }],
  });

  const offerShown: number[] = [];
  const firstFrameBooth: number[] = [];
  const firstFrameConsole: number[] = [];
  const firstFrameBoth: number[] = [];
  let firstCallOfSession: { offerShownMs: number; firstFrameBothMs: number; timeline: { console: Timeline; booth: Timeline } } | null =
    null;
  const timelines: { console: Timeline[]; booth: Timeline[] } = { console: [], booth: [] };
  for (let i = 0; i < CALLS + WARMUP_CALLS; i++) {
    await console_.evaluate('delete window.__offerShownAt');
    await booth.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
    await booth.getByRole('button', { name: '日本語' }).click();
    await booth.locator('[data-procedure="health_insurance"]').click();
    await console_.getByTestId('offer').waitFor();
    const requestedAt = await pageValue(booth, 'window.__requestedAt');
    const shownAt = await pageValue(console_, 'window.__offerShownAt');
    const offerMs = shownAt - requestedAt;

    // Accept: the moment of the click, then the first frame on each side.
    for (const page of [console_, booth]) await page.evaluate('for (const k in window.__marks) delete window.__marks[k]');
    const acceptedAt = await pageValue(console_, 'performance.timeOrigin + performance.now()');
    // Both pages watch for their first frame from the click on (the console's page stays the same
    // document across the route change), so the measure never waits for this script's own steps.
    const frames = Promise.all([firstFrame(booth), firstFrame(console_)]);
    await console_
      .getByTestId('offer')
      .getByRole('button', { name: /応答する/ })
      .click();
    await console_.waitForURL(/\/console\/sessions\//);
    const [boothFrameAt, consoleFrameAt] = await frames;
    const bothMs = Math.max(boothFrameAt, consoleFrameAt) - acceptedAt;
    if (i < WARMUP_CALLS) {
      firstCallOfSession = {
        offerShownMs: Math.round(offerMs),
        firstFrameBothMs: Math.round(bothMs),
        timeline: { console: rounded(await timelineOf(console_, acceptedAt)), booth: rounded(await timelineOf(booth, acceptedAt)) },
      };
    } else {
      timelines.console.push(await timelineOf(console_, acceptedAt));
      timelines.booth.push(await timelineOf(booth, acceptedAt));
      offerShown.push(offerMs);
      firstFrameBooth.push(boothFrameAt - acceptedAt);
      firstFrameConsole.push(consoleFrameAt - acceptedAt);
      firstFrameBoth.push(bothMs);
    }

    await console_.getByRole('button', { name: /通話を終了/ }).click();
    await console_.waitForURL(/\/console$/);
    await booth.goto('/booth/'); // straight back to the start screen (skips the thank-you)
    await booth.getByTestId('attract-screen').waitFor();
    process.stdout.write(
      `${i < WARMUP_CALLS ? 'warm-up call' : `call ${i + 1 - WARMUP_CALLS}/${CALLS}`}: offer ${Math.round(offerMs)} ms, first frames ${Math.round(bothMs)} ms\n`,
    );
  }

  const interpreting = await interpreterCalls(console_, booth, logins.find((l) => l.loginId === 'bench-int')!);

  const report = {
    timestamp: new Date().toISOString(),
    machine: machineFacts(),
    calls: CALLS,
    firstCallOfSession,
    offerShownMs: summaryOf(offerShown),
    firstFrameMs: { booth: summaryOf(firstFrameBooth), console: summaryOf(firstFrameConsole), bothSides: summaryOf(firstFrameBoth) },
    // Where the time goes: each step's time after the accept click (p50/p95 over the calls).
    stepsAfterAcceptMs: { console: stepsOf(timelines.console), booth: stepsOf(timelines.booth) },
    // Each call's steps, to see what the slow ones waited for.
    timelines: timelines.console.map((c, i) => ({ console: rounded(c), booth: rounded(timelines.booth[i]!) })),
    goals: {
      ...GOALS,
      offerShownMet: p(offerShown, 95) <= GOALS.offerShownP95Ms,
      firstFrameMet: p(firstFrameBoth, 95) <= GOALS.firstFrameP95Ms,
    },
    // Issue 18: the operator asks for an interpreter → the request shows on the interpreter's
    // console; the interpreter accepts → their first decoded frame of the booth's camera.
    interpreter: {
      calls: interpreting.ring.length,
      firstOfSession: interpreting.first,
      requestToRingShownMs: summaryOf(interpreting.ring),
      acceptToBoothFrameMs: summaryOf(interpreting.frame),
      goals: {
        ...INTERPRETER_GOALS,
        ringShownMet: p(interpreting.ring, 95) <= INTERPRETER_GOALS.ringShownP95Ms,
        boothFrameMet: p(interpreting.frame, 95) <= INTERPRETER_GOALS.boothFrameP95Ms,
      },
    },
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    [
      '',
      `calls                      ${CALLS} through livekit-server in a network namespace`,
      `request → offer shown      p50 ${report.offerShownMs.p50} ms  p95 ${report.offerShownMs.p95} ms  (goal p95 ≤ ${GOALS.offerShownP95Ms}: ${report.goals.offerShownMet ? 'met' : 'NOT met'})`,
      `accept → first frame both  p50 ${report.firstFrameMs.bothSides.p50} ms  p95 ${report.firstFrameMs.bothSides.p95} ms  (goal p95 ≤ ${GOALS.firstFrameP95Ms}: ${report.goals.firstFrameMet ? 'met' : 'NOT met'})`,
      `  booth / console p95      ${report.firstFrameMs.booth.p95} / ${report.firstFrameMs.console.p95} ms`,
      ...(['console', 'booth'] as const).map(
        (side) =>
          `  ${side.padEnd(8)} steps p50  ${Object.entries(report.stepsAfterAcceptMs[side])
            .map(([step, v]) => `${step} ${v.p50}`)
            .join(' · ')}`,
      ),
      `interpreter request → ring p50 ${report.interpreter.requestToRingShownMs.p50} ms  p95 ${report.interpreter.requestToRingShownMs.p95} ms  (goal p95 ≤ ${INTERPRETER_GOALS.ringShownP95Ms}: ${report.interpreter.goals.ringShownMet ? 'met' : 'NOT met'}; ${report.interpreter.calls} calls)`,
      `interpreter accept → booth frame p50 ${report.interpreter.acceptToBoothFrameMs.p50} ms  p95 ${report.interpreter.acceptToBoothFrameMs.p95} ms  (goal p95 ≤ ${INTERPRETER_GOALS.boothFrameP95Ms}: ${report.interpreter.goals.boothFrameMet ? 'met' : 'NOT met'})`,
      `first interpreted call     ring ${interpreting.first?.ringMs} ms, booth frame ${interpreting.first?.frameMs} ms (loads the interpreter's call code; not in the percentiles)`,
      `first call of the session  offer ${firstCallOfSession?.offerShownMs} ms, first frames ${firstCallOfSession?.firstFrameBothMs} ms (loads the call screen; not in the percentiles)`,
      `written to                 ${path.relative(process.cwd(), RESULTS_FILE)}`,
    ].join('\n'),
  );
});

/** Resolves (in the interpreter's page) at the first decoded frame of the booth's camera, with its time. */
function firstBoothFrame(page: Page): Promise<number> {
  return page.evaluate(`(async () => {
    for (;;) {
      const video = document.querySelector('[data-testid="booth-video"]');
      const track = video && video.srcObject ? video.srcObject.getVideoTracks()[0] : null;
      if (track) {
        for (const pc of window.__pcs) {
          if (pc.connectionState === 'closed') continue;
          let decoded = 0;
          (await pc.getStats()).forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && s.trackIdentifier === track.id) decoded += Number(s.framesDecoded || 0);
          });
          if (decoded > 0) return performance.timeOrigin + performance.now();
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })()`);
}

/**
 * Issue 18: INTERPRETER_CALLS calls (plus one warm-up) in which the operator asks for an English
 * interpreter, who accepts, then leaves before the call ends. Times in the pages, one clock.
 */
async function interpreterCalls(console_: Page, booth: Page, login: { loginId: string; password: string }) {
  const context = await console_
    .context()
    .browser()!
    .newContext({ baseURL: new URL(console_.url()).origin });
  await context.addInitScript(instrument);
  const interpreter = await context.newPage();
  await logInOn(interpreter, '/interpret', login);
  await interpreter.getByRole('button', { name: /受付可/ }).click();
  await interpreter
    .getByTestId('interpreter-status')
    .filter({ hasText: /受付可/ })
    .waitFor();
  const ring: number[] = [];
  const frame: number[] = [];
  let first: { ringMs: number; frameMs: number } | null = null;
  for (let i = 0; i < INTERPRETER_CALLS + WARMUP_CALLS; i++) {
    await booth.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
    await booth.getByRole('button', { name: '日本語' }).click();
    await booth.locator('[data-procedure="health_insurance"]').click();
    await console_
      .getByTestId('offer')
      .getByRole('button', { name: /応答する/ })
      .click();
    await console_.waitForURL(/\/console\/sessions\//);
    await interpreter.evaluate('delete window.__interpretOfferAt');
    await console_.getByTestId('ask-interpreter').click();
    await interpreter.getByTestId('interpret-offer').waitFor();
    const ringMs = (await pageValue(interpreter, 'window.__interpretOfferAt')) - (await pageValue(console_, 'window.__interpreterAskedAt'));
    const acceptedAt = await pageValue(interpreter, 'performance.timeOrigin + performance.now()');
    const boothFrame = firstBoothFrame(interpreter);
    await interpreter.getByTestId('interpret-accept').click();
    const frameMs = (await boothFrame) - acceptedAt;
    if (i < WARMUP_CALLS) first = { ringMs: Math.round(ringMs), frameMs: Math.round(frameMs) };
    else {
      ring.push(ringMs);
      frame.push(frameMs);
    }
    await interpreter.getByTestId('interpreter-leave').click();
    await interpreter.getByTestId('interpreter-call').waitFor({ state: 'detached' });
    await console_.getByRole('button', { name: /通話を終了/ }).click();
    await console_.waitForURL(/\/console$/);
    await booth.goto('/booth/');
    await booth.getByTestId('attract-screen').waitFor();
    process.stdout.write(
      `${i < WARMUP_CALLS ? 'interpreter warm-up' : `interpreted call ${i + 1 - WARMUP_CALLS}/${INTERPRETER_CALLS}`}: ring ${Math.round(ringMs)} ms, booth frame ${Math.round(frameMs)} ms\n`,
    );
  }
  await context.close();
  return { ring, frame, first };
}
