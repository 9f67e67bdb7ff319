/**
 * The outage banner (decision 0014): booths offline right now during their opening hours.
 * Load it with `await context.app.boothHealth.offlineInOpening(account)` (read:diagnostics) in the
 * page's loader and pass the list; an empty list renders nothing.
 */
import { Link } from '@remix-run/react';
import { formatShortDateTime } from '../i18n/format';
import { useT } from '../i18n/i18n';

export interface OfflineBooth {
  boothId: string;
  name: string;
  /** Date on the server; an ISO string once serialised by the loader. */
  since: string | Date;
  /** The outage alert (log and webhook) has gone out. */
  alerted: boolean;
}

export function OutageBanner({ booths }: { booths: readonly OfflineBooth[] }) {
  const { t, language } = useT();
  if (booths.length === 0) return null;
  return (
    <section className="admin-alert" role="alert" data-testid="outage-banner" aria-labelledby="outage-banner-title">
      <h2 id="outage-banner-title">{t('health.outageTitle', { count: booths.length })}</h2>
      <ul>
        {booths.map((b) => (
          <li key={b.boothId} data-testid="outage-banner-booth" data-booth-id={b.boothId}>
            <Link to={`/staff/booths/${b.boothId}`}>{b.name}</Link> —{' '}
            {t('health.outageSince', { time: formatShortDateTime(b.since, language) })}
            {b.alerted ? t('health.alerted') : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
