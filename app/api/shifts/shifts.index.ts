import type { AppContext } from '../../server/platform/context';
import { type ShiftRow, shiftsOf } from '../../server/staffing/shifts.server';
import { shiftsExport } from '../../server/staffing/shifts-export.server';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './shifts.routes';

const present = (s: ShiftRow) => ({ ...s, updatedAt: iso(s.updatedAt)! });

export function shiftsRouter(ctx: AppContext) {
  const shifts = shiftsOf(ctx);
  return createRouter()
    .openapi(routes.listWeek, async (c) => {
      const week = await shifts.week(c.get('account'), c.req.valid('query'));
      return c.json({ ...week, rows: week.rows.map((r) => ({ ...r, cells: r.cells.map((s) => (s ? present(s) : null)) })) }, 200);
    })
    .openapi(routes.createShift, async (c) =>
      c.json(present(await shifts.create(c.get('account'), c.req.valid('json'), c.get('requestId'))), 201),
    )
    .openapi(routes.updateShift, async (c) =>
      c.json(present(await shifts.update(c.get('account'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'))), 200),
    )
    .openapi(routes.deleteShift, async (c) => {
      const { id } = c.req.valid('param');
      await shifts.remove(c.get('account'), id, c.get('requestId'));
      return c.json({ id }, 200);
    })
    .openapi(routes.copyWeek, async (c) => {
      const result = await shifts.copyWeek(c.get('account'), c.req.valid('json'), c.get('requestId'));
      return c.json({ created: result.created.map(present), skipped: result.skipped }, 200);
    })
    .openapi(routes.plannedIntervals, async (c) => {
      const q = c.req.valid('query');
      return c.json({ ...q, intervals: await shifts.planned(c.get('account'), q) }, 200);
    })
    .openapi(routes.exportShifts, async (c) => {
      const { week, month, ...q } = c.req.valid('query');
      const period = week ? { week } : { month: month! };
      const file = await shiftsExport(ctx.database.db, shifts, c.get('account'), { ...period, ...q });
      return c.body(file.body, 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
        'Cache-Control': 'no-store',
      }) as never;
    });
}
