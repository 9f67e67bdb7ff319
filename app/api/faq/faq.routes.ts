import { createRoute, z } from '@hono/zod-openapi';
import { isValidLocalDate } from '../../domain/calendar';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { ProcedureSchema, Timestamp } from '../schemas';

const LocalDate = z
  .string()
  .refine(isValidLocalDate, 'must be an existing date YYYY-MM-DD (Japan)')
  .openapi({ example: '2026-12-01', description: 'The date the revision takes effect (Japan).' });

const Label = z.object({ ja: z.string(), en: z.string() });

export const FaqRevision = z
  .object({
    id: z.uuid(),
    entryId: z.uuid(),
    version: z.number().int().openapi({ description: '1 = 初版 (first edition); later = 改訂版 (revised edition).' }),
    label: Label,
    municipalityId: z.uuid().nullable().openapi({ description: 'null = every municipality.' }),
    procedure: ProcedureSchema.nullable(),
    question: z.string(),
    answer: z.string(),
    effectiveOn: z.string(),
    createdBy: z.string(),
    createdAt: Timestamp,
    approvedBy: z.string().nullable(),
    approvedAt: Timestamp.nullable(),
    retired: z.boolean(),
  })
  .openapi('FaqRevision');

export const FaqHistory = z.object({ entryId: z.uuid(), retired: z.boolean(), revisions: z.array(FaqRevision) }).openapi('FaqHistory');

const content = {
  question: z.string().trim().min(1).max(200),
  answer: z.string().trim().min(1).max(4000),
  effectiveOn: LocalDate,
};

export const NewFaqEntry = z
  .object({ municipalityId: z.uuid().nullable().optional(), procedure: ProcedureSchema.nullable().optional(), ...content })
  .strict()
  .openapi('NewFaqEntry');

export const NewFaqRevision = z
  .object({ procedure: ProcedureSchema.nullable().optional(), ...content })
  .strict()
  .openapi('NewFaqRevision');

export const EntryParams = z.object({ entryId: z.uuid().openapi({ param: { name: 'entryId', in: 'path' } }) });
export const VersionParams = EntryParams.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .openapi({ param: { name: 'version', in: 'path' } }),
});

const common = { security: accountSecurity, tags: ['faq'] };
const readErrors = { 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403], 404: accountErrors[404] };

export const listFaq = createRoute({
  ...common,
  method: 'get',
  path: '/v1/faq',
  summary: 'FAQ for operators: the current approved revision of each live entry in effect today (Japan)',
  request: { query: z.object({ municipalityId: z.uuid().optional(), procedure: ProcedureSchema.optional() }) },
  responses: { 200: jsonContent(z.object({ items: z.array(FaqRevision) }), 'Current entries'), ...readErrors },
});

export const faqHistory = createRoute({
  ...common,
  method: 'get',
  path: '/v1/faq/{entryId}/revisions',
  summary: 'Every revision of an entry (初版, 改訂版…) with dates and approver',
  request: { params: EntryParams },
  responses: { 200: jsonContent(FaqHistory, 'History'), ...readErrors },
});

export const createFaqEntry = createRoute({
  ...common,
  method: 'post',
  path: '/v1/faq',
  summary: 'A new entry: its first edition (初版) as a draft awaiting approval',
  request: { body: { required: true, ...jsonContent(NewFaqEntry) } },
  responses: { 201: jsonContent(FaqRevision, 'Drafted'), ...accountErrors },
});

export const draftFaqRevision = createRoute({
  ...common,
  method: 'post',
  path: '/v1/faq/{entryId}/revisions',
  summary: 'A revised edition (改訂版) as a draft; one draft at a time per entry',
  request: { params: EntryParams, body: { required: true, ...jsonContent(NewFaqRevision) } },
  responses: { 201: jsonContent(FaqRevision, 'Drafted'), ...accountErrors },
});

export const approveFaqRevision = createRoute({
  ...common,
  method: 'post',
  path: '/v1/faq/{entryId}/revisions/{version}/approve',
  summary: 'Approve a draft (the approver is the caller, who must not be its author)',
  request: { params: VersionParams },
  responses: { 200: jsonContent(FaqRevision, 'Approved'), ...accountErrors },
});

export const retireFaqEntry = createRoute({
  ...common,
  method: 'post',
  path: '/v1/faq/{entryId}/retire',
  summary: 'Retire an entry: operators no longer see it; its history stays',
  request: { params: EntryParams },
  responses: { 200: jsonContent(FaqHistory, 'Retired'), ...accountErrors },
});
