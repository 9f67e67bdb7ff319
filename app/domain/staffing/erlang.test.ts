import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random';
import {
  erlangAMeasures,
  erlangB,
  erlangC,
  erlangCMeasures,
  type Queue,
  type QueueMeasures,
  STAFFING_AGENT_LIMIT,
  type StaffingInput,
  staffInterval,
} from './erlang';

/** The textbook interval: 100 calls in 30 minutes, 180 s handling, answered within 20 s → A = 10 erlangs. */
const textbook = (agents: number): Queue => ({ traffic: 10, agents, handlingSeconds: 180, answerWithinSeconds: 20 });
const textbookInterval: StaffingInput = {
  calls: 100,
  intervalSeconds: 1800,
  handlingSeconds: 180,
  answerWithinSeconds: 20,
  goal: 0.8,
  shrinkage: 0,
};

const staffed = (input: StaffingInput) => {
  const result = staffInterval(input);
  if (result.status !== 'staffed') throw new Error(`expected staffed, got ${JSON.stringify(result)}`);
  return result;
};

/** log(Σ e^{x_i}) without overflow. */
function logSumExp(xs: number[]): number {
  const top = Math.max(...xs);
  return top + Math.log(xs.reduce((sum, x) => sum + Math.exp(x - top), 0));
}

/** Erlang C from its textbook formula, in log space with log-factorials: an independent check at large c. */
function erlangCByLogFormula(traffic: number, agents: number): number {
  const logTerms: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k < agents; k++) {
    if (k > 0) logFactorial += Math.log(k);
    logTerms.push(k * Math.log(traffic) - logFactorial);
  }
  const logLast = agents * Math.log(traffic) - (logFactorial + Math.log(agents)) + Math.log(agents / (agents - traffic));
  return Math.exp(logLast - logSumExp([...logTerms, logLast]));
}

/**
 * Erlang A by brute force over the birth–death chain's states, truncated where negligible: P(wait) and
 * P(abandon) from the stationary distribution (abandonment rate θ·E[queue] over λ); answered-within-t
 * and the wait of answered calls summed state by state from the wait of a caller with n callers ahead.
 */
function erlangAByStates(q: Queue & { patienceSeconds: number }): QueueMeasures {
  const { traffic, agents: c, handlingSeconds: h, answerWithinSeconds: t } = q;
  const lambda = traffic / h;
  const mu = 1 / h;
  const theta = 1 / q.patienceSeconds;
  // Log-weights relative to π_c (in overload the queue's weights would overflow as plain numbers).
  const below: number[] = [];
  let logWeight = 0;
  for (let k = c; k > 0; k--) below.push((logWeight += Math.log((k * mu) / lambda)));
  const queued: number[] = [0];
  // Unimodal: walk past the top until the weights are e^{−60} below it.
  for (let n = 1, top = 0; n < 10 || queued[n - 1]! > top - 60; n++) {
    if (n > 1_000_000) throw new Error('the reference sum does not converge');
    queued.push(queued[n - 1]! + Math.log(lambda / (c * mu + n * theta)));
    top = Math.max(top, queued[n]!);
  }
  const logTotal = logSumExp([...below, ...queued]);
  const x = (c * mu) / theta;
  const hangUpBy = -Math.expm1(-theta * t);
  let waiting = 0;
  let meanQueue = 0;
  let answeredWithin = 0;
  let answeredWait = 0;
  let tiltedMean = 0;
  let negBinTerm = 1;
  let negBinSum = 0;
  queued.forEach((weight, n) => {
    const pi = Math.exp(weight - logTotal);
    waiting += pi;
    meanQueue += pi * n;
    // With n ahead, the offered wait is Σ_{i=0..n} Exp(cμ + iθ); tilted by e^{−θV}, Σ Exp(cμ + (i+1)θ).
    const answeredShare = x / (x + n + 1);
    tiltedMean += 1 / (c * mu + (n + 1) * theta);
    if (n > 0) negBinTerm *= (hangUpBy * (x + n)) / n;
    negBinSum += negBinTerm;
    const tiltedWithin = 1 - Math.exp(-theta * t * (x + 1)) * negBinSum;
    answeredWithin += pi * answeredShare * tiltedWithin;
    answeredWait += pi * answeredShare * tiltedMean;
  });
  const pAbandon = (theta * meanQueue) / lambda;
  return {
    stable: true,
    probabilityOfWaiting: waiting,
    probabilityOfAbandoning: pAbandon,
    serviceLevel: 1 - waiting + answeredWithin,
    asaSeconds: answeredWait / (1 - pAbandon),
    occupancy: (traffic * (1 - pAbandon)) / c,
  };
}

/**
 * A discrete-event simulation of M/M/c (+M) with first-come-first-served agents: each caller takes the
 * agent free first; one whose wait would exceed their patience hangs up and takes no agent.
 */
function simulate(q: Queue & { patienceSeconds: number }, arrivals: number, seed: number) {
  const rand = seededRandom(seed);
  const exponential = (mean: number) => -mean * Math.log(1 - rand());
  const freeAt = new Float64Array(q.agents);
  const meanGap = q.handlingSeconds / q.traffic;
  const warmUp = Math.floor(arrivals / 20);
  let now = 0;
  let counted = 0;
  let waited = 0;
  let abandoned = 0;
  let answeredWithin = 0;
  let answeredWaitSum = 0;
  for (let i = 0; i < arrivals; i++) {
    now += exponential(meanGap);
    let first = 0;
    for (let a = 1; a < freeAt.length; a++) if (freeAt[a]! < freeAt[first]!) first = a;
    const wait = Math.max(0, freeAt[first]! - now);
    const patience = q.patienceSeconds === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : exponential(q.patienceSeconds);
    const answered = wait <= patience;
    if (answered) freeAt[first] = now + wait + exponential(q.handlingSeconds);
    if (i < warmUp) continue;
    counted++;
    if (wait > 0) waited++;
    if (!answered) abandoned++;
    else {
      answeredWaitSum += wait;
      if (wait <= q.answerWithinSeconds) answeredWithin++;
    }
  }
  return {
    probabilityOfWaiting: waited / counted,
    probabilityOfAbandoning: abandoned / counted,
    serviceLevel: answeredWithin / counted,
    asaSeconds: answeredWaitSum / (counted - abandoned),
  };
}

describe('Erlang C: the published figures (100 calls / 30 min, 180 s handling, 20 s)', () => {
  it('P(wait) with 11 operators is 0.6821', () => {
    expect(erlangC({ traffic: 10, agents: 11 })).toBeCloseTo(0.6821, 4);
    expect(erlangCMeasures(textbook(11)).probabilityOfWaiting).toBeCloseTo(0.6821, 4);
  });

  it.each([
    [13, 0.7956],
    [14, 0.8884],
  ])('%i operators answer %f within 20 s (to 0.01 %%)', (agents, serviceLevel) => {
    expect(Math.abs(erlangCMeasures(textbook(agents)).serviceLevel - serviceLevel)).toBeLessThan(0.00005);
  });

  it('ASA and occupancy follow from P(wait): 14 operators wait 7.8 s on average at 71 % occupancy', () => {
    const m = erlangCMeasures(textbook(14));
    expect(m.asaSeconds).toBeCloseTo((m.probabilityOfWaiting * 180) / 4, 12);
    expect(m.asaSeconds).toBeCloseTo(7.84, 2);
    expect(m.occupancy).toBeCloseTo(10 / 14, 12);
    expect(m.probabilityOfAbandoning).toBe(0);
    expect(m.stable).toBe(true);
  });

  it('Erlang B: 10 erlangs on 10 lines block 21.46 %, no lines block everything', () => {
    expect(erlangB(10, 10)).toBeCloseTo(0.21458, 5);
    expect(erlangB(10, 0)).toBe(1);
    expect(erlangB(0, 5)).toBe(0);
  });
});

describe('Erlang C: edges and stability', () => {
  it.each([
    [10, 10],
    [10, 9],
    [10, 0],
    [0.5, 0],
  ])('traffic %f on %i agents is unstable: P(wait) 1, SL 0, ASA null', (traffic, agents) => {
    const m = erlangCMeasures({ traffic, agents, handlingSeconds: 180, answerWithinSeconds: 20 });
    expect(m).toEqual({
      stable: false,
      probabilityOfWaiting: 1,
      probabilityOfAbandoning: 0,
      serviceLevel: 0,
      asaSeconds: null,
      occupancy: agents === 0 ? 0 : 1,
    });
    expect(erlangC({ traffic, agents })).toBe(1);
  });

  it('no traffic: nobody waits, everything answered at once, nobody busy', () => {
    expect(erlangCMeasures(textbook(3))).not.toEqual(erlangCMeasures({ ...textbook(3), traffic: 0 }));
    expect(erlangCMeasures({ ...textbook(3), traffic: 0 })).toEqual({
      stable: true,
      probabilityOfWaiting: 0,
      probabilityOfAbandoning: 0,
      serviceLevel: 1,
      asaSeconds: 0,
      occupancy: 0,
    });
  });

  it('answered within 0 s is the share that never waits', () => {
    const m = erlangCMeasures({ ...textbook(13), answerWithinSeconds: 0 });
    expect(m.serviceLevel).toBeCloseTo(1 - m.probabilityOfWaiting, 15);
  });

  it.each([
    [500, 450],
    [1000, 900],
    [1000, 990],
    [5000, 4950],
    [2000, 300],
  ])('%i agents at traffic %i: finite, sensible, and equal to the log-space textbook formula', (agents, traffic) => {
    const m = erlangCMeasures({ traffic, agents, handlingSeconds: 180, answerWithinSeconds: 20 });
    expect(m.stable).toBe(true);
    for (const value of [m.probabilityOfWaiting, m.serviceLevel, m.asaSeconds!, m.occupancy]) expect(Number.isFinite(value)).toBe(true);
    expect(m.probabilityOfWaiting).toBeGreaterThanOrEqual(0);
    expect(m.probabilityOfWaiting).toBeLessThan(1);
    expect(m.serviceLevel).toBeGreaterThan(0);
    expect(m.serviceLevel).toBeLessThanOrEqual(1);
    expect(m.occupancy).toBeCloseTo(traffic / agents, 12);
    const reference = erlangCByLogFormula(traffic, agents);
    expect(Math.abs(m.probabilityOfWaiting - reference)).toBeLessThanOrEqual(1e-9 * Math.max(reference, 1e-300));
  });

  it('a large pool is efficient: 1000 agents at 90 % occupancy answer nearly everyone within 20 s', () => {
    const m = erlangCMeasures({ traffic: 900, agents: 1000, handlingSeconds: 180, answerWithinSeconds: 20 });
    expect(m.probabilityOfWaiting).toBeLessThan(0.001);
    expect(m.serviceLevel).toBeGreaterThan(0.9999);
  });

  it('more agents: service level rises, P(wait) and ASA fall (many traffic levels)', () => {
    for (const traffic of [0.3, 2, 10, 47.5, 200, 800]) {
      let previous: QueueMeasures | undefined;
      for (let agents = Math.floor(traffic) + 1; agents <= Math.floor(traffic) + 60; agents++) {
        const m = erlangCMeasures({ traffic, agents, handlingSeconds: 300, answerWithinSeconds: 30 });
        if (previous) {
          expect(m.serviceLevel).toBeGreaterThanOrEqual(previous.serviceLevel);
          expect(m.probabilityOfWaiting).toBeLessThanOrEqual(previous.probabilityOfWaiting);
          expect(m.asaSeconds!).toBeLessThanOrEqual(previous.asaSeconds!);
        }
        previous = m;
      }
    }
  });

  it('a longer answer-within time never lowers the service level', () => {
    let previous = 0;
    for (let t = 0; t <= 600; t += 5) {
      const level = erlangCMeasures({ ...textbook(12), answerWithinSeconds: t }).serviceLevel;
      expect(level).toBeGreaterThanOrEqual(previous);
      previous = level;
    }
  });
});

describe('Erlang A (M/M/c+M)', () => {
  const cases: (Queue & { patienceSeconds: number })[] = [
    { ...textbook(13), patienceSeconds: 120 },
    { ...textbook(10), patienceSeconds: 60 },
    { ...textbook(8), patienceSeconds: 300 },
    { traffic: 4.2, agents: 5, handlingSeconds: 240, answerWithinSeconds: 30, patienceSeconds: 45 },
    { traffic: 25, agents: 22, handlingSeconds: 90, answerWithinSeconds: 10, patienceSeconds: 30 },
    { traffic: 0.7, agents: 1, handlingSeconds: 600, answerWithinSeconds: 60, patienceSeconds: 900 },
  ];

  it.each(cases)('agrees with a state-by-state sum over the birth–death chain: %o', (q) => {
    const m = erlangAMeasures(q);
    const reference = erlangAByStates(q);
    expect(m.probabilityOfWaiting).toBeCloseTo(reference.probabilityOfWaiting, 10);
    expect(m.probabilityOfAbandoning).toBeCloseTo(reference.probabilityOfAbandoning, 10);
    expect(m.serviceLevel).toBeCloseTo(reference.serviceLevel, 10);
    expect(m.asaSeconds!).toBeCloseTo(reference.asaSeconds!, 8);
    expect(m.occupancy).toBeCloseTo(reference.occupancy, 10);
  });

  it('agrees with the state-by-state sum on 300 seeded random queues (1 to 60 agents, 30 % to 200 % load)', () => {
    const rand = seededRandom(2026);
    for (let i = 0; i < 300; i++) {
      const agents = 1 + Math.floor(rand() * 60);
      const q = {
        traffic: agents * (0.3 + rand() * 1.7),
        agents,
        handlingSeconds: 30 + rand() * 900,
        answerWithinSeconds: rand() < 0.1 ? 0 : rand() * 120,
        patienceSeconds: 5 + rand() * 3000,
      };
      const m = erlangAMeasures(q);
      const reference = erlangAByStates(q);
      for (const key of ['probabilityOfWaiting', 'probabilityOfAbandoning', 'serviceLevel', 'occupancy'] as const)
        expect(Math.abs(m[key] - reference[key]), `${key} of ${JSON.stringify(q)}`).toBeLessThan(1e-9);
      expect(Math.abs(m.asaSeconds! / reference.asaSeconds! - 1), JSON.stringify(q)).toBeLessThan(1e-8);
    }
  });

  it.each([
    [10, 13],
    [10, 11],
    [450, 500],
    [900, 1000],
    [0.5, 1],
  ])('tends to Erlang C as patience grows (traffic %f, %i agents)', (traffic, agents) => {
    const queue = { traffic, agents, handlingSeconds: 180, answerWithinSeconds: 20 };
    const c = erlangCMeasures(queue);
    let previousGap = Number.POSITIVE_INFINITY;
    for (const patienceSeconds of [1e3, 1e5, 1e7, 1e9]) {
      const a = erlangAMeasures({ ...queue, patienceSeconds });
      const gap = Math.abs(a.serviceLevel - c.serviceLevel) + Math.abs(a.probabilityOfWaiting - c.probabilityOfWaiting);
      expect(gap).toBeLessThanOrEqual(previousGap + 1e-12);
      previousGap = gap;
    }
    const a = erlangAMeasures({ ...queue, patienceSeconds: 1e9 });
    expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 6);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
    expect(Math.abs(a.asaSeconds! / c.asaSeconds! - 1)).toBeLessThan(1e-5); // a real effect, linear in θ (0.0005 s of 123 s here)
    expect(a.occupancy).toBeCloseTo(c.occupancy, 6);
    expect(a.probabilityOfAbandoning).toBeLessThan(1e-6);
    expect(erlangAMeasures({ ...queue, patienceSeconds: Number.POSITIVE_INFINITY })).toEqual(c);
  });

  it('stays stable when overloaded: with patient callers, the surplus hangs up (P(abandon) → 1 − c/A)', () => {
    const m = erlangAMeasures({ traffic: 1500, agents: 1000, handlingSeconds: 180, answerWithinSeconds: 20, patienceSeconds: 1e6 });
    expect(m.stable).toBe(true);
    expect(m.probabilityOfWaiting).toBeCloseTo(1, 12);
    expect(m.probabilityOfAbandoning).toBeCloseTo(1 / 3, 6);
    expect(m.occupancy).toBeCloseTo(1, 6);
    expect(m.serviceLevel).toBeLessThan(1e-6);
    // Answered callers wait until the queue's hang-ups balance service: ln(λ / cμ) / θ.
    expect(m.asaSeconds! / (Math.log(1.5) * 1e6)).toBeCloseTo(1, 3);
  });

  it.each([
    [35_770.8, 3641, 3.5e11],
    [1500, 1000, 1e12],
    [20, 10, 1e13],
  ])('heavy overload with near-endless patience stays exact (traffic %f, %i agents, patience %f s)', (traffic, agents, patienceSeconds) => {
    // Found by a random sweep: φ(v) as a difference of two ~1e14 terms gave occupancy 1 + 3e−9.
    const m = erlangAMeasures({ traffic, agents, handlingSeconds: 4.1, answerWithinSeconds: 0.006, patienceSeconds });
    expect(m.occupancy).toBeLessThan(1 + 1e-12);
    expect(Math.abs(m.probabilityOfAbandoning - (1 - agents / traffic))).toBeLessThan(1e-12);
    expect(Math.abs(m.asaSeconds! / (Math.log(traffic / agents) * patienceSeconds) - 1)).toBeLessThan(1e-12);
  });

  it('no agents: every caller waits and hangs up; no traffic: nothing happens', () => {
    expect(erlangAMeasures({ ...textbook(0), patienceSeconds: 60 })).toMatchObject({
      probabilityOfWaiting: 1,
      probabilityOfAbandoning: 1,
      serviceLevel: 0,
      asaSeconds: null,
    });
    expect(erlangAMeasures({ ...textbook(4), traffic: 0, patienceSeconds: 60 })).toMatchObject({ serviceLevel: 1, occupancy: 0 });
  });

  it('more agents: service level rises, P(wait) and P(abandon) fall; impatient callers lower occupancy', () => {
    for (const [traffic, patienceSeconds] of [
      [10, 60],
      [10, 600],
      [120, 90],
      [600, 300],
    ] as const) {
      let previous: QueueMeasures | undefined;
      for (let agents = Math.max(1, Math.floor(traffic * 0.7)); agents <= traffic * 1.3 + 5; agents++) {
        const m = erlangAMeasures({ traffic, agents, handlingSeconds: 200, answerWithinSeconds: 20, patienceSeconds });
        expect(m.serviceLevel).toBeLessThanOrEqual(1);
        expect(m.occupancy).toBeLessThanOrEqual(1 + 1e-12);
        if (previous) {
          expect(m.serviceLevel).toBeGreaterThanOrEqual(previous.serviceLevel - 1e-12);
          expect(m.probabilityOfWaiting).toBeLessThanOrEqual(previous.probabilityOfWaiting + 1e-12);
          expect(m.probabilityOfAbandoning).toBeLessThanOrEqual(previous.probabilityOfAbandoning + 1e-12);
        }
        previous = m;
      }
    }
  });

  it('large pools stay finite: 500 and 1000 agents near 90 % load, patience 1 s to 10⁸ s', () => {
    for (const [traffic, agents] of [
      [450, 500],
      [900, 1000],
      [1100, 1000],
    ]) {
      for (const patienceSeconds of [1, 30, 300, 1e5, 1e8]) {
        const m = erlangAMeasures({ traffic: traffic!, agents: agents!, handlingSeconds: 180, answerWithinSeconds: 20, patienceSeconds });
        for (const value of Object.values(m)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
        expect(m.serviceLevel).toBeGreaterThanOrEqual(0);
        expect(m.serviceLevel).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('against a simulation (seeded; 1,200,000 callers per case, the first 5 % left out)', () => {
  // Tolerances are five standard deviations or more of these runs' error over 12 seeds (rms at most
  // 0.002 on probabilities, 1.4 % on ASA, which has the longest tail): 0.01 and 8 %.
  it.each<[string, Queue & { patienceSeconds: number }]>([
    ['M/M/13, the textbook interval', { ...textbook(13), patienceSeconds: Number.POSITIVE_INFINITY }],
    ['M/M/12+M, patience 120 s', { ...textbook(12), patienceSeconds: 120 }],
    [
      'M/M/18+M overloaded (A = 20), patience 60 s',
      { traffic: 20, agents: 18, handlingSeconds: 120, answerWithinSeconds: 15, patienceSeconds: 60 },
    ],
  ])('%s', (_, q) => {
    const analytic = erlangAMeasures(q);
    const simulated = simulate(q, 1_200_000, 20_261_204);
    expect(Math.abs(simulated.probabilityOfWaiting - analytic.probabilityOfWaiting)).toBeLessThan(0.01);
    expect(Math.abs(simulated.probabilityOfAbandoning - analytic.probabilityOfAbandoning)).toBeLessThan(0.01);
    expect(Math.abs(simulated.serviceLevel - analytic.serviceLevel)).toBeLessThan(0.01);
    expect(Math.abs(simulated.asaSeconds / analytic.asaSeconds! - 1)).toBeLessThan(0.08);
  });
});

describe('staffInterval', () => {
  it('the textbook interval needs 14 operators for 80 % within 20 s (13 give 79.56 %)', () => {
    const result = staffed(textbookInterval);
    expect(result).toMatchObject({ model: 'erlang-c', traffic: 10, agents: 14, scheduledAgents: 14 });
    expect(result.measures).toEqual(erlangCMeasures(textbook(14)));
  });

  it.each([
    [0, 14],
    [0.3, 20], // 14 / 0.7 = 20.000000000000004 in floating point: still 20
    [0.25, 19],
    [0.5, 28],
    [0.35, 22],
    [0.99, 1400],
  ])('shrinkage %f schedules %i', (shrinkage, scheduledAgents) => {
    expect(staffed({ ...textbookInterval, shrinkage }).scheduledAgents).toBe(scheduledAgents);
  });

  it('no calls: no operators on calls', () => {
    expect(staffInterval({ ...textbookInterval, calls: 0, shrinkage: 0.3 })).toMatchObject({
      status: 'staffed',
      agents: 0,
      scheduledAgents: 0,
    });
    expect(staffInterval({ ...textbookInterval, calls: 0, patienceSeconds: 60 })).toMatchObject({ model: 'erlang-a', agents: 0 });
  });

  it('an occupancy cap adds agents: at most 70 % busy needs 15 (10 / 15 = 67 %)', () => {
    const result = staffed({ ...textbookInterval, maxOccupancy: 0.7 });
    expect(result.agents).toBe(15);
    expect(result.measures.occupancy).toBeLessThanOrEqual(0.7);
    expect(staffed({ ...textbookInterval, maxOccupancy: 0.75 }).agents).toBe(14);
  });

  it('impatient callers (Erlang A) need fewer agents than Erlang C says, and tend to it as patience grows', () => {
    const impatient = staffed({ ...textbookInterval, patienceSeconds: 120 });
    expect(impatient.model).toBe('erlang-a');
    expect(impatient.agents).toBeLessThan(14);
    expect(impatient.measures).toEqual(erlangAMeasures({ ...textbook(impatient.agents), patienceSeconds: 120 }));
    expect(staffed({ ...textbookInterval, patienceSeconds: 1e9 }).agents).toBe(14);
    expect(staffed({ ...textbookInterval, patienceSeconds: Number.POSITIVE_INFINITY }).model).toBe('erlang-c');
  });

  it('the answer is the smallest count: it meets the goal and one less does not (seeded random intervals, both models)', () => {
    const rand = seededRandom(16);
    for (let i = 0; i < 150; i++) {
      const input: StaffingInput = {
        calls: Math.floor(rand() * 3000),
        intervalSeconds: [900, 1800, 3600][Math.floor(rand() * 3)]!,
        handlingSeconds: 60 + rand() * 900,
        answerWithinSeconds: Math.floor(rand() * 120),
        goal: 0.5 + rand() * 0.49,
        shrinkage: rand() * 0.5,
        ...(rand() < 0.5 ? { patienceSeconds: 10 + rand() * 600 } : {}),
        ...(rand() < 0.3 ? { maxOccupancy: 0.6 + rand() * 0.4 } : {}),
      };
      const result = staffed(input);
      if (result.agents === 0) continue;
      const measuresAt = (agents: number) => {
        const queue = {
          traffic: result.traffic,
          agents,
          handlingSeconds: input.handlingSeconds,
          answerWithinSeconds: input.answerWithinSeconds,
        };
        return input.patienceSeconds === undefined
          ? erlangCMeasures(queue)
          : erlangAMeasures({ ...queue, patienceSeconds: input.patienceSeconds });
      };
      const meets = (m: QueueMeasures) => m.stable && m.serviceLevel >= input.goal && m.occupancy <= (input.maxOccupancy ?? 1);
      const at = measuresAt(result.agents);
      expect(at.serviceLevel).toBeCloseTo(result.measures.serviceLevel, 9);
      expect(meets(result.measures)).toBe(true);
      expect(meets(measuresAt(result.agents - 1))).toBe(false);
      expect(result.scheduledAgents).toBeGreaterThanOrEqual(result.agents);
      expect(result.scheduledAgents).toBe(Math.ceil(result.agents / (1 - input.shrinkage) - 1e-9));
    }
  });

  it(`stops at ${STAFFING_AGENT_LIMIT} agents and says so`, () => {
    const result = staffInterval({ ...textbookInterval, calls: 60_000 }); // A = 6000 erlangs
    expect(result).toMatchObject({ status: 'beyond-limit', limit: STAFFING_AGENT_LIMIT, traffic: 6000 });
    const justUnder = staffed({ ...textbookInterval, calls: 49_000 }); // A = 4900
    expect(justUnder.agents).toBeGreaterThan(4900);
    expect(justUnder.agents).toBeLessThanOrEqual(STAFFING_AGENT_LIMIT);
  });
});

describe('input validation: RangeError naming the field', () => {
  const badQueues: [string, Partial<Queue & { patienceSeconds: number }>][] = [
    ['traffic', { traffic: -1 }],
    ['traffic', { traffic: Number.NaN }],
    ['traffic', { traffic: Number.POSITIVE_INFINITY }],
    ['agents', { agents: -1 }],
    ['agents', { agents: 2.5 }],
    ['agents', { agents: Number.NaN }],
    ['handlingSeconds', { handlingSeconds: 0 }],
    ['handlingSeconds', { handlingSeconds: Number.NaN }],
    ['answerWithinSeconds', { answerWithinSeconds: -5 }],
    ['patienceSeconds', { patienceSeconds: 0 }],
    ['patienceSeconds', { patienceSeconds: -60 }],
    ['patienceSeconds', { patienceSeconds: Number.NaN }],
  ];
  it.each(badQueues)('%s: %o', (field, change) => {
    expect(() => erlangAMeasures({ ...textbook(13), patienceSeconds: 60, ...change })).toThrow(new RegExp(`^${field} must be`));
    expect(() => erlangAMeasures({ ...textbook(13), patienceSeconds: 60, ...change })).toThrow(RangeError);
    if (field !== 'patienceSeconds') expect(() => erlangCMeasures({ ...textbook(13), ...change })).toThrow(RangeError);
  });

  it('erlangB and erlangC check their two numbers too', () => {
    expect(() => erlangB(-1, 3)).toThrow(RangeError);
    expect(() => erlangC({ traffic: 3, agents: 1.5 })).toThrow(RangeError);
  });

  const badIntervals: [string, Partial<StaffingInput>][] = [
    ['calls', { calls: -1 }],
    ['calls', { calls: Number.NaN }],
    ['intervalSeconds', { intervalSeconds: 0 }],
    ['handlingSeconds', { handlingSeconds: -180 }],
    ['answerWithinSeconds', { answerWithinSeconds: Number.NaN }],
    ['goal', { goal: 0 }],
    ['goal', { goal: 1 }],
    ['goal', { goal: 80 }],
    ['goal', { goal: Number.NaN }],
    ['shrinkage', { shrinkage: 1 }],
    ['shrinkage', { shrinkage: -0.1 }],
    ['shrinkage', { shrinkage: Number.NaN }],
    ['maxOccupancy', { maxOccupancy: 0 }],
    ['maxOccupancy', { maxOccupancy: 1.2 }],
    ['patienceSeconds', { patienceSeconds: 0 }],
  ];
  it.each(badIntervals)('staffInterval %s: %o', (field, change) => {
    expect(() => staffInterval({ ...textbookInterval, ...change })).toThrow(new RegExp(`^${field} must be`));
    expect(() => staffInterval({ ...textbookInterval, ...change })).toThrow(RangeError);
  });
});
