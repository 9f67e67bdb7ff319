import { type Language, type Procedure, procedureLabels, procedures } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { reachOf } from '../../domain/permissions';
import { AccountBar } from '../components/account-bar';
import { languageNames, operatorStatusKeys } from '../components/console-labels';
import { DataTable, num } from '../components/records-table';
import { ServiceLevelTable, StaffingBanner, StaffingLinesTable } from '../components/staffing-panels';
import { usePolling } from '../components/use-polling';
import { formatDuration, formatTime } from '../i18n/format';
import { type Translate, type UiLanguage, useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.liveOverview');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:queue');
  const [overview, staffing, service] = await Promise.all([
    context.app.queue.overview(),
    context.app.staffing.live(account),
    context.app.staffing.serviceNow(account),
  ]);
  // Calls a supervisor may step into (issue 18): in a municipality they supervise that allows it.
  const calls = overview.operators.flatMap((o) => (o.call?.answeredAt ? [o.call.sessionId] : []));
  const supervisable = reachOf(account, 'write:supervision') ? await context.app.supervision.supervisable(account, calls) : [];
  return { displayName: account.displayName, overview, staffing, service, supervisable };
}

const languageName = (l: Language) => languageNames[l] ?? l;
const proceduresLabel = (list: Procedure[], t: Translate, language: UiLanguage) =>
  list.length === procedures.length
    ? t('common.all')
    : list.length === 0
      ? '—'
      : list.map((p) => procedureLabels[p][language]).join(t('common.listSeparator'));

/**
 * Supervisor view: live queues per municipality; every operator not offline with their status
 * (since when, for how long), what they serve and the call they are on. Times are Japan time;
 * elapsed times are counted to when the page was made (the server's clock), so they match.
 */
export default function Overview() {
  const { displayName, overview, staffing, service, supervisable } = useLoaderData<typeof loader>();
  usePolling(2000);
  const { t, language } = useT();
  const clock = (iso: string) => formatTime(iso, language);
  const list = (items: string[]) => items.join(t('common.listSeparator')) || '—';
  const at = new Date(overview.generatedAt).getTime();
  const elapsed = (iso: string) => formatDuration((at - new Date(iso).getTime()) / 1000, t);
  const onCall = overview.operators.filter((o) => o.status === 'on_call').length;
  return (
    <>
      <AccountBar title={t('nav.liveOverview')} displayName={displayName} />
      <main className="page wide">
        <StaffingBanner lines={staffing} />
        <h1>{t('overview.queues')}</h1>
        <DataTable
          className="card"
          testId="queues"
          rows={overview.queues}
          rowKey={(q) => q.municipalityId}
          emptyRow={t('overview.nobodyWaiting')}
          columns={[
            { header: t('common.municipality'), rowHeader: true, cell: (q) => q.municipalityName },
            { header: t('overview.callsWaiting'), cellProps: num, cell: (q) => t('overview.waitingCount', { count: q.waiting }) },
            { header: t('overview.longestWait'), cellProps: num, cell: (q) => formatDuration(q.longestWaitSeconds, t) },
          ]}
        />

        <StaffingLinesTable lines={staffing} />
        <ServiceLevelTable service={service} />

        <h2>{t('overview.operators')}</h2>
        <p className="muted" data-testid="operator-counts">
          {t('overview.counts', { onCall, offline: overview.offlineCount })}
        </p>
        <DataTable
          className="card"
          testId="operators"
          rows={overview.operators}
          rowProps={(o) => ({ 'data-testid': 'operator-row', 'data-status': o.status })}
          emptyRow={t('overview.noneOnline')}
          columns={[
            { header: t('overview.operator'), rowHeader: true, cell: (o) => o.displayName },
            {
              header: t('common.status'),
              cell: (o) => (
                <>
                  {t(operatorStatusKeys[o.status])}
                  {o.until ? <span className="muted">{t('overview.until', { time: clock(o.until) })}</span> : null}
                </>
              ),
            },
            {
              header: t('overview.since'),
              cell: (o) => (
                <>
                  {clock(o.since)}（{elapsed(o.since)}）
                </>
              ),
            },
            {
              header: t('overview.currentCall'),
              cellProps: { 'data-testid': 'operator-call' },
              cell: ({ call }) =>
                call ? (
                  <>
                    {call.municipalityName} · {call.boothName}
                    <br />
                    {call.procedure ? procedureLabels[call.procedure][language] : '—'} · {languageName(call.language)}
                    <br />
                    <span className="muted">
                      {call.answeredAt
                        ? t('overview.answeredAt', { time: clock(call.answeredAt) })
                        : t('overview.calledAt', { time: clock(call.requestedAt) })}
                    </span>
                    {supervisable.includes(call.sessionId) ? (
                      <>
                        <br />
                        <Link to={`/console/sessions/${call.sessionId}/supervise?start=listen`} data-testid="listen-in">
                          {t('overview.listenIn')}
                        </Link>
                      </>
                    ) : null}
                  </>
                ) : (
                  '—'
                ),
            },
            { header: t('overview.languages'), cell: (o) => list(o.languages.map(languageName)) },
            { header: t('overview.procedures'), cell: (o) => proceduresLabel(o.procedures, t, language) },
            { header: t('overview.municipalities'), cell: (o) => list(o.municipalities) },
          ]}
        />
      </main>
    </>
  );
}
