/**
 * `npm run bench:api` — how close authenticated booth event ingest over HTTP comes to what the
 * database alone can do on this machine.
 *
 *   (a) raw:  sequential single-row autocommit INSERTs into session_event with @libsql/client,
 *             same file settings as the app (openDatabase: WAL, default synchronous).
 *   (b) api:  the real server as a child process, 50 booths each appending quality-changed
 *             events to their own session over keep-alive HTTP (autocannon), durable writes:
 *             first at saturation (each client sends its next request as soon as answered: the
 *             ingest rate), then at a steady rate equal to the goal (30 % of raw) spread over the
 *             same 50 clients: the latency at the rate the product must sustain. At saturation
 *             latency is simply 50 ÷ throughput (Little's law), so that p99 is reported, not judged.
 *
 * Results go to bench/results/api-ingest.json. Loopback only; everything it starts (the server,
 * temp folders) is stopped/removed on success, failure or Ctrl+C, and the run is time-boxed.
 * Exit code: 0 when measured (goals met or not), 1 on a real failure (server did not start,
 * > 1 % errors, acknowledged events missing from the database).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@libsql/client';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { type SeededMunicipality, seedMunicipality } from '@madoguchi/app/seed';
import { type Database, defaultDatabaseUrl, migrateDatabase, openDatabase, repoRoot } from '@madoguchi/db';
import autocannon from 'autocannon';
import { cleanup, ensureBuilds, freePort, startBenchLiveKit, startServer, tempDir, waitUntilAnswering } from './server';
import { machineFacts, percentile, round, sortedOf } from './stats';

/** Booths that are always open: the bench measures ingest, not opening hours. */
const ALWAYS_OPEN = everyDayCalendar([{ start: '00:00', end: '24:00' }]);

const CONNECTIONS = 50;
const WARMUP_S = 2;
const DURATION_S = 10;
const RAW_MAX_ROWS = 50_000;
const RAW_MAX_MS = 8_000;
const STEADY_S = 8;
/** The whole run after the build check; leaves headroom under the 2-minute budget. */
const DEADLINE_MS = 110_000;
const GOALS = { ratioAtLeast: 0.3, p99AtMostMs: 20 } as const;
/** Each request a new event (its own clientId: a resend of one would be recorded once). */
const eventBody = () => {
  const now = new Date().toISOString();
  return JSON.stringify({ type: 'quality-changed', detail: { quality: 'good' }, clientId: randomUUID(), occurredAt: now, sentAt: now });
};
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'api-ingest.json');

// ---------------------------------------------------------------------------------------------
// Small helpers.

/** Filesystem of the temp folder: fsync cost differs wildly between tmpfs, overlay and ext4. */
function filesystemOf(dir: string): string {
  // biome-ignore-start lint/complexity/useSimpleNumberKeys: statfs magic numbers, in hex as the kernel writes them.
  const names: Record<number, string> = {
    0xef53: 'ext4',
    0x01021994: 'tmpfs',
    0x794c7630: 'overlayfs',
    0x9123683e: 'btrfs',
    0x58465342: 'xfs',
    0x6a656a63: 'fakeowner',
    0x65735546: 'fuse',
  };
  // biome-ignore-end lint/complexity/useSimpleNumberKeys: the table ends here.
  try {
    const { type } = statfsSync(dir);
    return names[type] ?? `0x${type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}

/** CPU seconds used so far by every process in a process group (Linux /proc; null elsewhere). */
function groupCpuSeconds(pgid: number): number | null {
  if (process.platform !== 'linux') return null;
  const ticksPerSecond = 100; // USER_HZ on every mainstream Linux build
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after "(comm) ": state ppid pgrp … utime(14) stime(15), counted from 1 overall.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process exited while we were looking.
    }
  }
  return ticks / ticksPerSecond;
}

// ---------------------------------------------------------------------------------------------
// (a) Raw baseline.

async function timeBoxed(maxMs: number, maxOps: number, op: (i: number) => Promise<unknown>) {
  const started = performance.now();
  let ops = 0;
  while (ops < maxOps && performance.now() - started < maxMs) await op(ops++);
  const seconds = (performance.now() - started) / 1000;
  return { ops, seconds, perSec: ops / seconds, usPerOp: (seconds * 1e6) / ops };
}

async function rawBaseline() {
  const dir = tempDir('madoguchi-bench-raw-');
  const database = await openDatabase({ url: defaultDatabaseUrl(dir) });
  try {
    return await measureRaw(database, dir);
  } finally {
    database.close();
  }
}

async function measureRaw(database: Database, dir: string) {
  await migrateDatabase(database);
  const { client, db } = database;
  const seeded = await seedMunicipality(db, {
    calendar: ALWAYS_OPEN,
    code: '999999',
    name: 'bench raw',
    boothName: 'bench raw booth',
    logins: [{ loginId: 'bench-raw', role: 'operator', displayName: 'bench' }],
  });
  const sessionId = randomUUID();
  await client.execute({
    sql: `INSERT INTO session (id, booth_id, municipality_id, room_name, status, requested_at)
          VALUES (?, ?, ?, ?, 'waiting', ?)`,
    args: [sessionId, seeded.boothId, seeded.municipalityId, `bench-${randomUUID()}`, Date.now()],
  });

  const journalMode = String((await client.execute('PRAGMA journal_mode')).rows[0]?.[0]);
  const synchronous = Number((await client.execute('PRAGMA synchronous')).rows[0]?.[0]);
  const detail = JSON.stringify({ rttMs: 42, lossPct: 0.1 });
  const insert = () =>
    client.execute({
      sql: `INSERT INTO session_event (session_id, type, actor_kind, actor_id, at, occurred_at, detail)
            VALUES (?, 'quality-changed', 'booth', ?, ?, ?, ?)`,
      args: [sessionId, seeded.boothId, Date.now(), Date.now(), detail],
    });

  // A few untimed rows so the WAL file and page cache exist before the clock starts.
  for (let i = 0; i < 100; i++) await insert();
  const cpuBefore = process.cpuUsage();
  const raw = await timeBoxed(RAW_MAX_MS, RAW_MAX_ROWS, insert);
  const cpu = process.cpuUsage(cpuBefore);

  return {
    inserts: raw.ops,
    seconds: round(raw.seconds, 3),
    perSec: round(raw.perSec, 1),
    usPerInsert: round(raw.usPerOp, 1),
    // CPU time / wall time: near 100 % means CPU-bound, well below means waiting on fsync.
    cpuPctOfOneCore: round(((cpu.user + cpu.system) / 1e6 / raw.seconds) * 100, 1),
    pragmas: { journalMode, synchronous },
    filesystem: filesystemOf(dir),
  };
}

// ---------------------------------------------------------------------------------------------
// (b) API ingest through the real server.

async function seedBooths(dataDir: string, count: number): Promise<SeededMunicipality[]> {
  const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
  try {
    await migrateDatabase(database);
    const booths: SeededMunicipality[] = [];
    for (let i = 0; i < count; i++) {
      const code = String(900_000 + i);
      booths.push(
        await seedMunicipality(database.db, {
          calendar: ALWAYS_OPEN,
          code,
          name: `bench ${code}`,
          boothName: `bench booth ${code}`,
          logins: [{ loginId: `bench-${code}`, role: 'operator', displayName: 'bench' }],
        }),
      );
    }
    // Each town's operator on duty when the server starts (it restores their presence): a call
    // nobody could take is refused before it opens (decision 0009), and these calls must open.
    await database.client.execute(
      `INSERT INTO operator_presence (account_id, status, since) SELECT id, 'available', ${Date.now()} FROM account WHERE login_id LIKE 'bench-%'`,
    );
    return booths;
  } finally {
    database.close();
  }
}

interface Target {
  credential: string;
  sessionId: string;
}

async function openSessions(url: string, booths: SeededMunicipality[]): Promise<Target[]> {
  return Promise.all(
    booths.map(async (booth) => {
      const res = await fetch(`${url}/api/v1/booth/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${booth.boothCredential}` },
      });
      const body = (await res.json()) as { sessionId?: string };
      if (res.status !== 201 || !body.sessionId) {
        throw new Error(`opening a session failed: ${res.status} ${JSON.stringify(body)}`);
      }
      return { credential: booth.boothCredential, sessionId: body.sessionId };
    }),
  );
}

interface Tally {
  responses: number;
  created: number;
  byStatus: Record<string, number>;
  /** Connection errors and timeouts (autocannon's reqError). */
  connectionErrors: number;
}

/**
 * One autocannon run on the same 50 keep-alive connections: a warm-up of at least WARMUP_S that
 * also lasts until every connection has had its first answer (fresh connections opened against
 * an already saturated server wait up to seconds for it, which a steady booth never sees), then
 * DURATION_S measured.
 */
async function load(url: string, targets: Target[], onWindowStart: () => void) {
  const durationS = DURATION_S;
  const warmup: Tally = { responses: 0, created: 0, byStatus: {}, connectionErrors: 0 };
  const measured: Tally = { responses: 0, created: 0, byStatus: {}, connectionErrors: 0 };
  /** Answers that arrive while autocannon winds down (it stops on its next 1 s tick). */
  const drain: Tally = { responses: 0, created: 0, byStatus: {}, connectionErrors: 0 };
  const latencies: number[] = [];
  const answered = new Set<autocannon.Client>();
  const started = performance.now();
  let allAnsweredMs = Number.NaN;
  let warmupElapsed = false;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  const current = () => {
    const now = performance.now();
    return now >= windowEnd ? drain : now >= windowStart ? measured : warmup;
  };

  let next = 0;
  let finish!: (error: unknown, result: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error) : resolve(result));
  });
  // The callback form is the one typed to return the instance, whose events we need.
  const instance = autocannon(
    {
      url,
      connections: targets.length,
      pipelining: 1,
      // Upper bound only: the run is stopped durationS after the window opens.
      duration: WARMUP_S + durationS + 20,
      timeout: 10,
      // One connection per booth, each posting to its own session with its own credential.
      setupClient(client) {
        const target = targets[next++ % targets.length]!;
        client.setRequests([
          {
            method: 'POST',
            path: `/api/v1/booth/sessions/${target.sessionId}/events`,
            headers: { authorization: `Bearer ${target.credential}`, 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: eventBody() }),
          },
        ]);
      },
    },
    (error, result) => finish(error, result),
  );
  let stopAfterWindow: NodeJS.Timeout | undefined;
  const maybeOpenWindow = () => {
    if (windowStart !== Number.POSITIVE_INFINITY || !warmupElapsed || answered.size < targets.length) return;
    windowStart = performance.now();
    onWindowStart();
    stopAfterWindow = setTimeout(() => {
      windowEnd = performance.now();
      instance.stop();
    }, durationS * 1000);
  };
  const warmupTimer = setTimeout(() => {
    warmupElapsed = true;
    maybeOpenWindow();
  }, WARMUP_S * 1000);
  // Every response, not only 2xx as autocannon's own histogram does, at full resolution.
  instance.on('response', (client, status, _bytes, ms) => {
    const tally = current();
    tally.responses++;
    if (status === 201) tally.created++;
    tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
    if (tally === measured) latencies.push(ms);
    if (!answered.has(client)) {
      answered.add(client);
      if (answered.size === targets.length) allAnsweredMs = performance.now() - started;
      maybeOpenWindow();
    }
  });
  instance.on('reqError', () => {
    current().connectionErrors++;
  });
  try {
    const result = await done;
    if (windowStart === Number.POSITIVE_INFINITY) {
      throw new Error(`only ${answered.size} of ${targets.length} connections were ever answered`);
    }
    windowEnd = Math.min(windowEnd, performance.now());
    const seconds = (windowEnd - windowStart) / 1000;
    return { warmup, measured, drain, latencies, seconds, allAnsweredMs, timeouts: result.timeouts };
  } finally {
    clearTimeout(warmupTimer);
    clearTimeout(stopAfterWindow);
  }
}

async function countStoredEvents(dataDir: string, sessionIds: string[]): Promise<number> {
  const client = createClient({ url: defaultDatabaseUrl(dataDir) });
  try {
    const result = await client.execute({
      sql: `SELECT count(*) FROM session_event
            WHERE type = 'quality-changed' AND session_id IN (${sessionIds.map(() => '?').join(',')})`,
      args: sessionIds,
    });
    return Number(result.rows[0]?.[0] ?? 0);
  } finally {
    client.close();
  }
}

/**
 * Open-loop load at a fixed total rate, evenly paced: client i of n sends at t0 + (k + i/n) · n/rate,
 * one keep-alive connection per booth. Latency counts from the intended send time, so a slow
 * answer that delays the next request is not hidden (no coordinated omission). autocannon's
 * overallRate is not used: it releases each second's quota as a burst.
 */
async function steadyLoad(url: string, targets: Target[], rate: number, seconds: number, warmupS = 1) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: targets.length });
  const periodMs = (1000 * targets.length) / rate;
  const t0 = performance.now() + 50;
  const measureFrom = t0 + warmupS * 1000;
  const end = measureFrom + seconds * 1000;
  const latencies: number[] = [];
  let created = 0;
  let failed = 0;
  let acknowledged = 0;
  const post = (target: Target) =>
    new Promise<number>((resolve) => {
      const request = http.request(
        `${url}/api/v1/booth/sessions/${target.sessionId}/events`,
        {
          method: 'POST',
          agent,
          headers: { authorization: `Bearer ${target.credential}`, 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', () => resolve(0));
      request.end(eventBody());
    });
  await Promise.all(
    targets.map(async (target, i) => {
      for (let k = 0; ; k++) {
        const intended = t0 + (k + i / targets.length) * periodMs;
        if (intended >= end) return;
        const wait = intended - performance.now();
        if (wait > 0) await sleep(wait);
        const status = await post(target);
        if (status === 201) acknowledged++;
        if (intended < measureFrom) continue;
        latencies.push(performance.now() - intended);
        if (status === 201) created++;
        else failed++;
      }
    }),
  );
  agent.destroy();
  return { latencies, created, failed, acknowledged, seconds };
}

function summarise(latencies: number[]) {
  const sorted = sortedOf(latencies);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
    mean: round(latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1)),
  };
}

async function apiIngest(steadyRate: number) {
  const dataDir = tempDir('madoguchi-bench-api-');
  const booths = await seedBooths(dataDir, CONNECTIONS);
  // Opening a session creates its LiveKit room (decision 0009).
  const port = await freePort();
  const livekit = await startBenchLiveKit(dataDir, port);
  const server = startServer(dataDir, port, { LIVEKIT_URL: livekit.url });
  await waitUntilAnswering(server, 45_000);
  const targets = await openSessions(server.url, booths);

  const pgid = server.child.pid!;
  // CPU use over the measurement window: is the server (one event loop) the bottleneck?
  const atWindowStart = { server: null as number | null, bench: process.cpuUsage() };
  const run = await load(server.url, targets, () => {
    atWindowStart.server = groupCpuSeconds(pgid);
    atWindowStart.bench = process.cpuUsage();
  });
  const benchCpu = process.cpuUsage(atWindowStart.bench);
  const serverCpuAfter = groupCpuSeconds(pgid);
  const { warmup, measured, latencies, seconds } = run;

  // The same 50 clients at the rate the goal asks for.
  const steady = await steadyLoad(server.url, targets, steadyRate, STEADY_S);

  // SIGKILL, not a graceful stop: only what was committed before each 201 may count.
  await server.kill('SIGKILL');
  const stored = await countStoredEvents(
    dataDir,
    targets.map((t) => t.sessionId),
  );
  const acknowledged = warmup.created + measured.created + run.drain.created + steady.acknowledged;

  const non201 = measured.responses - measured.created;
  const errors = non201 + measured.connectionErrors;
  const attempts = measured.responses + measured.connectionErrors;
  return {
    connections: CONNECTIONS,
    warmupSeconds: WARMUP_S,
    /** From the first connect until all 50 connections had their first answer. */
    allConnectionsFirstAnsweredMs: round(run.allAnsweredMs, 1),
    seconds: round(seconds, 3),
    requests201: measured.created,
    perSec: round(measured.created / seconds, 1),
    latencyMs: summarise(latencies),
    steady: {
      targetPerSec: steadyRate,
      seconds: steady.seconds,
      perSec: round(steady.created / steady.seconds, 1),
      non201: steady.failed,
      latencyFrom: 'intended send time (open loop, evenly paced)',
      latencyMs: summarise(steady.latencies),
    },
    errors: {
      total: errors,
      rate: attempts ? round(errors / attempts, 5) : 1,
      non201,
      byStatus: measured.byStatus,
      connectionErrors: measured.connectionErrors,
      timeoutsWholeRun: run.timeouts,
      warmupNon201: warmup.responses - warmup.created,
      warmupConnectionErrors: warmup.connectionErrors,
    },
    cpu: {
      serverPctOfOneCore:
        atWindowStart.server === null || serverCpuAfter === null
          ? null
          : round(((serverCpuAfter - atWindowStart.server) / seconds) * 100, 1),
      loadGeneratorPctOfOneCore: round(((benchCpu.user + benchCpu.system) / 1e6 / seconds) * 100, 1),
    },
    durability: {
      acknowledged201: acknowledged,
      rowsStored: stored,
      ok: stored >= acknowledged,
      note: 'every 201 of both phases vs quality-changed rows of those sessions, counted after SIGKILL of the server',
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  ensureBuilds(); // may take minutes on a fresh checkout; the time box starts after it
  const deadline = setTimeout(() => {
    console.error(`bench:api exceeded ${DEADLINE_MS / 1000} s; stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, DEADLINE_MS);
  deadline.unref();

  console.log(`raw baseline: up to ${RAW_MAX_ROWS} inserts or ${RAW_MAX_MS / 1000} s …`);
  const raw = await rawBaseline();
  const steadyRate = Math.ceil(raw.perSec * GOALS.ratioAtLeast);
  console.log(
    `api ingest: ${CONNECTIONS} booths, ${WARMUP_S} s warm-up + ${DURATION_S} s at saturation, then ${STEADY_S} s at ${steadyRate}/s …`,
  );
  const api = await apiIngest(steadyRate);
  clearTimeout(deadline);

  const ratio = round(api.perSec / raw.perSec, 3);
  const report = {
    timestamp: new Date().toISOString(),
    machine: {
      ...machineFacts(),
      tmpFilesystem: filesystemOf(os.tmpdir()),
    },
    raw,
    api,
    ratio,
    goals: {
      ...GOALS,
      ratioMet: ratio >= GOALS.ratioAtLeast,
      /** Judged at the goal's own rate; the saturation p99 is in api.latencyMs. */
      p99Met: api.steady.latencyMs.p99 <= GOALS.p99AtMostMs && api.steady.non201 === 0,
    },
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);

  console.log(
    [
      '',
      `raw libSQL insert   ${raw.perSec}/s  (${raw.inserts} rows in ${raw.seconds} s, ${raw.usPerInsert} µs each, synchronous=${raw.pragmas.synchronous}, ${raw.filesystem})`,
      `API ingest          ${api.perSec}/s at saturation (${api.requests201} × 201 in ${api.seconds} s, ${api.connections} connections)`,
      `  latency ms        p50 ${api.latencyMs.p50}  p95 ${api.latencyMs.p95}  p99 ${api.latencyMs.p99}  max ${api.latencyMs.max}`,
      `API at goal rate    ${api.steady.perSec}/s of ${api.steady.targetPerSec}/s target, ${api.steady.non201} errors`,
      `  latency ms        p50 ${api.steady.latencyMs.p50}  p95 ${api.steady.latencyMs.p95}  p99 ${api.steady.latencyMs.p99}  max ${api.steady.latencyMs.max}`,
      `errors              ${api.errors.total} (${(api.errors.rate * 100).toFixed(3)} %)  by status ${JSON.stringify(api.errors.byStatus)}`,
      `CPU (% of a core)   server ${api.cpu.serverPctOfOneCore ?? 'n/a'}  load generator ${api.cpu.loadGeneratorPctOfOneCore}  raw loop ${raw.cpuPctOfOneCore}`,
      `durability          ${api.durability.rowsStored} rows stored ≥ ${api.durability.acknowledged201} acknowledged: ${api.durability.ok ? 'ok' : 'FAILED'}`,
      `ratio api/raw       ${ratio}  goal ≥ ${GOALS.ratioAtLeast}: ${report.goals.ratioMet ? 'met' : 'NOT met'}`,
      `p99 at goal rate    ${api.steady.latencyMs.p99} ms  goal ≤ ${GOALS.p99AtMostMs} ms: ${report.goals.p99Met ? 'met' : 'NOT met'} (at saturation: ${api.latencyMs.p99} ms)`,
      `machine             ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
      `written to          ${path.relative(process.cwd(), RESULTS_FILE)}`,
    ].join('\n'),
  );

  if (api.errors.rate > 0.01) {
    console.error(`FAILED: error rate ${(api.errors.rate * 100).toFixed(2)} % is above 1 %.`);
    return 1;
  }
  if (!api.durability.ok) {
    console.error('FAILED: fewer rows stored than 201 responses.');
    return 1;
  }
  return 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error('bench:api failed:', error instanceof Error ? error.message : error);
} finally {
  await cleanup();
}
process.exit(exitCode);
