/**
 * A fleet of booths for the load benchmarks (bench:heartbeat, bench:cluster): booths provisioned
 * in bulk, and the open-loop schedule they send on — each booth at its own phase of the 10 s
 * heartbeat interval, sent on time whether or not earlier answers came back, latency measured
 * from the SCHEDULED time (no coordinated omission).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { type Db, schema } from '@madoguchi/db';
import type { BoothPrincipal } from '../app/server/booths/booth-auth.server';
import { newDeviceCredential } from '../app/server/booths/device-credentials.server';
import { cleanup } from './server';
import { percentile, round, sortedOf } from './stats';

/** How often every booth beats. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** Booths per municipality in the fleet. */
const PER_MUNICIPALITY = 100;
/** Keep-alive sockets to the server (a real fleet has one each; loopback needs far fewer). */
const SOCKETS = 256;
const REQUEST_TIMEOUT_MS = 10_000;

/** A healthy booth's heartbeat body. */
export const BEAT = JSON.stringify({
  appVersion: '0.1.0',
  camera: 'ok',
  microphone: 'ok',
  speaker: 'ok',
  livekit: 'idle',
  network: { rttMs: 12 },
});

/**
 * `count` booths in municipalities of 100, written directly in batches, with real device
 * credentials and a mall's hours (東員町 第2窓口: daily 10:00–20:00; heartbeats do not look at them).
 */
export async function provisionBooths(db: Db, count: number): Promise<{ credentials: string[]; principals: BoothPrincipal[] }> {
  const credentials: string[] = [];
  const principals: BoothPrincipal[] = [];
  const hours = everyDayCalendar([{ start: '10:00', end: '20:00' }]);
  const municipalities = Math.max(1, Math.round(count / PER_MUNICIPALITY));
  for (let t = 0; t < municipalities; t++) {
    const municipalityId = randomUUID();
    const code = String(800_000 + t);
    const booths = [];
    for (let b = 0; b < Math.ceil(count / municipalities) && credentials.length < count; b++) {
      const { credential, credentialHash } = newDeviceCredential();
      const id = randomUUID();
      const name = `bench booth ${t}-${b}`;
      credentials.push(credential);
      principals.push({ kind: 'booth', boothId: id, boothName: name, municipalityId });
      booths.push({ id, municipalityId, name, kind: 'mall' as const, credentialHash, credentialIssuedAt: new Date(), calendar: hours });
    }
    await db.batch([
      db.insert(schema.municipality).values({ id: municipalityId, code, name: `bench town ${code}` }),
      db.insert(schema.booth).values(booths),
    ]);
  }
  return { credentials, principals };
}

/** A booth request's answer: its status, and the app node that answered (`x-madoguchi-node`; `direct` without one). */
export interface BoothAnswer {
  status: number;
  node: string;
  /** What the app said its API took (Server-Timing `app;dur=`), ms; null without it. */
  serverMs?: number | null;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });

/** Closes the fleet's kept-alive connections (the server they went to is gone); new ones open on the next request. */
export function dropBoothConnections() {
  agent.destroy();
}

/** One booth request over the fleet's keep-alive pool, authenticated with the booth's credential. */
export function boothRequest(url: string, method: 'GET' | 'POST', credential: string, body?: string): Promise<BoothAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${credential}`,
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.once('end', () => {
          const timing = /(?:^|,)\s*app;dur=([0-9.]+)/.exec(String(res.headers['server-timing'] ?? ''));
          resolve({
            status: res.statusCode ?? 0,
            node: String(res.headers['x-madoguchi-node'] ?? 'direct'),
            serverMs: timing ? Number(timing[1]) : null,
          });
        });
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', reject);
    req.end(body);
  });
}

export interface OpenLoopPhase {
  requests: number;
  ok: number;
  errors: number;
  byStatus: Record<string, number>;
  byNode: Record<string, number>;
  /** Milliseconds from each answered request's scheduled time (when `record`). */
  latencies: number[];
  /** Each answered request (when `record`): where its time went, to tell the app's part from the rest. */
  samples: BeatSample[];
  seconds: number;
}

/** One answered request of an open loop. */
export interface BeatSample {
  /** When it was due (ms since the epoch). */
  scheduledAt: number;
  /** From the scheduled time to the answer (ms). */
  ms: number;
  /** How late this process sent it (ms): its own event loop was busy or stalled. */
  sendLagMs: number;
  /** What the app's API said it took (ms), null without a Server-Timing header. */
  serverMs: number | null;
  node: string;
}

/**
 * Calls `send(i)` for booth i of `booths`, each once per heartbeat interval for `seconds`, booth i
 * at phase i/booths of the interval. A 200 counts as ok (its latency kept when `record`); any
 * other status or a failure as an error.
 */
export async function openLoop(
  booths: number,
  seconds: number,
  record: boolean,
  send: (booth: number) => Promise<BoothAnswer>,
): Promise<OpenLoopPhase> {
  const phase: OpenLoopPhase = { requests: 0, ok: 0, errors: 0, byStatus: {}, byNode: {}, latencies: [], samples: [], seconds };
  const start = performance.now() + 50;
  const total = Math.floor((seconds * 1000 * booths) / HEARTBEAT_INTERVAL_MS);
  const spacing = HEARTBEAT_INTERVAL_MS / booths;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    // Everything whose scheduled time has come, in order.
    while (sent < total && start + sent * spacing <= now) {
      const scheduled = start + sent * spacing;
      const booth = sent % booths;
      sent++;
      phase.requests++;
      const sendLagMs = performance.now() - scheduled;
      const p = send(booth)
        .then(({ status, node, serverMs }) => {
          phase.byStatus[status] = (phase.byStatus[status] ?? 0) + 1;
          phase.byNode[node] = (phase.byNode[node] ?? 0) + 1;
          if (status === 200) {
            phase.ok++;
            if (record) {
              const ms = performance.now() - scheduled;
              phase.latencies.push(ms);
              phase.samples.push({ scheduledAt: performance.timeOrigin + scheduled, ms, sendLagMs, serverMs: serverMs ?? null, node });
            }
          } else phase.errors++;
        })
        .catch(() => {
          phase.errors++;
          phase.byStatus.error = (phase.byStatus.error ?? 0) + 1;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(Math.max(0, Math.min(5, start + sent * spacing - performance.now())));
  }
  await Promise.all(inFlight);
  return phase;
}

/** What every results file says of an open-loop phase. */
export function phaseSummary(phase: OpenLoopPhase) {
  const sorted = sortedOf(phase.latencies);
  return {
    requests: phase.requests,
    ok: phase.ok,
    errors: phase.errors,
    errorRate: round(phase.errors / Math.max(1, phase.requests), 4),
    byStatus: phase.byStatus,
    byNode: phase.byNode,
    seconds: phase.seconds,
    ratePerSec: round(phase.requests / phase.seconds, 1),
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
    },
  };
}

/**
 * Runs a benchmark's `main` (which answers its failures), always cleans up, and exits: 0 when it
 * measured (goals met or not), 1 on a failure.
 */
export async function runBench(name: string, main: () => Promise<string[]>): Promise<never> {
  let failures: string[] = [];
  try {
    failures = await main();
  } catch (error) {
    console.error(error);
    failures = ['the run failed'];
  } finally {
    await cleanup();
  }
  if (failures.length) console.error(`${name} FAILED: ${failures.join('; ')}`);
  process.exit(failures.length ? 1 : 0);
}
