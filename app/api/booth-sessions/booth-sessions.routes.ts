import { createRoute, z } from '@hono/zod-openapi';
import { popupSiteKinds } from '@madoguchi/db';
import { Opening } from '../booths/booths.routes';
import { CurrentConsent } from '../municipalities/municipalities.routes';
import { boothErrors, boothSecurity, jsonContent, problem } from '../router';
import { ConnectionDetails, EligibilityQuestion, LanguageSchema, LocalizedText, ProcedureSchema } from '../schemas';
import { NewBoothEvent, RecordedEvent } from './booth-events';

export const SessionIdParams = z.object({
  sessionId: z.uuid().openapi({ param: { name: 'sessionId', in: 'path' } }),
});

export const BoothSession = z
  .object({
    sessionId: z.uuid(),
    status: z.enum(['waiting', 'active', 'ended']),
    connection: ConnectionDetails,
  })
  .openapi('BoothSession');

const errors = {
  ...boothErrors,
  404: problem('No such session for this booth'),
  409: problem('The session is not in a state that allows this'),
};

export const CallRequest = z
  .object({
    procedure: ProcedureSchema.optional(),
    language: LanguageSchema.optional(),
    /** The versions of the terms and privacy policy the resident accepted on screen. */
    consent: z.object({ terms: z.number().int().positive(), privacy: z.number().int().positive() }).strict().optional(),
    /**
     * From POST /v1/booth/reservations/check-in: the call is the reservation's (its procedure and
     * language are used) and is queued ahead of walk-ins (decision 0034).
     */
    reservationId: z.uuid().optional(),
  })
  .strict()
  .openapi('CallRequest');

export const BoothSelf = z
  .object({
    booth: z.object({ id: z.uuid(), name: z.string(), kind: z.string(), location: z.string() }),
    municipality: z.object({
      id: z.uuid(),
      name: z.string(),
      procedures: z.array(ProcedureSchema),
      eligibility: z.record(z.string(), z.array(EligibilityQuestion)),
      /** Where to go when the booth cannot help (its "temporarily unavailable" screen); null: not written. */
      counterGuidance: LocalizedText.nullable(),
      /** The consent screen says calls may be listened to for quality (issue 18): the town allows listening in and tells residents. */
      listenInNotice: z.boolean(),
      /**
       * The town works by reservation (its reservation policy, decision 0034): the attract screen
       * says so; walk-ins are still called in, after every checked-in reservation (issue 17).
       */
      reservationOnly: z.boolean(),
    }),
    consent: CurrentConsent,
    opening: Opening,
    /**
     * The pop-up event the booth serves today (agreed or held, assigned to it): the site's name (a
     * place) and the event's days and hours; `opening` already follows them. null: none today.
     */
    popup: z
      .object({
        eventId: z.uuid(),
        siteName: z.string(),
        siteKind: z.enum(popupSiteKinds),
        days: z.array(z.object({ date: z.string(), ranges: z.array(z.object({ start: z.string(), end: z.string() })) })),
      })
      .nullable(),
    /** How often to POST /v1/booth/heartbeat (decision 0014). */
    heartbeatMs: z.number().int(),
    /** Staff switched the maintenance screen on: show it and take no calls. */
    maintenance: z.boolean(),
    /** LiveKit's address for this booth; its self-test checks that it answers. */
    livekitUrl: z.string(),
    /** While waiting: ask "are you still there?" after `askAfterMs` without a touch; no answer within `answerWithinMs` gives the place up. */
    waitingCheck: z.object({ askAfterMs: z.number().int(), answerWithinMs: z.number().int() }),
  })
  .openapi('BoothSelf');

export const me = createRoute({
  method: 'get',
  path: '/v1/booth/me',
  tags: ['booth'],
  summary: "What the booth shows: its municipality's procedures, eligibility questions, current terms, opening hours",
  security: boothSecurity,
  responses: { 200: jsonContent(BoothSelf, 'The booth and its municipality'), 401: errors[401] },
});

export const requestCall = createRoute({
  method: 'post',
  path: '/v1/booth/sessions',
  tags: ['booth'],
  summary: 'The booth asks for an operator: opens a waiting session and returns LiveKit join details',
  security: boothSecurity,
  request: { body: { required: false, content: { 'application/json': { schema: CallRequest } } } },
  responses: {
    400: errors[400],
    201: { description: 'Session opened', content: { 'application/json': { schema: BoothSession } } },
    401: errors[401],
    409: problem(
      'No call now: `consent_outdated`, `closed`, `maintenance`, `reservation_not_checked_in`, or nobody could take it — `no_operator_for_call` (no operator serves this language and procedure here) or `no_operator_on_duty` (those who do are on break, away or offline); those two are recorded as a referral at the booth',
    ),
    503: problem("LiveKit could not create the call's room: no call now, nothing recorded"),
  },
});

export const appendEvent = createRoute({
  method: 'post',
  path: '/v1/booth/sessions/{sessionId}/events',
  tags: ['booth'],
  summary:
    'Append a booth-reported event to its own session (durable before the reply; a resend of the same clientId is recorded once and answered the same)',
  security: boothSecurity,
  request: {
    params: SessionIdParams,
    body: { required: true, content: { 'application/json': { schema: NewBoothEvent } } },
  },
  responses: {
    201: { description: 'Recorded (or recorded before: the same answer)', content: { 'application/json': { schema: RecordedEvent } } },
    ...errors,
  },
});

/**
 * Why the booth ends: nothing (the resident ended it), or `connection-lost` — the call could not
 * go on (never connected, or cut past the limit), and an answered call is recorded as dropped.
 */
export const EndRequest = z
  .object({ reason: z.enum(['connection-lost']).optional() })
  .strict()
  .openapi('BoothEndRequest');

export const endSession = createRoute({
  method: 'post',
  path: '/v1/booth/sessions/{sessionId}/end',
  tags: ['booth'],
  summary: 'The booth ends its session (idempotent)',
  security: boothSecurity,
  request: { params: SessionIdParams, body: { required: false, content: { 'application/json': { schema: EndRequest } } } },
  responses: {
    200: {
      description: 'Ended',
      content: { 'application/json': { schema: z.object({ sessionId: z.uuid(), status: z.literal('ended') }) } },
    },
    ...errors,
  },
});

export const Referral = z
  .object({ procedure: ProcedureSchema, language: LanguageSchema, questionId: z.string().regex(/^[a-z0-9-]{1,32}$/) })
  .strict()
  .openapi('Referral');

export const refer = createRoute({
  method: 'post',
  path: '/v1/booth/referrals',
  tags: ['booth'],
  summary: 'Record that the booth sent the resident to the counter (no call)',
  security: boothSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: Referral } } } },
  responses: { 201: jsonContent(z.object({ sessionId: z.uuid() }), 'Recorded'), 400: errors[400], 401: errors[401] },
});

export const QueueState = z
  .object({
    status: z.enum(['waiting', 'active', 'ended']),
    position: z.number().int().nullable(),
    /** Null while nobody who could take the call is on duty (see `noOperator`). */
    estimatedWaitSeconds: z.number().int().nullable(),
    operatorName: z.string().nullable(),
    /** While waiting: nobody who could take the call is on duty (`none-on-duty`), or nobody serves it (`not-served`). */
    noOperator: z.enum(['not-served', 'none-on-duty']).nullable(),
  })
  .openapi('QueueState');

export const queue = createRoute({
  method: 'get',
  path: '/v1/booth/sessions/{sessionId}/queue',
  tags: ['booth'],
  summary: "Queue position and estimated wait of the booth's waiting session",
  security: boothSecurity,
  request: { params: SessionIdParams },
  responses: { 200: jsonContent(QueueState, 'Where the call stands'), 400: errors[400], 401: errors[401], 404: errors[404] },
});

export const cancel = createRoute({
  method: 'post',
  path: '/v1/booth/sessions/{sessionId}/cancel',
  tags: ['booth'],
  summary: 'The resident gives up while waiting (recorded as abandoned, with the wait)',
  security: boothSecurity,
  request: { params: SessionIdParams },
  responses: { 200: jsonContent(z.object({ waitSeconds: z.number() }), 'Abandoned'), ...errors },
});
