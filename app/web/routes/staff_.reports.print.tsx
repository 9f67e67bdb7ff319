import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { periodTitles, reportTables } from '../../domain/reports/report';
import { Problem } from '../../server/platform/problems';
import { ReportTables } from '../components/report-view';
import { reportMunicipalities, reportQuery } from '../components/reports-data.server';
import { useT } from '../i18n/i18n';
import { languageOf, translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import reportsCss from '../reports.css?url';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: `${data.title} | Madoguchi` }] : pageTitle(matches, 'reports.title');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportsCss }];

/** The printable A4 page of one report (outside the staff layout: no menu on paper). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:report');
  const q = reportQuery(new URL(request.url), await reportMunicipalities(context, account), new Date(), await languageOf(request));
  if (!q.municipalityId) throw new Response((await translatorFor(request)).t('print.noMunicipality'), { status: 404 });
  try {
    const report = await context.app.reports.report(account, q.period, q.key, {
      municipalityId: q.municipalityId,
      serviceLevelSeconds: q.serviceLevelSeconds,
    });
    return {
      title: `${periodTitles[report.period][q.lang]} ${report.municipality.name} ${report.periodKey}`,
      tables: reportTables(report, q.lang),
      lang: q.lang,
    };
  } catch (error) {
    if (Problem.is(error)) throw new Response(`${error.messages.ja} / ${error.messages.en}`, { status: error.status });
    throw error;
  }
}

const A4 = `
@page { size: A4; margin: 14mm 12mm; }
@media print { .report-print { font-size: 9pt; } .report-table { break-inside: avoid; } .report-print button { display: none; } }
.report-print { max-width: 186mm; margin: 0 auto; padding: 8px; background: #fff; }
`;

export default function ReportPrint() {
  const { title, tables, lang } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <main className="report-print">
      <style>{A4}</style>
      <h1 data-testid="report-title">{title}</h1>
      <button className="button secondary" type="button" onClick={() => window.print()}>
        {t('print.print')}
      </button>
      <ReportTables tables={tables} lang={lang} />
    </main>
  );
}
