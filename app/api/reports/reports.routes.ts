import { createRoute, z } from '@hono/zod-openapi';
import { reportPeriods } from '@madoguchi/db';
import { ANALYSIS_MAX_CHARS } from '../../domain/reports/report';
import { accountErrors, accountSecurity, jsonContent } from '../router';

const common = { security: accountSecurity, tags: ['reports'] };
const errors = { 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403], 404: accountErrors[404] };

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD (Japan time)');
const Month = z.string().regex(/^\d{4}-\d{2}$/, 'YYYY-MM (Japan time)');
const ServiceLevelSeconds = z.coerce
  .number()
  .int()
  .min(5)
  .max(3600)
  .optional()
  .openapi({ description: "N of the service level (answered within N seconds); default: the municipality's own setting." });

const Format = z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json');
const Lang = z.enum(['ja', 'en']).default('ja').openapi({ description: 'Labels of csv/xlsx/pdf: Japanese (default) or English.' });

/** The figures are documented in docs/decisions/0015-reports.md; the shape is app/domain/reports/report.ts. */
const Figures = z.record(z.string(), z.unknown()).openapi('ReportFigures');
export const ReportSchema = z
  .object({
    municipality: z.object({ id: z.uuid(), name: z.string(), code: z.string() }),
    period: z.enum(reportPeriods),
    periodKey: z.string(),
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    booths: z.array(z.object({ id: z.string(), name: z.string() })),
    figures: Figures,
    byDay: z.array(z.record(z.string(), z.unknown())).nullable(),
    staffing: z
      .object({ goal: z.number(), serviceLevelSeconds: z.number(), rows: z.array(z.record(z.string(), z.unknown())) })
      .nullable()
      .openapi({
        description: 'Monthly: required vs planned vs actual operators per kind of day and 30-minute interval; null in daily reports.',
      }),
    uptime: z.array(z.record(z.string(), z.unknown())).nullable(),
    incidents: z.array(z.record(z.string(), z.unknown())),
    inquiries: z.object({ byCategory: z.record(z.string(), z.number()), total: z.number(), transferred: z.number() }),
    analysis: z.object({ text: z.string(), updatedAt: z.string(), updatedBy: z.string() }).nullable(),
  })
  .openapi('Report');

const files = {
  'application/json': { schema: ReportSchema },
  'text/csv': { schema: z.string().openapi({ description: 'UTF-8 with BOM, CRLF; one table after another, each under a "# title" line' }) },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
  'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
};

export const dashboard = createRoute({
  ...common,
  method: 'get',
  path: '/v1/reports/dashboard',
  summary: 'Dashboard: today and a period (default this month) by procedure, outcome, booth and hour; queue figures',
  request: {
    query: z.object({
      municipalityId: z.uuid(),
      from: Day.optional(),
      to: Day.optional(),
      boothId: z.uuid().optional(),
      serviceLevelSeconds: ServiceLevelSeconds,
    }),
  },
  responses: { 200: jsonContent(z.record(z.string(), z.unknown()).openapi('Dashboard'), 'Today and the period'), ...errors },
});

export const daily = createRoute({
  ...common,
  method: 'get',
  path: '/v1/reports/daily',
  summary: '日次報告書 / Daily report of one municipality (JSON, CSV, XLSX or PDF)',
  request: {
    query: z.object({ municipalityId: z.uuid(), date: Day, format: Format, lang: Lang, serviceLevelSeconds: ServiceLevelSeconds }),
  },
  responses: { 200: { description: 'The report', content: files }, ...errors },
});

export const monthly = createRoute({
  ...common,
  method: 'get',
  path: '/v1/reports/monthly',
  summary: '月次報告書 / Monthly report of one municipality (JSON, CSV, XLSX or PDF)',
  request: {
    query: z.object({ municipalityId: z.uuid(), month: Month, format: Format, lang: Lang, serviceLevelSeconds: ServiceLevelSeconds }),
  },
  responses: { 200: { description: 'The report', content: files }, ...errors },
});

export const AnalysisBody = z
  .object({ text: z.string().trim().min(1).max(ANALYSIS_MAX_CHARS).openapi({ description: '分析・改善: no personal data of residents.' }) })
  .strict()
  .openapi('ReportAnalysisInput');

export const saveAnalysis = createRoute({
  ...common,
  method: 'put',
  path: '/v1/reports/{period}/{periodKey}/analysis',
  summary: 'The supervisor’s analysis and improvements (分析・改善) for one report',
  request: {
    params: z.object({
      period: z.enum(reportPeriods).openapi({ param: { name: 'period', in: 'path' } }),
      periodKey: z
        .string()
        .max(10)
        .openapi({ param: { name: 'periodKey', in: 'path' }, description: 'YYYY-MM-DD (daily) or YYYY-MM (monthly)' }),
    }),
    query: z.object({ municipalityId: z.uuid() }),
    body: { required: true, ...jsonContent(AnalysisBody) },
  },
  responses: {
    200: jsonContent(
      z
        .object({
          period: z.enum(reportPeriods),
          periodKey: z.string(),
          municipalityId: z.uuid(),
          text: z.string(),
          updatedAt: z.string(),
          updatedBy: z.string(),
        })
        .openapi('ReportAnalysis'),
      'Saved',
    ),
    ...errors,
  },
});
