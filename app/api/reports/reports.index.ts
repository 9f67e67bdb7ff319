import type { Context } from 'hono';
import { type Lang, type Report, reportCsv } from '../../domain/reports/report';
import type { AppContext } from '../../server/platform/context';
import { reportPdf, reportXlsx } from '../../server/reports/export.server';
import { type AppBindings, createRouter } from '../router';
import * as routes from './reports.routes';

const types = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** JSON, or a file named after the municipality code and period (ASCII, so every browser keeps it). */
async function respond(c: Context<AppBindings>, report: Report, format: 'json' | 'csv' | 'xlsx' | 'pdf', lang: Lang) {
  if (format === 'json') return c.json(report, 200);
  const body =
    format === 'csv'
      ? reportCsv(report, lang)
      : format === 'xlsx'
        ? new Uint8Array(await reportXlsx(report, lang))
        : await reportPdf(report, lang);
  const name = `madoguchi-${report.period}-${report.municipality.code}-${report.periodKey}.${format}`;
  return c.body(body as string | Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': types[format],
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
}

export function reportsRouter(ctx: AppContext) {
  return createRouter()
    .openapi(routes.dashboard, async (c) => c.json(await ctx.reports.dashboard(c.get('account'), c.req.valid('query')), 200))
    .openapi(routes.daily, async (c) => {
      const q = c.req.valid('query');
      const report = await ctx.reports.report(c.get('account'), 'daily', q.date, q);
      return respond(c, report, q.format, q.lang) as never;
    })
    .openapi(routes.monthly, async (c) => {
      const q = c.req.valid('query');
      const report = await ctx.reports.report(c.get('account'), 'monthly', q.month, q);
      return respond(c, report, q.format, q.lang) as never;
    })
    .openapi(routes.saveAnalysis, async (c) => {
      const { period, periodKey } = c.req.valid('param');
      const saved = await ctx.reports.saveAnalysis(
        c.get('account'),
        period,
        periodKey,
        c.req.valid('query').municipalityId,
        c.req.valid('json').text,
        c.get('requestId'),
      );
      return c.json(saved, 200);
    });
}
