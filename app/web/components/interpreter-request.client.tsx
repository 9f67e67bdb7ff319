import { useTracks, VideoTrack } from '@livekit/components-react';
import { isInterpreterIdentity } from '@madoguchi/db/call-contract';
import { type Language, languages } from '@madoguchi/db/vocabulary';
import { Track } from 'livekit-client';
import { useCallback, useEffect, useState } from 'react';
import { useT } from '../i18n/i18n';
import { fetchJson } from '../utils/api-json';
import { languageNames } from './console-labels';

/** The operator's request for an interpreter (GET/POST/DELETE /api/v1/console/sessions/{id}/interpreter). */
interface InterpreterRequestView {
  requestId: string;
  language: Language;
  status: 'waiting' | 'ringing' | 'joined' | 'left' | 'cancelled';
  requestedAt: number;
  notFound: boolean;
  interpreterName: string | null;
}

const POLL_MS = 1_000;

/**
 * In the operator's call (issue 18): ask for an interpreter in the resident's language (or
 * another), follow the request (looking, ringing, in the call), and when nobody is found within
 * the wait, keep waiting or give up — the guidance cards beside it show in the resident's
 * language on the booth. The interpreter's picture shows here while they are in the call.
 */
export function InterpreterRequestPanel({ sessionId, residentLanguage }: { sessionId: string; residentLanguage: Language }) {
  const { t } = useT();
  const [view, setView] = useState<InterpreterRequestView | null>(null);
  const [language, setLanguage] = useState<Language>(residentLanguage === 'ja' ? 'en' : residentLanguage);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const path = `/api/v1/console/sessions/${sessionId}/interpreter`;
  const live = view !== null && (view.status === 'waiting' || view.status === 'ringing' || view.status === 'joined');

  const act = useCallback(
    async (method: string, suffix = '', body?: unknown) => {
      setError(null);
      try {
        setView(
          await fetchJson<InterpreterRequestView | null>(`${path}${suffix}`, {
            method,
            headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          }),
        );
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [path],
  );

  // Followed while the request lives (and once at the start, after a reload).
  useEffect(() => {
    void act('GET');
  }, [act]);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      setTick((n) => n + 1);
      void fetchJson<InterpreterRequestView | null>(path).then(setView, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, path]);

  const cameras = useTracks([Track.Source.Camera]).filter((c) => isInterpreterIdentity(c.participant.identity));
  const seconds = view ? Math.max(0, Math.round((Date.now() - view.requestedAt) / 1000)) : 0;
  const name = languageNames[view?.language ?? language];

  return (
    <section className="card interpreter-request" data-testid="interpreter-panel" aria-live="polite">
      {!live ? (
        <p>
          <label>
            {t('interpreting.languageLabel')}{' '}
            <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="interpreter-language">
              {languages.map((l) => (
                <option key={l} value={l}>
                  {languageNames[l]}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" className="button" data-testid="ask-interpreter" onClick={() => void act('POST', '', { language })}>
            {t('interpreting.ask')}
          </button>
        </p>
      ) : null}
      {view ? (
        <p data-testid="interpreter-status" data-status={view.status}>
          {view.status === 'waiting'
            ? t('interpreting.looking', { language: name, seconds })
            : view.status === 'ringing'
              ? t('interpreting.ringing', { language: name, seconds })
              : view.status === 'joined'
                ? t('interpreting.joined', { name: view.interpreterName ?? '' })
                : view.status === 'left'
                  ? t('interpreting.left')
                  : t('interpreting.cancelled')}
        </p>
      ) : null}
      {view?.notFound ? (
        <div role="alert" data-testid="interpreter-not-found">
          <p>{t('interpreting.notFound')}</p>
          <button type="button" className="button" onClick={() => void act('POST', '/keep-waiting')} style={{ marginRight: 8 }}>
            {t('interpreting.keepWaiting')}
          </button>
          <button type="button" className="button secondary" onClick={() => void act('DELETE')}>
            {t('interpreting.giveUp')}
          </button>
        </div>
      ) : live && !view?.notFound ? (
        <p>
          <button type="button" className="button secondary" data-testid="interpreter-cancel" onClick={() => void act('DELETE')}>
            {view?.status === 'joined' ? t('interpreting.sendAway') : t('interpreting.giveUp')}
          </button>
        </p>
      ) : null}
      {cameras.map((camera) => (
        <figure key={camera.participant.identity} className="interpreter-video">
          <VideoTrack trackRef={camera} data-testid="interpreter-video" />
          <figcaption className="muted">{t('interpreting.interpreterVideo')}</figcaption>
        </figure>
      ))}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
