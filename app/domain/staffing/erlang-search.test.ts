import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded-random';
import {
  erlangAMeasures,
  erlangB,
  erlangCMeasures,
  type QueueMeasures,
  STAFFING_AGENT_LIMIT,
  type StaffingInput,
  type StaffingResult,
  staffInterval,
} from './erlang';

/**
 * The search of staffInterval as it was before the Erlang A bound (every count from the lower
 * bound up is measured), over the public measures: erlangAMeasures / erlangCMeasures compute B by
 * the same recursion from 1, so their figures are bit for bit those the search carried along.
 */
function referenceStaffInterval(input: StaffingInput): StaffingResult {
  const { calls, intervalSeconds, handlingSeconds, answerWithinSeconds, goal, shrinkage } = input;
  const maxOccupancy = input.maxOccupancy ?? 1;
  const patience = input.patienceSeconds ?? Number.POSITIVE_INFINITY;
  const traffic = (calls * handlingSeconds) / intervalSeconds;
  const model = patience === Number.POSITIVE_INFINITY ? 'erlang-c' : 'erlang-a';
  if (traffic === 0) {
    const measures: QueueMeasures = {
      stable: true,
      probabilityOfWaiting: 0,
      probabilityOfAbandoning: 0,
      serviceLevel: 1,
      asaSeconds: 0,
      occupancy: 0,
    };
    return { status: 'staffed', model, traffic, agents: 0, scheduledAgents: 0, measures };
  }
  const measure = (agents: number) => {
    const queue = { traffic, agents, handlingSeconds, answerWithinSeconds };
    return model === 'erlang-c' ? erlangCMeasures(queue) : erlangAMeasures({ ...queue, patienceSeconds: patience });
  };
  const lowerBound = model === 'erlang-c' ? Math.max(traffic, traffic / maxOccupancy) : goal * traffic;
  const start = Math.min(STAFFING_AGENT_LIMIT, Math.max(1, Math.ceil(lowerBound) - 1));
  let measures = measure(start);
  for (let agents = start; ; ) {
    if (measures.stable && measures.serviceLevel >= goal && measures.occupancy <= maxOccupancy) {
      const scheduledAgents = Math.ceil(agents / (1 - shrinkage) - 1e-9);
      return { status: 'staffed', model, traffic, agents, scheduledAgents, measures };
    }
    if (agents === STAFFING_AGENT_LIMIT) break;
    agents++;
    measures = measure(agents);
  }
  return { status: 'beyond-limit', model, traffic, limit: STAFFING_AGENT_LIMIT, measuresAtLimit: measures };
}

const pick = <T>(random: () => number, xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
const between = (random: () => number, lo: number, hi: number) => lo + (hi - lo) * random();

/** Inputs like the forecast's (light traffic per town and interval) and well beyond it. */
function randomInput(random: () => number): StaffingInput {
  const traffic = pick(random, [
    () => between(random, 0.001, 2),
    () => between(random, 0.5, 10),
    () => between(random, 5, 60),
    () => between(random, 50, 250),
  ])();
  const intervalSeconds = pick(random, [900, 1800, 3600]);
  const handlingSeconds = between(random, 20, 1500);
  return {
    calls: (traffic * intervalSeconds) / handlingSeconds,
    intervalSeconds,
    handlingSeconds,
    answerWithinSeconds: pick(random, [0, 10, 20, 30, 60, 120, 300, between(random, 0, 600)]),
    goal: pick(random, [0.5, 0.8, 0.9, 0.95, between(random, 0.01, 0.999)]),
    shrinkage: between(random, 0, 0.6),
    ...(random() < 0.85 ? { patienceSeconds: between(random, 5, 3000) } : {}),
    ...(random() < 0.2 ? { maxOccupancy: between(random, 0.5, 1) } : {}),
  };
}

describe('staffInterval: the Erlang A bound changes no answer', () => {
  it('gives the same agents and measures as the plain step-by-step search on 5,000 seeded inputs', () => {
    const random = seededRandom(20261204);
    let skippedSomewhere = 0;
    for (let i = 0; i < 5000; i++) {
      const input = randomInput(random);
      const expected = referenceStaffInterval(input);
      expect(staffInterval(input), JSON.stringify(input)).toEqual(expected);
      if (expected.status === 'staffed' && expected.model === 'erlang-a') {
        const A = expected.traffic;
        const start = Math.max(1, Math.ceil(input.goal * A) - 1);
        if (expected.agents > start) skippedSomewhere++;
      }
    }
    // The comparison covered searches that stepped past failing counts (where the bound acts).
    expect(skippedSomewhere).toBeGreaterThan(500);
  });

  it('matches near the bound: goals just at and around 1 − B·e^{−c·t/h}', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const handlingSeconds = between(random, 60, 1200);
      const traffic = between(random, 0.01, 8);
      const agents = 1 + Math.floor(random() * 10);
      const answerWithinSeconds = pick(random, [0, 20, 60, between(random, 0, 300)]);
      const bound = 1 - erlangB(traffic, agents) * Math.exp((-agents * answerWithinSeconds) / handlingSeconds);
      const goal = Math.min(0.999999, Math.max(1e-6, bound + pick(random, [0, 1e-12, -1e-12, 1e-9, -1e-9, 1e-6, -1e-6, 1e-3])));
      const input: StaffingInput = {
        calls: (traffic * 1800) / handlingSeconds,
        intervalSeconds: 1800,
        handlingSeconds,
        answerWithinSeconds,
        goal,
        shrinkage: 0.3,
        patienceSeconds: pick(random, [1, 30, 120, 600, 1e6]),
      };
      expect(staffInterval(input), JSON.stringify(input)).toEqual(referenceStaffInterval(input));
    }
  });

  it('reports the measures at the limit when even the limit falls short', () => {
    const input: StaffingInput = {
      calls: 400_000,
      intervalSeconds: 1800,
      handlingSeconds: 30,
      answerWithinSeconds: 0,
      goal: 0.99,
      shrinkage: 0,
      patienceSeconds: 1,
    };
    const result = staffInterval(input);
    expect(result.status).toBe('beyond-limit');
    expect(result).toEqual(referenceStaffInterval(input));
  });
});
