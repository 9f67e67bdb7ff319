import type { ConsoleState } from '@madoguchi/db/call-contract';
import { streamSSE } from 'hono/streaming';
import { requirePermission } from '../../server/auth/authorize.server';
import { operatorTopic } from '../../server/calls/push.server';
import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import * as routes from './console.routes';

export function consoleRouter(ctx: AppContext) {
  const { queue, push } = ctx;
  /** A console that stays disconnected this long is taken offline, so no call rings into the void. */
  const graceMs = ctx.env.CONSOLE_GRACE_MS;
  const offlineTimers = new Map<string, NodeJS.Timeout>();

  /**
   * No console (the list page or a call page) is connected: after the grace period, offline.
   * While on a call that cannot be (the call goes on, and they may come back to it): look again
   * later, so a call that ends while they are gone does not leave them available to no one.
   */
  const whenGone = (accountId: string) => {
    const topic = operatorTopic(accountId);
    offlineTimers.set(
      accountId,
      setTimeout(() => {
        if (push.listeners(topic) > 0) return;
        void queue
          .consoleGone(accountId)
          .then((done) => {
            if (!done && push.listeners(topic) === 0) whenGone(accountId);
          })
          .catch(() => undefined);
      }, graceMs).unref(),
    );
  };

  return createRouter()
    .openapi(routes.stream, (c) => {
      const account = c.get('account');
      requirePermission(account, 'write:session');
      const topic = operatorTopic(account.accountId);
      clearTimeout(offlineTimers.get(account.accountId));
      return streamSSE(c, async (stream) => {
        let id = 0;
        const send = (state: ConsoleState) => stream.writeSSE({ event: 'state', data: JSON.stringify(state), id: String(++id) });
        const off = push.subscribe(topic, (_event, data) => void send(data as ConsoleState));
        await send(await queue.state(account.accountId));
        const heartbeat = setInterval(() => void queue.state(account.accountId).then(send, () => undefined), 15_000);
        ctx.metrics.consoleStreams.inc();
        await new Promise<void>((resolve) => stream.onAbort(resolve));
        ctx.metrics.consoleStreams.dec();
        clearInterval(heartbeat);
        off();
        if (push.listeners(topic) === 0) whenGone(account.accountId);
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
