import type { MiddlewareHandler } from 'hono';
import { createRouter, type AppBindings } from '../router';
import { problems } from '../../server/problems';
import type { AppContext } from '../../server/context';
import { appendEvent, endSession, requestCall } from './booth-sessions.routes';

/** Every booth route: a valid device credential of an enabled booth, or 401. */
export function requireBooth(ctx: AppContext): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const principal = await ctx.boothAuth.authenticate(c.req.header('authorization'));
    if (!principal) throw problems.unauthenticated();
    c.set('booth', principal);
    await next();
  };
}

export function boothSessionsRouter(ctx: AppContext) {
  const router = createRouter();
  router.use('/v1/booth/*', requireBooth(ctx));
  return router
    .openapi(requestCall, async (c) => {
      const { session, connection } = await ctx.sessions.request(c.get('booth'), ctx.livekitUrlFor(c.req.url));
      return c.json({ sessionId: session.id, status: session.status, connection }, 201);
    })
    .openapi(appendEvent, async (c) => {
      const { sessionId } = c.req.valid('param');
      const { type, detail } = c.req.valid('json');
      const event = await ctx.sessions.appendBoothEvent(c.get('booth'), sessionId, type, detail);
      return c.json({ id: event.id, at: event.at.toISOString() }, 201);
    })
    .openapi(endSession, async (c) => {
      const { sessionId } = c.req.valid('param');
      await ctx.sessions.endByBooth(c.get('booth'), sessionId);
      return c.json({ sessionId, status: 'ended' as const }, 200);
    });
}
