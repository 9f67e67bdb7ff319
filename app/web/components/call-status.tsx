import type { LinkQuality, LinkView } from '@madoguchi/media-server/call-link';
import { Link } from '@remix-run/react';
import { type Translate, useT } from '../i18n/i18n';

const bars: Record<LinkQuality, number> = { excellent: 3, good: 2, poor: 1, lost: 0, unknown: 0 };

/** What the operator reads about the booth's link. */
function statusText(view: LinkView, t: Translate): string {
  const s = view.seconds;
  switch (view.status) {
    case 'connecting':
      return t('link.connecting');
    case 'connected':
      return t('link.connected');
    case 'reconnecting':
      return view.cause === 'self' ? t('link.selfReconnecting', { s }) : t('link.boothReconnecting', { s });
    case 'lost':
      return view.cause === 'self' ? t('link.selfLost') : t('link.boothLost', { s });
    case 'failed':
      return view.cause === 'self' ? t('link.selfFailed') : t('link.boothFailed');
    case 'ended':
      return t('link.ended');
  }
}

/** Three bars and a word: LiveKit's connection quality for `who`. */
export function QualityBars({ quality, who, testid }: { quality: LinkQuality; who: string; testid: string }) {
  const { t } = useT();
  return (
    <span className={`link-quality quality-${quality}`} data-testid={testid} data-quality={quality}>
      <span className="bars" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <span key={n} className={n <= bars[quality] ? 'on' : ''} style={{ height: `${n * 33}%` }} />
        ))}
      </span>
      {who}: {t(`link.quality.${quality}`)}
    </span>
  );
}

/**
 * The booth's connection as the console knows it (call-link.ts): connected with its quality,
 * reconnecting with the time since it was cut, lost, or never connected — with the way out
 * where there is one: try again, or end the call as dropped.
 */
export function CallStatus({
  view,
  onRetry,
  onEndDropped,
  ending,
}: {
  view: LinkView;
  onRetry: () => void;
  onEndDropped: () => void;
  ending: boolean;
}) {
  const trouble = view.status === 'reconnecting' || view.status === 'lost' || view.status === 'failed';
  const { t } = useT();
  return (
    <section className={`card call-status status-${view.status}`} aria-label={t('link.region')}>
      <p
        role="status"
        aria-live="polite"
        data-testid="booth-link"
        data-status={view.status}
        data-cause={view.cause ?? ''}
        data-seconds={view.seconds}
      >
        <strong>{statusText(view, t)}</strong>
      </p>
      <p className="qualities">
        <QualityBars quality={view.peerQuality} who={t('link.booth')} testid="booth-quality" />{' '}
        <QualityBars quality={view.selfQuality} who={t('link.you')} testid="own-quality" />
      </p>
      {view.degraded ? (
        <p className="notice" data-testid="quality-banner">
          {t('link.degraded')}
        </p>
      ) : null}
      {view.videoPaused ? (
        <p className="notice" data-testid="video-paused">
          {t('link.videoPaused')}
        </p>
      ) : null}
      {view.status === 'failed' || view.status === 'lost' ? (
        <p className="muted">
          {view.cause === 'self' ? t('link.checkNetwork') : t('link.endIfGone')} {t('link.autoEnd')}
        </p>
      ) : null}
      {trouble || view.status === 'ended' ? (
        <p className="actions">
          {view.status === 'ended' ? (
            <Link className="button" to="/console">
              {t('link.backToConsole')}
            </Link>
          ) : (
            <>
              {view.cause === 'self' && view.status !== 'reconnecting' ? (
                <button type="button" className="button" onClick={onRetry} data-testid="retry-call">
                  {t('link.retry')}
                </button>
              ) : null}{' '}
              {/* Quiet while LiveKit may still bring the link back; the way out once it has not. */}
              <button
                type="button"
                className={`button ${view.status === 'reconnecting' ? 'secondary' : 'danger'}`}
                onClick={onEndDropped}
                disabled={ending}
                data-testid="end-dropped"
              >
                {t('link.endDropped')}
              </button>
            </>
          )}
        </p>
      ) : null}
    </section>
  );
}
