import type { Uptime } from '../../domain/uptime';
import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './booth-health.routes';

export const presentUptime = (u: Uptime) => ({
  ...u,
  outages: u.outages.map((o) => ({ start: o.start.toISOString(), end: iso(o.end), openMs: o.openMs })),
});

type CommandRow = Awaited<ReturnType<AppContext['boothHealth']['commands']>>[number];
export const presentCommand = (c: CommandRow) => ({
  id: c.id,
  kind: c.kind,
  status: c.status,
  requestedAt: c.requestedAt.toISOString(),
  deliveredAt: iso(c.deliveredAt),
  completedAt: iso(c.completedAt),
  requestedBy: c.requestedBy,
  result: c.result ?? null,
});

export function boothHealthRouter(ctx: AppContext) {
  const { boothHealth } = ctx;
  return createRouter()
    .openapi(routes.heartbeat, async (c) => c.json(await boothHealth.heartbeat(c.get('booth'), c.req.valid('json')), 200))
    .openapi(routes.commandResult, async (c) => {
      const done = await boothHealth.commandResult(c.get('booth'), c.req.valid('param').commandId, c.req.valid('json'), c.get('requestId'));
      return c.json(done, 200);
    })
    .openapi(routes.health, async (c) => {
      const d = await boothHealth.detail(c.get('account'), c.req.valid('param').id);
      return c.json(
        {
          booth: d.booth,
          open: d.open,
          status: d.health?.status ?? null,
          since: iso(d.health?.since),
          lastBeatAt: iso(d.health?.lastBeatAt),
          appVersion: d.health?.appVersion ?? null,
          snapshot: d.health?.snapshot ?? null,
          today: presentUptime(d.today),
          month: presentUptime(d.month),
        },
        200,
      );
    })
    .openapi(routes.listCommands, async (c) => {
      const rows = await boothHealth.commands(c.get('account'), c.req.valid('param').id);
      return c.json({ items: rows.map(presentCommand) }, 200);
    })
    .openapi(routes.requestCommand, async (c) => {
      const { id } = c.req.valid('param');
      const account = c.get('account');
      const row = await boothHealth.requestCommand(account, id, c.req.valid('json').kind, c.get('requestId'));
      return c.json(presentCommand({ ...row, requestedBy: account.displayName, result: row.result ?? null }), 201);
    });
}
