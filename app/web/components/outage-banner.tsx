/**
 * The outage banner (decision 0014): booths offline right now during their opening hours.
 * Load it with `await context.app.boothHealth.offlineInOpening(account)` (read:diagnostics) in the
 * page's loader and pass the list; an empty list renders nothing.
 */
import { Link } from '@remix-run/react';

export interface OfflineBooth {
  boothId: string;
  name: string;
  /** Date on the server; an ISO string once serialised by the loader. */
  since: string | Date;
  /** The outage alert (log and webhook) has gone out. */
  alerted: boolean;
}

const time = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function OutageBanner({ booths }: { booths: readonly OfflineBooth[] }) {
  if (booths.length === 0) return null;
  return (
    <section className="admin-alert" role="alert" data-testid="outage-banner" aria-labelledby="outage-banner-title">
      <h2 id="outage-banner-title">受付時間中にオフラインのブース / Booths offline during opening hours（{booths.length}）</h2>
      <ul>
        {booths.map((b) => (
          <li key={b.boothId} data-testid="outage-banner-booth" data-booth-id={b.boothId}>
            <Link to={`/staff/booths/${b.boothId}`}>{b.name}</Link> — {time.format(new Date(b.since))} から / since (JST)
            {b.alerted ? '（通知済み / alert sent）' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
