import { describe, expect, it } from 'vitest';
import type { WeekForecast } from './forecast';
import { erlangStaffing, type StaffingInput, staffWeek, strictestGoal } from './forecast-staffing';

/** A stand-in staffing function: offered load rounded up, plus one; records what it was asked. */
function standIn() {
  const asked: StaffingInput[] = [];
  const staff = (input: StaffingInput) => {
    asked.push(input);
    const agents = Math.ceil((input.callsPerInterval * input.handlingSeconds) / input.intervalSeconds) + 1;
    return { agents, scheduled: Math.ceil(agents / (1 - input.shrinkage)), serviceLevel: 0.9, asa: 5, occupancy: 0.5 };
  };
  return { asked, staff };
}

const week: WeekForecast = {
  municipalityIds: ['m-1'],
  weekStart: '2026-11-30',
  weeks: 8,
  days: Array.from({ length: 7 }, (_, k) => ({
    date: `2026-12-0${k}`,
    weekday: (k + 1) % 7,
    holiday: false,
    cells: Array.from({ length: 48 }, (_, i) => ({
      calls: k === 0 && i === 20 ? 12 : 0,
      handlingSeconds: 600,
      patienceSeconds: i === 20 ? 120 : null,
      sampleDays: 8,
      source: 'history' as const,
    })),
  })),
};
const goal = { goal: 0.8, answerWithinSeconds: 60, shrinkage: 0.3 };

describe('staffWeek', () => {
  it('hands each interval with calls to the staffing function with the goal, 1800 s intervals and patience', () => {
    const { asked, staff } = standIn();
    const staffed = staffWeek(week, goal, staff);
    expect(asked).toEqual([
      {
        callsPerInterval: 12,
        intervalSeconds: 1800,
        handlingSeconds: 600,
        answerWithinSeconds: 60,
        goal: 0.8,
        shrinkage: 0.3,
        patienceSeconds: 120,
      },
    ]);
    expect(staffed.days[0]!.cells[20]).toMatchObject({ calls: 12, agents: 5, scheduled: 8, serviceLevel: 0.9, asa: 5, occupancy: 0.5 });
    expect(staffed.goal).toEqual(goal);
    expect(staffed.weekStart).toBe('2026-11-30');
  });

  it('gives intervals without calls no operators without asking', () => {
    const { staff } = standIn();
    const staffed = staffWeek(week, goal, staff);
    expect(staffed.days[3]!.cells[20]).toMatchObject({ agents: 0, scheduled: 0, serviceLevel: 1, asa: 0, occupancy: 0 });
    expect(staffed.days.flatMap((d) => d.cells).filter((c) => c.agents > 0)).toHaveLength(1);
  });
});

describe('strictestGoal', () => {
  it('takes the highest share and the shortest answer time of a pool', () => {
    expect(
      strictestGoal(
        [
          { goalPercent: 80, seconds: 60 },
          { goalPercent: 90, seconds: 120 },
          { goalPercent: 70, seconds: 30 },
        ],
        0.25,
      ),
    ).toEqual({ goal: 0.9, answerWithinSeconds: 30, shrinkage: 0.25 });
    expect(() => strictestGoal([], 0.3)).toThrow(RangeError);
  });
});

describe('erlangStaffing (erlang.ts staffInterval in this shape)', () => {
  const textbook = {
    callsPerInterval: 100,
    intervalSeconds: 1800,
    handlingSeconds: 180,
    answerWithinSeconds: 20,
    goal: 0.8,
    shrinkage: 0.3,
  };

  it('gives the published Erlang C figures: 14 operators for 80 % within 20 s (88.84 %), 20 to schedule at 30 % shrinkage', () => {
    const r = erlangStaffing(textbook);
    expect(r.agents).toBe(14);
    expect(r.scheduled).toBe(20);
    expect(r.serviceLevel).toBeCloseTo(0.8884, 3);
    expect(r.occupancy).toBeCloseTo(10 / 14, 9);
    expect(r.asa).toBeGreaterThan(0);
  });

  it('uses Erlang A with a patience (never more operators than Erlang C), and C when patience is null', () => {
    expect(erlangStaffing({ ...textbook, patienceSeconds: null })).toEqual(erlangStaffing(textbook));
    const a = erlangStaffing({ ...textbook, patienceSeconds: 120 });
    expect(a.agents).toBeLessThanOrEqual(14);
    expect(a.serviceLevel).toBeGreaterThanOrEqual(0.8);
  });

  it('staffs a forecast week end to end', () => {
    const staffed = staffWeek(week, goal, erlangStaffing);
    const cell = staffed.days[0]!.cells[20]!;
    expect(cell.agents).toBeGreaterThan(4); // 12 calls × 600 s in 1800 s = 4 erlangs
    expect(cell.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(cell.scheduled).toBe(Math.ceil(cell.agents / 0.7));
  });
});
