/**
 * `npm run bench:health-holder` — what blocks the event loop of the node that holds the
 * dispatcher lease while 3,500 booths beat every 10 s (decision 0039). In this process: the booth
 * health service in multi-node mode (state in a private redis-server, a real libSQL file), started
 * as the lease holder starts it (the sweep, the snapshot flush, the last-beat writes), taking every
 * beat at 350/s, open loop. Per phase: beat latency from the scheduled time, the event loop's
 * delay (perf_hooks), and every database call's time on the event loop (the local file runs
 * synchronously), by connection. Phases (BENCH_HOLDER_MODES): `full`, the health writes on the
 * app's one connection at `synchronous = FULL` (before 0039); `normal`, on their own connection at
 * NORMAL; `app`, as the app runs since 0039 (NORMAL, WAL checkpoints on a worker thread);
 * `normal-no-checkpoint`, NORMAL with no checkpoint at all (what the checkpoints cost).
 *
 * Results: bench/results/health-holder.json. Environment: BENCH_BOOTHS (3500),
 * BENCH_HOLDER_SECONDS (measured per phase, 40: a 30 s snapshot round falls in it),
 * BENCH_HOLDER_MODES (`full,normal,app`).
 */

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Database,
  defaultDatabaseUrl,
  migrateDatabase,
  ON_LOOP_CHECKPOINT_PAGES,
  openDatabase,
  repoRoot,
  startCheckpointer,
} from '@madoguchi/db';
import { Redis } from 'ioredis';
import type { Heartbeat } from '../app/domain/booth-health';
import { createBoothHealthService } from '../app/server/booths/health.server';
import { createLogger } from '../app/server/platform/logger';
import { BEAT, HEARTBEAT_INTERVAL_MS, openLoop, phaseSummary, provisionBooths, runBench } from './booth-fleet';
import { cleanups, freePort, tempDir } from './server';
import { machineFacts, percentile, round, sortedOf } from './stats';

const BOOTHS = Number(process.env.BENCH_BOOTHS ?? 3_500);
const SECONDS = Number(process.env.BENCH_HOLDER_SECONDS ?? 40);
/**
 * `normal-no-checkpoint`: NORMAL with no WAL checkpoint during the phase (what the checkpoints cost);
 * `app`: as the app runs (NORMAL, checkpoints on a worker thread, the far on-loop threshold).
 */
const MODES = (process.env.BENCH_HOLDER_MODES ?? 'full,normal,app').split(',') as ('full' | 'normal' | 'normal-no-checkpoint' | 'app')[];
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'health-holder.json');

/** Every call of the client timed (it runs synchronously on a local file: this is event-loop time). */
function timeCalls(database: Database, into: number[]) {
  const client = database.client as unknown as Record<'execute' | 'batch', (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['execute', 'batch'] as const) {
    const inner = client[name].bind(client);
    client[name] = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await inner(...args);
      } finally {
        into.push(performance.now() - t);
      }
    };
  }
}

const summary = (values: number[]) => {
  const sorted = sortedOf(values);
  return {
    n: values.length,
    sumMs: round(
      values.reduce((a, b) => a + b, 0),
      0,
    ),
    p50: round(percentile(sorted, 50), 1),
    p99: round(percentile(sorted, 99), 1),
    max: round(sorted.length ? sorted[sorted.length - 1]! : 0, 1),
    over20ms: values.filter((v) => v > 20).length,
  };
};

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  const redis = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  for (let i = 0; ; i++) {
    try {
      await redis.connect();
      return redis;
    } catch (error) {
      if (i > 100) throw new Error(`redis-server did not start: ${String(error)}`);
      redis.disconnect();
      await sleep(50);
    }
  }
}

async function main() {
  const dataDir = tempDir('madoguchi-bench-holder-');
  const url = defaultDatabaseUrl(dataDir);
  const setup = await openDatabase({ url });
  await migrateDatabase(setup);
  const { principals } = await provisionBooths(setup.db, BOOTHS);
  setup.close();
  const redis = await startRedis();
  cleanups.push(() => redis.disconnect());
  const beat = JSON.parse(BEAT) as Heartbeat;
  const phases: Record<string, unknown> = {};
  for (const mode of MODES) {
    await redis.flushall();
    const main = await openDatabase({ url });
    const health = mode === 'full' ? main : await openDatabase({ url, synchronous: 'normal' });
    if (mode === 'normal-no-checkpoint') for (const c of [main, health]) await c.client.execute('PRAGMA wal_autocheckpoint = 0');
    if (mode === 'app') for (const c of [main, health]) await c.client.execute(`PRAGMA wal_autocheckpoint = ${ON_LOOP_CHECKPOINT_PAGES}`);
    const checkpoints: number[] = [];
    const checkpointer = mode === 'app' ? startCheckpointer(url, { onResult: (r) => checkpoints.push(r.checkpointed) }) : null;
    const mainCalls: number[] = [];
    const healthCalls: number[] = [];
    timeCalls(main, mainCalls);
    if (health !== main) timeCalls(health, healthCalls);
    const service = createBoothHealthService({
      db: main.db,
      writesDb: health.db,
      logger: createLogger('warn'),
      config: { heartbeatMs: HEARTBEAT_INTERVAL_MS, offlineAfterMs: 30_000 },
      shared: { redis },
    });
    await service.start();
    const send = (i: number) => service.heartbeat(principals[i]!, beat).then(() => ({ status: 200, node: 'holder' }));
    // One cycle: every booth's first beat (reads it from the database, no new interval).
    await openLoop(principals.length, HEARTBEAT_INTERVAL_MS / 1000, false, send);
    mainCalls.length = 0;
    healthCalls.length = 0;
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const load = [os.loadavg()[0]!];
    const phase = await openLoop(principals.length, SECONDS, true, send);
    load.push(os.loadavg()[0]!);
    delay.disable();
    await service.stop();
    await checkpointer?.stop();
    if (health !== main) health.close();
    main.close();
    const result = {
      synchronous: { main: 'full', healthWrites: mode === 'full' ? 'full' : 'normal' },
      walCheckpoints: { 'normal-no-checkpoint': 'none', app: 'worker thread', full: 'on commit', normal: 'on commit' }[mode],
      ...(checkpointer ? { workerCheckpoints: checkpoints.length, framesCheckpointed: checkpoints.reduce((a, b) => a + b, 0) } : {}),
      ...phaseSummary(phase),
      eventLoopDelayMs: {
        p50: round(delay.percentile(50) / 1e6, 1),
        p99: round(delay.percentile(99) / 1e6, 1),
        max: round(delay.max / 1e6, 1),
      },
      databaseCallsMs: { mainConnection: summary(mainCalls), healthConnection: health === main ? null : summary(healthCalls) },
      loadAverage1m: { atStart: round(load[0]!), atEnd: round(load[1]!) },
    };
    phases[mode] = result;
    console.log(
      mode,
      JSON.stringify({
        latencyMs: result.latencyMs,
        eventLoopDelayMs: result.eventLoopDelayMs,
        db: result.databaseCallsMs,
        load: result.loadAverage1m,
      }),
    );
  }
  const out = {
    benchmark: 'health-holder',
    at: new Date().toISOString(),
    machine: { ...machineFacts(), loadAverageAtEnd: os.loadavg().map((l) => round(l)) },
    setup: { booths: BOOTHS, intervalMs: HEARTBEAT_INTERVAL_MS, measuredSecondsPerPhase: SECONDS },
    phases,
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`results: ${path.relative(repoRoot, RESULTS_FILE)}`);
  return [];
}

await runBench('bench:health-holder', main);
