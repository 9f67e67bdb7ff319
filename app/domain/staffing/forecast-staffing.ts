/**
 * A week's forecast turned into operators per interval, through a staffing function given as a
 * parameter (Erlang C/A in app/domain/staffing/erlang.ts; anything of this shape in tests).
 *
 * Pure. Intervals without calls are not handed to the staffing function: 0 operators, service
 * level 1, ASA 0, occupancy 0 (whether a booth needs someone on duty anyway is the minimum windows'
 * business, not queueing).
 */
import { staffInterval } from './erlang';
import { type ForecastCell, INTERVAL_SECONDS, type WeekForecast } from './forecast';

export interface StaffingInput {
  callsPerInterval: number;
  intervalSeconds: number;
  handlingSeconds: number;
  answerWithinSeconds: number;
  /** 0–1: 0.8 = 80 % answered within answerWithinSeconds. */
  goal: number;
  /** 0–1: share of scheduled time not on calls. */
  shrinkage: number;
  patienceSeconds?: number | null;
}

export interface StaffingOutput {
  /** Operators on calls. */
  agents: number;
  /** Operators to schedule after shrinkage. */
  scheduled: number;
  serviceLevel: number;
  asa: number;
  occupancy: number;
}

export type StaffingFunction = (input: StaffingInput) => StaffingOutput;

/** The goal an interval is staffed to. */
export interface StaffingGoal {
  goal: number;
  answerWithinSeconds: number;
  shrinkage: number;
}

export type StaffedCell = ForecastCell & StaffingOutput;

export interface StaffedDay {
  date: string;
  weekday: number;
  holiday: boolean;
  cells: StaffedCell[];
}

export interface StaffedWeek {
  municipalityIds: string[];
  weekStart: string;
  goal: StaffingGoal;
  days: StaffedDay[];
}

/**
 * Erlang C (no patience) or Erlang A (a patience) through staffInterval (erlang.ts), in this
 * module's shape. Beyond its agent limit: the limit and the measures there (the caller sees the
 * service level fall short). An ASA erlang.ts leaves null (unstable, nothing answered) is Infinity.
 */
export const erlangStaffing: StaffingFunction = (input) => {
  const result = staffInterval({
    calls: input.callsPerInterval,
    intervalSeconds: input.intervalSeconds,
    handlingSeconds: input.handlingSeconds,
    answerWithinSeconds: input.answerWithinSeconds,
    goal: input.goal,
    shrinkage: input.shrinkage,
    ...(input.patienceSeconds == null ? {} : { patienceSeconds: input.patienceSeconds }),
  });
  const staffed = result.status === 'staffed';
  const measures = staffed ? result.measures : result.measuresAtLimit;
  const agents = staffed ? result.agents : result.limit;
  return {
    agents,
    scheduled: staffed ? result.scheduledAgents : Math.ceil(agents / (1 - input.shrinkage) - 1e-9),
    serviceLevel: measures.serviceLevel,
    asa: measures.asaSeconds ?? Number.POSITIVE_INFINITY,
    occupancy: measures.occupancy,
  };
};

const NO_CALLS: StaffingOutput = { agents: 0, scheduled: 0, serviceLevel: 1, asa: 0, occupancy: 0 };

/** Every interval of the week through `staff`. */
export function staffWeek(week: WeekForecast, goal: StaffingGoal, staff: StaffingFunction): StaffedWeek {
  return {
    municipalityIds: week.municipalityIds,
    weekStart: week.weekStart,
    goal,
    days: week.days.map((d) => ({
      date: d.date,
      weekday: d.weekday,
      holiday: d.holiday,
      cells: d.cells.map((c): StaffedCell => {
        const out =
          c.calls > 0
            ? staff({
                callsPerInterval: c.calls,
                intervalSeconds: INTERVAL_SECONDS,
                handlingSeconds: c.handlingSeconds,
                answerWithinSeconds: goal.answerWithinSeconds,
                goal: goal.goal,
                shrinkage: goal.shrinkage,
                patienceSeconds: c.patienceSeconds,
              })
            : NO_CALLS;
        // Written out, not spread: the national view makes ~60,000 of these.
        return {
          calls: c.calls,
          handlingSeconds: c.handlingSeconds,
          patienceSeconds: c.patienceSeconds,
          sampleDays: c.sampleDays,
          source: c.source,
          agents: out.agents,
          scheduled: out.scheduled,
          serviceLevel: out.serviceLevel,
          asa: out.asa,
          occupancy: out.occupancy,
        };
      }),
    })),
  };
}

/**
 * The goal of a pool of municipalities with possibly different goals: the strictest of them
 * (highest share, shortest answer time), so every municipality's own goal is met or beaten.
 */
export function strictestGoal(goals: readonly { goalPercent: number; seconds: number }[], shrinkage: number): StaffingGoal {
  if (goals.length === 0) throw new RangeError('strictestGoal needs at least one goal');
  return {
    goal: Math.max(...goals.map((g) => g.goalPercent)) / 100,
    answerWithinSeconds: Math.min(...goals.map((g) => g.seconds)),
    shrinkage,
  };
}
