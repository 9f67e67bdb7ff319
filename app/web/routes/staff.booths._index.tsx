import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { OutageBanner } from '../components/outage-banner';
import { deviceLabels, jstTime, percent, reasonLabels, statusClass, statusLabels, statusStyle } from '../components/booth-health-labels';
import { usePolling } from '../components/use-polling';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: 'ブース稼働 | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:diagnostics');
  const { boothHealth } = context.app;
  const [rows, offline] = await Promise.all([boothHealth.list(account), boothHealth.offlineInOpening(account)]);
  return {
    offline: offline.map((b) => ({ ...b, since: b.since.toISOString() })),
    severalMunicipalities: new Set(rows.map((r) => r.municipalityId)).size > 1,
    booths: rows.map((r) => {
      const current = r.month.outages.find((o) => o.end === null) ?? null;
      return {
        id: r.id,
        name: r.name,
        municipalityName: r.municipalityName,
        location: r.location,
        open: r.open,
        maintenance: r.maintenance,
        status: r.health?.status ?? ('unknown' as const),
        lastBeatAt: r.health?.lastBeatAt.toISOString() ?? null,
        appVersion: r.health?.appVersion ?? null,
        snapshot: r.health?.snapshot ?? null,
        today: r.today.ratio,
        month: r.month.ratio,
        currentOutage: current ? current.start.toISOString() : null,
      };
    }),
  };
}

/** Every booth the account may watch: status, last heartbeat, devices, uptime today and this month. */
export default function StaffBooths() {
  const { booths, offline, severalMunicipalities } = useLoaderData<typeof loader>();
  usePolling(5_000);
  return (
    <main className="page">
      <h1>ブース稼働 / Booth health</h1>
      <OutageBanner booths={offline} />
      <p className="muted">
        稼働率は受付時間内のみで計算します（オンラインと低下を稼働とし、未受信は停止とみなします） / Uptime counts opening hours only (online and degraded
        count as up; time with no heartbeat counts as down).
      </p>
      {booths.length === 0 ? (
        <p className="card muted">ブースがありません / No booths.</p>
      ) : (
        <div className="card admin-table">
          <table>
            <thead>
              <tr>
                {severalMunicipalities ? <th scope="col">自治体 / Municipality</th> : null}
                <th scope="col">ブース / Booth</th>
                <th scope="col">状態 / Status</th>
                <th scope="col">最終受信 / Last heartbeat</th>
                <th scope="col">アプリ / App</th>
                <th scope="col">機器 / Devices</th>
                <th scope="col">本日稼働率 / Today</th>
                <th scope="col">今月稼働率 / This month</th>
                <th scope="col">障害 / Current outage</th>
              </tr>
            </thead>
            <tbody>
              {booths.map((b) => {
                const s = b.snapshot;
                return (
                  <tr key={b.id} data-testid="booth-health-row" data-booth-id={b.id} data-status={b.status}>
                    {severalMunicipalities ? <td>{b.municipalityName}</td> : null}
                    <td>
                      <Link to={`/staff/booths/${b.id}`}>{b.name}</Link>
                      {b.location ? <div className="muted">{b.location}</div> : null}
                      {b.open ? null : <div className="muted">受付時間外 / Closed now</div>}
                    </td>
                    <td>
                      <span className={statusClass[b.status]} style={statusStyle[b.status]} data-testid="booth-status">
                        {statusLabels[b.status]}
                      </span>
                      {b.maintenance ? <span className="admin-badge warn">メンテナンス中 / Maintenance</span> : null}
                      {s && typeof s.reasons === 'string' && s.reasons ? (
                        <div className="muted">{s.reasons.split(',').map((r) => reasonLabels[r] ?? r).join('、')}</div>
                      ) : null}
                    </td>
                    <td>{jstTime(b.lastBeatAt)}</td>
                    <td>{b.appVersion ?? '—'}</td>
                    <td>
                      {s ? (
                        <ul className="admin-plain" style={{ listStyle: 'none' }}>
                          <li>カメラ / Camera: {deviceLabels[String(s.camera)] ?? '—'}</li>
                          <li>マイク / Mic: {deviceLabels[String(s.microphone)] ?? '—'}</li>
                          <li>スピーカー / Speaker: {deviceLabels[String(s.speaker)] ?? '—'}</li>
                          <li>LiveKit: {deviceLabels[String(s.livekit)] ?? '—'}</li>
                        </ul>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td data-testid="uptime-today">{percent(b.today)}</td>
                    <td data-testid="uptime-month">{percent(b.month)}</td>
                    <td data-testid="current-outage">{b.currentOutage ? `${jstTime(b.currentOutage)} から / since` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
