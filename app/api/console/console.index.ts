import type { ConsoleState } from '@madoguchi/db/call-contract';
import { streamSSE } from 'hono/streaming';
import { requirePermission } from '../../server/auth/authorize.server';
import { operatorTopic } from '../../server/calls/push.server';
import { SUPERVISION_EVENT } from '../../server/calls/supervision.server';
import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import * as routes from './console.routes';

export function consoleRouter(ctx: AppContext) {
  const { queue, push } = ctx;
  return createRouter()
    .openapi(routes.stream, (c) => {
      const account = c.get('account');
      requirePermission(account, 'write:session');
      const topic = operatorTopic(account.accountId);
      return streamSSE(c, async (stream) => {
        let id = 0;
        const send = (state: ConsoleState) => stream.writeSSE({ event: 'state', data: JSON.stringify(state), id: String(++id) });
        // A supervisor in this operator's call (issue 18) is its own event: the state stays the router's.
        const off = push.subscribe(topic, (event, data) =>
          event === SUPERVISION_EVENT
            ? void stream.writeSSE({ event: SUPERVISION_EVENT, data: JSON.stringify(data), id: String(++id) })
            : void send(data as ConsoleState),
        );
        // The first state is read once this node receives the topic's pushes: none falls between.
        await push.ready(topic);
        await send(await queue.state(account.accountId));
        const heartbeat = setInterval(() => void queue.state(account.accountId).then(send, () => undefined), 15_000);
        ctx.metrics.consoleStreams.inc();
        await new Promise<void>((resolve) => stream.onAbort(resolve));
        ctx.metrics.consoleStreams.dec();
        clearInterval(heartbeat);
        // No console anywhere for CONSOLE_GRACE_MS: the dispatcher takes the operator offline (queue.server.ts).
        off();
      });
    })
    .openapi(routes.setStatus, async (c) => {
      requirePermission(c.get('account'), 'write:session');
      return c.json(await queue.setStatus(c.get('account'), c.req.valid('json').status), 200);
    })
    .openapi(routes.accept, async (c) => {
      const account = c.get('account');
      requirePermission(account, 'write:session');
      const { sessionId } = c.req.valid('param');
      const state = await queue.accept(account, sessionId);
      // Only the operator who answered gets a token, and only now that the session is active (decision 0009).
      const { connection } = await ctx.sessions.operatorConnection(account, sessionId, ctx.livekitUrlFor(c.req.url));
      return c.json({ ...state, connection }, 200);
    })
    .openapi(routes.decline, async (c) => {
      requirePermission(c.get('account'), 'write:session');
      return c.json(await queue.decline(c.get('account'), c.req.valid('param').sessionId), 200);
    })
    .openapi(routes.end, async (c) => {
      requirePermission(c.get('account'), 'write:session');
      const { outcome, notesCategory } = c.req.valid('json');
      return c.json(
        await queue.endCall(c.get('account'), c.req.valid('param').sessionId, outcome, notesCategory === 'none' ? null : notesCategory),
        200,
      );
    })
    .openapi(routes.overview, async (c) => {
      requirePermission(c.get('account'), 'read:queue');
      return c.json(await queue.overview(), 200);
    });
}
