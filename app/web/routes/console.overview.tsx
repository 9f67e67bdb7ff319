import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AccountBar } from '../components/account-bar';
import { usePolling } from '../components/use-polling';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '全体の状況 | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:queue');
  return { displayName: account.displayName, overview: await context.app.queue.overview() };
}

/** Supervisor view: live queues per municipality, operators and statuses, active calls. */
export default function Overview() {
  const { displayName, overview } = useLoaderData<typeof loader>();
  usePolling(2000);
  return (
    <>
      <AccountBar title="全体の状況 / Live overview" displayName={displayName} />
      <main className="page">
        <h1>待ち行列 / Queues</h1>
        <table className="card" data-testid="queues">
          <thead>
            <tr>
              <th>自治体 / Municipality</th>
              <th>待機 / Waiting</th>
              <th>最長待ち / Longest wait</th>
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
                  <td>{q.municipalityName}</td>
                  <td>{q.waiting}</td>
                  <td>{q.longestWaitSeconds} 秒 / s</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <h2>オペレーター / Operators</h2>
        <table className="card" data-testid="operators">
          <tbody>
            {overview.operators.map((o) => (
              <tr key={o.id}>
                <td>{o.displayName}</td>
                <td>{o.status}</td>
                <td>{new Date(o.since).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>通話中 / Active calls</h2>
        <ul>
          {overview.activeSessions.map((s) => (
            <li key={s.sessionId}>
              {s.operatorName}: {s.sessionId}
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
