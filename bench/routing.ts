/**
 * `npx tsx bench/routing.ts` (to be `npm run bench:call`) — how long one routing decision takes
 * at national scale: 3,500 booths and 1,000 operators over 300 municipalities.
 *
 * A seeded discrete-event simulation drives the real `Router` (app/domain/routing.ts): booths
 * call, residents give up, operators accept, decline or let offers ring out, calls end, wrap-ups
 * end, operators take breaks and go offline, and the queue service's 1 s tick runs. Load is
 * above capacity on purpose (booths call again soon after a call), so the queue holds a couple
 * of thousand waiting calls: the peak the product must handle. Each router call is timed with
 * performance.now(); the simulation's own bookkeeping is not. The first WARMUP_EVENTS (JIT
 * warm-up) are left out of the figures. Bounded by MAX_EVENTS, SIM_HORIZON_S and WALL_LIMIT_MS.
 *
 * Also measured once, mid-run: rebuilding a Router from a snapshot (`restore`), as after a restart.
 * And on every tick, for a few waiting calls picked at random, what one booth poll of its place
 * costs (GET …/queue: `placeOf` — position, wait estimate and availability), reported apart from
 * the decisions (`boothPoll`).
 *
 * Results go to bench/results/routing.json. Exit code 0 when measured, goal met or not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language, Procedure } from '@madoguchi/db';
import { type ChosenStatus, type Decision, Router, type RoutingConfig, refusalOf, type Skills } from '../app/domain/routing';
import { seededRandom } from '../app/domain/seeded-random';
import { MinHeap } from '../app/domain/sorted-collections';
import { machineFacts, percentile, round as roundTo, sortedOf } from './stats';

const SEED = 20_261_122;
const BOOTHS = 3_500;
const OPERATORS = 1_000;
const MUNICIPALITIES = 300;
const REGIONS = 47;
const MAX_EVENTS = 120_000;
const WARMUP_EVENTS = 5_000;
const SIM_HORIZON_S = 6 * 3600;
const WALL_LIMIT_MS = 10_000;
const RESTORE_AT_S = 1800;
const TICK_MS = 1000;
/** Waiting calls whose booth poll is timed on each tick. */
const POLL_SAMPLES = 5;
const GOAL = { p99AtMostMs: 5 } as const;
const CONFIG: RoutingConfig = { offerTimeoutMs: 20_000, wrapUpMs: 30_000 };
const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'routing.json');

const ALL_PROCEDURES: Procedure[] = ['new_application', 'renewal', 'lost_reissue', 'health_insurance', 'bank_account', 'other_mynaportal'];

// ---------------------------------------------------------------------------------------------
// Seeded randomness.

const rand = seededRandom(SEED);
const uniform = (low: number, high: number) => low + rand() * (high - low);
const exponential = (mean: number) => -mean * Math.log(1 - rand());
const pickIndex = (n: number) => Math.floor(rand() * n);
function weighted<T>(entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = rand() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return entries[entries.length - 1]![0];
}
function sample<T>(items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = pickIndex(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

// ---------------------------------------------------------------------------------------------
// The country: municipalities of very different sizes, booths where people live, operators
// staffed to match, mostly Japanese-only, some bilingual, some with a subset of procedures.

const municipalityIds = Array.from({ length: MUNICIPALITIES }, (_, i) => `m${String(i).padStart(3, '0')}`);
const municipalityWeight = municipalityIds.map((_, i) => 1 / (i + 1) ** 0.8);
const regionOf = municipalityIds.map(() => pickIndex(REGIONS));
const municipalitiesOfRegion = Array.from({ length: REGIONS }, (_, r) => municipalityIds.filter((_, i) => regionOf[i] === r));

const boothMunicipality: string[] = [...municipalityIds]; // at least one booth each
while (boothMunicipality.length < BOOTHS)
  boothMunicipality.push(weighted(municipalityIds.map((id, i) => [id, municipalityWeight[i]!] as const)));

function operatorSkills(): Skills {
  const home = weighted(municipalityWeight.map((weight, i) => [i, weight] as const));
  const region = municipalitiesOfRegion[regionOf[home]!]!;
  const scope = weighted([
    ['local', 60],
    ['region', 29],
    ['wide', 10],
    ['national', 1],
  ] as const);
  const municipalities =
    scope === 'local'
      ? [...new Set([municipalityIds[home]!, ...sample(region, pickIndex(3))])]
      : scope === 'region'
        ? region
        : scope === 'wide'
          ? sample(municipalityIds, 50 + pickIndex(100))
          : municipalityIds;
  const languages = weighted<Language[]>([
    [['ja'], 78],
    [['ja', 'en'], 10],
    [['ja', 'zh-Hans'], 4],
    [['ja', 'ko'], 3],
    [['ja', 'vi'], 2],
    [['ja', 'pt'], 2],
    [['ja', 'en', 'zh-Hans'], 1],
  ]);
  const procedures = rand() < 0.7 ? ALL_PROCEDURES : sample(ALL_PROCEDURES, 3 + pickIndex(3));
  return { municipalityIds: municipalities, languages, procedures };
}

const operatorIds = Array.from({ length: OPERATORS }, (_, i) => `op${String(i).padStart(4, '0')}`);
const skillsOf = new Map(operatorIds.map((id) => [id, operatorSkills()]));

const callLanguage = () =>
  weighted<Language>([
    ['ja', 90],
    ['en', 4],
    ['zh-Hans', 2.5],
    ['ko', 1.5],
    ['vi', 1],
    ['pt', 1],
  ]);
const callProcedure = () =>
  weighted<Procedure | null>([
    ['new_application', 25],
    ['renewal', 25],
    ['lost_reissue', 10],
    ['health_insurance', 15],
    ['bank_account', 10],
    ['other_mynaportal', 5],
    [null, 10],
  ]);

// ---------------------------------------------------------------------------------------------
// Simulated events, in time order.

type SimEvent =
  | { at: number; kind: 'call'; booth: number }
  | { at: number; kind: 'respond'; sessionId: string; operatorId: string; accept: boolean }
  | { at: number; kind: 'patience'; sessionId: string }
  | { at: number; kind: 'hangup'; sessionId: string; operatorId: string }
  | { at: number; kind: 'status'; operatorId: string; status: ChosenStatus; planned?: true }
  | { at: number; kind: 'tick' };

/** The simulation's events in time order; events at the same time in the order they were pushed. */
class EventQueue {
  private readonly heap = new MinHeap<{ event: SimEvent; seq: number }>((a, b) => a.event.at - b.event.at || a.seq - b.seq);
  private seq = 0;
  push(event: SimEvent): void {
    this.heap.push({ event, seq: this.seq++ });
  }
  pop(): SimEvent | undefined {
    return this.heap.pop()?.event;
  }
}

// ---------------------------------------------------------------------------------------------

/** Sub-millisecond figures: three decimals by default. */
const round = (n: number, digits = 3) => roundTo(n, digits);

function summarize(samples: number[]) {
  const sorted = sortedOf(samples);
  const mean = samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length);
  return {
    count: samples.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    meanMs: round(mean, 4),
  };
}

function main() {
  const loadAtStart = round(os.loadavg()[0] ?? 0, 2);
  const router = new Router(CONFIG);
  const queue = new EventQueue();
  const boothSession: (string | null)[] = new Array(BOOTHS).fill(null);
  const sessionBooth = new Map<string, number>();
  const waitingSessions = new Set<string>();
  const ringingFor = new Map<string, string>(); // sessionId → operatorId
  const statusOf = new Map<string, string>();
  const inStatus = new Map<string, number>();
  let nextSession = 0;

  const timings: number[] = [];
  const byKind = new Map<string, number[]>();
  const counts = { offers: 0, answered: 0, abandoned: 0, declined: 0, timedOut: 0, refused: 0, statusChanges: 0 };
  const queueSamples: number[] = [];
  let peak = { waiting: 0, ringing: 0, onCall: 0 };
  let restore: { atSimSeconds: number; waiting: number; ringing: number; operators: number; ms: number; offersMade: number } | null = null;
  let events = 0;

  for (const operatorId of operatorIds) {
    queue.push({ at: uniform(0, 60_000), kind: 'status', operatorId, status: 'available' });
    queue.push({ at: uniform(60_000, 3_600_000), kind: 'status', operatorId, status: rand() < 0.75 ? 'break' : 'offline', planned: true });
  }
  for (let booth = 0; booth < BOOTHS; booth++) queue.push({ at: uniform(0, 300_000), kind: 'call', booth });
  queue.push({ at: TICK_MS, kind: 'tick' });

  const boothFree = (sessionId: string, at: number) => {
    const booth = sessionBooth.get(sessionId);
    if (booth === undefined) return;
    sessionBooth.delete(sessionId);
    boothSession[booth] = null;
    queue.push({ at: at + exponential(45_000), kind: 'call', booth });
  };

  /** The queue service's part: carry out decisions (send offers, remember outcomes). */
  const apply = (decisions: Decision[], at: number) => {
    for (const d of decisions) {
      switch (d.kind) {
        case 'offer': {
          counts.offers++;
          ringingFor.set(d.offer.sessionId, d.offer.operatorId);
          const r = rand();
          if (r < 0.85)
            queue.push({
              at: at + uniform(2000, 12_000),
              kind: 'respond',
              sessionId: d.offer.sessionId,
              operatorId: d.offer.operatorId,
              accept: true,
            });
          else if (r < 0.94)
            queue.push({
              at: at + uniform(1000, 8000),
              kind: 'respond',
              sessionId: d.offer.sessionId,
              operatorId: d.offer.operatorId,
              accept: false,
            });
          // else: nobody answers; the offer rings out on a tick.
          break;
        }
        case 'offer-withdrawn':
          ringingFor.delete(d.sessionId);
          if (d.reason === 'timeout') counts.timedOut++;
          if (d.reason === 'declined') counts.declined++;
          break;
        case 'answered':
          counts.answered++;
          waitingSessions.delete(d.sessionId);
          queue.push({
            at: at + 120_000 + Math.min(exponential(240_000), 1_800_000),
            kind: 'hangup',
            sessionId: d.sessionId,
            operatorId: d.operatorId,
          });
          break;
        case 'abandoned':
          counts.abandoned++;
          waitingSessions.delete(d.sessionId);
          boothFree(d.sessionId, at);
          break;
        case 'operator-status':
          counts.statusChanges++;
          {
            const before = statusOf.get(d.operatorId);
            if (before) inStatus.set(before, (inStatus.get(before) ?? 0) - 1);
            inStatus.set(d.status, (inStatus.get(d.status) ?? 0) + 1);
            statusOf.set(d.operatorId, d.status);
          }
          // Someone who missed an offer comes back after a while.
          if (d.status === 'away')
            queue.push({ at: at + uniform(5000, 60_000), kind: 'status', operatorId: d.operatorId, status: 'available' });
          break;
        case 'refused':
          counts.refused++;
          break;
      }
    }
  };

  const pollTimings: number[] = [];
  const timed = (kind: string, run: () => Decision[], at: number) => {
    const start = performance.now();
    const decisions = run();
    const ms = performance.now() - start;
    events++;
    if (events > WARMUP_EVENTS) {
      timings.push(ms);
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push(ms);
    }
    apply(decisions, at);
    return decisions;
  };

  const wallStart = performance.now();
  let simAt = 0;
  while (events < MAX_EVENTS && performance.now() - wallStart < WALL_LIMIT_MS) {
    const event = queue.pop();
    if (!event || event.at > SIM_HORIZON_S * 1000) break;
    const at = Math.round(event.at);
    simAt = at;
    switch (event.kind) {
      case 'call': {
        if (boothSession[event.booth] !== null) break;
        const sessionId = `s${nextSession++}`;
        boothSession[event.booth] = sessionId;
        sessionBooth.set(sessionId, event.booth);
        waitingSessions.add(sessionId);
        const call = {
          sessionId,
          municipalityId: boothMunicipality[event.booth]!,
          language: callLanguage(),
          procedure: callProcedure(),
          requestedAt: at,
        };
        timed('callRequested', () => router.callRequested(call, at), at);
        queue.push({ at: at + exponential(600_000), kind: 'patience', sessionId });
        break;
      }
      case 'respond':
        // A click on an offer that is no longer ringing would just be refused; skip it.
        if (ringingFor.get(event.sessionId) !== event.operatorId) break;
        if (event.accept) timed('offerAccepted', () => router.offerAccepted(event.sessionId, event.operatorId, at), at);
        else timed('offerDeclined', () => router.offerDeclined(event.sessionId, event.operatorId, at), at);
        break;
      case 'patience':
        if (waitingSessions.has(event.sessionId)) timed('callCancelled', () => router.callCancelled(event.sessionId, at), at);
        break;
      case 'hangup':
        timed('callEnded', () => router.callEnded(event.operatorId, at, event.sessionId), at);
        boothFree(event.sessionId, at);
        break;
      case 'status': {
        // The service passes the operator's skills on every status change, as the console does.
        const skills = skillsOf.get(event.operatorId)!;
        const decisions = timed('setStatus', () => router.setStatus(event.operatorId, event.status, at, skills), at);
        if (!event.planned) break;
        if (refusalOf(decisions)) {
          queue.push({ ...event, at: at + 60_000 }); // on a call: try after it
          break;
        }
        const back = event.status === 'break' ? uniform(300_000, 900_000) : uniform(600_000, 3_600_000);
        queue.push({ at: at + back, kind: 'status', operatorId: event.operatorId, status: 'available' });
        queue.push({
          at: at + back + exponential(3_600_000),
          kind: 'status',
          operatorId: event.operatorId,
          status: rand() < 0.75 ? 'break' : 'offline',
          planned: true,
        });
        break;
      }
      case 'tick': {
        timed('tick', () => router.tick(at), at);
        if (events > WARMUP_EVENTS && waitingSessions.size > 0) {
          const ids = [...waitingSessions];
          for (let i = 0; i < POLL_SAMPLES; i++) {
            const id = ids[pickIndex(ids.length)]!;
            const start = performance.now();
            router.placeOf(id, 480_000);
            pollTimings.push(performance.now() - start);
          }
        }
        queue.push({ at: at + TICK_MS, kind: 'tick' });
        const ringing = inStatus.get('offered') ?? 0;
        const onCall = inStatus.get('on_call') ?? 0;
        const waiting = waitingSessions.size;
        queueSamples.push(waiting);
        peak = {
          waiting: Math.max(peak.waiting, waiting),
          ringing: Math.max(peak.ringing, ringing),
          onCall: Math.max(peak.onCall, onCall),
        };
        if (!restore && at >= RESTORE_AT_S * 1000) {
          const snapshot = router.snapshot();
          const rebuilt = new Router(CONFIG);
          const start = performance.now();
          const decisions = rebuilt.restore(snapshot, at);
          const ms = performance.now() - start;
          restore = {
            atSimSeconds: Math.round(at / 1000),
            waiting: snapshot.waiting.length,
            ringing: snapshot.offers.length,
            operators: snapshot.operators.length,
            ms: round(ms),
            offersMade: decisions.filter((d) => d.kind === 'offer').length,
          };
        }
        break;
      }
    }
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;

  const overall = summarize(timings);
  const perKind = Object.fromEntries([...byKind.entries()].sort().map(([kind, samples]) => [kind, summarize(samples)]));
  const sizes = [...skillsOf.values()].map((s) => s.municipalityIds.length).sort((a, b) => a - b);
  const report = {
    timestamp: new Date().toISOString(),
    machine: {
      ...machineFacts(),
      /** Other work on the box shows up as rare long pauses (max), not in the p99. */
      loadAverage1mAtStart: loadAtStart,
    },
    seed: SEED,
    scale: {
      booths: BOOTHS,
      operators: OPERATORS,
      municipalities: MUNICIPALITIES,
      municipalitiesPerOperator: { median: sizes[Math.floor(sizes.length / 2)], max: sizes[sizes.length - 1] },
      operatorsWithAnotherLanguage: [...skillsOf.values()].filter((s) => s.languages.length > 1).length,
      operatorsWithSomeProcedures: [...skillsOf.values()].filter((s) => s.procedures.length < ALL_PROCEDURES.length).length,
    },
    config: CONFIG,
    events: overall.count,
    warmupEvents: Math.min(events, WARMUP_EVENTS),
    simulatedSeconds: Math.round(simAt / 1000),
    wallSeconds: round(wallSeconds, 2),
    p50Ms: overall.p50Ms,
    p95Ms: overall.p95Ms,
    p99Ms: overall.p99Ms,
    maxMs: overall.maxMs,
    meanMs: overall.meanMs,
    byEvent: perKind,
    /** One booth's poll of its place (availability, position, estimate): not a decision, so not in the figures above. */
    boothPoll: summarize(pollTimings),
    queue: {
      waitingPeak: peak.waiting,
      waitingMean: Math.round(queueSamples.reduce((s, x) => s + x, 0) / Math.max(1, queueSamples.length)),
      ringingPeak: peak.ringing,
      onCallPeak: peak.onCall,
    },
    outcomes: counts,
    restore,
    goal: GOAL,
    met: overall.p99Ms <= GOAL.p99AtMostMs,
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);

  const kindLines = Object.entries(perKind).map(
    ([kind, s]) => `  ${kind.padEnd(16)}${String(s.count).padStart(8)}  p50 ${s.p50Ms}  p99 ${s.p99Ms}  max ${s.maxMs}`,
  );
  console.log(
    [
      `routing at national scale: ${BOOTHS} booths, ${OPERATORS} operators, ${MUNICIPALITIES} municipalities (seed ${SEED})`,
      `events timed        ${report.events} after ${report.warmupEvents} warm-up, ${report.simulatedSeconds} simulated s in ${report.wallSeconds} s`,
      `decision ms         p50 ${report.p50Ms}  p95 ${report.p95Ms}  p99 ${report.p99Ms}  max ${report.maxMs}`,
      ...kindLines,
      `booth poll ms       ${report.boothPoll.count} sampled  p50 ${report.boothPoll.p50Ms}  p99 ${report.boothPoll.p99Ms}  max ${report.boothPoll.maxMs}`,
      `queue               waiting peak ${report.queue.waitingPeak}, mean ${report.queue.waitingMean}; ringing peak ${report.queue.ringingPeak}; on call peak ${report.queue.onCallPeak}`,
      `outcomes            ${counts.offers} offers, ${counts.answered} answered, ${counts.abandoned} abandoned, ${counts.declined} declined, ${counts.timedOut} rang out`,
      restore
        ? `restore             ${restore.waiting} waiting calls, ${restore.operators} operators rebuilt in ${restore.ms} ms (${restore.offersMade} offers)`
        : 'restore             not reached',
      `p99 goal ≤ ${GOAL.p99AtMostMs} ms      ${report.met ? 'met' : 'NOT met'}`,
      `machine             ${report.machine.cpus} CPUs (${report.machine.cpuModel}), Node ${report.machine.node}`,
      `written to          ${path.relative(process.cwd(), RESULTS_FILE)}`,
    ].join('\n'),
  );
}

main();
