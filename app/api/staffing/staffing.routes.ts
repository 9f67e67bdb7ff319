import { createRoute, z } from '@hono/zod-openapi';
import { isValidLocalDate } from '../../domain/calendar';
import { MinimumWindowSchema, MinimumWindowsSchema } from '../../domain/staffing/minimum-windows';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { IdParams, Timestamp } from '../schemas';

const common = { security: accountSecurity, tags: ['staffing'] };

const LocalDate = z.string().refine(isValidLocalDate, 'must be an existing date YYYY-MM-DD (Japan)').openapi({ example: '2026-12-07' });

export const MinimumWindow = MinimumWindowSchema.openapi('MinimumWindow', {
  description:
    '最低窓口数: at least `operators` on duty on these weekdays (0 = Sunday … 6 = Saturday, 7 = national holidays) between the minutes (from midnight, Japan time, 15-minute grid).',
});

export const StaffingSettings = z
  .object({
    municipalityId: z.uuid(),
    serviceLevelGoalPercent: z.number().int(),
    serviceLevelSeconds: z.number().int(),
    abandonGraceSeconds: z.number().int(),
    operatorGroupId: z.uuid().nullable(),
    minimumWindows: z.array(MinimumWindowSchema.and(z.object({ id: z.uuid() }))),
  })
  .openapi('StaffingSettings');

export const StaffingSettingsPatch = z
  .object({
    serviceLevelGoalPercent: z.number().int().min(1).max(100).openapi({ description: 'e.g. 80 (% of offered calls)…' }),
    serviceLevelSeconds: z.number().int().min(5).max(3600).openapi({ description: '…answered within this many seconds.' }),
    abandonGraceSeconds: z
      .number()
      .int()
      .min(0)
      .max(60)
      .openapi({ description: 'Abandons within this many seconds are not offered calls.' }),
    operatorGroupId: z.uuid().nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .openapi('StaffingSettingsPatch');

export const OperatorGroup = z
  .object({ id: z.uuid(), name: z.string(), shrinkagePercent: z.number().int(), municipalityIds: z.array(z.uuid()) })
  .openapi('OperatorGroup');

export const OperatorGroupInput = z
  .object({
    name: z.string().trim().min(1).max(60).openapi({ description: 'A name for the pool (e.g. 「東海チーム」); no personal data.' }),
    shrinkagePercent: z.number().int().min(0).max(90).openapi({ description: 'Planned time not on calls (breaks, training, absence).' }),
  })
  .strict()
  .openapi('OperatorGroupInput');

const StaffingLine = z
  .object({
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    open: z.boolean(),
    required: z.number().int(),
    basis: z.enum(['minimum', 'forecast']),
    onDuty: z.number().int(),
    short: z.boolean(),
    breachSince: Timestamp.nullable(),
  })
  .openapi('StaffingLine');

const Breach = z
  .object({
    id: z.uuid(),
    basis: z.enum(['minimum', 'forecast']),
    required: z.number().int(),
    lowest: z.number().int(),
    startedAt: Timestamp,
    endedAt: Timestamp.nullable(),
    alertedAt: Timestamp.nullable(),
  })
  .openapi('StaffingBreach');

export const WhatIf = z
  .object({
    calls: z.number().min(0).max(100_000).openapi({ description: 'Calls offered in the interval.' }),
    intervalMinutes: z.number().int().min(5).max(1440).default(30),
    handlingSeconds: z.number().min(1).max(7200).openapi({ description: 'Mean handling time of a call.' }),
    answerWithinSeconds: z.number().int().min(0).max(3600).default(60),
    goalPercent: z.number().min(1).max(99.9).default(80),
    shrinkagePercent: z.number().min(0).max(90).default(30),
    patienceSeconds: z
      .number()
      .min(1)
      .max(86_400)
      .nullable()
      .default(null)
      .openapi({ description: 'Mean time residents wait before giving up: Erlang A when given, Erlang C when null.' }),
    maxOccupancyPercent: z.number().min(10).max(100).default(100),
  })
  .strict()
  .openapi('StaffingWhatIf');

const Measures = z.object({
  stable: z.boolean(),
  probabilityOfWaiting: z.number(),
  probabilityOfAbandoning: z.number(),
  serviceLevel: z.number(),
  asaSeconds: z.number().nullable(),
  occupancy: z.number(),
});

export const WhatIfResult = z
  .object({
    model: z.enum(['erlang-c', 'erlang-a']),
    trafficErlangs: z.number(),
    status: z.enum(['staffed', 'beyond-limit']),
    operatorsOnCalls: z.number().int().nullable(),
    operatorsToSchedule: z.number().int().nullable(),
    measures: Measures,
    /** The same figures one operator fewer and more, so a planner sees the slope. */
    neighbours: z.array(z.object({ operators: z.number().int(), measures: Measures })),
    definition: z.object({ ja: z.string(), en: z.string() }),
  })
  .openapi('StaffingWhatIfResult');

const MunicipalityParams = z.object({ municipalityId: z.uuid().openapi({ param: { name: 'municipalityId', in: 'path' } }) });

export const live = createRoute({
  ...common,
  method: 'get',
  path: '/v1/staffing/live',
  summary: 'Operators on duty vs what each municipality requires now (minimum windows), with any breach',
  responses: { 200: jsonContent(z.object({ items: z.array(StaffingLine) }), 'The lines'), ...accountErrors },
});

export const settings = createRoute({
  ...common,
  method: 'get',
  path: '/v1/staffing/municipalities/{municipalityId}',
  summary: "A municipality's service-level goal, operator group and minimum windows",
  request: { params: MunicipalityParams },
  responses: { 200: jsonContent(StaffingSettings, 'The settings'), ...accountErrors },
});

export const updateSettings = createRoute({
  ...common,
  method: 'patch',
  path: '/v1/staffing/municipalities/{municipalityId}',
  summary: "Change a municipality's service-level goal or operator group (supervisors, admins)",
  request: { params: MunicipalityParams, body: { required: true, ...jsonContent(StaffingSettingsPatch) } },
  responses: { 200: jsonContent(StaffingSettings, 'The settings'), ...accountErrors },
});

export const replaceWindows = createRoute({
  ...common,
  method: 'put',
  path: '/v1/staffing/municipalities/{municipalityId}/minimum-windows',
  summary: "Replace a municipality's minimum windows (最低窓口数)",
  request: { params: MunicipalityParams, body: { required: true, ...jsonContent(MinimumWindowsSchema) } },
  responses: {
    200: jsonContent(z.object({ items: z.array(MinimumWindowSchema.and(z.object({ id: z.uuid() }))) }), 'Saved'),
    ...accountErrors,
  },
});

export const breaches = createRoute({
  ...common,
  method: 'get',
  path: '/v1/staffing/municipalities/{municipalityId}/breaches',
  summary: 'Staffing breach episodes overlapping the dates (Japan), newest first',
  request: { params: MunicipalityParams, query: z.object({ from: LocalDate, to: LocalDate }) },
  responses: { 200: jsonContent(z.object({ items: z.array(Breach) }), 'The episodes'), ...accountErrors },
});

export const groups = createRoute({
  ...common,
  method: 'get',
  path: '/v1/staffing/groups',
  summary: 'Operator groups (pools serving several municipalities)',
  responses: { 200: jsonContent(z.object({ items: z.array(OperatorGroup) }), 'The groups'), ...accountErrors },
});

export const createGroup = createRoute({
  ...common,
  method: 'post',
  path: '/v1/staffing/groups',
  summary: 'Create an operator group',
  request: { body: { required: true, ...jsonContent(OperatorGroupInput) } },
  responses: { 201: jsonContent(OperatorGroup, 'Created'), ...accountErrors },
});

export const updateGroup = createRoute({
  ...common,
  method: 'put',
  path: '/v1/staffing/groups/{id}',
  summary: 'Rename an operator group or change its shrinkage',
  request: { params: IdParams, body: { required: true, ...jsonContent(OperatorGroupInput) } },
  responses: { 200: jsonContent(OperatorGroup, 'Saved'), ...accountErrors },
});

export const replaceGroupWindows = createRoute({
  ...common,
  method: 'put',
  path: '/v1/staffing/groups/{id}/minimum-windows',
  summary: "Replace an operator group's minimum windows (they apply to each of its municipalities)",
  request: { params: IdParams, body: { required: true, ...jsonContent(MinimumWindowsSchema) } },
  responses: {
    200: jsonContent(z.object({ items: z.array(MinimumWindowSchema.and(z.object({ id: z.uuid() }))) }), 'Saved'),
    ...accountErrors,
  },
});

export const whatIf = createRoute({
  ...common,
  method: 'post',
  path: '/v1/staffing/what-if',
  summary: 'Operators needed for a campaign interval (Erlang C, or Erlang A with patience)',
  description:
    'Calls per interval, interval length, handling seconds, answer-within seconds, goal and shrinkage → operators on calls, operators to schedule, service level, ASA and occupancy. Pure arithmetic: nothing is stored.',
  request: { body: { required: true, ...jsonContent(WhatIf) } },
  responses: { 200: jsonContent(WhatIfResult, 'The staffing'), ...accountErrors },
});

const RequiredInterval = z.object({
  interval: z.number().int(),
  calls: z.number(),
  handlingSeconds: z.number(),
  source: z.enum(['history', 'default', 'holiday']),
  onCalls: z.number().int(),
  toSchedule: z.number().int(),
  serviceLevel: z.number(),
  minimum: z.number().int(),
  required: z.number().int(),
});

export const RequiredWeek = z
  .object({
    weekStart: z.string(),
    municipalityIds: z.array(z.uuid()),
    goal: z.object({ goal: z.number(), answerWithinSeconds: z.number(), shrinkage: z.number() }),
    days: z.array(z.object({ date: z.string(), holiday: z.boolean(), intervals: z.array(RequiredInterval) })),
  })
  .openapi('RequiredWeek');

export const forecast = createRoute({
  ...common,
  method: 'get',
  path: '/v1/staffing/forecast',
  summary: 'Forecast and required operators per 30-minute interval for a week (a municipality, or an operator group pooled)',
  description:
    'Calls per interval from the same weekday of the last 8 weeks (national holidays and 12/29–1/3 left out; a town with too little history: 2 calls per open booth-hour, 600 s, marked `default`), operators on calls by Erlang C (Erlang A where residents were seen to give up) at the town’s goal, the minimum windows, and required = the higher.',
  request: {
    query: z
      .object({
        municipalityId: z.uuid().optional(),
        operatorGroupId: z.uuid().optional(),
        week: LocalDate.openapi({ description: 'The Monday of the week (Japan).' }),
      })
      .refine((q) => (q.municipalityId === undefined) !== (q.operatorGroupId === undefined), 'give a municipalityId or an operatorGroupId'),
  },
  responses: { 200: jsonContent(RequiredWeek, 'The week'), ...accountErrors },
});
