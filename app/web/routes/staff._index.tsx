import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { reachOf } from '../../domain/permissions';
import { outcomeColumns, type SessionFigures } from '../../domain/reports/aggregate';
import { columnLabels, percent, procedureLabel, seconds, serviceLevelDefinition } from '../../domain/reports/report';
import { FormAlert } from '../components/forms';
import { OutageBanner } from '../components/outage-banner';
import { DataTable, num } from '../components/records-table';
import { ReportFilters, ReportSection } from '../components/report-view';
import { reportMunicipalities, serviceLevelOf } from '../components/reports-data.server';
import { StaffingBanner, StaffingLinesTable } from '../components/staffing-panels';
import { formatNumber } from '../i18n/format';
import { type MessageKey, type Translate, type UiLanguage, useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import reportsCss from '../reports.css?url';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'dashboard.title');
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportsCss }];

const Charts = lazy(() => import('../components/dashboard-charts.client'));

type Card = { label: string; today: string; period: string; testId: string };

const secondsText = (ms: number | null, t: Translate) => (ms === null ? '–' : t('dashboard.secondsValue', { s: String(seconds(ms)) }));
const pc = (r: number | null) => (r === null ? '–' : `${percent(r)} %`);

function cards(today: SessionFigures, period: SessionFigures, t: Translate, language: UiLanguage): Card[] {
  const n = (v: number) => formatNumber(v, language);
  const s = (ms: number | null) => secondsText(ms, t);
  const row = (key: MessageKey, testId: string, f: (x: SessionFigures) => string): Card => ({
    label: t(key),
    testId,
    today: f(today),
    period: f(period),
  });
  const serviceLevel = t('dashboard.serviceLevel', { seconds: period.queue.serviceLevelSeconds });
  return [
    row('dashboard.sessions', 'sessions', (x) => n(x.totals.sessions)),
    row('dashboard.answered', 'answered', (x) => n(x.totals.answered)),
    row('dashboard.completed', 'completed', (x) => n(x.totals.completed)),
    row('dashboard.referredAtBooth', 'referred-booth', (x) => n(x.totals.referredAtBooth)),
    row('dashboard.referredByOperator', 'referred-operator', (x) => n(x.totals.referredByOperator)),
    row('dashboard.abandoned', 'abandoned', (x) => n(x.totals.abandoned)),
    row('dashboard.avgWait', 'avg-wait', (x) => s(x.queue.avgWaitMs)),
    row('dashboard.p95Wait', 'p95-wait', (x) => s(x.queue.p95WaitMs)),
    row('dashboard.avgHandling', 'avg-handling', (x) => s(x.queue.avgHandlingMs)),
    { ...row('dashboard.serviceLevel', 'service-level', (x) => pc(x.queue.serviceLevel)), label: serviceLevel },
    row('dashboard.serviceLevelGoal', 'service-level-goal', (x) =>
      x.queue.goalMet === null
        ? pc(x.queue.goal)
        : `${pc(x.queue.goal)}（${t(x.queue.goalMet ? 'dashboard.goalMet' : 'dashboard.goalMissed')}）`,
    ),
    row('dashboard.asa', 'asa', (x) => s(x.queue.asaMs)),
    row('dashboard.abandonRate', 'abandon-rate', (x) => pc(x.queue.abandonRate)),
  ];
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:report');
  const { t, language } = await translatorFor(request);
  const url = new URL(request.url);
  const municipalities = await reportMunicipalities(context, account);
  const municipalityId = url.searchParams.get('municipalityId') || municipalities[0]?.id || null;
  const filters = {
    from: url.searchParams.get('from') || '',
    to: url.searchParams.get('to') || '',
    boothId: url.searchParams.get('boothId') || '',
    sl: serviceLevelOf(url.searchParams.get('sl')),
  };
  const base = { municipalities, municipalityId, filters };
  if (!municipalityId) return { ...base, error: null, view: null };
  const result = await formProblem(() =>
    context.app.reports.dashboard(account, {
      municipalityId,
      from: filters.from || undefined,
      to: filters.to || undefined,
      boothId: filters.boothId || undefined,
      serviceLevelSeconds: filters.sl,
    }),
  );
  if (!result.ok) return { ...base, error: result.error, view: null };
  const d = result.value;
  const boothIds = new Set(d.booths.map((b) => b.id));
  const offline = reachOf(account, 'read:diagnostics')
    ? (await context.app.boothHealth.offlineInOpening(account)).filter((b) => boothIds.has(b.boothId))
    : [];
  // Staffing against the town's minimum windows (read:staffing): the banner and the line, live.
  const staffing = reachOf(account, 'read:staffing')
    ? (await context.app.staffing.live(account)).filter((l) => l.municipalityId === municipalityId)
    : [];
  const boothName = new Map(d.booths.map((b) => [b.id, b.name]));
  const p = d.period.figures;
  const point = (name: string, c: { answered: number; referredAtBooth: number; abandoned: number }) => ({
    name,
    answered: c.answered,
    referredAtBooth: c.referredAtBooth,
    abandoned: c.abandoned,
  });
  return {
    ...base,
    error: null,
    view: {
      municipalityName: d.municipality.name,
      booths: d.booths,
      today: d.today.date,
      period: { from: d.period.fromDate, to: d.period.toDate },
      offline: offline.map((b) => ({ ...b, since: b.since.toISOString() })),
      staffing,
      serviceLevelDefinition: serviceLevelDefinition(d.today.figures.queue)[language],
      cards: cards(d.today.figures, p, t, language),
      outcomeColumns: outcomeColumns.map((c) => columnLabels[c][language]),
      procedures: p.byProcedureOutcome.map((r) => ({
        label: procedureLabel(r.procedure, language),
        cells: outcomeColumns.map((c) => r.cells[c]),
        total: r.total,
      })),
      columnTotals: outcomeColumns.map((c) => p.columnTotals[c]),
      total: p.totals.sessions,
      boothRows: p.byUnit.map((u) => ({
        name: boothName.get(u.unit) ?? u.unit,
        ...u,
        today: d.today.figures.byUnit.find((x) => x.unit === u.unit)?.sessions ?? 0,
      })),
      uptimeToday: d.today.uptime?.map((u) => ({ name: u.boothName, ratio: u.ratio, outages: u.outages.length })) ?? null,
      // Today's reservations (the daily report's count): the town, then each site when there are several.
      reservations: [
        { key: '', name: t('dashboard.allSites'), ...d.today.reservations.totals },
        ...(d.today.reservations.bySite.length > 1 ? d.today.reservations.bySite : []),
      ],
      // Every hour the booths are open, and any hour with a session (a 24-hour booth's 04:00 calls too).
      byHour: d.period.hours.map((hour) => point(String(hour).padStart(2, '0'), p.byHour[hour]!)),
      byBooth: p.byUnit.map((u) => point(boothName.get(u.unit) ?? u.unit, u)),
      serviceLevelSeconds: p.queue.serviceLevelSeconds,
    },
  };
}

/** Recharts only after hydration: the server render shows the tables, the browser adds the charts. */
function ClientCharts(props: Parameters<typeof Charts>[0]) {
  const [mounted, setMounted] = useState(false);
  const { t } = useT();
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return (
    <Suspense fallback={<p className="muted">{t('dashboard.loadingCharts')}</p>}>
      <Charts {...props} />
    </Suspense>
  );
}

/** Per municipality: today and a period (default this month), by procedure, outcome, booth and hour. */
export default function StaffDashboard() {
  const { municipalities, municipalityId, filters, error, view } = useLoaderData<typeof loader>();
  const { t } = useT();
  const s = (ms: number | null) => secondsText(ms, t);
  return (
    <main className="page">
      <h1>
        {t('dashboard.title')}
        {view ? ` — ${view.municipalityName}` : ''}
      </h1>
      {view ? <OutageBanner booths={view.offline} /> : null}
      {view ? <StaffingBanner lines={view.staffing} /> : null}
      <ReportFilters
        label={t('dashboard.filters')}
        className="filters"
        municipalities={municipalities}
        municipalityId={municipalityId}
        testId="dashboard-municipality"
        serviceLevelSeconds={filters.sl}
      >
        <label>
          {t('dashboard.periodFrom')}
          <input type="date" name="from" defaultValue={filters.from} />
        </label>
        <label>
          {t('dashboard.periodTo')}
          <input type="date" name="to" defaultValue={filters.to} />
        </label>
        <label>
          {t('common.booth')}
          <select name="boothId" defaultValue={filters.boothId}>
            <option value="">{t('common.all')}</option>
            {view?.booths.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
      </ReportFilters>
      <FormAlert message={error} testId="dashboard-error" />
      {view ? (
        <>
          <ReportSection title={t('dashboard.todayAndPeriod', { today: view.today, from: view.period.from, to: view.period.to })}>
            <DataTable
              testId="dashboard-cards"
              rows={view.cards}
              rowKey={(c) => c.testId}
              rowProps={(c) => ({ 'data-testid': `figure-${c.testId}` })}
              columns={[
                { header: t('dashboard.figure'), rowHeader: true, cell: (c) => c.label },
                { header: t('dashboard.today'), cellProps: { className: 'num', 'data-testid': 'today' }, cell: (c) => c.today },
                { header: t('dashboard.period'), cellProps: { className: 'num', 'data-testid': 'period' }, cell: (c) => c.period },
              ]}
            />
            <p className="notes">{t('dashboard.notes', { seconds: view.serviceLevelSeconds })}</p>
            <p className="notes">{view.serviceLevelDefinition}</p>
          </ReportSection>
          <ReportSection title={t('dashboard.reservationsToday')}>
            <DataTable
              testId="dashboard-reservations"
              rows={view.reservations}
              rowKey={(r) => r.key}
              rowProps={(r) => ({ 'data-site': r.key || 'all' })}
              columns={[
                { header: t('dashboard.site'), rowHeader: true, cell: (r) => r.name },
                { header: t('dashboard.reservationTotal'), cellProps: num, cell: (r) => r.total },
                { header: t('dashboard.reservationBooked'), cellProps: num, cell: (r) => r.booked },
                { header: t('dashboard.reservationCheckedIn'), cellProps: num, cell: (r) => r.checked_in },
                { header: t('dashboard.reservationServed'), cellProps: num, cell: (r) => r.served },
                { header: t('dashboard.reservationNoShow'), cellProps: num, cell: (r) => r.no_show },
                { header: t('dashboard.reservationCancelled'), cellProps: num, cell: (r) => r.cancelled },
              ]}
            />
            <p className="notes">{t('dashboard.reservationsNote')}</p>
          </ReportSection>
          <StaffingLinesTable lines={view.staffing} />

          <ClientCharts byHour={view.byHour} byBooth={view.byBooth} />
          <details className="report-table">
            <summary>{t('dashboard.byHourTable')}</summary>
            <DataTable
              testId="hour-table"
              rows={view.byHour}
              rowKey={(h) => h.name}
              rowProps={(h) => ({ 'data-hour': h.name })}
              columns={[
                { header: t('dashboard.hourJst'), rowHeader: true, cell: (h) => `${h.name}:00` },
                { header: t('dashboard.answered'), cellProps: num, cell: (h) => h.answered },
                { header: t('dashboard.referredAtBooth'), cellProps: num, cell: (h) => h.referredAtBooth },
                { header: t('dashboard.abandoned'), cellProps: num, cell: (h) => h.abandoned },
              ]}
            />
          </details>

          <ReportSection title={t('dashboard.procedureOutcome')}>
            <DataTable
              testId="dashboard-procedures"
              rows={view.procedures}
              rowKey={(r) => r.label}
              columns={[
                { header: t('dashboard.procedure'), rowHeader: true, cell: (r) => r.label },
                ...view.outcomeColumns.map((c, i) => ({
                  header: c,
                  cellProps: num,
                  cell: (r: (typeof view.procedures)[number]) => r.cells[i],
                })),
                { header: t('dashboard.total'), cellProps: num, cell: (r) => r.total },
              ]}
              footer={
                <tr>
                  <th scope="row">{t('dashboard.total')}</th>
                  {view.columnTotals.map((v, i) => (
                    <td key={i} className="num">
                      {v}
                    </td>
                  ))}
                  <td className="num">{view.total}</td>
                </tr>
              }
            />
          </ReportSection>

          <ReportSection title={t('dashboard.byBooth')}>
            <DataTable
              testId="dashboard-booths"
              rows={view.boothRows}
              rowKey={(b) => b.unit}
              columns={[
                { header: t('common.booth'), rowHeader: true, cell: (b) => b.name },
                { header: t('dashboard.today'), cellProps: num, cell: (b) => b.today },
                { header: t('dashboard.period'), cellProps: num, cell: (b) => b.sessions },
                { header: t('dashboard.answered'), cellProps: num, cell: (b) => b.answered },
                { header: t('dashboard.referredShort'), cellProps: num, cell: (b) => b.referredAtBooth },
                { header: t('dashboard.abandoned'), cellProps: num, cell: (b) => b.abandoned },
                { header: t('dashboard.avgWaitShort'), cellProps: num, cell: (b) => s(b.avgWaitMs) },
                { header: t('dashboard.avgHandlingShort'), cellProps: num, cell: (b) => s(b.avgHandlingMs) },
                view.uptimeToday && {
                  header: t('dashboard.uptimeToday'),
                  cellProps: num,
                  cell: (b) => pc(view.uptimeToday?.find((u) => u.name === b.name)?.ratio ?? null),
                },
              ]}
            />
          </ReportSection>
        </>
      ) : null}
    </main>
  );
}
