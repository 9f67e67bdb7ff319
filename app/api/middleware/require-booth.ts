import type { MiddlewareHandler } from 'hono';
import type { AppContext } from '../../server/platform/context';
import { problems } from '../../server/platform/problems';
import type { AppBindings } from '../router';

/**
 * Every booth route (/v1/booth/*): a valid device credential of an enabled booth, or 401. Mounted
 * once, before the routers, so each booth request is authenticated exactly once.
 */
export function requireBooth(ctx: AppContext): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const principal = await ctx.boothAuth.authenticate(c.req.header('authorization'));
    if (!principal) throw problems.unauthenticated();
    c.set('booth', principal);
    await next();
  };
}
