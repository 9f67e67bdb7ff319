import { createRoute, z } from '@hono/zod-openapi';
import { consentKinds } from '@madoguchi/db';
import { addWordedIssue } from '../../domain/free-text';
import { INTERPRETER_WAIT_SECONDS } from '../../domain/interpreting';
import { checkWebhookUrl, webhookUrlMessages } from '../../domain/network-address';
import { PageQuery, pageSchema } from '../../server/platform/pagination';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { EligibilityQuestion, IdParams, LocalizedText, MunicipalityCode, ProcedureSchema, Timestamp, uniqueList } from '../schemas';

const tags = ['municipalities'];

export const Municipality = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    procedures: z.array(ProcedureSchema),
    eligibility: z.record(z.string(), z.array(EligibilityQuestion)),
    counterGuidance: LocalizedText.nullable(),
    alertWebhookUrl: z.string().nullable(),
    outageAlertMinutes: z.number().int(),
    listenInAllowed: z.boolean(),
    listenInNotice: z.boolean(),
    interpreterWaitSeconds: z.number().int().nullable(),
    createdAt: Timestamp,
  })
  .openapi('Municipality');

const Eligibility = z.partialRecord(ProcedureSchema, z.array(EligibilityQuestion).max(10));

// Patches are built from the same fields without defaults: a default inside a patch would
// silently reset what the caller did not mention.
const municipalityFields = {
  name: z.string().trim().min(1).max(100),
  procedures: uniqueList(ProcedureSchema, 6),
  eligibility: Eligibility,
  /** Where residents go when the booth cannot help (the counter, its floor and hours); null: not written. */
  counterGuidance: LocalizedText.nullable(),
  /**
   * Where the outage alert is POSTed (JSON, no personal data); null: the dashboard banner only.
   * Never an internal address or host (decision 0017); https only is checked by the service,
   * which knows PUBLIC_ORIGIN.
   */
  alertWebhookUrl: z
    .string()
    .trim()
    .max(500)
    .superRefine((url, ctx) => {
      const checked = checkWebhookUrl(url, { httpsOnly: false });
      if (!checked.ok) addWordedIssue(ctx, 'webhook_url_refused', webhookUrlMessages[checked.reason]);
    })
    .nullable(),
  /** Minutes offline during opening hours before the alert. */
  outageAlertMinutes: z.number().int().min(1).max(240),
  /** Supervisors may listen in on, coach in, join and take over its calls (issue 18). */
  listenInAllowed: z.boolean(),
  /** The booth's consent screen says calls may be listened to for quality (shown only while listening in is allowed). */
  listenInNotice: z.boolean(),
  /** Seconds an interpreter request may go unanswered before the operator is told nobody was found; null: the server's default. */
  interpreterWaitSeconds: z.number().int().min(INTERPRETER_WAIT_SECONDS.min).max(INTERPRETER_WAIT_SECONDS.max).nullable(),
};

export const NewMunicipality = z
  .object({
    code: MunicipalityCode,
    ...municipalityFields,
    procedures: municipalityFields.procedures.default([]),
    eligibility: municipalityFields.eligibility.default({}),
    counterGuidance: municipalityFields.counterGuidance.default(null),
    alertWebhookUrl: municipalityFields.alertWebhookUrl.default(null),
    outageAlertMinutes: municipalityFields.outageAlertMinutes.default(5),
    listenInAllowed: municipalityFields.listenInAllowed.default(false),
    listenInNotice: municipalityFields.listenInNotice.default(false),
    interpreterWaitSeconds: municipalityFields.interpreterWaitSeconds.default(null),
  })
  .strict()
  .openapi('NewMunicipality');

export const MunicipalityPatch = z
  .object(municipalityFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .openapi('MunicipalityPatch');

export const ConsentDocument = z
  .object({ id: z.uuid(), kind: z.enum(consentKinds), version: z.number().int(), texts: LocalizedText, publishedAt: Timestamp })
  .openapi('ConsentDocument');

export const CurrentConsent = z
  .object({ terms: ConsentDocument.nullable(), privacy: ConsentDocument.nullable() })
  .openapi('CurrentConsent');

export const NewConsentDocument = z
  .object({ kind: z.enum(consentKinds), texts: LocalizedText })
  .strict()
  .openapi('NewConsentDocument');

export const list = createRoute({
  method: 'get',
  path: '/v1/municipalities',
  tags,
  summary: 'Municipalities within your reach',
  security: accountSecurity,
  request: { query: PageQuery },
  responses: {
    200: jsonContent(pageSchema(Municipality), 'A page'),
    400: accountErrors[400],
    401: accountErrors[401],
    403: accountErrors[403],
  },
});

export const create = createRoute({
  method: 'post',
  path: '/v1/municipalities',
  tags,
  summary: 'Register a municipality (admin)',
  security: accountSecurity,
  request: { body: { required: true, ...jsonContent(NewMunicipality) } },
  responses: { 201: jsonContent(Municipality, 'Created'), ...accountErrors },
});

export const get = createRoute({
  method: 'get',
  path: '/v1/municipalities/{id}',
  tags,
  summary: 'One municipality',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(Municipality, 'The municipality'), ...accountErrors },
});

export const update = createRoute({
  method: 'patch',
  path: '/v1/municipalities/{id}',
  tags,
  summary: 'Change name, procedures offered, eligibility questions, counter guidance, outage alert (admin)',
  security: accountSecurity,
  request: { params: IdParams, body: { required: true, ...jsonContent(MunicipalityPatch) } },
  responses: { 200: jsonContent(Municipality, 'Updated'), ...accountErrors },
});

export const consent = createRoute({
  method: 'get',
  path: '/v1/municipalities/{id}/consent',
  tags,
  summary: 'Current terms of use and privacy policy',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(CurrentConsent, 'Current versions'), ...accountErrors },
});

export const publishConsent = createRoute({
  method: 'post',
  path: '/v1/municipalities/{id}/consent',
  tags,
  summary: 'Publish a new version of the terms or the privacy policy',
  security: accountSecurity,
  request: { params: IdParams, body: { required: true, ...jsonContent(NewConsentDocument) } },
  responses: { 201: jsonContent(ConsentDocument, 'Published'), ...accountErrors },
});
