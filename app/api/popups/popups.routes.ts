import { createRoute, z } from '@hono/zod-openapi';
import { popupSiteKinds, popupStates } from '@madoguchi/db';
import { MAX_EVENT_DAYS, MAX_RANGES_PER_DAY, popupActions } from '../../domain/popups/popup-events';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { IdParams, ProcedureSchema, Timestamp, uniqueList } from '../schemas';

const common = { security: accountSecurity, tags: ['popups'] };
const readErrors = { 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403], 404: accountErrors[404] };

const Range = z.object({ start: z.string().max(5), end: z.string().max(5) }).strict();
/** Checked in full by the domain (PopupDays: existing dates, each once, ranges not overlapping). */
const Days = z
  .array(z.object({ date: z.string().max(10), ranges: z.array(Range).min(1).max(MAX_RANGES_PER_DAY) }).strict())
  .min(1)
  .max(MAX_EVENT_DAYS)
  .openapi({ description: 'The event’s own calendar, Japan time: each date once, 1–4 non-overlapping HH:MM ranges.' });

const plan = {
  siteName: z.string().trim().min(1).max(120).openapi({
    description: 'A place name (facility, floor, hall) — never a person: no personal data.',
    example: 'イオンモール金沢 1F セントラルコート',
  }),
  siteKind: z.enum(popupSiteKinds),
  days: Days,
  procedures: uniqueList(ProcedureSchema, 10).min(1),
  boothIds: uniqueList(z.uuid(), 20).optional().openapi({ description: 'Portable booths (kind popup) of the same municipality.' }),
};

export const PopupEventSchema = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    siteName: z.string(),
    siteKind: z.enum(popupSiteKinds),
    days: z.array(z.object({ date: z.string(), ranges: z.array(Range) })),
    firstDate: z.string(),
    lastDate: z.string(),
    procedures: z.array(ProcedureSchema),
    state: z.enum(popupStates),
    agreedBy: z.uuid().nullable(),
    agreedAt: Timestamp.nullable(),
    heldAt: Timestamp.nullable(),
    reportedAt: Timestamp.nullable(),
    boothIds: z.array(z.uuid()),
    createdBy: z.uuid(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('PopupEvent');

export const NewPopupEvent = z
  .object({ municipalityId: z.uuid(), ...plan })
  .strict()
  .openapi('NewPopupEvent');
export const PopupEventChange = z.object(plan).strict().openapi('PopupEventChange');

export const listPopups = createRoute({
  ...common,
  method: 'get',
  path: '/v1/popups',
  summary: 'Pop-up events within your reach (town staff: their town), by first date',
  request: {
    query: z.object({
      municipalityId: z.uuid().optional(),
      year: z.coerce.number().int().min(2000).max(2100).optional(),
    }),
  },
  responses: { 200: jsonContent(z.object({ items: z.array(PopupEventSchema) }), 'The events'), ...readErrors },
});

export const getPopup = createRoute({
  ...common,
  method: 'get',
  path: '/v1/popups/{id}',
  summary: 'One pop-up event',
  request: { params: IdParams },
  responses: { 200: jsonContent(PopupEventSchema, 'The event'), ...readErrors },
});

export const createPopup = createRoute({
  ...common,
  method: 'post',
  path: '/v1/popups',
  summary: 'Plan a pop-up event (state planned)',
  request: { body: { required: true, ...jsonContent(NewPopupEvent) } },
  responses: { 201: jsonContent(PopupEventSchema, 'Planned'), ...accountErrors },
});

export const updatePopup = createRoute({
  ...common,
  method: 'put',
  path: '/v1/popups/{id}',
  summary: 'Change a planned or agreed event (changing what was agreed sends it back to planned)',
  request: { params: IdParams, body: { required: true, ...jsonContent(PopupEventChange) } },
  responses: { 200: jsonContent(PopupEventSchema, 'Changed'), ...accountErrors },
});

export const deletePopup = createRoute({
  ...common,
  method: 'delete',
  path: '/v1/popups/{id}',
  summary: 'Delete a planned event',
  request: { params: IdParams },
  responses: { 200: jsonContent(z.object({ id: z.uuid() }), 'Deleted'), ...accountErrors },
});

export const assignBooths = createRoute({
  ...common,
  method: 'put',
  path: '/v1/popups/{id}/booths',
  summary: 'Assign portable booths (replaces the earlier ones); a booth cannot be at two events at once',
  request: { params: IdParams, body: { required: true, ...jsonContent(z.object({ boothIds: uniqueList(z.uuid(), 20) }).strict()) } },
  responses: { 200: jsonContent(PopupEventSchema, 'Assigned'), ...accountErrors },
});

export const transitionPopup = createRoute({
  ...common,
  method: 'post',
  path: '/v1/popups/{id}/{action}',
  summary: 'agree (town staff of that town), hold or report (supervisors): planned → agreed → held → reported',
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
      action: z.enum(popupActions).openapi({ param: { name: 'action', in: 'path' } }),
    }),
  },
  responses: { 200: jsonContent(PopupEventSchema, 'Done'), ...accountErrors },
});

const MonthPlanSchema = z.object({
  month: z.string(),
  weekday: z.number().int(),
  holiday: z.number().int(),
  agreedWeekday: z.number().int(),
  agreedHoliday: z.number().int(),
  weekdayShort: z.number().int(),
  holidayShort: z.number().int(),
});

export const popupYearPlan = createRoute({
  ...common,
  method: 'get',
  path: '/v1/popups/year-plan',
  summary: 'Year plan of a municipality: event days per month on weekdays and 土日祝, against a target (default 6 + 6)',
  request: {
    query: z.object({
      municipalityId: z.uuid(),
      year: z.coerce.number().int().min(2000).max(2100),
      weekdayTarget: z.coerce.number().int().min(0).max(31).default(6),
      holidayTarget: z.coerce.number().int().min(0).max(31).default(6),
    }),
  },
  responses: {
    200: jsonContent(
      z
        .object({
          year: z.number().int(),
          target: z.object({ weekday: z.number().int(), holiday: z.number().int() }),
          months: z.array(MonthPlanSchema),
          total: z.object({
            weekday: z.number().int(),
            holiday: z.number().int(),
            agreedWeekday: z.number().int(),
            agreedHoliday: z.number().int(),
          }),
        })
        .openapi('PopupYearPlan'),
      'Twelve months',
    ),
    ...readErrors,
  },
});
