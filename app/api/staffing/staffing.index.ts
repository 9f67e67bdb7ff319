import { jstInstant } from '../../domain/calendar';
import { DAY_MS } from '../../domain/japan-time';
import { whatIf } from '../../domain/staffing/what-if';
import { requirePermission } from '../../server/auth/authorize.server';
import type { AppContext } from '../../server/platform/context';
import { Problem } from '../../server/platform/problems';
import { createRouter } from '../router';
import * as routes from './staffing.routes';

const datesProblem = () =>
  new Problem(400, 'staffing_dates', {
    ja: '期間は開始日から終了日まで（366日以内）で指定してください。',
    en: 'Give a period from a start date to an end date, at most 366 days.',
  });

export function staffingRouter(ctx: AppContext) {
  const { staffing } = ctx;
  return createRouter()
    .openapi(routes.live, async (c) => c.json({ items: await staffing.live(c.get('account')) }, 200))
    .openapi(routes.settings, async (c) => c.json(await staffing.settings(c.get('account'), c.req.valid('param').municipalityId), 200))
    .openapi(routes.updateSettings, async (c) =>
      c.json(
        await staffing.updateSettings(c.get('account'), c.req.valid('param').municipalityId, c.req.valid('json'), c.get('requestId')),
        200,
      ),
    )
    .openapi(routes.replaceWindows, async (c) =>
      c.json(
        {
          items: await staffing.replaceWindows(
            c.get('account'),
            { municipalityId: c.req.valid('param').municipalityId },
            c.req.valid('json'),
            c.get('requestId'),
          ),
        },
        200,
      ),
    )
    .openapi(routes.breaches, async (c) => {
      const { from, to } = c.req.valid('query');
      const range = { from: jstInstant(from, '00:00'), to: new Date(jstInstant(to, '00:00').getTime() + DAY_MS) };
      const days = (range.to.getTime() - range.from.getTime()) / DAY_MS;
      if (days < 1 || days > 366) throw datesProblem();
      return c.json({ items: await staffing.breaches(c.get('account'), c.req.valid('param').municipalityId, range) }, 200);
    })
    .openapi(routes.groups, async (c) => c.json({ items: await staffing.groups(c.get('account')) }, 200))
    .openapi(routes.createGroup, async (c) =>
      c.json(await staffing.saveGroup(c.get('account'), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(routes.updateGroup, async (c) =>
      c.json(await staffing.saveGroup(c.get('account'), { ...c.req.valid('json'), id: c.req.valid('param').id }, c.get('requestId')), 200),
    )
    .openapi(routes.replaceGroupWindows, async (c) =>
      c.json(
        {
          items: await staffing.replaceWindows(
            c.get('account'),
            { operatorGroupId: c.req.valid('param').id },
            c.req.valid('json'),
            c.get('requestId'),
          ),
        },
        200,
      ),
    )
    .openapi(routes.forecast, async (c) => {
      const q = c.req.valid('query');
      const scope = q.municipalityId ? { municipalityId: q.municipalityId } : { operatorGroupId: q.operatorGroupId! };
      return c.json(await staffing.requiredWeek(c.get('account'), scope, q.week), 200);
    })
    .openapi(routes.whatIf, async (c) => {
      requirePermission(c.get('account'), 'read:staffing');
      return c.json(whatIf(c.req.valid('json')), 200);
    });
}
