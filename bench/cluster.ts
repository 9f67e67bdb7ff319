/**
 * `npm run bench:cluster` — the multi-node mode under load and under failure (issue 15), on the
 * local cluster with real parts (app/server/start/cluster.ts: redis-server, two livekit-server
 * nodes, app node processes on one libSQL file, HAProxy in front).
 *
 *   1. Provision 3,500 booths (35 municipalities × 100, real device credentials) in a fresh file,
 *      plus one town with an operator and BENCH_KILLS + 2 booths for the failover part.
 *   2. Single node (the baseline, same run): one app process without REDIS_URL on that file —
 *      `npm start`'s mode — with a livekit-server of its own. First the offer phase (5, before any
 *      heartbeat, so no booth-offline sweep falls in it), then heartbeats: every booth beating
 *      every 10 s, open loop (latency from the SCHEDULED send time, no coordinated omission), a
 *      10 s warm-up cycle, then measured.
 *   3. Heartbeats, cluster: the same schedule through HAProxy to the app nodes (round robin).
 *   4. Dispatcher failover, BENCH_KILLS times: a booth's call rings (offered) at the operator,
 *      whose console event stream (SSE) is connected directly to a node that does NOT hold the
 *      lease; kill -9 the node whose /metrics says madoguchi_dispatcher 1; time until the
 *      console's stream carries the call's offer again (a `state` event, offered anew by the node
 *      that took the lease over). The booth then gives up (cancel), the killed node is started
 *      again, and the next round uses the next booth. No heartbeat load meanwhile.
 *   5. Offers and accepts, cluster (after the failover: the beats' offline sweep is over by then)
 *      against the single node: BENCH_OFFER_OPERATORS operators (each alone in a town of their
 *      own, with one booth), calls one after another per operator, operators side by side. Each
 *      call: the booth's POST /v1/booth/sessions to the node WITHOUT the lease, until the
 *      operator's console stream (SSE) carries the offer (consoles alternate between the node with
 *      the lease and the other, so pushes from the dispatcher reach both); then the operator's
 *      accept, to the node without the lease, until its 200; then the end (outcome) and, with
 *      WRAP_UP_MS=0, the next call once the console says available again. Ten calls per operator
 *      warm each mode up first, not counted.
 *
 * Results: bench/results/cluster.json. Loopback only; every process and the temp folder are removed
 * whatever happens. Exit 0 when measured (goals met or not), 1 on a real failure.
 * Environment: BENCH_BOOTHS (3500), BENCH_HEARTBEAT_SECONDS (measured, per phase: 20),
 * BENCH_CLUSTER_APP_NODES (2), BENCH_KILLS (10; 0 skips the failover part), BENCH_OFFER_CALLS
 * (300 per mode; 0 skips the offer part), BENCH_OFFER_OPERATORS (2), BENCH_CLUSTER_LOG (a file: every
 * cluster process's lines, the app nodes at LOG_LEVEL info, and the failover's steps, each with its time).
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { type RunningCluster, randomClusterSecrets, startCluster } from '@madoguchi/app/cluster';
import { addBooth, seedMunicipality } from '@madoguchi/app/seed';
import { type Db, defaultDatabaseUrl, migrateDatabase, openDatabase, repoRoot } from '@madoguchi/db';
import { type LoopStall, type LoopWindow, loopMonitor } from '../app/server/platform/loop-monitor';
import {
  BEAT,
  type BeatSample,
  boothRequest,
  dropBoothConnections,
  HEARTBEAT_INTERVAL_MS,
  openLoop,
  phaseSummary,
  provisionBooths,
  runBench,
} from './booth-fleet';
import { cleanup, cleanups, ensureBuilds, freePort, startBenchLiveKit, startServer, tempDir, waitUntilAnswering } from './server';
import { machineFacts, percentile, round, sortedOf, summaryOf } from './stats';

const BOOTHS = Number(process.env.BENCH_BOOTHS ?? 3_500);
const INTERVAL_MS = HEARTBEAT_INTERVAL_MS;
const HEARTBEAT_S = Number(process.env.BENCH_HEARTBEAT_SECONDS ?? 20);
const APP_NODES = Number(process.env.BENCH_CLUSTER_APP_NODES ?? 2);
const KILLS = Number(process.env.BENCH_KILLS ?? 10);
const OFFER_CALLS = Number(process.env.BENCH_OFFER_CALLS ?? 300);
const OFFER_OPERATORS = Math.max(1, Number(process.env.BENCH_OFFER_OPERATORS ?? 2));
/** Calls per operator before the measured ones, in each mode. */
const OFFER_WARMUP = 10;
/** For every app process: an offer rings long enough for any round, and the operator is free again at once after a call. */
const OFFER_ENV = { OFFER_TIMEOUT_MS: '120000', WRAP_UP_MS: '0' } as const;
const GOALS = { heartbeatP99AtMostMs: 20, failoverP95AtMostMs: 5_000 } as const;
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'cluster.json');
const OPERATOR_PASSWORD = 'bench-cluster-operator-1';
const LOG_FILE = process.env.BENCH_CLUSTER_LOG;
/** One line with its time in BENCH_CLUSTER_LOG, when it is set. */
const note = (line: string) => {
  if (LOG_FILE) appendFileSync(LOG_FILE, `${Date.now()} ${line}\n`);
};

// ---------------------------------------------------------------------------------------------
// 1. Provisioning: the booth fleet (bench/booth-fleet.ts), the failover town and the offer towns.

/** The failover town: open around the clock, one operator, one booth per round (each round's call is a fresh one). */
async function provisionFailoverTown(db: Db) {
  const allDay = everyDayCalendar([{ start: '00:00', end: '24:00' }]);
  const town = await seedMunicipality(db, {
    code: '243248',
    name: '東員町（クラスタ計測）',
    boothName: '計測ブース 0',
    calendar: allDay,
    logins: [{ loginId: 'op-bench', role: 'operator', displayName: 'オペレーター 計測', password: OPERATOR_PASSWORD }],
  });
  const booths = [town.boothCredential];
  for (let i = 1; i < KILLS + 2; i++) {
    booths.push((await addBooth(db, town.municipalityId, { name: `計測ブース ${i}`, kind: 'popup', calendar: allDay })).boothCredential);
  }
  return booths;
}

/** The offer towns: one operator and one booth each, open around the clock, so each operator's calls are theirs alone. */
async function provisionOfferTowns(db: Db): Promise<OfferTown[]> {
  const allDay = everyDayCalendar([{ start: '00:00', end: '24:00' }]);
  const towns: OfferTown[] = [];
  for (let i = 0; i < OFFER_OPERATORS; i++) {
    const loginId = `op-offer-${i}`;
    const town = await seedMunicipality(db, {
      code: String(900_000 + i),
      name: `応答計測 ${i}`,
      boothName: `応答計測ブース ${i}`,
      calendar: allDay,
      logins: [{ loginId, role: 'operator', displayName: `オペレーター 応答 ${i}`, password: OPERATOR_PASSWORD }],
    });
    towns.push({ loginId, booth: town.boothCredential });
  }
  return towns;
}

// ---------------------------------------------------------------------------------------------
// 2–3. Open-loop heartbeats: booth i at phase i/BOOTHS of the 10 s cycle.

/** An app node whose event loop is read over the measured window (GET/POST /metrics/loop). */
interface WatchedNode {
  name: string;
  metricsUrl: string;
  token: string;
}

/** What a node's (or this process's) loop did over the window: delay, and its stalls summed by cause and by job. */
function loopSummary(window: LoopWindow) {
  const byCause: Record<string, { stalls: number; ms: number }> = {};
  const byJob: Record<string, { stalls: number; ms: number }> = {};
  for (const stall of window.stalls) {
    const cause = (byCause[stall.cause] ??= { stalls: 0, ms: 0 });
    cause.stalls++;
    cause.ms += stall.ms;
    for (const tag of stall.during.length ? stall.during : ['(no tagged job)']) {
      const job = (byJob[tag] ??= { stalls: 0, ms: 0 });
      job.stalls++;
      job.ms += stall.ms;
    }
  }
  const jobs: Record<string, { runs: number; ms: number; maxMs: number; loopBusyMs: number }> = {};
  for (const job of window.jobs ?? []) {
    const j = (jobs[job.tag] ??= { runs: 0, ms: 0, maxMs: 0, loopBusyMs: 0 });
    j.runs++;
    j.ms += job.ms;
    j.maxMs = Math.max(j.maxMs, job.ms);
    j.loopBusyMs = round(j.loopBusyMs + job.loopBusyMs, 1);
  }
  return {
    delayMs: window.delayMs,
    /** Tagged jobs of 5 ms or more in the window, per tag: runs, wall time, longest, loop busy meanwhile. */
    jobs,
    stalls: window.stalls.length,
    stallMsTotal: window.stalls.reduce((sum, s) => sum + s.ms, 0),
    byCause,
    byJob,
    /** Each stall: when it ended relative to the window's start (ms), how long, and its parts. */
    list: window.stalls.map((s) => ({ ...s, atMs: Math.round(s.at - window.since) })),
  };
}

/**
 * The tail (the answers at or past the p99) split by where the time went, first match wins: this
 * process sent it late (its own loop), the app's API took long (Server-Timing), the answering node's
 * loop stalled while it was due or in flight (its stall list), this process's loop stalled while it
 * was in flight (the answer read late), or none of these (queueing in the load balancer, the kernel).
 */
function tailOf(samples: BeatSample[], nodes: Record<string, LoopWindow>, client: LoopWindow) {
  const sorted = sortedOf(samples.map((s) => s.ms));
  const p99 = percentile(sorted, 99);
  const tail = samples.filter((s) => s.ms >= p99);
  const overlaps = (stalls: LoopStall[], s: BeatSample) =>
    stalls.some((stall) => stall.at > s.scheduledAt && stall.at - stall.ms < s.scheduledAt + s.ms);
  const parts = { clientSentLate: 0, appApiSlow: 0, nodeLoopStalled: 0, clientLoopStalled: 0, unexplained: 0 };
  for (const s of tail) {
    if (s.sendLagMs >= s.ms / 2) parts.clientSentLate++;
    else if (s.serverMs !== null && s.serverMs >= s.ms / 2) parts.appApiSlow++;
    else if (overlaps(nodes[s.node]?.stalls ?? [], s)) parts.nodeLoopStalled++;
    else if (overlaps(client.stalls, s)) parts.clientLoopStalled++;
    else parts.unexplained++;
  }
  const median = (values: number[]) => round(percentile(sortedOf(values), 50));
  const windowStart = client.since;
  return {
    p99Ms: round(p99),
    beats: tail.length,
    ...parts,
    /** Each beat of the tail: when it was due (ms into the window), its node, total, send lag and the API's time. */
    list: tail.map((s) => ({
      atMs: Math.round(s.scheduledAt - windowStart),
      node: s.node,
      ms: round(s.ms),
      sendLagMs: round(s.sendLagMs),
      serverMs: s.serverMs,
    })),
    median: {
      ms: median(tail.map((s) => s.ms)),
      sendLagMs: median(tail.map((s) => s.sendLagMs)),
      serverMs: median(tail.flatMap((s) => (s.serverMs === null ? [] : [s.serverMs]))),
    },
    /** The API's own time over every answer (Server-Timing): the app's share without any queueing. */
    serverMsAll: (() => {
      const server = sortedOf(samples.flatMap((s) => (s.serverMs === null ? [] : [s.serverMs])));
      return {
        p50: round(percentile(server, 50)),
        p99: round(percentile(server, 99)),
        max: round(server[server.length - 1] ?? Number.NaN),
      };
    })(),
    sendLagMsAll: (() => {
      const lag = sortedOf(samples.map((s) => s.sendLagMs));
      return { p50: round(percentile(lag, 50)), p99: round(percentile(lag, 99)), max: round(lag[lag.length - 1] ?? Number.NaN) };
    })(),
  };
}

async function loopWindowOf(node: WatchedNode, method: 'GET' | 'POST', after?: number): Promise<LoopWindow> {
  const response = await fetch(`${node.metricsUrl}/loop${after ? `?after=${Math.floor(after)}` : ''}`, {
    method,
    headers: { authorization: `Bearer ${node.token}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`${node.name}: /metrics/loop ${response.status}`);
  return method === 'GET' ? ((await response.json()) as LoopWindow) : ({} as LoopWindow);
}

/** One measured heartbeat phase after a warm-up cycle (first beats open every booth's status interval). */
async function heartbeatPhase(label: string, url: string, credentials: string[], nodes: WatchedNode[]) {
  console.log(
    `${label}: warm-up ${INTERVAL_MS / 1000} s, then ${HEARTBEAT_S} s measured (${credentials.length} booths every ${INTERVAL_MS / 1000} s)`,
  );
  const beat = (i: number) => boothRequest(`${url}/api/v1/booth/heartbeat`, 'POST', credentials[i]!, BEAT);
  const warmup = await openLoop(credentials.length, INTERVAL_MS / 1000, false, beat);
  // The measured window starts here on every node and in this process (start-up and warm-up are before it).
  await Promise.all(nodes.map((n) => loopWindowOf(n, 'POST')));
  const client = loopMonitor();
  client.reset();
  const windowStart = Date.now();
  const load = [os.loadavg()[0]!];
  const timer = setInterval(() => load.push(os.loadavg()[0]!), 5_000);
  const phase = await openLoop(credentials.length, HEARTBEAT_S, true, beat);
  clearInterval(timer);
  const clientWindow = client.window(windowStart);
  const nodeWindows = Object.fromEntries(
    await Promise.all(nodes.map(async (n) => [n.name, await loopWindowOf(n, 'GET', windowStart)] as const)),
  );
  const tail = tailOf(phase.samples, nodeWindows, clientWindow);
  const loops = {
    nodes: Object.fromEntries(Object.entries(nodeWindows).map(([name, w]) => [name, loopSummary(w)])),
    benchClient: loopSummary(clientWindow),
  };
  console.log(`  tail (≥ p99): ${JSON.stringify({ ...tail, serverMsAll: undefined, sendLagMsAll: undefined, list: undefined })}`);
  for (const [name, l] of Object.entries(loops.nodes).concat([['bench client', loops.benchClient]]))
    console.log(
      `  loop ${name}: delay ${JSON.stringify(l.delayMs)}, ${l.stalls} stalls ${l.stallMsTotal} ms, ${JSON.stringify(l.byCause)} ${JSON.stringify(l.byJob)}; jobs ≥ 5 ms ${JSON.stringify(l.jobs)}`,
    );
  return {
    warmup: { requests: warmup.requests, errors: warmup.errors },
    ...phaseSummary(phase),
    loadAverage1m: {
      min: round(Math.min(...load)),
      max: round(Math.max(...load)),
      atStart: round(load[0]!),
      atEnd: round(os.loadavg()[0]!),
    },
    tail,
    /** Event loops over the measured window only (loop-monitor.ts): each app node, and this benchmark process. */
    eventLoopWindow: loops,
  };
}

// ---------------------------------------------------------------------------------------------
// 4. Dispatcher failover.

interface Offer {
  sessionId: string;
  expiresAt: string;
}

interface ConsoleEvent {
  offer: Offer | null;
  status: string;
  at: number;
}

/** The operator's console event stream on one node, read as the browser's EventSource would. */
class ConsoleStream {
  /** Every `state` event, in order: its offer, the operator's status, and when it arrived. */
  offers: ConsoleEvent[] = [];
  private controller = new AbortController();
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(
    readonly nodeUrl: string,
    readonly nodeName: string,
    cookie: string,
  ) {
    void this.read(cookie);
  }

  private async read(cookie: string) {
    try {
      const response = await fetch(`${this.nodeUrl}/api/v1/console/stream`, { headers: { cookie }, signal: this.controller.signal });
      if (!response.ok || !response.body) throw new Error(`console stream: ${response.status}`);
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (/^event: state$/m.test(message) && data) {
            const at = performance.now();
            const state = JSON.parse(data) as { offer: Offer | null; status: string };
            this.offers.push({
              offer: state.offer ? { sessionId: state.offer.sessionId, expiresAt: state.offer.expiresAt } : null,
              status: state.status,
              at,
            });
            for (const wake of this.waiters.splice(0)) wake();
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Closed by us, or its node was killed.
    } finally {
      this.closed = true;
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves with the first state (from index `from` on) that matches, or rejects after `timeoutMs`. */
  async waitFor(match: (offer: Offer | null, status: string) => boolean, from: number, timeoutMs: number): Promise<ConsoleEvent> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.offers.slice(from).find((s) => match(s.offer, s.status));
      if (hit) return hit;
      if (this.closed) throw new Error(`the console stream on ${this.nodeName} closed`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no matching console state on ${this.nodeName} within ${timeoutMs} ms`);
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), sleep(left)]);
    }
  }

  close() {
    this.controller.abort();
  }
}

async function loginCookie(url: string, loginId = 'op-bench'): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ loginId, password: OPERATOR_PASSWORD, redirectTo: '/console' }),
    signal: AbortSignal.timeout(15_000),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 302 || !cookie) throw new Error(`operator ${loginId}: login failed: ${response.status}`);
  return cookie;
}

/** Status intervals written so far: one per booth when every beat is seen; more means booths flapped (offline and back). */
async function intervalRows(dataDir: string) {
  const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
  try {
    const one = async (sql: string) => Number((await database.client.execute(sql)).rows[0]?.[0] ?? 0);
    return {
      statusIntervals: await one('SELECT count(*) FROM booth_status_interval'),
      offlineIntervals: await one("SELECT count(*) FROM booth_status_interval WHERE status = 'offline'"),
    };
  } finally {
    database.close();
  }
}

/** Node's event-loop lag as prom-client saw it since the node STARTED (ms), start-up included: see eventLoopWindow for the measured window. */
async function eventLoopLag(metricsUrl: string, token: string) {
  const text = await (await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } })).text();
  const value = (name: string) => round(Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN) * 1000, 1);
  return { p99: value('nodejs_eventloop_lag_p99_seconds'), max: value('nodejs_eventloop_lag_max_seconds') };
}

/** What HAProxy counted per app node: checks that took it out, seconds out, retries and redispatches. */
async function haproxyCounters(cluster: RunningCluster) {
  const [header, ...rows] = (await (await fetch(`${cluster.statsUrl}/;csv`)).text()).trim().split('\n');
  const columns = header!.replace(/^# /, '').split(',');
  const at = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  return Object.fromEntries(
    rows
      .map((r) => r.split(','))
      .filter((r) => at(r, 'pxname') === 'app_nodes' && at(r, 'svname').startsWith('app-'))
      .map((r) => [
        at(r, 'svname'),
        {
          timesTakenOut: Number(at(r, 'chkdown')),
          secondsOut: Number(at(r, 'downtime')),
          retries: Number(at(r, 'wretr')),
          redispatches: Number(at(r, 'wredis')),
        },
      ]),
  );
}

async function api(
  url: string,
  pathname: string,
  init: { method?: 'POST' | 'PUT'; credential?: string; cookie?: string; body?: unknown } = {},
) {
  const method = init.method ?? 'POST';
  const response = await fetch(`${url}${pathname}`, {
    method,
    headers: {
      ...(init.credential ? { authorization: `Bearer ${init.credential}` } : {}),
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text || '{}') as Record<string, unknown>;
}

async function failover(cluster: RunningCluster, booths: string[]) {
  await cluster.waitForBackends(Object.fromEntries(cluster.apps.map((a) => [a.name, 'UP' as const])), 30_000);
  const cookie = await loginCookie(cluster.url);
  const rounds: { killed: string; consoleOn: string; offerAgainMs: number; survivorLoopLagMaxMs?: number }[] = [];
  const failures: string[] = [];
  /** Cancels that had to be sent again (the first landed on a node just killed). */
  let cancelsAskedAgain = 0;
  /** Times the lease was found on another node than the one that took it over in the round before. */
  let leaseMovedWithoutKill = 0;
  let stream: ConsoleStream | null = null;
  try {
    for (let round = 0; round < KILLS; round++) {
      // A holder whose event loop stalls past the lease (3 s) loses it without a kill, and a node
      // just started may then take it: wait for one holder (as the offer phase does), and count it.
      let holders = await cluster.dispatchers();
      for (const until = Date.now() + 15_000; holders.length !== 1 && Date.now() < until; holders = await cluster.dispatchers())
        await sleep(200);
      if (holders.length !== 1) throw new Error(`round ${round + 1}: ${holders.length} nodes say they run the dispatcher`);
      const holder = holders[0]!;
      if (stream && !stream.closed && stream.nodeName !== holder.name) {
        leaseMovedWithoutKill++;
        note(`bench round ${round + 1}: the lease moved to ${holder.name} without a kill`);
      }
      // The console on a node that will survive (reconnected there when its node now holds the lease).
      if (!stream || stream.closed || stream.nodeName === holder.name) {
        const home = cluster.apps.find((a) => a !== holder && a.running())!;
        stream?.close();
        note(`bench round ${round + 1}: console stream on ${home.name}`);
        stream = new ConsoleStream(home.url, home.name, cookie);
        await step(
          round,
          `the first state on ${home.name}'s new console stream`,
          stream.waitFor(() => true, 0, 10_000),
        );
        await api(home.url, '/api/v1/console/status', { method: 'PUT', cookie, body: { status: 'available' } });
      }
      // A call that rings at the operator now.
      const credential = booths[round]!;
      const seen = stream.offers.length;
      const session = await api(cluster.url, '/api/v1/booth/sessions', { credential });
      const sessionId = String(session.sessionId);
      const ringing = await step(
        round,
        'the call ringing before the kill',
        stream.waitFor((o) => o?.sessionId === sessionId, seen, 10_000),
      );

      const before = stream.offers.length;
      const roundsBefore = rounds.length;
      const killedAt = performance.now();
      note(`bench round ${round + 1}: kill -9 ${holder.name}`);
      await holder.kill('SIGKILL');
      try {
        // Offered anew (a fresh expiry) by the node that took the lease over.
        const again = await stream.waitFor((o) => o?.sessionId === sessionId && o.expiresAt !== ringing.offer!.expiresAt, before, 30_000);
        rounds.push({ killed: holder.name, consoleOn: stream.nodeName, offerAgainMs: Math.round(again.at - killedAt) });
        console.log(
          `  round ${round + 1}: killed ${holder.name}; the call rang again on ${stream.nodeName}'s console after ${Math.round(again.at - killedAt)} ms`,
        );
      } catch (error) {
        failures.push(`round ${round + 1}: ${(error as Error).message}`);
        console.log(`  round ${round + 1}: ${(error as Error).message}`);
      }
      // The resident gives up, and the operator is free again before the next round's call; the
      // killed node comes back.
      const offersBeforeCancel = stream.offers.length;
      try {
        cancelsAskedAgain += await cancelCall(cluster.url, sessionId, credential);
        await stream.waitFor((o) => o?.sessionId !== sessionId, offersBeforeCancel, 10_000);
      } catch (error) {
        failures.push(`round ${round + 1}: cancel: ${(error as Error).message}`);
      }
      // The survivors' longest event-loop stall from this round's look at /metrics (each look resets
      // it) to 5 s after the re-offer: the take-over (queue rebuild, then the first booth-health
      // sweep, which comes after the re-offer) falls in it.
      const survivors = cluster.apps.filter((a) => a !== holder && a.running());
      let lagMax = 0;
      for (let look = 0; look < 5; look++) {
        if (look > 0) await sleep(1_000);
        const lags = await Promise.all(survivors.map((a) => eventLoopLag(a.metricsUrl, cluster.secrets.metricsToken).catch(() => null)));
        lagMax = Math.max(lagMax, ...lags.map((l) => l?.max ?? 0));
      }
      if (rounds.length > roundsBefore) rounds.at(-1)!.survivorLoopLagMaxMs = lagMax;
      console.log(`  round ${round + 1}: the surviving node's longest event-loop stall, the take-over included: ${lagMax} ms`);
      note(`bench round ${round + 1}: starting ${holder.name} again`);
      await holder.start();
    }
  } catch (error) {
    // A round that cannot reach its kill ends the part; the rounds before it and what went wrong
    // in them (a lost cancel, say) are kept.
    failures.push((error as Error).message);
    console.log(`  ${(error as Error).message}`);
  }
  stream?.close();
  if (cancelsAskedAgain > 0) console.log(`  cancels asked again (the first reached a node just killed): ${cancelsAskedAgain}`);
  if (leaseMovedWithoutKill > 0) console.log(`  the lease moved without a kill between rounds: ${leaseMovedWithoutKill}`);
  return { rounds, failures, cancelsAskedAgain, leaseMovedWithoutKill, offerAgainMs: summaryOf(rounds.map((r) => r.offerAgainMs)) };
}

/** A round's step that must succeed before its kill: its failure says which step and round. */
async function step<T>(round: number, what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new Error(`round ${round + 1}, ${what}: ${(error as Error).message}`);
  }
}

/**
 * The booth gives its call up, asked again until answered, as the booth client's outbox does. Right
 * after a kill, HAProxy may send a request to the killed node before it takes that node out (the
 * session is then shut down, or answered 503); a cancel lost that way left the call ringing at the
 * operator (OFFER_TIMEOUT_MS 120 s here) and the next round's call waiting behind it, which failed
 * that round before its kill. Returns how many times it had to ask again.
 */
async function cancelCall(url: string, sessionId: string, credential: string): Promise<number> {
  const lost: string[] = [];
  const until = performance.now() + 15_000;
  for (;;) {
    try {
      await api(url, `/api/v1/booth/sessions/${sessionId}/cancel`, { credential });
      return lost.length;
    } catch (error) {
      const message = (error as Error).message;
      // Refused (4xx) after an attempt whose answer was lost: that attempt cancelled it.
      if (lost.length > 0 && / 4\d\d /.test(message)) return lost.length;
      lost.push(message);
      note(`bench cancel of ${sessionId} asked again: ${message}`);
      if (performance.now() > until) throw new Error(`not answered within 15 s (${lost.join('; ')})`);
      await sleep(250);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Offer and accept latency.

interface OfferTown {
  loginId: string;
  booth: string;
}

interface OfferCall {
  /** Booth's POST /v1/booth/sessions sent → the offer's `state` event read off the operator's console stream. */
  offerMs: number;
  /** …→ the booth's 201 (the offer usually arrives first: it is pushed before the command's answer). */
  requestMs: number;
  /** Operator's POST …/accept sent → its 200 read. */
  acceptMs: number;
  consoleOn: string;
}

/** Where each part of the offer phase talks to: the booth and the accept to one node, each operator's console to one. */
interface OfferRoute {
  boothUrl: string;
  acceptUrl: string;
  consoleFor(operator: number): { url: string; name: string };
}

const latencySummary = (values: number[]) => {
  const sorted = sortedOf(values);
  return {
    n: values.length,
    p50: round(percentile(sorted, 50), 1),
    p95: round(percentile(sorted, 95), 1),
    p99: round(percentile(sorted, 99), 1),
    max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN, 1),
  };
};

/**
 * OFFER_CALLS calls shared among the operators, each operator's one after another, operators
 * side by side: request → offer on the console → accept → end with an outcome → available again
 * (WRAP_UP_MS=0: at once, with the outcome) → the next call.
 */
async function offerPhase(label: string, towns: OfferTown[], route: OfferRoute) {
  console.log(`${label}: ${OFFER_CALLS} calls after ${OFFER_WARMUP * towns.length} not counted, ${towns.length} operators side by side`);
  const calls: OfferCall[] = [];
  const failures: string[] = [];
  const startedAt = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  await Promise.all(
    towns.map(async (town, i) => {
      const home = route.consoleFor(i);
      const cookie = await loginCookie(home.url, town.loginId);
      const stream = new ConsoleStream(home.url, home.name, cookie);
      try {
        await stream.waitFor(() => true, 0, 10_000);
        await api(home.url, '/api/v1/console/status', { method: 'PUT', cookie, body: { status: 'available' } });
        const share = Math.floor(OFFER_CALLS / towns.length) + (i < OFFER_CALLS % towns.length ? 1 : 0);
        // The first calls warm the paths up (a node measured cold is slower, whichever mode it is in): not counted.
        for (let k = -OFFER_WARMUP; k < share; k++) {
          if (failures.length > 5) return;
          let sessionId: string | null = null;
          try {
            const seen = stream.offers.length;
            const sent = performance.now();
            const session = await api(route.boothUrl, '/api/v1/booth/sessions', {
              credential: town.booth,
              body: { language: 'ja', procedure: 'new_application' },
            });
            const answered = performance.now();
            sessionId = String(session.sessionId);
            const id = sessionId;
            const rang = await stream.waitFor((o) => o?.sessionId === id, seen, 10_000);
            const acceptSent = performance.now();
            await api(route.acceptUrl, `/api/v1/console/offers/${id}/accept`, { cookie });
            const accepted = performance.now();
            if (k >= 0)
              calls.push({
                offerMs: rang.at - sent,
                requestMs: answered - sent,
                acceptMs: accepted - acceptSent,
                consoleOn: home.name,
              });
            const before = stream.offers.length;
            await api(route.acceptUrl, `/api/v1/console/sessions/${id}/end`, { cookie, body: { outcome: 'completed' } });
            await stream.waitFor((o, status) => status === 'available' && o === null, before, 10_000);
          } catch (error) {
            failures.push(`${town.loginId} call ${k + OFFER_WARMUP + 1}: ${(error as Error).message}`);
            console.log(`  ${town.loginId} call ${k + OFFER_WARMUP + 1}: ${(error as Error).message}`);
            // Leave nothing ringing or on: the booth gives up, the operator ends what they answered.
            if (sessionId) {
              await api(route.boothUrl, `/api/v1/booth/sessions/${sessionId}/cancel`, { credential: town.booth }).catch(() => undefined);
              await api(route.acceptUrl, `/api/v1/console/sessions/${sessionId}/end`, { cookie, body: { outcome: 'incomplete' } }).catch(
                () => undefined,
              );
            }
            await sleep(1_000);
          }
        }
      } finally {
        await api(home.url, '/api/v1/console/status', { method: 'PUT', cookie, body: { status: 'offline' } }).catch(() => undefined);
        stream.close();
      }
    }),
  );
  const seconds = round((performance.now() - startedAt) / 1000, 1);
  const offerMs = calls.map((c) => c.offerMs);
  const byConsole = Object.fromEntries(
    [...new Set(calls.map((c) => c.consoleOn))].map((node) => [
      node,
      latencySummary(calls.filter((c) => c.consoleOn === node).map((c) => c.offerMs)),
    ]),
  );
  const result = {
    calls: calls.length,
    failures,
    seconds,
    /** The machine is shared: its 1-minute load when the phase began and ended. */
    loadAverage1m: { atStart: round(loadAtStart), atEnd: round(os.loadavg()[0]!) },
    offerMs: latencySummary(offerMs),
    offerMsByConsole: byConsole,
    requestMs: latencySummary(calls.map((c) => c.requestMs)),
    acceptMs: latencySummary(calls.map((c) => c.acceptMs)),
    /** The command RPC asks again after 1 s without an answer: how many waits went past it. */
    over1s: { offer: offerMs.filter((v) => v >= 1_000).length, accept: calls.filter((c) => c.acceptMs >= 1_000).length },
  };
  console.log(`  offer ${JSON.stringify(result.offerMs)}; accept ${JSON.stringify(result.acceptMs)}; ${seconds} s`);
  return result;
}

type OfferResult = Awaited<ReturnType<typeof offerPhase>>;

/** The cluster's offer phase: the booth and the accept to a node without the lease; consoles alternating between the holder and another node. */
async function clusterOfferPhase(
  cluster: RunningCluster,
  towns: OfferTown[],
): Promise<OfferResult & { dispatcher: string; other: string }> {
  await cluster.waitForBackends(Object.fromEntries(cluster.apps.map((a) => [a.name, 'UP' as const])), 30_000);
  let holders = await cluster.dispatchers();
  for (const until = Date.now() + 15_000; holders.length !== 1 && Date.now() < until; holders = await cluster.dispatchers())
    await sleep(200);
  if (holders.length !== 1) throw new Error(`${holders.length} nodes say they run the dispatcher`);
  const holder = holders[0]!;
  const other = cluster.apps.find((a) => a !== holder && a.running());
  if (!other) throw new Error('no app node without the lease is running');
  const result = await offerPhase(`offers, cluster (dispatcher on ${holder.name}; booth and accept to ${other.name})`, towns, {
    boothUrl: other.url,
    acceptUrl: other.url,
    consoleFor: (i) =>
      i % 2 === 0 ? { url: other.url, name: `${other.name} (no lease)` } : { url: holder.url, name: `${holder.name} (lease holder)` },
  });
  const after = await cluster.dispatchers();
  if (after.length !== 1 || after[0] !== holder)
    result.failures.push(`the lease moved during the offer phase (now ${after.map((a) => a.name)})`);
  return { ...result, dispatcher: holder.name, other: other.name };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const deadline = setTimeout(
    () => {
      console.error('bench:cluster took too long; stopping.');
      void cleanup().then(() => process.exit(1));
    },
    (2 * (HEARTBEAT_S + 10) + KILLS * 25 + 2 * Math.ceil(OFFER_CALLS / OFFER_OPERATORS) + 240) * 1000,
  );
  deadline.unref();
  const startedAt = performance.now();
  ensureBuilds();
  const dataDir = tempDir('madoguchi-bench-cluster-');
  const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
  let credentials: string[];
  let failoverBooths: string[];
  let offerTowns: OfferTown[];
  try {
    await migrateDatabase(database);
    ({ credentials } = await provisionBooths(database.db, BOOTHS));
    failoverBooths = await provisionFailoverTown(database.db);
    offerTowns = await provisionOfferTowns(database.db);
  } finally {
    database.close();
  }
  console.log(`provisioned ${credentials.length} booths`);
  cleanups.push(dropBoothConnections);

  // 2. The single node, as `npm start` runs the app (no REDIS_URL), on the same file, with a
  // livekit-server of its own (a call request creates the call's room; its keys in the data folder).
  const metricsToken = randomUUID();
  const singlePort = await freePort();
  const livekit = await startBenchLiveKit(dataDir, singlePort);
  const single = startServer(dataDir, singlePort, {
    HEARTBEAT_MS: String(INTERVAL_MS),
    LIVEKIT_URL: livekit.url,
    METRICS_TOKEN: metricsToken,
    ...OFFER_ENV,
  });
  await waitUntilAnswering(single, 60_000);
  // Offers first: no booth has beaten yet, so no booth-offline sweep falls in them.
  let singleOffers: OfferResult | null = null;
  if (OFFER_CALLS > 0) {
    const direct = { url: single.url, name: 'single node' };
    singleOffers = await offerPhase('offers, single node', offerTowns, {
      boothUrl: single.url,
      acceptUrl: single.url,
      consoleFor: () => direct,
    });
  }
  const singleNode = {
    ...(await heartbeatPhase('single node', single.url, credentials, [
      { name: 'direct', metricsUrl: `${single.url}/metrics`, token: metricsToken },
    ])),
  };
  const singleEventLoop = await eventLoopLag(`${single.url}/metrics`, metricsToken);
  const singleRows = await intervalRows(dataDir);
  await single.kill();
  await livekit.stop();

  // 3. The cluster.
  const cluster = await startCluster({
    dataDir,
    appNodes: APP_NODES,
    secrets: randomClusterSecrets(),
    ...(LOG_FILE ? { onLine: (source: string, line: string) => note(`${source} ${line}`) } : {}),
    appEnv: { LOG_LEVEL: LOG_FILE ? 'info' : 'warn', HEARTBEAT_MS: String(INTERVAL_MS), ...OFFER_ENV },
    livekitOverrides: { logging: { level: 'warn' } },
  });
  cleanups.push(() => cluster.stop());
  dropBoothConnections();
  // HAProxy counts each node out once at start (it starts before them): only what the load adds counts.
  const before = await haproxyCounters(cluster);
  const clusterNodes = await heartbeatPhase(
    `cluster (${APP_NODES} app nodes behind HAProxy)`,
    cluster.url,
    credentials,
    cluster.apps.map((a) => ({ name: a.name, metricsUrl: a.metricsUrl, token: cluster.secrets.metricsToken })),
  );
  const after = await haproxyCounters(cluster);
  const clusterRows = await intervalRows(dataDir);
  console.log(`  status intervals: after the single node ${JSON.stringify(singleRows)}, after the cluster ${JSON.stringify(clusterRows)}`);
  const haproxy = Object.fromEntries(
    Object.entries(after).map(([node, c]) => {
      const b = before[node]!;
      return [
        node,
        {
          timesTakenOut: c.timesTakenOut - b.timesTakenOut,
          secondsOut: c.secondsOut - b.secondsOut,
          retries: c.retries - b.retries,
          redispatches: c.redispatches - b.redispatches,
        },
      ];
    }),
  );
  const eventLoop = Object.fromEntries(
    await Promise.all(cluster.apps.map(async (a) => [a.name, await eventLoopLag(a.metricsUrl, cluster.secrets.metricsToken)] as const)),
  );
  console.log(`  single node: ${JSON.stringify(singleNode.latencyMs)}; cluster: ${JSON.stringify(clusterNodes.latencyMs)}`);
  console.log(`  HAProxy per app node: ${JSON.stringify(haproxy)}; event-loop lag (ms): ${JSON.stringify(eventLoop)}`);

  // 4. Failover.
  let failoverResult: Awaited<ReturnType<typeof failover>> | null = null;
  let failoverError: string | null = null;
  if (KILLS > 0) {
    console.log(`dispatcher failover: ${KILLS} kills`);
    try {
      failoverResult = await failover(cluster, failoverBooths);
    } catch (error) {
      failoverError = (error as Error).message;
      console.error(`failover part failed: ${failoverError}`);
    }
  }

  // 5. Offers with the commands crossing nodes (after the failover: the beats' offline sweep is over).
  let clusterOffers: Awaited<ReturnType<typeof clusterOfferPhase>> | null = null;
  let offersError: string | null = null;
  if (OFFER_CALLS > 0) {
    try {
      clusterOffers = await clusterOfferPhase(cluster, offerTowns);
    } catch (error) {
      offersError = (error as Error).message;
      console.error(`offer part failed: ${offersError}`);
    }
  }
  const ratio = (a: { p50: number; p95: number; p99: number }, b: { p50: number; p95: number; p99: number }) => ({
    p50: round(a.p50 / b.p50),
    p95: round(a.p95 / b.p95),
    p99: round(a.p99 / b.p99),
  });
  const offers =
    clusterOffers && singleOffers
      ? {
          singleNode: singleOffers,
          cluster: clusterOffers,
          ratioClusterToSingle: {
            offer: ratio(clusterOffers.offerMs, singleOffers.offerMs),
            accept: ratio(clusterOffers.acceptMs, singleOffers.acceptMs),
          },
        }
      : { singleNode: singleOffers, cluster: clusterOffers, error: offersError };

  const result = {
    benchmark: 'cluster',
    at: new Date().toISOString(),
    machine: { ...machineFacts(), loadAverageAtEnd: os.loadavg().map((l) => round(l)) },
    setup: {
      booths: credentials.length,
      intervalMs: INTERVAL_MS,
      targetRatePerSec: round((credentials.length * 1000) / INTERVAL_MS, 1),
      measuredSecondsPerPhase: HEARTBEAT_S,
      latencyFrom: 'scheduled send time (open loop)',
      cluster: `${APP_NODES} app node processes, 2 livekit-server nodes, 1 redis-server, HAProxy (round robin); one libSQL file`,
      singleNode: 'one app process without REDIS_URL on the same file, requests straight to it',
      failover: 'kill -9 of the lease holder while a call rings at an operator whose console streams from another node; no heartbeat load',
      offers: `${OFFER_CALLS} calls per mode after ${OFFER_WARMUP} per operator not counted, ${OFFER_OPERATORS} operators side by side (one town and booth each), each one call at a time: booth POST /v1/booth/sessions → offer on the console stream; POST accept → 200; end; available again (WRAP_UP_MS=0). Cluster: booth and accept to the node without the lease, consoles alternating between the two nodes; single node: all to it. No heartbeat load`,
    },
    heartbeat: {
      singleNode: { ...singleNode, eventLoopLagMs: singleEventLoop, database: singleRows },
      cluster: { ...clusterNodes, haproxy, eventLoopLagMs: eventLoop, database: clusterRows },
      ratioClusterToSingle: {
        p50: round(clusterNodes.latencyMs.p50 / singleNode.latencyMs.p50),
        p99: round(clusterNodes.latencyMs.p99 / singleNode.latencyMs.p99),
      },
    },
    failover: failoverResult ?? { error: failoverError },
    offers,
    goals: GOALS,
    goalsMet: {
      heartbeatP99: clusterNodes.latencyMs.p99 <= GOALS.heartbeatP99AtMostMs && clusterNodes.errorRate <= 0.01,
      failoverP95: failoverResult
        ? failoverResult.offerAgainMs.p95 <= GOALS.failoverP95AtMostMs && failoverResult.failures.length === 0
        : null,
    },
    runSeconds: round((performance.now() - startedAt) / 1000, 1),
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    JSON.stringify(
      {
        heartbeat: { singleNode: singleNode.latencyMs, cluster: clusterNodes.latencyMs, byNode: clusterNodes.byNode },
        failover: failoverResult?.offerAgainMs,
        offers:
          clusterOffers && singleOffers && 'ratioClusterToSingle' in offers
            ? {
                offerMs: { singleNode: singleOffers.offerMs, cluster: clusterOffers.offerMs },
                acceptMs: { singleNode: singleOffers.acceptMs, cluster: clusterOffers.acceptMs },
                ratioClusterToSingle: offers.ratioClusterToSingle,
              }
            : offersError,
        goalsMet: result.goalsMet,
        runSeconds: result.runSeconds,
      },
      null,
      2,
    ),
  );
  console.log(`results: ${path.relative(repoRoot, RESULTS_FILE)}`);

  const failures: string[] = [];
  if (singleNode.errorRate > 0.01) failures.push(`single-node heartbeat errors ${singleNode.errors}/${singleNode.requests}`);
  if (clusterNodes.errorRate > 0.01) failures.push(`cluster heartbeat errors ${clusterNodes.errors}/${clusterNodes.requests}`);
  if (Object.keys(clusterNodes.byNode).length < APP_NODES)
    failures.push(`heartbeats reached ${Object.keys(clusterNodes.byNode).join(', ')} only`);
  if (failoverResult?.failures.length) failures.push(...failoverResult.failures);
  if (failoverError) failures.push(`failover: ${failoverError}`);
  if (singleOffers?.failures.length) failures.push(...singleOffers.failures.map((f) => `single-node offers: ${f}`));
  if (clusterOffers?.failures.length) failures.push(...clusterOffers.failures.map((f) => `cluster offers: ${f}`));
  if (offersError) failures.push(`cluster offers: ${offersError}`);
  return failures;
}

await runBench('bench:cluster', main);
