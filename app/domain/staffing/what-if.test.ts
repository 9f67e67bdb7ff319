import { describe, expect, it } from 'vitest';
import { whatIf } from './what-if';

const textbook = {
  calls: 100,
  intervalMinutes: 30,
  handlingSeconds: 180,
  answerWithinSeconds: 20,
  goalPercent: 80,
  shrinkagePercent: 0,
  patienceSeconds: null,
  maxOccupancyPercent: 100,
};

describe('what-if', () => {
  it('the published figures: 14 operators, 88.84 %; 13 next to it at 79.56 %', () => {
    const r = whatIf(textbook);
    expect(r).toMatchObject({ model: 'erlang-c', status: 'staffed', operatorsOnCalls: 14, operatorsToSchedule: 14, trafficErlangs: 10 });
    expect(r.measures.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(r.neighbours.map((n) => n.operators)).toEqual([13, 15]);
    expect(r.neighbours[0]!.measures.serviceLevel).toBeCloseTo(0.7956, 4);
    expect(r.definition.en).toContain('Erlang C');
  });

  it('shrinkage in percent: 30 % → 20 to schedule', () => {
    expect(whatIf({ ...textbook, shrinkagePercent: 30 }).operatorsToSchedule).toBe(20);
  });

  it('patience switches to Erlang A, and says that those who give up count against the level', () => {
    const r = whatIf({ ...textbook, patienceSeconds: 120 });
    expect(r.model).toBe('erlang-a');
    expect(r.operatorsOnCalls).toBeLessThanOrEqual(14);
    expect(r.definition.ja).toContain('諦めた呼は未達');
  });

  it('no calls: nobody on calls, no neighbour below zero', () => {
    const r = whatIf({ ...textbook, calls: 0 });
    expect(r.operatorsOnCalls).toBe(0);
    expect(r.neighbours.map((n) => n.operators)).toEqual([1]);
  });

  it('beyond the search limit: no count, the figures at the limit', () => {
    const r = whatIf({ ...textbook, calls: 100_000, intervalMinutes: 5, handlingSeconds: 7200 });
    expect(r.status).toBe('beyond-limit');
    expect(r.operatorsOnCalls).toBeNull();
    expect(r.neighbours).toEqual([]);
  });
});
