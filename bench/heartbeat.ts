/**
 * `npm run bench:heartbeat` — heartbeat ingest at national scale (decision 0014): 3,500 booths,
 * each beating every 10 s (350 beats/s), against the real server on loopback, on a fresh libSQL
 * file. Goal: p99 ≤ 20 ms.
 *
 *   1. Provision 3,500 booths (35 municipalities × 100) in a fresh file; start the real server as a
 *      child process (npx tsx app/server/main.ts, LOG_LEVEL=warn, NODE_ENV=production).
 *   2. Warm-up: one full cycle (every booth's first beat opens its first status interval).
 *   3. Heartbeats, open loop: each booth has a fixed phase in the 10 s cycle and beats on schedule
 *      whether or not earlier answers came back; latency is measured from the SCHEDULED send time
 *      (no coordinated omission), over keep-alive connections (a bounded pool).
 *   4. Baseline, same run, same rate and schedule: GET /api/v1/booth/me, the cheapest
 *      authenticated booth endpoint (credential lookup plus a few reads), so the ratio says what
 *      the heartbeat itself costs over a trivial authenticated request.
 *   5. Checks in the database: one status interval per booth (no row per beat), one snapshot row each.
 *   6. The same heartbeats against the server started again with REDIS_URL (a private redis-server
 *      on loopback): one node of the multi-node mode, the booths' state in Redis (decision 0030),
 *      for BENCH_REDIS_SECONDS after one cycle of warm-up.
 *   7. The health service itself, in this process, at the same rate and schedule: its state in
 *      memory and in Redis, each for BENCH_SERVICE_SECONDS — what Redis adds to a beat, without HTTP.
 *
 * Results: bench/results/heartbeat.json. Loopback only; bounded in count and time; the server and
 * temp folder are removed whatever happens. Exit 0 when measured (goal met or not), 1 on a real
 * failure (server did not start, > 1 % errors, a row per beat).
 * Environment: BENCH_HEARTBEAT_SECONDS (measured heartbeat seconds, default 50),
 * BENCH_BASELINE_SECONDS (default 20), BENCH_REDIS_SECONDS (default 30; 0 skips step 6),
 * BENCH_SERVICE_SECONDS (default 15; 0 skips step 7), BENCH_BOOTHS (default 3500).
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultDatabaseUrl, migrateDatabase, openDatabase, repoRoot } from '@madoguchi/db';
import { Redis } from 'ioredis';
import type { Heartbeat } from '../app/domain/booth-health';
import type { BoothPrincipal } from '../app/server/booths/booth-auth.server';
import { createBoothHealthService } from '../app/server/booths/health.server';
import { createLogger } from '../app/server/platform/logger';
import {
  BEAT,
  boothRequest,
  HEARTBEAT_INTERVAL_MS,
  type OpenLoopPhase,
  openLoop,
  phaseSummary,
  provisionBooths,
  runBench,
} from './booth-fleet';
import { cleanup, cleanups, ensureBuilds, freePort, startServer, tempDir, waitUntilAnswering } from './server';
import { machineFacts, round } from './stats';

const BOOTHS = Number(process.env.BENCH_BOOTHS ?? 3_500);
const INTERVAL_MS = HEARTBEAT_INTERVAL_MS;
const HEARTBEAT_S = Number(process.env.BENCH_HEARTBEAT_SECONDS ?? 50);
const BASELINE_S = Number(process.env.BENCH_BASELINE_SECONDS ?? 20);
const REDIS_S = Number(process.env.BENCH_REDIS_SECONDS ?? 30);
const SERVICE_S = Number(process.env.BENCH_SERVICE_SECONDS ?? 15);
const GOAL = { p99AtMostMs: 20 } as const;
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'heartbeat.json');
// ---------------------------------------------------------------------------------------------
// 1. Provisioning: municipalities and booths written directly, in batches.

async function provision(dataDir: string): Promise<{ credentials: string[]; principals: BoothPrincipal[] }> {
  const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
  try {
    await migrateDatabase(database);
    return await provisionBooths(database.db, BOOTHS);
  } finally {
    database.close();
  }
}

async function countRows(dataDir: string) {
  const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
  try {
    const one = async (sql: string) => Number((await database.client.execute(sql)).rows[0]?.[0] ?? 0);
    return {
      statusIntervals: await one('SELECT count(*) FROM booth_status_interval'),
      boothsWithOneInterval: await one(
        'SELECT count(*) FROM (SELECT booth_id FROM booth_status_interval GROUP BY booth_id HAVING count(*) = 1)',
      ),
      healthRows: await one('SELECT count(*) FROM booth_health'),
      offlineIntervals: await one("SELECT count(*) FROM booth_status_interval WHERE status = 'offline'"),
    };
  } finally {
    database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3–4. Open-loop load: every booth at its own phase of the interval.

/** `kind` for every booth once per interval for `seconds` (bench/booth-fleet.ts). */
function runPhase(url: string, credentials: string[], kind: 'heartbeat' | 'me', seconds: number, record: boolean) {
  return openLoop(credentials.length, seconds, record, (i) =>
    kind === 'heartbeat'
      ? boothRequest(`${url}/api/v1/booth/heartbeat`, 'POST', credentials[i]!, BEAT)
      : boothRequest(`${url}/api/v1/booth/me`, 'GET', credentials[i]!),
  );
}

// ---------------------------------------------------------------------------------------------
// 6. The health service in this process: state in memory, then in Redis.

/** Open loop as runPhase, calling the service's heartbeat() directly (2 s of warm-up first); latency from the scheduled time. */
async function runServicePhase(
  dataDir: string,
  principals: BoothPrincipal[],
  shared: { redis: Redis } | undefined,
): Promise<OpenLoopPhase> {
  const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
  // As the app opens it: the health writes on their own connection at synchronous = NORMAL (decision 0039).
  const writes = await openDatabase({ url: defaultDatabaseUrl(dataDir), synchronous: 'normal' });
  const service = createBoothHealthService({
    db: database.db,
    writesDb: writes.db,
    logger: createLogger('warn'),
    config: { heartbeatMs: INTERVAL_MS, offlineAfterMs: 30_000 },
    shared,
  });
  // As the node holding the lease runs it: restore (or rebuild Redis), the sweep, the last-beat writes.
  await service.start();
  const beat = JSON.parse(BEAT) as Heartbeat;
  const send = (i: number) => service.heartbeat(principals[i]!, beat).then(() => ({ status: 200, node: 'in-process' }));
  try {
    await openLoop(principals.length, 2, false, send);
    return await openLoop(principals.length, SERVICE_S, true, send);
  } finally {
    await service.stop();
    writes.close();
    database.close();
  }
}

/** A private redis-server on loopback, nothing written to disk; stopped by the cleanups whatever happens. */
async function startRedis(): Promise<{ url: string; client: Redis; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  cleanups.push(stop);
  const client = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  for (let i = 0; ; i++) {
    try {
      await client.connect();
      break;
    } catch (error) {
      if (i > 100) throw new Error(`redis-server did not start: ${String(error)}`);
      client.disconnect();
      await sleep(50);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    client,
    stop: async () => {
      client.disconnect();
      await stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const deadline = setTimeout(
    () => {
      console.error('bench:heartbeat took too long; stopping.');
      void cleanup().then(() => process.exit(1));
    },
    (HEARTBEAT_S + BASELINE_S + REDIS_S + 2 * SERVICE_S + 300) * 1000,
  );
  deadline.unref();

  ensureBuilds();
  const dataDir = tempDir('madoguchi-bench-heartbeat-');
  const provisionStarted = performance.now();
  const { credentials, principals } = await provision(dataDir);
  const provisionS = round((performance.now() - provisionStarted) / 1000, 1);
  console.log(`provisioned ${credentials.length} booths (${provisionS} s)`);

  // LiveKit is not needed: point it at a closed loopback port.
  const server = startServer(dataDir, await freePort(), { HEARTBEAT_MS: String(INTERVAL_MS), LIVEKIT_URL: 'ws://127.0.0.1:9' });
  await waitUntilAnswering(server, 60_000);

  console.log(`warm-up: one ${INTERVAL_MS / 1000} s cycle (first beats open every booth's interval)`);
  const warmup = await runPhase(server.url, credentials, 'heartbeat', INTERVAL_MS / 1000, false);
  console.log(`heartbeats: ${credentials.length} booths every ${INTERVAL_MS / 1000} s for ${HEARTBEAT_S} s`);
  const heartbeat = await runPhase(server.url, credentials, 'heartbeat', HEARTBEAT_S, true);
  console.log(`baseline: GET /api/v1/booth/me at the same rate for ${BASELINE_S} s`);
  // The booths are still beating in the server's eyes: the baseline runs within the offline
  // threshold of their last beat only for its first 30 s, which is fine: it measures /me.
  const baseline = await runPhase(server.url, credentials, 'me', BASELINE_S, true);
  await server.kill();
  const rows = await countRows(dataDir);

  let redisHttp: ReturnType<typeof phaseSummary> | null = null;
  if (REDIS_S > 0) {
    const redis = await startRedis();
    try {
      // One node of the multi-node mode: the secrets every node shares must be given.
      const node = startServer(dataDir, await freePort(), {
        HEARTBEAT_MS: String(INTERVAL_MS),
        LIVEKIT_URL: 'ws://127.0.0.1:9',
        REDIS_URL: redis.url,
        NODE_ID: 'bench-node',
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        PHOTO_KEY: randomBytes(32).toString('base64'),
        TOTP_KEY: randomBytes(32).toString('base64'),
        LIVEKIT_API_KEY: 'bench',
        LIVEKIT_API_SECRET: randomBytes(32).toString('base64url'),
      });
      await waitUntilAnswering(node, 60_000);
      console.log(`heartbeats with REDIS_URL (state in Redis): one ${INTERVAL_MS / 1000} s cycle of warm-up, then ${REDIS_S} s`);
      await runPhase(node.url, credentials, 'heartbeat', INTERVAL_MS / 1000, false);
      redisHttp = phaseSummary(await runPhase(node.url, credentials, 'heartbeat', REDIS_S, true));
      await node.kill();
    } finally {
      await redis.stop();
    }
  }

  let service: { memory: ReturnType<typeof phaseSummary>; redis: ReturnType<typeof phaseSummary> } | null = null;
  if (SERVICE_S > 0) {
    console.log(`health service in this process, state in memory: ${SERVICE_S} s`);
    const memory = phaseSummary(await runServicePhase(dataDir, principals, undefined));
    const redis = await startRedis();
    try {
      console.log(`health service in this process, state in Redis: ${SERVICE_S} s`);
      service = { memory, redis: phaseSummary(await runServicePhase(dataDir, principals, { redis: redis.client })) };
    } finally {
      await redis.stop();
    }
  }

  const hb = phaseSummary(heartbeat);
  const base = phaseSummary(baseline);
  const result = {
    benchmark: 'heartbeat',
    at: new Date().toISOString(),
    machine: { ...machineFacts(), loadAverageAtEnd: os.loadavg().map((l) => round(l)) },
    setup: {
      booths: credentials.length,
      intervalMs: INTERVAL_MS,
      targetRatePerSec: round((credentials.length * 1000) / INTERVAL_MS, 1),
      latencyFrom: 'scheduled send time (open loop)',
      provisionSeconds: provisionS,
    },
    warmup: { requests: warmup.requests, errors: warmup.errors },
    heartbeat: hb,
    baseline: { endpoint: 'GET /api/v1/booth/me', ...base },
    // The same heartbeats, one node with REDIS_URL: the booths' state in Redis (decision 0030).
    heartbeatWithRedis: redisHttp,
    ratios: {
      p50: round(hb.latencyMs.p50 / base.latencyMs.p50),
      p99: round(hb.latencyMs.p99 / base.latencyMs.p99),
    },
    database: rows,
    // The service alone (no HTTP, no credential check), same rate: what Redis adds per beat.
    serviceInProcess: service,
    goal: GOAL,
    goalMet: hb.latencyMs.p99 <= GOAL.p99AtMostMs && hb.errorRate <= 0.01,
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    JSON.stringify(
      {
        heartbeat: hb.latencyMs,
        heartbeatWithRedis: redisHttp && { ...redisHttp.latencyMs, errors: redisHttp.errors },
        baseline: base.latencyMs,
        errors: hb.errors,
        database: rows,
        serviceInProcess: service && {
          memory: service.memory.latencyMs,
          redis: service.redis.latencyMs,
          redisErrors: service.redis.errors,
        },
        goalMet: result.goalMet,
      },
      null,
      2,
    ),
  );
  console.log(`results: ${path.relative(repoRoot, RESULTS_FILE)}`);

  const failures: string[] = [];
  if (hb.errorRate > 0.01) failures.push(`heartbeat errors ${hb.errors}/${hb.requests}`);
  if (base.errorRate > 0.01) failures.push(`baseline errors ${base.errors}/${base.requests}`);
  // Intervals only on change: at most one per booth (plus rare offline flips if the box stalls).
  if (rows.statusIntervals > credentials.length * 1.1)
    failures.push(`${rows.statusIntervals} status intervals for ${credentials.length} booths: a row per beat?`);
  if (rows.healthRows !== credentials.length) failures.push(`${rows.healthRows} booth_health rows for ${credentials.length} booths`);
  if (redisHttp && redisHttp.errorRate > 0.01) failures.push(`heartbeat errors with REDIS_URL ${redisHttp.errors}/${redisHttp.requests}`);
  if (service && service.redis.errorRate > 0.01)
    failures.push(`Redis-backed heartbeat errors ${service.redis.errors}/${service.redis.requests}`);
  return failures;
}

await runBench('bench:heartbeat', main);
