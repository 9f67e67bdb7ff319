import type { AppContext } from '../../server/platform/context';
import type { FaqRevisionRow } from '../../server/records/faq.server';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './faq.routes';

const present = (r: FaqRevisionRow & { label: { ja: string; en: string } }) => ({
  ...r,
  createdAt: iso(r.createdAt)!,
  approvedAt: iso(r.approvedAt),
});

export function faqRouter(ctx: AppContext) {
  const { faq } = ctx;
  return createRouter()
    .openapi(routes.listFaq, async (c) => c.json({ items: (await faq.current(c.get('account'), c.req.valid('query'))).map(present) }, 200))
    .openapi(routes.faqHistory, async (c) => {
      const history = await faq.history(c.get('account'), c.req.valid('param').entryId);
      return c.json({ ...history, revisions: history.revisions.map(present) }, 200);
    })
    .openapi(routes.createFaqEntry, async (c) =>
      c.json(present(await faq.createEntry(c.get('account'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(routes.draftFaqRevision, async (c) =>
      c.json(
        present(await faq.draftRevision(c.get('account'), c.req.valid('param').entryId, c.req.valid('json'), c.get('requestId'))),
        201,
      ),
    )
    .openapi(routes.approveFaqRevision, async (c) => {
      const { entryId, version } = c.req.valid('param');
      return c.json(present(await faq.approve(c.get('account'), entryId, version, c.get('requestId'))), 200);
    })
    .openapi(routes.retireFaqEntry, async (c) => {
      const history = await faq.retire(c.get('account'), c.req.valid('param').entryId, c.get('requestId'));
      return c.json({ ...history, revisions: history.revisions.map(present) }, 200);
    });
}
