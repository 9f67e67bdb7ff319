import { createRoute, z } from '@hono/zod-openapi';
import { supervisionActions, supervisionModes } from '../../domain/supervision';
import { accountErrors, accountSecurity, jsonContent } from '../router';
import { ConnectionDetails } from '../schemas';

const tags = ['console'];
const SessionParams = z.object({ sessionId: z.uuid().openapi({ param: { name: 'sessionId', in: 'path' } }) });

export const SupervisionStep = z
  .object({
    /** The supervisor's mode now; null after leaving or taking over. */
    mode: z.enum(supervisionModes).nullable(),
    /** The call's operator in the room: the only one a coach lets hear them (track permissions). */
    operatorIdentity: z.string().nullable(),
    /** How to join in the new mode (an operator's token after taking over); null after leaving. */
    connection: ConnectionDetails.nullable(),
  })
  .openapi('SupervisionStep');

export const step = createRoute({
  method: 'post',
  path: '/v1/console/sessions/{sessionId}/supervision',
  tags,
  summary:
    "A supervisor in a call of a municipality they supervise that allows it: listen in (hidden), coach (heard by the operator only), join (seen and heard by the resident), take over (becomes the call's operator), or leave",
  security: accountSecurity,
  request: {
    params: SessionParams,
    body: { required: true, ...jsonContent(z.object({ action: z.enum(supervisionActions) }).strict()) },
  },
  responses: { 200: jsonContent(SupervisionStep, 'The new mode and how to join in it'), ...accountErrors },
});
