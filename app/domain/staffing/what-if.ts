/**
 * The what-if a supervisor asks before a campaign: so many calls in an interval, this long each —
 * how many operators? A thin layer over staffInterval (erlang.ts) that speaks the API's units
 * (minutes, percent) and shows the neighbours (one operator fewer and more). Pure.
 */
import { erlangAMeasures, erlangCMeasures, type QueueMeasures, STAFFING_AGENT_LIMIT, staffInterval } from './erlang';

export interface WhatIfInput {
  calls: number;
  intervalMinutes: number;
  handlingSeconds: number;
  answerWithinSeconds: number;
  goalPercent: number;
  shrinkagePercent: number;
  /** Erlang A when given; Erlang C when null. */
  patienceSeconds: number | null;
  maxOccupancyPercent: number;
}

export interface WhatIfResult {
  model: 'erlang-c' | 'erlang-a';
  trafficErlangs: number;
  status: 'staffed' | 'beyond-limit';
  operatorsOnCalls: number | null;
  operatorsToSchedule: number | null;
  measures: QueueMeasures;
  neighbours: { operators: number; measures: QueueMeasures }[];
  definition: { ja: string; en: string };
}

export function whatIf(input: WhatIfInput): WhatIfResult {
  const intervalSeconds = input.intervalMinutes * 60;
  const patience = input.patienceSeconds ?? undefined;
  const result = staffInterval({
    calls: input.calls,
    intervalSeconds,
    handlingSeconds: input.handlingSeconds,
    answerWithinSeconds: input.answerWithinSeconds,
    goal: input.goalPercent / 100,
    shrinkage: input.shrinkagePercent / 100,
    maxOccupancy: input.maxOccupancyPercent / 100,
    ...(patience === undefined ? {} : { patienceSeconds: patience }),
  });
  const queueWith = (agents: number) => {
    const queue = {
      traffic: result.traffic,
      agents,
      handlingSeconds: input.handlingSeconds,
      answerWithinSeconds: input.answerWithinSeconds,
    };
    return patience === undefined ? erlangCMeasures(queue) : erlangAMeasures({ ...queue, patienceSeconds: patience });
  };
  const staffed = result.status === 'staffed';
  const around = staffed ? [result.agents - 1, result.agents + 1].filter((n) => n >= 0 && n <= STAFFING_AGENT_LIMIT) : [];
  const goal = Math.round(input.goalPercent * 10) / 10;
  return {
    model: result.model,
    trafficErlangs: result.traffic,
    status: result.status,
    operatorsOnCalls: staffed ? result.agents : null,
    operatorsToSchedule: staffed ? result.scheduledAgents : null,
    measures: staffed ? result.measures : result.measuresAtLimit,
    neighbours: around.map((operators) => ({ operators, measures: queueWith(operators) })),
    definition:
      result.model === 'erlang-c'
        ? {
            ja: `アーラン C（待つ人は諦めない）：${input.answerWithinSeconds}秒以内に応答する割合が目標 ${goal}% 以上となる最少の応答人数。配置人数 = 応答人数 ÷ (1 − シュリンケージ ${input.shrinkagePercent}%)、切り上げ。`,
            en: `Erlang C (nobody gives up): the fewest operators on calls answering ${goal} % or more within ${input.answerWithinSeconds} s. To schedule = on calls ÷ (1 − shrinkage ${input.shrinkagePercent} %), rounded up.`,
          }
        : {
            ja: `アーラン A（平均 ${input.patienceSeconds}秒で諦める）：全着信のうち ${input.answerWithinSeconds}秒以内に応答される割合（諦めた呼は未達として数える）が目標 ${goal}% 以上となる最少の応答人数。配置人数 = 応答人数 ÷ (1 − シュリンケージ ${input.shrinkagePercent}%)、切り上げ。`,
            en: `Erlang A (residents give up after ${input.patienceSeconds} s on average): the fewest operators on calls answering ${goal} % or more of all offered calls within ${input.answerWithinSeconds} s (those who give up count against it). To schedule = on calls ÷ (1 − shrinkage ${input.shrinkagePercent} %), rounded up.`,
          },
  };
}
