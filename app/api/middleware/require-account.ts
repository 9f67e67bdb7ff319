import type { MiddlewareHandler } from 'hono';
import type { AppContext } from '../../server/platform/context';
import { Problem, problems } from '../../server/platform/problems';
import type { AppBindings } from '../router';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * People reach the API with the login cookie. Besides SameSite=Lax, an unsafe request must come
 * from our own origin when the browser says where it comes from (CSRF defence in depth).
 */
export function requireAccount(ctx: AppContext): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin && origin !== new URL(c.req.url).origin && origin !== ctx.env.PUBLIC_ORIGIN) {
        throw new Problem(403, 'cross_origin', {
          ja: '別のサイトからの操作は受け付けません。',
          en: 'Requests from another site are refused.',
        });
      }
    }
    const account = await ctx.accounts.fromRequest(c.req.raw);
    if (!account) throw problems.unauthenticated();
    c.set('account', account);
    await next();
  };
}
