import { createRoute, z } from '@hono/zod-openapi';
import { operatorStatuses } from '@madoguchi/db';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { ConnectionDetails, LanguageSchema, Timestamp } from '../schemas';

const tags = ['interpreting'];
const RequestParams = z.object({ requestId: z.uuid().openapi({ param: { name: 'requestId', in: 'path' } }) });
const SessionParams = z.object({ sessionId: z.uuid().openapi({ param: { name: 'sessionId', in: 'path' } }) });

/** The interpreter's live state (interpreting.server.ts InterpreterState). */
export const InterpreterState = z
  .object({
    status: z.enum(operatorStatuses),
    since: Timestamp,
    offer: z
      .object({
        requestId: z.uuid(),
        expiresAt: Timestamp,
        language: LanguageSchema,
        municipalityName: z.string(),
        boothName: z.string(),
      })
      .nullable(),
    call: z.object({ requestId: z.uuid(), sessionId: z.uuid(), language: LanguageSchema }).nullable(),
  })
  .openapi('InterpreterState');

/** Where the operator's request for an interpreter stands. */
export const InterpreterRequestView = z
  .object({
    requestId: z.uuid(),
    language: LanguageSchema,
    status: z.enum(['waiting', 'ringing', 'joined', 'left', 'cancelled']),
    requestedAt: z.number().int(),
    notFound: z.boolean(),
    interpreterName: z.string().nullable(),
  })
  .openapi('InterpreterRequest');

export const stream = createRoute({
  method: 'get',
  path: '/v1/interpreting/stream',
  tags,
  summary: "Server-Sent Events: `state` (InterpreterState) on every change of this interpreter's status, offer or call, and every 15 s",
  security: accountSecurity,
  responses: { 200: { description: 'text/event-stream' }, 401: accountErrors[401], 403: accountErrors[403] },
});

export const setStatus = createRoute({
  method: 'put',
  path: '/v1/interpreting/status',
  tags,
  summary: 'Interpreter: available, on a break, or offline',
  security: accountSecurity,
  request: { body: { required: true, ...jsonContent(z.object({ status: z.enum(['available', 'break', 'offline']) }).strict()) } },
  responses: { 200: jsonContent(InterpreterState, 'The new state'), ...accountErrors },
});

export const accept = createRoute({
  method: 'post',
  path: '/v1/interpreting/offers/{requestId}/accept',
  tags,
  summary: 'Interpreter: accept the request ringing for you; answers with how to join the call',
  security: accountSecurity,
  request: { params: RequestParams },
  responses: { 200: jsonContent(InterpreterState.extend({ connection: ConnectionDetails }), 'In the call'), ...accountErrors },
});

export const decline = createRoute({
  method: 'post',
  path: '/v1/interpreting/offers/{requestId}/decline',
  tags,
  summary: 'Interpreter: decline (you go away; the request rings the next interpreter)',
  security: accountSecurity,
  request: { params: RequestParams },
  responses: { 200: jsonContent(InterpreterState, 'Declined'), ...accountErrors },
});

export const connection = createRoute({
  method: 'get',
  path: '/v1/interpreting/connection',
  tags,
  summary: 'Interpreter: fresh join details for the call you are in (after a reload)',
  security: accountSecurity,
  responses: { 200: jsonContent(ConnectionDetails, 'How to join'), ...accountErrors },
});

export const leave = createRoute({
  method: 'post',
  path: '/v1/interpreting/leave',
  tags,
  summary: 'Interpreter: leave the call (it goes on without you); you are available again',
  security: accountSecurity,
  responses: { 200: jsonContent(InterpreterState, 'Left'), ...accountErrors },
});

export const request = createRoute({
  method: 'post',
  path: '/v1/console/sessions/{sessionId}/interpreter',
  tags,
  summary: 'Operator: ask for an interpreter in this language for the call you are on',
  security: accountSecurity,
  request: { params: SessionParams, body: { required: true, ...jsonContent(z.object({ language: LanguageSchema }).strict()) } },
  responses: { 200: jsonContent(InterpreterRequestView, 'Asked'), ...accountErrors },
});

export const show = createRoute({
  method: 'get',
  path: '/v1/console/sessions/{sessionId}/interpreter',
  tags,
  summary: "Operator: where this call's request for an interpreter stands (null: none asked)",
  security: accountSecurity,
  request: { params: SessionParams },
  responses: { 200: jsonContent(InterpreterRequestView.nullable(), 'The request'), ...accountErrors },
});

export const keepWaiting = createRoute({
  method: 'post',
  path: '/v1/console/sessions/{sessionId}/interpreter/keep-waiting',
  tags,
  summary: 'Operator: nobody found yet; keep looking for another wait',
  security: accountSecurity,
  request: { params: SessionParams },
  responses: { 200: jsonContent(InterpreterRequestView, 'Still looking'), ...accountErrors },
});

export const cancel = createRoute({
  method: 'delete',
  path: '/v1/console/sessions/{sessionId}/interpreter',
  tags,
  summary: 'Operator: give the request up (or send the interpreter away); the call goes on',
  security: accountSecurity,
  request: { params: SessionParams },
  responses: { 200: jsonContent(InterpreterRequestView.nullable(), 'Given up'), ...accountErrors },
});
