import type { AccountView } from '../../server/auth/accounts.server';
import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './accounts.routes';

const present = (a: AccountView) => ({ ...a, lockedUntil: iso(a.lockedUntil), createdAt: iso(a.createdAt)! });

export function accountsRouter(ctx: AppContext) {
  const { accountAdmin } = ctx;
  return createRouter()
    .openapi(routes.list, async (c) => {
      const page = await accountAdmin.list(c.get('account'), c.req.valid('query'));
      return c.json({ items: page.items.map(present), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.create, async (c) =>
      c.json(present(await accountAdmin.create(c.get('account'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(routes.get, async (c) => c.json(present(await accountAdmin.get(c.get('account'), c.req.valid('param').id)), 200))
    .openapi(routes.update, async (c) => {
      const row = await accountAdmin.update(c.get('account'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      return c.json(present(row), 200);
    });
}
