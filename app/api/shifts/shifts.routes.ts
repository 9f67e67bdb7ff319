import { createRoute, z } from '@hono/zod-openapi';
import { isValidLocalDate } from '../../domain/calendar';
import { DAY_MINUTES, SHIFT_GRID_MINUTES } from '../../domain/staffing/shifts';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { IdParams, LanguageSchema, ProcedureSchema, Timestamp, uniqueList } from '../schemas';

const common = { security: accountSecurity, tags: ['shifts'] };
const readErrors = { 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403], 404: accountErrors[404] };

const LocalDate = z.string().refine(isValidLocalDate, 'must be an existing date YYYY-MM-DD (Japan)').openapi({ example: '2026-12-07' });
const Monday = z.string().refine(isValidLocalDate, 'must be an existing date YYYY-MM-DD (Japan)').openapi({
  example: '2026-12-07',
  description: 'The Monday the week starts on (Japan).',
});
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM (Japan)');

const Minute = z
  .number()
  .int()
  .min(0)
  .max(DAY_MINUTES)
  .openapi({ description: `Minutes from midnight, Japan time, on a ${SHIFT_GRID_MINUTES}-minute grid (540 = 09:00, 1440 = 24:00).` });

const times = {
  startMinute: Minute,
  endMinute: Minute,
  breakStartMinute: Minute.nullable().openapi({ description: 'Strictly inside the shift; null with breakEndMinute for no break.' }),
  breakEndMinute: Minute.nullable(),
};
const coverage = {
  municipalityIds: uniqueList(z.uuid(), 200).openapi({ description: 'Among the municipalities the operator serves; at least one.' }),
  languages: uniqueList(LanguageSchema, 10),
  procedures: uniqueList(ProcedureSchema, 10),
};

export const ShiftSchema = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    date: z.string(),
    ...times,
    ...coverage,
    updatedBy: z.uuid(),
    updatedAt: Timestamp,
  })
  .openapi('Shift');

export const WeekSchema = z
  .object({
    weekStart: z.string(),
    days: z.array(z.string()).openapi({ description: 'The seven dates, Monday first.' }),
    rows: z.array(
      z.object({
        accountId: z.uuid(),
        displayName: z.string().openapi({ description: 'The work name residents see on screen.' }),
        cells: z.array(ShiftSchema.nullable()).openapi({ description: 'One per day: the shift, or null.' }),
      }),
    ),
  })
  .openapi('ShiftWeek');

export const NewShift = z
  .object({
    accountId: z.uuid(),
    date: LocalDate,
    ...times,
    municipalityIds: coverage.municipalityIds.optional(),
    languages: coverage.languages.optional(),
    procedures: coverage.procedures.optional(),
  })
  .strict()
  .openapi('NewShift', { description: 'Coverage left out = everything the operator serves (the account’s towns, languages, procedures).' });

export const ShiftChange = z
  .object({ ...times, ...coverage })
  .strict()
  .openapi('ShiftChange');

export const CopyWeek = z.object({ fromWeek: Monday, toWeek: Monday, municipalityId: z.uuid().optional() }).strict().openapi('CopyWeek');

export const listWeek = createRoute({
  ...common,
  method: 'get',
  path: '/v1/shifts',
  summary: 'シフト表 / A week of shifts: operators × days (an operator gets their own row only)',
  request: { query: z.object({ weekStart: Monday, municipalityId: z.uuid().optional() }) },
  responses: { 200: jsonContent(WeekSchema, 'The week'), ...readErrors },
});

export const createShift = createRoute({
  ...common,
  method: 'post',
  path: '/v1/shifts',
  summary: 'Plan a shift: one per operator and day',
  request: { body: { required: true, ...jsonContent(NewShift) } },
  responses: { 201: jsonContent(ShiftSchema, 'Planned'), ...accountErrors },
});

export const updateShift = createRoute({
  ...common,
  method: 'put',
  path: '/v1/shifts/{id}',
  summary: 'Change a shift’s times and coverage (its operator and date stay)',
  request: { params: IdParams, body: { required: true, ...jsonContent(ShiftChange) } },
  responses: { 200: jsonContent(ShiftSchema, 'Changed'), ...accountErrors },
});

export const deleteShift = createRoute({
  ...common,
  method: 'delete',
  path: '/v1/shifts/{id}',
  summary: 'Remove a shift',
  request: { params: IdParams },
  responses: { 200: jsonContent(z.object({ id: z.uuid() }), 'Removed'), ...accountErrors },
});

export const copyWeek = createRoute({
  ...common,
  method: 'post',
  path: '/v1/shifts/copy-week',
  summary: 'Copy a week’s shifts to another week (same weekdays; never overwrites; disabled operators skipped)',
  request: { body: { required: true, ...jsonContent(CopyWeek) } },
  responses: {
    200: jsonContent(
      z
        .object({
          created: z.array(ShiftSchema),
          skipped: z.array(
            z.object({
              accountId: z.uuid(),
              displayName: z.string(),
              date: z.string(),
              reason: z.enum(['disabled', 'already_planned', 'no_municipality', 'unknown_account']),
            }),
          ),
        })
        .openapi('CopyWeekResult'),
      'Copied, with what was skipped and why',
    ),
    ...accountErrors,
  },
});

export const plannedIntervals = createRoute({
  ...common,
  method: 'get',
  path: '/v1/shifts/planned',
  summary: 'Operators planned per 30-minute interval of a day for a municipality (breaks excluded, partial intervals in proportion)',
  request: { query: z.object({ date: LocalDate, municipalityId: z.uuid() }) },
  responses: {
    200: jsonContent(
      z.object({
        date: z.string(),
        municipalityId: z.uuid(),
        intervals: z.array(z.object({ startMinute: z.number().int(), endMinute: z.number().int(), planned: z.number() })),
      }),
      '48 intervals',
    ),
    ...readErrors,
  },
});

const files = {
  'text/csv': { schema: z.string().openapi({ description: 'UTF-8 with BOM, CRLF, a header row' }) },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
};

export const exportShifts = createRoute({
  ...common,
  method: 'get',
  path: '/v1/shifts/export',
  summary: 'The shift table of a week or a month as CSV or XLSX, per operator (work names) and day',
  request: {
    query: z
      .object({
        week: Monday.optional(),
        month: Month.optional(),
        municipalityId: z.uuid().optional(),
        format: z.enum(['csv', 'xlsx']).default('csv'),
        lang: z.enum(['ja', 'en']).default('ja').openapi({ description: 'Headers and labels: Japanese (default) or English.' }),
      })
      .refine((q) => (q.week === undefined) !== (q.month === undefined), { message: 'give either week or month', path: ['week'] }),
  },
  responses: { 200: { description: 'The file', content: files }, ...readErrors },
});
