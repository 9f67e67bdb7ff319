import { type Language, type Procedure, procedureLabels, procedures } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AccountBar } from '../components/account-bar';
import { languageNames, operatorStatusKeys } from '../components/console-labels';
import { usePolling } from '../components/use-polling';
import { formatDuration, formatTime } from '../i18n/format';
import { type Translate, type UiLanguage, useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.liveOverview');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:queue');
  return { displayName: account.displayName, overview: await context.app.queue.overview() };
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
  const { displayName, overview } = useLoaderData<typeof loader>();
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
        <h1>{t('overview.queues')}</h1>
        <table className="card" data-testid="queues">
          <thead>
            <tr>
              <th scope="col">{t('common.municipality')}</th>
              <th scope="col">{t('overview.callsWaiting')}</th>
              <th scope="col">{t('overview.longestWait')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.queues.length === 0 ? (
              <tr>
                <td colSpan={3} className="muted">
                  {t('overview.nobodyWaiting')}
                </td>
              </tr>
            ) : (
              overview.queues.map((q) => (
                <tr key={q.municipalityId}>
                  <th scope="row">{q.municipalityName}</th>
                  <td className="num">{t('overview.waitingCount', { count: q.waiting })}</td>
                  <td className="num">{formatDuration(q.longestWaitSeconds, t)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>

        <h2>{t('overview.operators')}</h2>
        <p className="muted" data-testid="operator-counts">
          {t('overview.counts', { onCall, offline: overview.offlineCount })}
        </p>
        <table className="card" data-testid="operators">
          <thead>
            <tr>
              <th scope="col">{t('overview.operator')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('overview.since')}</th>
              <th scope="col">{t('overview.currentCall')}</th>
              <th scope="col">{t('overview.languages')}</th>
              <th scope="col">{t('overview.procedures')}</th>
              <th scope="col">{t('overview.municipalities')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.operators.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  {t('overview.noneOnline')}
                </td>
              </tr>
            ) : (
              overview.operators.map((o) => (
                <tr key={o.id} data-testid="operator-row" data-status={o.status}>
                  <th scope="row">{o.displayName}</th>
                  <td>
                    {t(operatorStatusKeys[o.status])}
                    {o.until ? <span className="muted">{t('overview.until', { time: clock(o.until) })}</span> : null}
                  </td>
                  <td>
                    {clock(o.since)}（{elapsed(o.since)}）
                  </td>
                  <td data-testid="operator-call">
                    {o.call ? (
                      <>
                        {o.call.municipalityName} · {o.call.boothName}
                        <br />
                        {o.call.procedure ? procedureLabels[o.call.procedure][language] : '—'} · {languageName(o.call.language)}
                        <br />
                        <span className="muted">
                          {o.call.answeredAt
                            ? t('overview.answeredAt', { time: clock(o.call.answeredAt) })
                            : t('overview.calledAt', { time: clock(o.call.requestedAt) })}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{list(o.languages.map(languageName))}</td>
                  <td>{proceduresLabel(o.procedures, t, language)}</td>
                  <td>{list(o.municipalities)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </main>
    </>
  );
}
