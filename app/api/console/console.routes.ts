import { createRoute, z } from '@hono/zod-openapi';
import { operatorStatuses, outcomes } from '@madoguchi/db';
import type { ConsoleState as ConsoleStateContract } from '@madoguchi/db/call-contract';
import { notesCategories } from '../../domain/procedure-guides';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { ConnectionDetails, LanguageSchema, ProcedureSchema, Timestamp } from '../schemas';

const tags = ['console'];
const SessionParams = z.object({ sessionId: z.uuid().openapi({ param: { name: 'sessionId', in: 'path' } }) });

export const ConsoleState = z
  .object({
    status: z.enum(operatorStatuses),
    since: Timestamp,
    offer: z
      .object({
        sessionId: z.uuid(),
        expiresAt: Timestamp,
        municipalityName: z.string(),
        boothName: z.string(),
        language: LanguageSchema,
        procedure: ProcedureSchema.nullable(),
        waitedSeconds: z.number().int(),
      })
      .nullable(),
    activeSessionId: z.uuid().nullable(),
    /** After-call work for this call; `until` null: open until the outcome is recorded or a status chosen. */
    afterCall: z.object({ sessionId: z.uuid(), until: Timestamp.nullable() }).nullable(),
    waitingCount: z.number().int(),
  })
  .openapi('ConsoleState');

type Same<A, B> = [A, B] extends [B, A] ? true : false;
/** The published schema is the call contract's ConsoleState: neither changes without the other (this fails to compile). */
export const consoleStateIsTheContract: Same<z.output<typeof ConsoleState>, ConsoleStateContract> = true;

/**
 * The answer to an accept: the new state, and the operator's join details, so the console connects
 * the room at once instead of after the call page has loaded (decision 0020).
 */
export const AcceptedOffer = ConsoleState.extend({ connection: ConnectionDetails }).openapi('AcceptedOffer');

export const stream = createRoute({
  method: 'get',
  path: '/v1/console/stream',
  tags,
  summary: "Server-Sent Events: `state` (ConsoleState) on every change of this operator's status or offer, and every 15 s",
  security: accountSecurity,
  responses: { 200: { description: 'text/event-stream' }, 401: accountErrors[401], 403: accountErrors[403] },
});

export const setStatus = createRoute({
  method: 'put',
  path: '/v1/console/status',
  tags,
  summary: 'Available, on a break, or offline',
  security: accountSecurity,
  request: { body: { required: true, ...jsonContent(z.object({ status: z.enum(['available', 'break', 'offline']) }).strict()) } },
  responses: { 200: jsonContent(ConsoleState, 'The new state'), ...accountErrors },
});

export const accept = createRoute({
  method: 'post',
  path: '/v1/console/offers/{sessionId}/accept',
  tags,
  summary: 'Accept the call being offered to you',
  security: accountSecurity,
  request: { params: SessionParams },
  responses: { 200: jsonContent(AcceptedOffer, 'On the call, with how to join it'), ...accountErrors },
});

export const decline = createRoute({
  method: 'post',
  path: '/v1/console/offers/{sessionId}/decline',
  tags,
  summary: 'Decline the call (you go away; it is offered to the next operator)',
  security: accountSecurity,
  request: { params: SessionParams },
  responses: { 200: jsonContent(ConsoleState, 'Declined'), ...accountErrors },
});

export const end = createRoute({
  method: 'post',
  path: '/v1/console/sessions/{sessionId}/end',
  tags,
  summary:
    'End the call with its outcome and a non-personal notes category (or record the outcome, in after-call work, of a call the other side ended)',
  security: accountSecurity,
  request: {
    params: SessionParams,
    body: {
      required: true,
      ...jsonContent(z.object({ outcome: z.enum(outcomes), notesCategory: z.enum(notesCategories).default('none') }).strict()),
    },
  },
  responses: { 200: jsonContent(ConsoleState, 'After-call work'), ...accountErrors },
});

export const overview = createRoute({
  method: 'get',
  path: '/v1/console/overview',
  tags,
  summary: 'Supervisor view: queues per municipality, operators with their statuses, skills and current call, active calls',
  security: accountSecurity,
  responses: {
    200: jsonContent(
      z.object({
        generatedAt: Timestamp,
        queues: z.array(
          z.object({ municipalityId: z.string(), municipalityName: z.string(), waiting: z.number(), longestWaitSeconds: z.number() }),
        ),
        operators: z.array(
          z.object({
            id: z.string(),
            displayName: z.string(),
            status: z.enum(operatorStatuses),
            since: Timestamp,
            until: Timestamp.nullable(),
            languages: z.array(LanguageSchema),
            procedures: z.array(ProcedureSchema),
            municipalities: z.array(z.string()),
            call: z
              .object({
                sessionId: z.uuid(),
                municipalityName: z.string(),
                boothName: z.string(),
                language: LanguageSchema,
                procedure: ProcedureSchema.nullable(),
                requestedAt: Timestamp,
                answeredAt: Timestamp.nullable(),
              })
              .nullable(),
          }),
        ),
        offlineCount: z.number().int(),
        activeSessions: z.array(z.object({ sessionId: z.string(), operatorId: z.string(), operatorName: z.string() })),
      }),
      'Live overview',
    ),
    ...accountErrors,
  },
});
