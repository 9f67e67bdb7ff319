import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { procedureLabels, procedures, type Language, type Procedure } from '@madoguchi/db/vocabulary';
import { AccountBar } from '../components/account-bar';
import { durationLabel, languageNames, operatorStatusLabels } from '../components/console-labels';
import { usePolling } from '../components/use-polling';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '全体の状況 | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:queue');
  return { displayName: account.displayName, overview: await context.app.queue.overview() };
}

const clock = (iso: string) => new Date(iso).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });
const procedureName = (p: Procedure) => `${procedureLabels[p].ja} / ${procedureLabels[p].en}`;
const languageName = (l: Language) => languageNames[l] ?? l;
const proceduresLabel = (list: Procedure[]) =>
  list.length === procedures.length ? 'すべて / All' : list.length === 0 ? '—' : list.map((p) => procedureLabels[p].ja).join('、');

/**
 * Supervisor view: live queues per municipality; every operator not offline with their status
 * (since when, for how long), what they serve and the call they are on. Times are Japan time;
 * elapsed times are counted to when the page was made (the server's clock), so they match.
 */
export default function Overview() {
  const { displayName, overview } = useLoaderData<typeof loader>();
  usePolling(2000);
  const at = new Date(overview.generatedAt).getTime();
  const elapsed = (iso: string) => durationLabel((at - new Date(iso).getTime()) / 1000);
  const onCall = overview.operators.filter((o) => o.status === 'on_call').length;
  return (
    <>
      <AccountBar title="全体の状況 / Live overview" displayName={displayName} />
      <main className="page wide">
        <h1>待ち行列 / Queues</h1>
        <table className="card" data-testid="queues">
          <thead>
            <tr>
              <th scope="col">自治体 / Municipality</th>
              <th scope="col">待機中の呼び出し / Calls waiting</th>
              <th scope="col">最長の待ち時間 / Longest wait</th>
            </tr>
          </thead>
          <tbody>
            {overview.queues.length === 0 ? (
              <tr>
                <td colSpan={3} className="muted">
                  待機中の呼び出しはありません / No one is waiting.
                </td>
              </tr>
            ) : (
              overview.queues.map((q) => (
                <tr key={q.municipalityId}>
                  <th scope="row">{q.municipalityName}</th>
                  <td className="num">{q.waiting} 件 / calls</td>
                  <td className="num">{durationLabel(q.longestWaitSeconds)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>

        <h2>オペレーター / Operators</h2>
        <p className="muted" data-testid="operator-counts">
          通話中 {onCall} 名 / {onCall} on a call · オフライン {overview.offlineCount} 名 / {overview.offlineCount} offline（一覧に表示しません / not listed） · 時刻は日本時間 / Japan time
        </p>
        <table className="card" data-testid="operators">
          <thead>
            <tr>
              <th scope="col">オペレーター / Operator</th>
              <th scope="col">状態 / Status</th>
              <th scope="col">状態の開始（経過） / Since (for)</th>
              <th scope="col">現在の通話 / Current call</th>
              <th scope="col">言語 / Languages</th>
              <th scope="col">手続 / Procedures</th>
              <th scope="col">担当自治体 / Municipalities</th>
            </tr>
          </thead>
          <tbody>
            {overview.operators.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  オフラインでないオペレーターはいません / No operator is online.
                </td>
              </tr>
            ) : (
              overview.operators.map((o) => (
                <tr key={o.id} data-testid="operator-row" data-status={o.status}>
                  <th scope="row">{o.displayName}</th>
                  <td>
                    {operatorStatusLabels[o.status]}
                    {o.until ? <span className="muted">（{clock(o.until)} まで / until {clock(o.until)}）</span> : null}
                  </td>
                  <td>
                    {clock(o.since)}（{elapsed(o.since)}）
                  </td>
                  <td data-testid="operator-call">
                    {o.call ? (
                      <>
                        {o.call.municipalityName} · {o.call.boothName}
                        <br />
                        {o.call.procedure ? procedureName(o.call.procedure) : '—'} · {languageName(o.call.language)}
                        <br />
                        <span className="muted">
                          {o.call.answeredAt ? `応答 ${clock(o.call.answeredAt)} / answered ${clock(o.call.answeredAt)}` : `呼び出し ${clock(o.call.requestedAt)} / called ${clock(o.call.requestedAt)}`}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{o.languages.map(languageName).join('、') || '—'}</td>
                  <td>{proceduresLabel(o.procedures)}</td>
                  <td>{o.municipalities.join('、') || '—'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </main>
    </>
  );
}
