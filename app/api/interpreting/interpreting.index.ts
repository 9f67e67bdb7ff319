import { streamSSE } from 'hono/streaming';
import { requirePermission } from '../../server/auth/authorize.server';
import { type InterpreterState, interpreterTopic } from '../../server/calls/interpreting.server';
import type { AppContext } from '../../server/platform/context';
import { problems } from '../../server/platform/problems';
import { createRouter } from '../router';
import * as routes from './interpreting.routes';

/**
 * Remote interpreters (issue 18, decision 0036): their console (`interpret:session`), and the
 * operator's request in a call (`write:session`). Every command goes to the queue's dispatcher.
 */
export function interpretingRouter(ctx: AppContext) {
  const { queue, push } = ctx;
  return createRouter()
    .openapi(routes.stream, (c) => {
      const account = c.get('account');
      requirePermission(account, 'interpret:session');
      const topic = interpreterTopic(account.accountId);
      return streamSSE(c, async (stream) => {
        let id = 0;
        const send = (state: InterpreterState) => stream.writeSSE({ event: 'state', data: JSON.stringify(state), id: String(++id) });
        const off = push.subscribe(topic, (_event, data) => void send(data as InterpreterState));
        await push.ready(topic);
        await send(await queue.interpreterState(account.accountId));
        const heartbeat = setInterval(() => void queue.interpreterState(account.accountId).then(send, () => undefined), 15_000);
        await new Promise<void>((resolve) => stream.onAbort(resolve));
        clearInterval(heartbeat);
        off();
      });
    })
    .openapi(routes.setStatus, async (c) => {
      requirePermission(c.get('account'), 'interpret:session');
      return c.json(await queue.interpreterSetStatus(c.get('account'), c.req.valid('json').status), 200);
    })
    .openapi(routes.accept, async (c) => {
      const account = c.get('account');
      requirePermission(account, 'interpret:session');
      const state = await queue.interpreterAccept(account, c.req.valid('param').requestId);
      if (!state.call) throw problems.sessionNotFound();
      // A token only for the call the desk has just put them on.
      const connection = await ctx.sessions.interpreterConnection(account, state.call.sessionId, ctx.livekitUrlFor(c.req.url));
      return c.json({ ...state, connection }, 200);
    })
    .openapi(routes.decline, async (c) => {
      requirePermission(c.get('account'), 'interpret:session');
      return c.json(await queue.interpreterDecline(c.get('account'), c.req.valid('param').requestId), 200);
    })
    .openapi(routes.connection, async (c) => {
      const account = c.get('account');
      requirePermission(account, 'interpret:session');
      const state = await queue.interpreterState(account.accountId);
      if (!state.call) throw problems.sessionNotFound();
      return c.json(await ctx.sessions.interpreterConnection(account, state.call.sessionId, ctx.livekitUrlFor(c.req.url)), 200);
    })
    .openapi(routes.leave, async (c) => {
      requirePermission(c.get('account'), 'interpret:session');
      return c.json(await queue.interpreterLeave(c.get('account')), 200);
    })
    .openapi(routes.request, async (c) => {
      requirePermission(c.get('account'), 'write:session');
      const { sessionId } = c.req.valid('param');
      return c.json(await queue.requestInterpreter(c.get('account'), sessionId, c.req.valid('json').language), 200);
    })
    .openapi(routes.show, async (c) => {
      requirePermission(c.get('account'), 'write:session');
      // Only the operator who answered this call (404 otherwise, whatever the request's state).
      await ctx.sessions.answeredBy(c.get('account'), c.req.valid('param').sessionId);
      return c.json(await queue.interpreterRequest(c.get('account'), c.req.valid('param').sessionId), 200);
    })
    .openapi(routes.keepWaiting, async (c) => {
      requirePermission(c.get('account'), 'write:session');
      // Only the operator who answered this call (404 otherwise, whatever the request's state).
      await ctx.sessions.answeredBy(c.get('account'), c.req.valid('param').sessionId);
      return c.json(await queue.keepWaitingForInterpreter(c.get('account'), c.req.valid('param').sessionId), 200);
    })
    .openapi(routes.cancel, async (c) => {
      requirePermission(c.get('account'), 'write:session');
      // Only the operator who answered this call (404 otherwise, whatever the request's state).
      await ctx.sessions.answeredBy(c.get('account'), c.req.valid('param').sessionId);
      return c.json(await queue.cancelInterpreter(c.get('account'), c.req.valid('param').sessionId), 200);
    });
}
