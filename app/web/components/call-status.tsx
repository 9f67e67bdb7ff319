import { Link } from '@remix-run/react';
import type { LinkQuality, LinkView } from '@madoguchi/media-server/call-link';

const qualityWords: Record<LinkQuality, string> = {
  excellent: 'とても良い / Excellent',
  good: '良い / Good',
  poor: '悪い / Poor',
  lost: '途切れています / Interrupted',
  unknown: '確認中 / Checking',
};
const bars: Record<LinkQuality, number> = { excellent: 3, good: 2, poor: 1, lost: 0, unknown: 0 };

/** What the operator reads about the booth's link, in both languages. */
function statusText(view: LinkView): string {
  const s = view.seconds;
  switch (view.status) {
    case 'connecting':
      return 'ブースに接続しています… / Connecting to the booth…';
    case 'connected':
      return 'ブースと接続しています / Connected to the booth';
    case 'reconnecting':
      return view.cause === 'self'
        ? `あなたの通信が途切れています。再接続しています（${s} 秒） / Your connection is interrupted. Reconnecting (${s} s)`
        : `ブースの通信が途切れています。再接続を待っています（${s} 秒） / The booth's connection is interrupted. Waiting for it to reconnect (${s} s)`;
    case 'lost':
      return view.cause === 'self'
        ? 'あなたの通信が切れました / Your connection was lost'
        : `ブースとの接続が切れました（${s} 秒） / The booth's connection is lost (${s} s)`;
    case 'failed':
      return view.cause === 'self'
        ? '通話の映像・音声につながりません（あなたの通信） / The call cannot connect its audio and video (your connection)'
        : 'ブースの映像・音声が届きません / No audio or video arrives from the booth';
    case 'ended':
      return 'この通話は終了しました（ブース側で終了したか、接続が切れました） / This call has ended (at the booth, or its connection was lost)';
  }
}

/** Three bars and a word: LiveKit's connection quality for `who`. */
export function QualityBars({ quality, who, testid }: { quality: LinkQuality; who: string; testid: string }) {
  return (
    <span className={`link-quality quality-${quality}`} data-testid={testid} data-quality={quality}>
      <span className="bars" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <span key={n} className={n <= bars[quality] ? 'on' : ''} style={{ height: `${n * 33}%` }} />
        ))}
      </span>
      {who}: {qualityWords[quality]}
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
  return (
    <section className={`card call-status status-${view.status}`} aria-label="ブースとの接続 / Connection to the booth">
      <p role="status" aria-live="polite" data-testid="booth-link" data-status={view.status} data-cause={view.cause ?? ''} data-seconds={view.seconds}>
        <strong>{statusText(view)}</strong>
      </p>
      <p className="qualities">
        <QualityBars quality={view.peerQuality} who="ブース / Booth" testid="booth-quality" />{' '}
        <QualityBars quality={view.selfQuality} who="あなた / You" testid="own-quality" />
      </p>
      {view.degraded ? (
        <p className="notice" data-testid="quality-banner">
          ブースの通信状態が悪いため、音声と低画質の映像に切り替えています / Poor connection at the booth: audio and low-resolution video.
        </p>
      ) : null}
      {view.videoPaused ? (
        <p className="notice" data-testid="video-paused">
          あなたの通信帯域が足りないため、ブースの映像を止めています（音声は続いています） / Not enough bandwidth on your side: the booth's video is paused (audio continues).
        </p>
      ) : null}
      {view.status === 'failed' || view.status === 'lost' ? (
        <p className="muted">
          {view.cause === 'self'
            ? 'ネットワークの接続を確かめて、もう一度つないでください。 / Check your network and try again. '
            : 'ブースが戻らないときは、中断として終了してください。 / If the booth does not come back, end the call as dropped. '}
          映像・音声のないまま 1 分たつと、通話は中断として自動で終了します。 / After a minute without audio and video the call is ended as dropped by itself.
        </p>
      ) : null}
      {trouble || view.status === 'ended' ? (
        <p className="actions">
          {view.status === 'ended' ? (
            <Link className="button" to="/console">
              コンソールへ戻る / Back to the console
            </Link>
          ) : (
            <>
              {view.cause === 'self' && view.status !== 'reconnecting' ? (
                <button type="button" className="button" onClick={onRetry} data-testid="retry-call">
                  もう一度つなぐ / Try again
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
                中断として終了 / End as dropped
              </button>
            </>
          )}
        </p>
      ) : null}
    </section>
  );
}
