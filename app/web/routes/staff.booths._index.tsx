import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { deviceText, jstTime, percent, reasonText, statusClass, statusKeys, statusStyle } from '../components/booth-health-labels';
import { OutageBanner } from '../components/outage-banner';
import { RecordsTable } from '../components/records-table';
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
      <RecordsTable
        rows={booths}
        rowProps={(b) => ({ 'data-testid': 'booth-health-row', 'data-booth-id': b.id, 'data-status': b.status })}
        empty={t('health.noBooths')}
        columns={[
          severalMunicipalities && { header: t('common.municipality'), cell: (b) => b.municipalityName },
          {
            header: t('common.booth'),
            cell: (b) => (
              <>
                <Link to={`/staff/booths/${b.id}`}>{b.name}</Link>
                {b.location ? <div className="muted">{b.location}</div> : null}
                {b.open ? null : <div className="muted">{t('health.closedNow')}</div>}
              </>
            ),
          },
          {
            header: t('common.status'),
            cell: (b) => (
              <>
                <span className={statusClass[b.status]} style={statusStyle[b.status]} data-testid="booth-status">
                  {t(statusKeys[b.status])}
                </span>
                {b.maintenance ? <span className="admin-badge warn">{t('health.maintenance')}</span> : null}
                {b.snapshot && typeof b.snapshot.reasons === 'string' && b.snapshot.reasons ? (
                  <div className="muted">
                    {b.snapshot.reasons
                      .split(',')
                      .map((r) => reasonText(r, t))
                      .join(t('common.listSeparator'))}
                  </div>
                ) : null}
              </>
            ),
          },
          { header: t('health.lastHeartbeat'), cell: (b) => jstTime(b.lastBeatAt, language) },
          { header: t('health.app'), cell: (b) => b.appVersion ?? '—' },
          {
            header: t('health.devices'),
            cell: ({ snapshot: s }) =>
              s ? (
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
              ),
          },
          { header: t('health.today'), cellProps: { 'data-testid': 'uptime-today' }, cell: (b) => percent(b.today, t) },
          { header: t('health.thisMonth'), cellProps: { 'data-testid': 'uptime-month' }, cell: (b) => percent(b.month, t) },
          {
            header: t('health.currentOutage'),
            cellProps: { 'data-testid': 'current-outage' },
            cell: (b) => (b.currentOutage ? t('health.since', { time: jstTime(b.currentOutage, language) }) : '—'),
          },
        ]}
      />
    </main>
  );
}
