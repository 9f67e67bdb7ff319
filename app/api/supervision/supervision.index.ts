import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import * as routes from './supervision.routes';

export function supervisionRouter(ctx: AppContext) {
  return createRouter().openapi(routes.step, async (c) => {
    const { sessionId } = c.req.valid('param');
    const { action } = c.req.valid('json');
    // The permission, the municipality's reach and its setting are checked by the service, in that order.
    const result = await ctx.supervision.step(c.get('account'), sessionId, action, ctx.livekitUrlFor(c.req.url), c.get('requestId'));
    return c.json(result, 200);
  });
}
