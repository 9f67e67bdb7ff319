import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './records.routes';

type Dated = Record<string, unknown>;
/** Dates → ISO strings, one level deep (records are flat). */
function isoDates<T extends Dated>(row: T) {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? iso(v) : v])) as {
    [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
  };
}

type SessionRow = Awaited<ReturnType<AppContext['sessionHistory']['sessions']>>['items'][number];
const presentSession = (s: SessionRow) => ({
  ...isoDates(s),
  waitMs: s.answeredAt ? s.answeredAt.getTime() - s.requestedAt.getTime() : null,
  handlingMs: s.answeredAt && s.endedAt ? s.endedAt.getTime() - s.answeredAt.getTime() : null,
});

export function recordsRouter(ctx: AppContext) {
  const { records, sessionHistory, ledger } = ctx;
  return createRouter()
    .openapi(routes.listSessions, async (c) => {
      const page = await sessionHistory.sessions(c.get('account'), c.req.valid('query'));
      return c.json({ items: page.items.map(presentSession), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.getSession, async (c) => {
      const { events, ...row } = await sessionHistory.session(c.get('account'), c.req.valid('param').id);
      return c.json({ ...presentSession(row), events: events.map((e) => ({ ...isoDates(e), detail: e.detail ?? null })) }, 200);
    })
    .openapi(routes.listIncidents, async (c) => {
      const page = await records.incidents(c.get('account'), c.req.valid('query'));
      return c.json({ items: page.items.map(isoDates), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.reportIncident, async (c) =>
      c.json(isoDates(await records.reportIncident(c.get('account'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(routes.changeIncident, async (c) => {
      const { action, ...details } = c.req.valid('json');
      return c.json(
        isoDates(await records.changeIncident(c.get('account'), c.req.valid('param').id, action, details, c.get('requestId'))),
        200,
      );
    })
    .openapi(routes.listInquiries, async (c) => {
      const page = await records.inquiries(c.get('account'), c.req.valid('query'));
      return c.json({ items: page.items.map(isoDates), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.countInquiries, async (c) => {
      const counts = await records.inquiryCounts(c.get('account'), c.req.valid('query'));
      return c.json({ counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }, 200);
    })
    .openapi(routes.logInquiry, async (c) =>
      c.json(isoDates(await records.logInquiry(c.get('account'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(routes.listAudit, async (c) => {
      const page = await records.auditLog(c.get('account'), c.req.valid('query'));
      return c.json({ items: page.items.map(isoDates), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.listLedger, async (c) => {
      const page = await ledger.list(c.get('account'), c.req.valid('query'), c.get('requestId'));
      return c.json({ items: page.items.map(isoDates), nextCursor: page.nextCursor }, 200);
    });
}
