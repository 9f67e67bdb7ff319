import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './municipalities.routes';

type MunicipalityRow = Awaited<ReturnType<AppContext['municipalities']['get']>>;
type ConsentRow = Awaited<ReturnType<AppContext['municipalities']['publishConsent']>>;

const present = (m: MunicipalityRow) => ({ ...m, eligibility: m.eligibility as Record<string, never[]>, createdAt: iso(m.createdAt)! });
const presentConsent = (d: ConsentRow | null) =>
  d ? { id: d.id, kind: d.kind, version: d.version, texts: d.texts, publishedAt: iso(d.publishedAt)! } : null;

export function municipalitiesRouter(ctx: AppContext) {
  const { municipalities } = ctx;
  return createRouter()
    .openapi(routes.list, async (c) => {
      const page = await municipalities.list(c.get('account'), c.req.valid('query'));
      return c.json({ items: page.items.map(present), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.create, async (c) => {
      const row = await municipalities.create(c.get('account'), c.req.valid('json'), c.get('requestId'));
      return c.json(present(row), 201);
    })
    .openapi(routes.get, async (c) => c.json(present(await municipalities.get(c.get('account'), c.req.valid('param').id)), 200))
    .openapi(routes.update, async (c) => {
      const row = await municipalities.update(c.get('account'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      return c.json(present(row), 200);
    })
    .openapi(routes.consent, async (c) => {
      const current = await municipalities.consentFor(c.get('account'), c.req.valid('param').id);
      return c.json({ terms: presentConsent(current.terms), privacy: presentConsent(current.privacy) }, 200);
    })
    .openapi(routes.publishConsent, async (c) => {
      const { kind, texts } = c.req.valid('json');
      const row = await municipalities.publishConsent(c.get('account'), c.req.valid('param').id, kind, texts, c.get('requestId'));
      return c.json(presentConsent(row)!, 201);
    });
}
