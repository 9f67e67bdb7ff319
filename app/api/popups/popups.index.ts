import type { AppContext } from '../../server/platform/context';
import { type PopupEvent, popupsOf } from '../../server/popups/popups.server';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './popups.routes';

const present = (e: PopupEvent) => ({
  id: e.id,
  municipalityId: e.municipalityId,
  siteName: e.siteName,
  siteKind: e.siteKind,
  days: e.days,
  firstDate: e.firstDate,
  lastDate: e.lastDate,
  procedures: e.procedures,
  state: e.state,
  agreedBy: e.agreedBy,
  agreedAt: iso(e.agreedAt),
  heldAt: iso(e.heldAt),
  reportedAt: iso(e.reportedAt),
  boothIds: e.boothIds,
  createdBy: e.createdBy,
  createdAt: iso(e.createdAt)!,
  updatedAt: iso(e.updatedAt)!,
});

export function popupsRouter(ctx: AppContext) {
  const popups = popupsOf(ctx);
  return createRouter()
    .openapi(routes.popupYearPlan, async (c) => {
      const { municipalityId, year, weekdayTarget, holidayTarget } = c.req.valid('query');
      return c.json(await popups.yearPlan(c.get('account'), municipalityId, year, { weekday: weekdayTarget, holiday: holidayTarget }), 200);
    })
    .openapi(routes.listPopups, async (c) =>
      c.json({ items: (await popups.list(c.get('account'), c.req.valid('query'))).map(present) }, 200),
    )
    .openapi(routes.getPopup, async (c) => c.json(present(await popups.get(c.get('account'), c.req.valid('param').id)), 200))
    .openapi(routes.createPopup, async (c) =>
      c.json(present(await popups.create(c.get('account'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(routes.updatePopup, async (c) =>
      c.json(present(await popups.update(c.get('account'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'))), 200),
    )
    .openapi(routes.deletePopup, async (c) => {
      const { id } = c.req.valid('param');
      await popups.remove(c.get('account'), id, c.get('requestId'));
      return c.json({ id }, 200);
    })
    .openapi(routes.assignBooths, async (c) =>
      c.json(
        present(await popups.assignBooths(c.get('account'), c.req.valid('param').id, c.req.valid('json').boothIds, c.get('requestId'))),
        200,
      ),
    )
    .openapi(routes.transitionPopup, async (c) => {
      const { id, action } = c.req.valid('param');
      return c.json(present(await popups.transition(c.get('account'), id, action, c.get('requestId'))), 200);
    });
}
