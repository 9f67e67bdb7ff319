import { createRoute, z } from '@hono/zod-openapi';
import {
  actorKinds,
  incidentKinds,
  incidentSeverities,
  incidentStatuses,
  inquiryCategories,
  inquiryChannels,
  ledgerActions,
  outcomes,
  sessionStatuses,
} from '@madoguchi/db';
import { checkNotified, notifiedMessages } from '../../domain/escalation';
import { addWordedIssue, freeText } from '../../domain/free-text';
import { PageQuery, pageSchema } from '../../server/platform/pagination';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { IdParams, LanguageSchema, ProcedureSchema, Timestamp } from '../schemas';

const Period = z.object({ from: Timestamp.optional(), to: Timestamp.optional() });
const listErrors = { 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403] };

export const SessionEvent = z
  .object({
    id: z.number().int(),
    type: z.string(),
    actorKind: z.enum(actorKinds),
    actorId: z.string().nullable(),
    /** When the server recorded it. */
    at: Timestamp,
    /** When it happened (server clock; a booth's time corrected by its clock skew, bounded): the history's order. */
    occurredAt: Timestamp,
    /** Booth events: the booth's clock minus the server's when it sent the event (ms); null otherwise. */
    clockSkewMs: z.number().int().nullable(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  })
  .openapi('SessionEvent');

export const SessionRecord = z
  .object({
    id: z.uuid(),
    boothId: z.uuid(),
    municipalityId: z.uuid(),
    operatorId: z.string().nullable(),
    status: z.enum(sessionStatuses),
    procedure: ProcedureSchema.nullable(),
    language: LanguageSchema.nullable(),
    consentVersion: z.string().nullable(),
    outcome: z.enum(outcomes).nullable(),
    requestedAt: Timestamp,
    offeredAt: Timestamp.nullable(),
    answeredAt: Timestamp.nullable(),
    endedAt: Timestamp.nullable(),
    /** Derived, not stored: ms from request to answer, and from answer to end. */
    waitMs: z.number().nullable(),
    handlingMs: z.number().nullable(),
  })
  .openapi('SessionRecord');

export const SessionWithEvents = SessionRecord.extend({ events: z.array(SessionEvent) }).openapi('SessionWithEvents');

export const Incident = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    boothId: z.uuid().nullable(),
    sessionId: z.uuid().nullable(),
    kind: z.enum(incidentKinds),
    severity: z.enum(incidentSeverities),
    summary: z.string(),
    status: z.enum(incidentStatuses),
    reportedBy: z.string(),
    reportedAt: Timestamp,
    escalatedAt: Timestamp.nullable(),
    escalatedBy: z.string().nullable(),
    notified: z.string().nullable().openapi({ description: 'Who at the town was told: a section or role, never a resident.' }),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: Timestamp.nullable(),
    resolvedAt: Timestamp.nullable(),
    resolution: z.string().nullable(),
  })
  .openapi('Incident');

export const NewIncident = z
  .object({
    municipalityId: z.uuid(),
    boothId: z.uuid().optional(),
    sessionId: z.uuid().optional(),
    kind: z.enum(incidentKinds),
    severity: z.enum(incidentSeverities),
    summary: freeText('incident.summary').openapi({
      description:
        'What happened, without any personal data: no number of 4+ digits in any script, no name with an honorific, no e-mail, address or birth date (decision 0017).',
    }),
  })
  .strict()
  .openapi('NewIncident');

export const Notified = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    const checked = checkNotified(value);
    if (!checked.ok) addWordedIssue(ctx, 'invalid_notified', notifiedMessages[checked.reason]);
  })
  .openapi({
    description: 'Who at the town was told (a section or role, e.g. 「市民課 担当係長」); required to escalate.',
    example: '市民課 担当係長',
  });

export const IncidentChange = z
  .object({
    action: z.enum(['escalate', 'acknowledge', 'resolve']),
    notified: Notified.optional(),
    resolution: freeText('incident.resolution').optional(),
  })
  .strict()
  .superRefine((change, ctx) => {
    if (change.action === 'escalate' && change.notified === undefined)
      ctx.addIssue({ code: 'custom', path: ['notified'], message: 'required to escalate' });
    if (change.action !== 'escalate' && change.notified !== undefined)
      ctx.addIssue({ code: 'custom', path: ['notified'], message: 'only for escalate' });
    if (change.action !== 'resolve' && change.resolution !== undefined)
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'only for resolve' });
  })
  .openapi('IncidentChange');

export const Inquiry = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    channel: z.enum(inquiryChannels),
    category: z.enum(inquiryCategories),
    receivedAt: Timestamp,
    handledBy: z.string(),
    durationSeconds: z.number().int().nullable(),
    transferred: z.boolean(),
  })
  .openapi('Inquiry');

export const NewInquiry = z
  .object({
    municipalityId: z.uuid(),
    channel: z.enum(inquiryChannels),
    category: z.enum(inquiryCategories),
    receivedAt: Timestamp.optional(),
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
    transferred: z.boolean().optional(),
  })
  .strict()
  .openapi('NewInquiry');

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actorKind: z.enum(actorKinds),
    actorId: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    municipalityId: z.string().nullable(),
    requestId: z.string().nullable(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  })
  .openapi('AuditEntry');

export const LedgerEntry = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    actorKind: z.enum(actorKinds),
    actorId: z.string().nullable(),
    action: z.enum(ledgerActions),
    dataKind: z.string(),
    itemId: z.string(),
    sessionId: z.string().nullable(),
    municipalityId: z.uuid(),
  })
  .openapi('LedgerEntry');

const common = { security: accountSecurity };

export const listSessions = createRoute({
  ...common,
  method: 'get',
  path: '/v1/sessions',
  tags: ['sessions'],
  summary: 'Session records (metadata only), newest first',
  request: { query: PageQuery.merge(Period).extend({ boothId: z.uuid().optional(), status: z.enum(sessionStatuses).optional() }) },
  responses: { 200: jsonContent(pageSchema(SessionRecord), 'A page'), ...listErrors },
});

export const getSession = createRoute({
  ...common,
  method: 'get',
  path: '/v1/sessions/{id}',
  tags: ['sessions'],
  summary: 'One session with its full event history',
  request: { params: IdParams },
  responses: { 200: jsonContent(SessionWithEvents, 'The session'), ...accountErrors },
});

export const listIncidents = createRoute({
  ...common,
  method: 'get',
  path: '/v1/incidents',
  tags: ['incidents'],
  summary: 'Incidents and complaints',
  request: {
    query: PageQuery.merge(Period).extend({
      status: z.enum(incidentStatuses).optional(),
      kind: z.enum(incidentKinds).optional(),
      municipalityId: z.uuid().optional(),
    }),
  },
  responses: { 200: jsonContent(pageSchema(Incident), 'A page'), ...listErrors },
});

export const reportIncident = createRoute({
  ...common,
  method: 'post',
  path: '/v1/incidents',
  tags: ['incidents'],
  summary: 'Report an incident or complaint',
  request: { body: { required: true, ...jsonContent(NewIncident) } },
  responses: { 201: jsonContent(Incident, 'Reported'), ...accountErrors },
});

export const changeIncident = createRoute({
  ...common,
  method: 'post',
  path: '/v1/incidents/{id}/actions',
  tags: ['incidents'],
  summary: 'Escalate to town staff, acknowledge (town staff), or resolve',
  request: { params: IdParams, body: { required: true, ...jsonContent(IncidentChange) } },
  responses: { 200: jsonContent(Incident, 'Changed'), ...accountErrors },
});

export const listInquiries = createRoute({
  ...common,
  method: 'get',
  path: '/v1/inquiries',
  tags: ['inquiries'],
  summary: 'Inquiry log (categories ア–ケ)',
  request: {
    query: PageQuery.merge(Period).extend({ category: z.enum(inquiryCategories).optional(), municipalityId: z.uuid().optional() }),
  },
  responses: { 200: jsonContent(pageSchema(Inquiry), 'A page'), ...listErrors },
});

export const InquiryCounts = z
  .object({
    counts: z.object(
      Object.fromEntries(inquiryCategories.map((c) => [c, z.number().int()])) as Record<(typeof inquiryCategories)[number], z.ZodNumber>,
    ),
    total: z.number().int(),
  })
  .openapi('InquiryCounts');

export const countInquiries = createRoute({
  ...common,
  method: 'get',
  path: '/v1/inquiries/counts',
  tags: ['inquiries'],
  summary: 'Inquiries per category (ア–ケ) in a period',
  request: { query: Period.extend({ municipalityId: z.uuid().optional() }) },
  responses: { 200: jsonContent(InquiryCounts, 'Counts'), ...listErrors },
});

export const logInquiry = createRoute({
  ...common,
  method: 'post',
  path: '/v1/inquiries',
  tags: ['inquiries'],
  summary: 'Log an inquiry (who asked is never recorded)',
  request: { body: { required: true, ...jsonContent(NewInquiry) } },
  responses: { 201: jsonContent(Inquiry, 'Logged'), ...accountErrors },
});

export const listAudit = createRoute({
  ...common,
  method: 'get',
  path: '/v1/audit-log',
  tags: ['audit'],
  summary: 'Audit log, newest first',
  request: { query: PageQuery.merge(Period) },
  responses: { 200: jsonContent(pageSchema(AuditEntry), 'A page'), ...listErrors },
});

export const listLedger = createRoute({
  ...common,
  method: 'get',
  path: '/v1/ledger',
  tags: ['ledger'],
  summary: 'Personal-data ledger (個人情報取扱台帳): creations, views, downloads, deletions',
  request: { query: PageQuery.merge(Period) },
  responses: { 200: jsonContent(pageSchema(LedgerEntry), 'A page'), ...listErrors },
});
