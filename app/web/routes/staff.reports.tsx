import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { reachOf } from '../../domain/permissions';
import { ANALYSIS_MAX_CHARS, periodTitles, reportTables } from '../../domain/reports/report';
import { FormAlert, FormNotice } from '../components/forms';
import { ReportFilters, ReportTables } from '../components/report-view';
import { downloadHref, reportMunicipalities, reportQuery } from '../components/reports-data.server';
import { useT } from '../i18n/i18n';
import { languageOf } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import reportsCss from '../reports.css?url';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'reports.title');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportsCss }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:report');
  const municipalities = await reportMunicipalities(context, account);
  const q = reportQuery(new URL(request.url), municipalities, new Date(), await languageOf(request));
  const canWrite = reachOf(account, 'write:report') !== null;
  if (!q.municipalityId) return { municipalities, q, canWrite, report: null, error: null };
  const result = await formProblem(() =>
    context.app.reports.report(account, q.period, q.key, { municipalityId: q.municipalityId!, serviceLevelSeconds: q.serviceLevelSeconds }),
  );
  if (!result.ok) return { municipalities, q, canWrite, report: null, error: result.error };
  const report = result.value;
  const withMunicipality = { ...q, municipalityId: q.municipalityId };
  return {
    municipalities,
    q,
    canWrite,
    error: null,
    report: {
      title: `${periodTitles[report.period][q.lang]} — ${report.municipality.name} ${report.periodKey}`,
      tables: reportTables(report, q.lang),
      analysis: report.analysis,
      downloads: {
        csv: downloadHref(withMunicipality, 'csv'),
        xlsx: downloadHref(withMunicipality, 'xlsx'),
        pdf: downloadHref(withMunicipality, 'pdf'),
      },
      print: `/staff/reports/print?${new URLSearchParams({ municipalityId: q.municipalityId, period: q.period, key: report.periodKey, lang: q.lang, ...(q.serviceLevelSeconds ? { sl: String(q.serviceLevelSeconds) } : {}) })}`,
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:report');
  const form = await request.formData();
  const period = form.get('period') === 'daily' ? 'daily' : 'monthly';
  const result = await formProblem(() =>
    context.app.reports.saveAnalysis(
      account,
      period,
      String(form.get('key') ?? ''),
      String(form.get('municipalityId') ?? ''),
      String(form.get('text') ?? ''),
      context.requestId,
    ),
  );
  if (!result.ok) return { ok: false as const, error: result.error };
  return { ok: true as const, error: null };
}

/** Pick a municipality and a day or month; read the report; download it; supervisors write the analysis. */
export default function StaffReports() {
  const { municipalities, q, canWrite, report, error } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  return (
    <main className="page">
      <h1>{t('reports.title')}</h1>
      <ReportFilters
        label={t('reports.choose')}
        className="filters no-print"
        municipalities={municipalities}
        municipalityId={q.municipalityId}
        testId="report-municipality"
        serviceLevelSeconds={q.serviceLevelSeconds}
        after={
          <label>
            {t('reports.labels')}
            <select name="lang" defaultValue={q.lang}>
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          </label>
        }
      >
        <label>
          {t('reports.kind')}
          <select name="period" defaultValue={q.period} data-testid="report-period">
            <option value="monthly">{t('reports.monthly')}</option>
            <option value="daily">{t('reports.daily')}</option>
          </select>
        </label>
        <label>
          {t('reports.key')}
          <input name="key" defaultValue={q.key} pattern="\d{4}-\d{2}(-\d{2})?" required data-testid="report-key" />
        </label>
      </ReportFilters>
      <FormAlert message={error} testId="report-error" />
      {report ? (
        <>
          <h2 data-testid="report-title">{report.title}</h2>
          <p className="downloads no-print">
            <a className="button secondary" href={report.downloads.csv} download data-testid="download-csv">
              CSV
            </a>
            <a className="button secondary" href={report.downloads.xlsx} download data-testid="download-xlsx">
              Excel (XLSX)
            </a>
            <a className="button secondary" href={report.downloads.pdf} download data-testid="download-pdf">
              PDF
            </a>
            <Link className="button secondary" to={report.print} target="_blank" data-testid="print-view">
              {t('reports.printView')}
            </Link>
          </p>
          <ReportTables tables={report.tables} lang={q.lang} />
          {canWrite ? (
            <Form method="post" className="card no-print" aria-label={t('reports.analysis')}>
              <h2>{t('reports.writeAnalysis')}</h2>
              <input type="hidden" name="period" value={q.period} />
              <input type="hidden" name="key" value={q.key} />
              <input type="hidden" name="municipalityId" value={q.municipalityId ?? ''} />
              <textarea
                name="text"
                rows={6}
                style={{ width: '100%' }}
                defaultValue={report.analysis?.text ?? ''}
                maxLength={ANALYSIS_MAX_CHARS}
                data-testid="analysis-text"
              />
              <p className="muted">{t('reports.noPersonalData')}</p>
              <FormAlert message={saved?.error} />
              <FormNotice message={saved?.ok && !saved.error ? t('common.saved') : null} />
              <button className="button" type="submit" disabled={navigation.state === 'submitting'} data-testid="analysis-save">
                {t('common.save')}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </main>
  );
}
