/**
 * The staffing maths' speed (to be part of `npm run bench:staffing`; alone: `npx tsx bench/erlang.ts`).
 *
 * For every agent count c = 1…500 at traffic A = 0.85·c (a queue worth computing: 85 % occupancy),
 * 180 s handling, answered within 20 s, each call is timed alone with performance.now():
 *   - erlangC: erlangCMeasures (Erlang B recursion of c steps, then P(wait), SL, ASA);
 *   - erlangA: erlangAMeasures with a mean patience of 180 s (the same recursion plus the integrals);
 *   - baseline: a plain loop of c Math.exp calls, one per step of the recursion, timed the same way;
 *   - timer: two performance.now() calls with nothing between (what every figure above includes).
 * ROUNDS rounds over all 500 counts, in a seeded shuffled order, after one unrecorded warm-up round.
 * Also timed, whole: staffInterval for the textbook interval (A = 10) and for A = 425 (≈ 450 agents).
 *
 * Results: bench/results/staffing-erlang.json. Goal: Erlang C p99 ≤ 1 ms per call. Exit code 0 when
 * measured, goal met or not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../app/domain/seeded-random';
import { erlangAMeasures, erlangCMeasures, type StaffingInput, staffInterval } from '../app/domain/staffing/erlang';
import { machineFacts, percentile, round, sortedOf } from './stats';

const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'staffing-erlang.json');
const MAX_AGENTS = 500;
const LOAD = 0.85;
const ROUNDS = 40;
const STAFFING_REPEATS = 200;
const SEED = 20_261_204;
const QUEUE = { handlingSeconds: 180, answerWithinSeconds: 20 } as const;
const PATIENCE_SECONDS = 180;
export const ERLANG_GOAL = { erlangCP99AtMostMs: 1 } as const;

interface Timing {
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

function timingOf(samples: readonly number[]): Timing {
  const sorted = sortedOf(samples);
  const ms = (v: number) => round(v, 5);
  return {
    calls: samples.length,
    p50Ms: ms(percentile(sorted, 50)),
    p95Ms: ms(percentile(sorted, 95)),
    p99Ms: ms(percentile(sorted, 99)),
    maxMs: ms(sorted[sorted.length - 1]!),
    meanMs: ms(samples.reduce((s, v) => s + v, 0) / samples.length),
  };
}

/** Keeps the measured results alive, so the JIT cannot drop the calls. */
let sink = 0;

function expLoop(count: number): number {
  let sum = 0;
  for (let k = 1; k <= count; k++) sum += Math.exp(-k / count);
  return sum;
}

const kinds = {
  erlangC: (agents: number) => erlangCMeasures({ ...QUEUE, traffic: LOAD * agents, agents }).serviceLevel,
  erlangA: (agents: number) =>
    erlangAMeasures({ ...QUEUE, traffic: LOAD * agents, agents, patienceSeconds: PATIENCE_SECONDS }).serviceLevel,
  baseline: (agents: number) => expLoop(agents),
  timer: (_agents: number) => 0,
};
type Kind = keyof typeof kinds;

function timeStaffing(input: StaffingInput): Timing & { agents: number | null } {
  const samples: number[] = [];
  let agents: number | null = null;
  for (let i = 0; i <= STAFFING_REPEATS; i++) {
    const start = performance.now();
    const result = staffInterval(input);
    const elapsed = performance.now() - start;
    if (i > 0) samples.push(elapsed); // the first is warm-up
    agents = result.status === 'staffed' ? result.agents : null;
  }
  return { agents, ...timingOf(samples) };
}

export async function benchErlang() {
  const rand = seededRandom(SEED);
  const counts = Array.from({ length: MAX_AGENTS }, (_, i) => i + 1);
  const samples: Record<Kind, number[]> = { erlangC: [], erlangA: [], baseline: [], timer: [] };
  const started = performance.now();
  for (let roundNo = 0; roundNo <= ROUNDS; roundNo++) {
    for (let i = counts.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [counts[i], counts[j]] = [counts[j]!, counts[i]!];
    }
    for (const kind of Object.keys(kinds) as Kind[]) {
      const run = kinds[kind];
      for (const agents of counts) {
        const start = performance.now();
        sink += run(agents);
        const elapsed = performance.now() - start;
        if (roundNo > 0) samples[kind].push(elapsed);
      }
    }
    await new Promise((resolve) => setImmediate(resolve)); // a long bench should not starve the event loop
  }
  const perCall = Object.fromEntries(Object.entries(samples).map(([kind, values]) => [kind, timingOf(values)])) as Record<Kind, Timing>;
  const textbook = { calls: 100, intervalSeconds: 1800, handlingSeconds: 180, answerWithinSeconds: 20, goal: 0.8, shrinkage: 0.3 };
  const large = { ...textbook, calls: 4250 }; // A = 425 erlangs
  const staffing = {
    textbookErlangC: timeStaffing(textbook),
    textbookErlangA: timeStaffing({ ...textbook, patienceSeconds: PATIENCE_SECONDS }),
    traffic425ErlangC: timeStaffing(large),
    traffic425ErlangA: timeStaffing({ ...large, patienceSeconds: PATIENCE_SECONDS }),
  };
  return {
    timestamp: new Date().toISOString(),
    machine: machineFacts(),
    config: { agents: `1–${MAX_AGENTS}`, load: LOAD, ...QUEUE, patienceSeconds: PATIENCE_SECONDS, rounds: ROUNDS, seed: SEED },
    wallSeconds: round((performance.now() - started) / 1000, 2),
    ...perCall,
    staffing,
    goal: ERLANG_GOAL,
    met: perCall.erlangC.p99Ms <= ERLANG_GOAL.erlangCP99AtMostMs,
    checksum: sink,
  };
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const report = await benchErlang();
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  const line = (name: string, t: Timing) =>
    `${name.padEnd(26)}${String(t.calls).padStart(7)} calls  p50 ${t.p50Ms}  p95 ${t.p95Ms}  p99 ${t.p99Ms}  max ${t.maxMs} ms`;
  console.log(
    [
      `staffing maths, agents 1–${MAX_AGENTS} at ${LOAD * 100} % load, ${ROUNDS} rounds (seed ${SEED}), ${report.wallSeconds} s`,
      line('Erlang C', report.erlangC),
      line('Erlang A', report.erlangA),
      line('baseline (c × exp)', report.baseline),
      line('timer alone', report.timer),
      ...Object.entries(report.staffing).map(([name, t]) => `${line(`staff ${name}`, t)}  → ${t.agents} agents`),
      `Erlang C p99 goal ≤ ${ERLANG_GOAL.erlangCP99AtMostMs} ms: ${report.met ? 'met' : 'NOT met'}`,
      `machine ${report.machine.cpus} CPUs (${report.machine.cpuModel}), Node ${report.machine.node}`,
      `written to ${path.relative(process.cwd(), RESULTS_FILE)}`,
    ].join('\n'),
  );
}
