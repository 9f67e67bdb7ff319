import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { deviceText, jstTime, percent, reasonText, statusClass, statusKeys, statusStyle } from '../components/booth-health-labels';
import { OutageBanner } from '../components/outage-banner';
import { usePolling } from '../components/use-polling';
import { useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'health.title');

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
  const { t, language } = useT();
  return (
    <main className="page">
      <h1>{t('health.title')}</h1>
      <OutageBanner booths={offline} />
      <p className="muted">{t('health.uptimeNote')}</p>
      {booths.length === 0 ? (
        <p className="card muted">{t('health.noBooths')}</p>
      ) : (
        <div className="card admin-table">
          <table>
            <thead>
              <tr>
                {severalMunicipalities ? <th scope="col">{t('common.municipality')}</th> : null}
                <th scope="col">{t('common.booth')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('health.lastHeartbeat')}</th>
                <th scope="col">{t('health.app')}</th>
                <th scope="col">{t('health.devices')}</th>
                <th scope="col">{t('health.today')}</th>
                <th scope="col">{t('health.thisMonth')}</th>
                <th scope="col">{t('health.currentOutage')}</th>
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
                      {b.open ? null : <div className="muted">{t('health.closedNow')}</div>}
                    </td>
                    <td>
                      <span className={statusClass[b.status]} style={statusStyle[b.status]} data-testid="booth-status">
                        {t(statusKeys[b.status])}
                      </span>
                      {b.maintenance ? <span className="admin-badge warn">{t('health.maintenance')}</span> : null}
                      {s && typeof s.reasons === 'string' && s.reasons ? (
                        <div className="muted">
                          {s.reasons
                            .split(',')
                            .map((r) => reasonText(r, t))
                            .join(t('common.listSeparator'))}
                        </div>
                      ) : null}
                    </td>
                    <td>{jstTime(b.lastBeatAt, language)}</td>
                    <td>{b.appVersion ?? '—'}</td>
                    <td>
                      {s ? (
                        <ul className="admin-plain" style={{ listStyle: 'none' }}>
                          <li>
                            {t('health.camera')}: {deviceText(s.camera, t) ?? '—'}
                          </li>
                          <li>
                            {t('health.mic')}: {deviceText(s.microphone, t) ?? '—'}
                          </li>
                          <li>
                            {t('health.speaker')}: {deviceText(s.speaker, t) ?? '—'}
                          </li>
                          <li>LiveKit: {deviceText(s.livekit, t) ?? '—'}</li>
                        </ul>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td data-testid="uptime-today">{percent(b.today, t)}</td>
                    <td data-testid="uptime-month">{percent(b.month, t)}</td>
                    <td data-testid="current-outage">
                      {b.currentOutage ? t('health.since', { time: jstTime(b.currentOutage, language) }) : '—'}
                    </td>
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
