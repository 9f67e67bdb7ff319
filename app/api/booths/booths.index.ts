import { calendarOf } from '../../server/booths/booths.server';
import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './booths.routes';

type BoothRow = Awaited<ReturnType<AppContext['booths']['get']>>;

/** The credential hash never leaves the server; callers learn only whether one is set. */
export const presentBooth = ({ credentialHash, ...b }: BoothRow) => ({
  ...b,
  hasCredential: credentialHash !== null,
  credentialIssuedAt: iso(b.credentialIssuedAt),
  calendar: calendarOf(b),
  createdAt: iso(b.createdAt)!,
});

const presentOpening = (o: { open: boolean; currentUntil: Date | null; nextOpening: Date | null }) => ({
  open: o.open,
  currentUntil: iso(o.currentUntil),
  nextOpening: iso(o.nextOpening),
});

export function boothsRouter(ctx: AppContext) {
  const { booths } = ctx;
  return createRouter()
    .openapi(routes.list, async (c) => {
      const page = await booths.list(c.get('account'), c.req.valid('query'));
      return c.json({ items: page.items.map(presentBooth), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.provision, async (c) => {
      const { booth, credential } = await booths.provision(c.get('account'), c.req.valid('json'), c.get('requestId'));
      return c.json({ booth: presentBooth(booth), credential }, 201, { 'Cache-Control': 'no-store' });
    })
    .openapi(routes.get, async (c) => c.json(presentBooth(await booths.get(c.get('account'), c.req.valid('param').id)), 200))
    .openapi(routes.update, async (c) => {
      const row = await booths.update(c.get('account'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      return c.json(presentBooth(row), 200);
    })
    .openapi(routes.setCalendar, async (c) => {
      const row = await booths.setCalendar(c.get('account'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      return c.json(presentBooth(row), 200);
    })
    .openapi(routes.opening, async (c) => {
      return c.json(presentOpening(await booths.opening(c.get('account'), c.req.valid('param').id, new Date())), 200);
    })
    .openapi(routes.issueCredential, async (c) => {
      const { booth, credential } = await booths.issueCredential(c.get('account'), c.req.valid('param').id, c.get('requestId'));
      return c.json({ booth: presentBooth(booth), credential }, 201, { 'Cache-Control': 'no-store' });
    })
    .openapi(routes.revokeCredential, async (c) => {
      return c.json(presentBooth(await booths.revokeCredential(c.get('account'), c.req.valid('param').id, c.get('requestId'))), 200);
    });
}

export { presentOpening };
