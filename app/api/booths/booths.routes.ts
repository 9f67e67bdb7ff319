import { createRoute, z } from '@hono/zod-openapi';
import { boothKinds } from '@madoguchi/db';
import { OpeningCalendar } from '../../domain/calendar';
import { freeText } from '../../domain/free-text';
import { PageQuery, pageSchema } from '../../server/platform/pagination';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { IdParams, Timestamp } from '../schemas';

const tags = ['booths'];

// Built with plain zod in the domain (no .openapi()); it is inlined in the document.
export const CalendarSchema = OpeningCalendar;

export const Booth = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    name: z.string(),
    kind: z.enum(boothKinds),
    location: z.string(),
    enabled: z.boolean(),
    hasCredential: z.boolean(),
    credentialIssuedAt: Timestamp.nullable(),
    calendar: CalendarSchema,
    createdAt: Timestamp,
  })
  .openapi('Booth');

export const ProvisionedBooth = z
  .object({
    booth: Booth,
    credential: z.string().openapi({ description: 'The device credential. Shown this once: store it on the booth now.' }),
  })
  .openapi('ProvisionedBooth');

// Labels staff type and residents may see: checked like all free text (decision 0017).
const name = freeText('booth.name');
const location = freeText('booth.location', { allowEmpty: true });

export const NewBooth = z
  .object({ municipalityId: z.uuid(), name, kind: z.enum(boothKinds), location: location.default(''), calendar: CalendarSchema.optional() })
  .strict()
  .openapi('NewBooth');

export const BoothPatch = z
  .object({ name: name.optional(), kind: z.enum(boothKinds).optional(), location: location.optional(), enabled: z.boolean().optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .openapi('BoothPatch');

export const Opening = z
  .object({ open: z.boolean(), currentUntil: Timestamp.nullable(), nextOpening: Timestamp.nullable() })
  .openapi('Opening');

export const list = createRoute({
  method: 'get',
  path: '/v1/booths',
  tags,
  summary: 'Booths within your reach',
  security: accountSecurity,
  request: { query: PageQuery.extend({ municipalityId: z.uuid().optional() }) },
  responses: { 200: jsonContent(pageSchema(Booth), 'A page'), 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403] },
});

export const provision = createRoute({
  method: 'post',
  path: '/v1/booths',
  tags,
  summary: 'Provision a booth and its device credential (admin)',
  security: accountSecurity,
  request: { body: { required: true, ...jsonContent(NewBooth) } },
  responses: { 201: jsonContent(ProvisionedBooth, 'Provisioned'), ...accountErrors },
});

export const get = createRoute({
  method: 'get',
  path: '/v1/booths/{id}',
  tags,
  summary: 'One booth',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Booth, 'The booth'), ...accountErrors },
});

export const update = createRoute({
  method: 'patch',
  path: '/v1/booths/{id}',
  tags,
  summary: 'Rename, move, enable or disable a booth',
  security: accountSecurity,
  request: { params: IdParams, body: { required: true, ...jsonContent(BoothPatch) } },
  responses: { 200: jsonContent(Booth, 'Updated'), ...accountErrors },
});

export const setCalendar = createRoute({
  method: 'put',
  path: '/v1/booths/{id}/calendar',
  tags,
  summary: "Replace the booth's opening calendar",
  security: accountSecurity,
  request: { params: IdParams, body: { required: true, ...jsonContent(CalendarSchema) } },
  responses: { 200: jsonContent(Booth, 'Updated'), ...accountErrors },
});

export const opening = createRoute({
  method: 'get',
  path: '/v1/booths/{id}/opening',
  tags,
  summary: 'Whether the booth is open now, and its next opening (Asia/Tokyo)',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Opening, 'Opening state'), ...accountErrors },
});

export const issueCredential = createRoute({
  method: 'post',
  path: '/v1/booths/{id}/credential',
  tags,
  summary: 'Issue a new device credential (the old one stops working) (admin)',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 201: jsonContent(ProvisionedBooth, 'Issued'), ...accountErrors },
});

export const revokeCredential = createRoute({
  method: 'delete',
  path: '/v1/booths/{id}/credential',
  tags,
  summary: "Revoke the booth's device credential (admin)",
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Booth, 'Revoked'), ...accountErrors },
});
