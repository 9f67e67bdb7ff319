/**
 * Queueing maths for workforce planning: how many operators an interval needs for a service level.
 *
 * Pure: no I/O. Invalid input (negative, NaN, infinite where a number is needed, a fractional agent
 * count) throws a RangeError that names the field.
 *
 * Notation: λ arrivals per second, h = 1/μ mean handling seconds (talk + wrap-up), c agents,
 * A = λ·h the offered traffic in erlangs, t the answer-within seconds, θ = 1/patience.
 *
 * Erlang C (M/M/c, nobody hangs up):
 * - Erlang B by the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)): no factorials, no
 *   overflow at thousands of agents; C = c·B / (c − A·(1 − B)) = P(W > 0).
 * - serviceLevel = P(W ≤ t) = 1 − C·e^{−(c−A)·t/h}; asaSeconds = C·h / (c − A); occupancy = A / c.
 * - c ≤ A (with A > 0) is unstable: the queue grows without end. The measures say `stable: false`,
 *   probabilityOfWaiting 1, serviceLevel 0, asaSeconds null (not Infinity: null survives JSON),
 *   occupancy 1 (0 when there are no agents).
 *
 * Erlang A (M/M/c+M, Palm: callers hang up after an exponential patience of mean 1/θ):
 * - Always stable. The birth–death chain (death rate min(k,c)·μ + max(0,k−c)·θ) gives, as in
 *   Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of performance measures" (2007), §M/M/n+M:
 *   P(V > 0) = A_θ·B / (1 + (A_θ − 1)·B), and, given a wait, the offered wait V (the wait of a
 *   caller who never hangs up) has density ∝ e^{φ(v)}, φ(v) = −cμ·v + (λ/θ)·(1 − e^{−θv}).
 *   Here A_θ = cμ·∫₀^∞ e^{φ} dv (their A(cμ/θ, λ/θ), written as an integral).
 * - A caller who would wait V is answered when patience > V, with probability e^{−θV}. So
 *   probabilityOfAbandoning = P(V>0)·E[1 − e^{−θV} | V>0];
 *   serviceLevel = P(answered and waited ≤ t), among ALL offered calls (callers who hang up count
 *   against it) = P(V=0) + P(V>0)·E[e^{−θV}; V ≤ t | V>0];
 *   asaSeconds = mean wait of ANSWERED calls = P(V>0)·E[V·e^{−θV} | V>0] / P(answered);
 *   occupancy = A·(1 − P(abandon)) / c (only answered calls occupy an agent).
 * - The integrals are computed with 20-point Gauss–Legendre panels walking out from the maximum
 *   of the log-concave e^{φ}, each panel about 4 local scale lengths wide, until e^{φ} is below
 *   e^{−40} of its peak. φ is evaluated relative to its peak (log space, and written so that no
 *   two large terms cancel in overload), so nothing overflows or loses precision.
 *   As θ → 0, φ(v) → −(cμ − λ)·v and the measures tend to Erlang C's (tested).
 *
 *   No agents: everyone waits and hangs up (asaSeconds null). No traffic, in both models:
 *   nothing waits, serviceLevel 1, asaSeconds 0, occupancy 0.
 *
 * staffInterval: traffic = calls · handlingSeconds / intervalSeconds; Erlang A when a finite
 * patience is given, else Erlang C. The answer is the smallest agent count whose measures are
 * stable, reach the goal (serviceLevel ≥ goal) and stay within maxOccupancy (default 1). It steps
 * up one agent at a time (Erlang B carried along, O(1) per step for C) from a bound below which
 * nothing can meet: C needs c > A and c ≥ A / maxOccupancy; in A, serviceLevel ≤ the answered
 * share ≤ c / A, so c ≥ goal·A. No step past STAFFING_AGENT_LIMIT: then the result is
 * `beyond-limit` with the measures at the limit. Erlang A steps cost ~20 µs each, so a low goal
 * at thousands of erlangs (thousands of steps) takes up to a few hundred ms. An Erlang A step
 * skips the integrals when a cheap bound already says the goal cannot be met:
 * serviceLevel ≤ 1 − P(V>0)·P(V>t | V>0) ≤ 1 − B·e^{−c·t/h}, because P(V>0) ≥ B (A_θ ≥ 1 as
 * φ(v) ≥ −cμ·v) and φ' ≥ −cμ, so ∫_t^∞ e^{φ} ≥ e^{−cμ·t}·∫_0^∞ e^{φ}. It only skips counts
 * that fail (with 1e−9 to spare for float error), so the answer and its measures are those of
 * the plain step-by-step search (a randomised test checks this); at light traffic, where most
 * intervals are, it saves most of the failing steps.
 * No calls → 0 agents on calls (whether someone must be on duty anyway is not queueing).
 * scheduledAgents = ceil(agents / (1 − shrinkage)), forgiving 1e−9 of float error.
 */

/** The search in staffInterval stops here: past it, the result is `beyond-limit`. */
export const STAFFING_AGENT_LIMIT = 5000;

export interface Queue {
  /** Offered traffic A = λ·h in erlangs. */
  traffic: number;
  /** Agents on calls (c), a whole number. */
  agents: number;
  /** Mean handling seconds h (talk + wrap-up). */
  handlingSeconds: number;
  /** The t of the service level "answered within t seconds". */
  answerWithinSeconds: number;
}

export interface QueueMeasures {
  /** False only for Erlang C with agents ≤ traffic (the queue grows without end). */
  stable: boolean;
  /** P(W > 0): a caller finds every agent busy. */
  probabilityOfWaiting: number;
  /** 0 in Erlang C. */
  probabilityOfAbandoning: number;
  /** Share of all offered calls answered within answerWithinSeconds. */
  serviceLevel: number;
  /** Average speed of answer of answered calls, seconds; null when unstable or nothing is answered. */
  asaSeconds: number | null;
  /** Share of agent time on calls. */
  occupancy: number;
}

export interface StaffingInput {
  /** Offered calls in the interval. */
  calls: number;
  intervalSeconds: number;
  handlingSeconds: number;
  answerWithinSeconds: number;
  /** Service-level goal, 0 < goal < 1 (0.8 = 80 % within answerWithinSeconds). */
  goal: number;
  /** Share of paid time not on calls (breaks, training), 0 ≤ shrinkage < 1. */
  shrinkage: number;
  /** Mean patience in seconds: given (and finite), Erlang A; absent or Infinity, Erlang C. */
  patienceSeconds?: number;
  /** Highest acceptable occupancy, 0 < maxOccupancy ≤ 1. */
  maxOccupancy?: number;
}

interface StaffingBasis {
  model: 'erlang-c' | 'erlang-a';
  traffic: number;
}

export type StaffingResult =
  | (StaffingBasis & {
      status: 'staffed';
      /** Agents on calls: the smallest count meeting the goal and the cap (0 when no calls). */
      agents: number;
      /** ceil(agents / (1 − shrinkage)). */
      scheduledAgents: number;
      measures: QueueMeasures;
    })
  | (StaffingBasis & { status: 'beyond-limit'; limit: number; measuresAtLimit: QueueMeasures });

const NO_CALLS: QueueMeasures = {
  stable: true,
  probabilityOfWaiting: 0,
  probabilityOfAbandoning: 0,
  serviceLevel: 1,
  asaSeconds: 0,
  occupancy: 0,
};

// Validation ------------------------------------------------------------------------------------

function need(ok: boolean, field: string, rule: string, value: unknown): void {
  if (!ok) throw new RangeError(`${field} must be ${rule}, got ${String(value)}`);
}
const finiteAtLeast0 = (v: number, field: string) => need(Number.isFinite(v) && v >= 0, field, 'a finite number ≥ 0', v);
const finitePositive = (v: number, field: string) => need(Number.isFinite(v) && v > 0, field, 'a finite number > 0', v);
const wholeAgents = (v: number) => need(Number.isSafeInteger(v) && v >= 0, 'agents', 'a whole number ≥ 0', v);

function validateQueue(q: Queue): void {
  finiteAtLeast0(q.traffic, 'traffic');
  wholeAgents(q.agents);
  finitePositive(q.handlingSeconds, 'handlingSeconds');
  finiteAtLeast0(q.answerWithinSeconds, 'answerWithinSeconds');
}
const validPatience = (p: number) => need(p > 0, 'patienceSeconds', 'a number > 0 (Infinity: nobody hangs up)', p);

// Erlang B and C --------------------------------------------------------------------------------

/** B(k) from B(k−1), the stable recursion. */
const nextErlangB = (traffic: number, previous: number, k: number) => (traffic * previous) / (k + traffic * previous);

/** Erlang B: the blocking probability of c agents with no queue (and the base of C and A). */
export function erlangB(traffic: number, agents: number): number {
  finiteAtLeast0(traffic, 'traffic');
  wholeAgents(agents);
  let b = 1;
  for (let k = 1; k <= agents; k++) b = nextErlangB(traffic, b, k);
  return b;
}

/** Erlang C: P(W > 0), the probability that a caller waits; 1 when agents ≤ traffic (unstable). */
export function erlangC({ traffic, agents }: { traffic: number; agents: number }): number {
  const b = erlangB(traffic, agents);
  return probabilityOfWaitingC(traffic, agents, b);
}

function probabilityOfWaitingC(traffic: number, agents: number, b: number): number {
  if (traffic === 0) return 0;
  if (agents <= traffic) return 1;
  return (agents * b) / (agents - traffic * (1 - b));
}

/** Erlang C's measures (M/M/c): see the header for the definitions. */
export function erlangCMeasures(queue: Queue): QueueMeasures {
  validateQueue(queue);
  return measuresC(queue, erlangB(queue.traffic, queue.agents));
}

function measuresC({ traffic, agents, handlingSeconds, answerWithinSeconds }: Queue, b: number): QueueMeasures {
  if (traffic === 0) return NO_CALLS;
  if (agents <= traffic) {
    const occupancy = agents === 0 ? 0 : 1;
    return { stable: false, probabilityOfWaiting: 1, probabilityOfAbandoning: 0, serviceLevel: 0, asaSeconds: null, occupancy };
  }
  const pWait = probabilityOfWaitingC(traffic, agents, b);
  const headroom = agents - traffic;
  return {
    stable: true,
    probabilityOfWaiting: pWait,
    probabilityOfAbandoning: 0,
    serviceLevel: 1 - pWait * Math.exp((-headroom * answerWithinSeconds) / handlingSeconds),
    asaSeconds: (pWait * handlingSeconds) / headroom,
    occupancy: traffic / agents,
  };
}

// Erlang A --------------------------------------------------------------------------------------

/** Erlang A's measures (M/M/c+M, exponential patience): see the header for the definitions. */
export function erlangAMeasures(queue: Queue & { patienceSeconds: number }): QueueMeasures {
  validateQueue(queue);
  validPatience(queue.patienceSeconds);
  const b = erlangB(queue.traffic, queue.agents);
  if (queue.patienceSeconds === Number.POSITIVE_INFINITY) return measuresC(queue, b);
  return measuresA(queue, queue.patienceSeconds, b);
}

/** Nodes and weights of n-point Gauss–Legendre on [−1, 1] (Newton on the Legendre polynomial). */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      derivative = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = z;
    weights[i] = 2 / ((1 - z * z) * derivative * derivative);
  }
  return { nodes, weights };
}

const GL = gaussLegendre(20);
/** Stop walking when e^{φ} is below e^{−40} (≈ 4e−18) of its peak: log-concave, so the rest is smaller. */
const LOG_NEGLIGIBLE = 40;
/** Panel width in local scale lengths 1 / (|φ'| + √|φ''|). */
const PANEL_SCALES = 4;
/** A safety bound on the walk; reached only by a bug, not by any valid input. */
const MAX_PANELS = 10_000;

function measuresA(queue: Queue, patienceSeconds: number, b: number): QueueMeasures {
  const { traffic, agents, handlingSeconds, answerWithinSeconds: t } = queue;
  if (traffic === 0) return NO_CALLS;
  if (agents === 0) {
    return { stable: true, probabilityOfWaiting: 1, probabilityOfAbandoning: 1, serviceLevel: 0, asaSeconds: null, occupancy: 0 };
  }
  const theta = 1 / patienceSeconds;
  const lambda = traffic / handlingSeconds;
  const cmu = agents / handlingSeconds;
  // The density of V peaks where arrivals still joining the queue, λ·e^{−θv}, equal service, cμ.
  const peakAt = lambda > cmu ? Math.log(lambda / cmu) / theta : 0;
  const joiningAtPeak = Math.min(lambda, cmu);
  const peak = peakAt === 0 ? 0 : (lambda - cmu) / theta - cmu * peakAt;
  // φ(peakAt + d) − φ(peakAt), written so that no two large terms cancel (they would in overload).
  const logDensity = (d: number) => -cmu * d - (joiningAtPeak / theta) * Math.expm1(-theta * d);
  const scale = (d: number) => {
    const joining = joiningAtPeak * Math.exp(-theta * d);
    return 1 / (Math.abs(joining - cmu) + Math.sqrt(theta * joining));
  };

  // ∫ e^{φ−peak}·w dv for w = 1, 1 − e^{−θv}, e^{−θv}, v·e^{−θv}; and e^{−θv} over v ≤ t.
  let whole = 0;
  let abandoned = 0;
  let answered = 0;
  let answeredWait = 0;
  let answeredWithin = 0;
  const tAt = t - peakAt;
  const panel = (from: number, to: number) => {
    const half = (to - from) / 2;
    const mid = (to + from) / 2;
    let sWhole = 0;
    let sAbandoned = 0;
    let sAnswered = 0;
    let sWait = 0;
    for (let i = 0; i < GL.nodes.length; i++) {
      const d = mid + half * GL.nodes[i]!;
      const v = peakAt + d;
      const density = GL.weights[i]! * Math.exp(logDensity(d));
      const answeredShare = Math.exp(-theta * v);
      sWhole += density;
      sAbandoned -= density * Math.expm1(-theta * v);
      sAnswered += density * answeredShare;
      sWait += density * v * answeredShare;
    }
    whole += sWhole * half;
    abandoned += sAbandoned * half;
    answered += sAnswered * half;
    answeredWait += sWait * half;
    if (to <= tAt) answeredWithin += sAnswered * half;
  };
  // Outwards from the peak (d = 0) to where the density is negligible, or to v = 0; panels never
  // straddle t, so answeredWithin is exact.
  const walk = (direction: 1 | -1) => {
    let from = 0;
    for (let count = 0; count < MAX_PANELS; count++) {
      let to = from + direction * PANEL_SCALES * scale(from);
      if (direction < 0) to = Math.max(-peakAt, to);
      if ((from < tAt && tAt < to) || (to < tAt && tAt < from)) to = tAt;
      panel(Math.min(from, to), Math.max(from, to));
      if (to === -peakAt || logDensity(to) < -LOG_NEGLIGIBLE) return;
      from = to;
    }
    throw new Error(`Erlang A integration did not converge for ${JSON.stringify({ ...queue, patienceSeconds })}`);
  };
  walk(1);
  if (peakAt > 0) walk(-1);

  // P(V>0) = 1 / (1 + (1 − B) / (B·A_θ)), with log A_θ = log(cμ) + peak + log(whole).
  const logRatio = Math.log1p(-b) - Math.log(b) - Math.log(cmu) - peak - Math.log(whole);
  const pWait = b === 0 ? 0 : 1 / (1 + Math.exp(logRatio));
  const pAnswered = 1 - pWait + (pWait * answered) / whole;
  return {
    stable: true,
    probabilityOfWaiting: pWait,
    probabilityOfAbandoning: (pWait * abandoned) / whole,
    serviceLevel: 1 - pWait + (pWait * answeredWithin) / whole,
    asaSeconds: pAnswered > 0 ? (pWait * answeredWait) / whole / pAnswered : null,
    occupancy: (traffic * pAnswered) / agents,
  };
}

// Staffing --------------------------------------------------------------------------------------

/** What the Erlang A bound must fall short of the goal by before a count is skipped unmeasured. */
const BOUND_SLACK = 1e-9;

/** Float error allowance when rounding up, so 14 / (1 − 0.3) = 20.000000000000004 schedules 20. */
const ROUNDING_SLACK = 1e-9;

/** The smallest agent count meeting the goal (and occupancy cap) for one interval; see the header. */
export function staffInterval(input: StaffingInput): StaffingResult {
  const { calls, intervalSeconds, handlingSeconds, answerWithinSeconds, goal, shrinkage } = input;
  finiteAtLeast0(calls, 'calls');
  finitePositive(intervalSeconds, 'intervalSeconds');
  finitePositive(handlingSeconds, 'handlingSeconds');
  finiteAtLeast0(answerWithinSeconds, 'answerWithinSeconds');
  need(goal > 0 && goal < 1, 'goal', 'between 0 and 1 (exclusive)', goal);
  need(shrinkage >= 0 && shrinkage < 1, 'shrinkage', 'at least 0 and below 1', shrinkage);
  const maxOccupancy = input.maxOccupancy ?? 1;
  need(maxOccupancy > 0 && maxOccupancy <= 1, 'maxOccupancy', 'above 0 and at most 1', maxOccupancy);
  const patience = input.patienceSeconds ?? Number.POSITIVE_INFINITY;
  validPatience(patience);

  const traffic = (calls * handlingSeconds) / intervalSeconds;
  const model = patience === Number.POSITIVE_INFINITY ? 'erlang-c' : 'erlang-a';
  // No calls, no agents on calls: whether a booth needs someone on duty anyway is not queueing.
  if (traffic === 0) return { status: 'staffed', model, traffic, agents: 0, scheduledAgents: 0, measures: NO_CALLS };

  const measure = (agents: number, b: number) => {
    const queue = { traffic, agents, handlingSeconds, answerWithinSeconds };
    return model === 'erlang-c' ? measuresC(queue, b) : measuresA(queue, patience, b);
  };
  // Below these nothing can meet: C needs c > A and c ≥ A / cap; in A, SL ≤ answered share ≤ c / A.
  // One less than the float bound, so float error cannot skip the answer; the loop checks anyway.
  const lowerBound = model === 'erlang-c' ? Math.max(traffic, traffic / maxOccupancy) : goal * traffic;
  const start = Math.min(STAFFING_AGENT_LIMIT, Math.max(1, Math.ceil(lowerBound) - 1));
  // Erlang A: serviceLevel ≤ 1 − B·e^{−c·t/h} (see the header); below the goal, c cannot meet it.
  // Never skipped at the limit, whose measures a beyond-limit result reports.
  const measureUnlessHopeless = (agents: number, b: number): QueueMeasures | null =>
    model === 'erlang-a' &&
    agents < STAFFING_AGENT_LIMIT &&
    1 - b * Math.exp((-agents * answerWithinSeconds) / handlingSeconds) < goal - BOUND_SLACK
      ? null
      : measure(agents, b);
  let b = erlangB(traffic, start);
  let measures = measureUnlessHopeless(start, b);
  for (let agents = start; ; ) {
    if (measures?.stable && measures.serviceLevel >= goal && measures.occupancy <= maxOccupancy) {
      const scheduledAgents = Math.ceil(agents / (1 - shrinkage) - ROUNDING_SLACK);
      return { status: 'staffed', model, traffic, agents, scheduledAgents, measures };
    }
    if (agents === STAFFING_AGENT_LIMIT) break;
    agents++;
    b = nextErlangB(traffic, b, agents);
    measures = measureUnlessHopeless(agents, b);
  }
  // The limit is never skipped, so measures is already the limit's.
  const measuresAtLimit = measures ?? measure(STAFFING_AGENT_LIMIT, b);
  return { status: 'beyond-limit', model, traffic, limit: STAFFING_AGENT_LIMIT, measuresAtLimit };
}
