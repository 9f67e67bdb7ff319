import { type Procedure, procedureLabels } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useNavigate } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { reachOf } from '../../domain/permissions';
import { AccountBar } from '../components/account-bar';
import { languageNames, operatorStatusKeys as statusKeys } from '../components/console-labels';
import { type ConsoleState, consoleApi, useConsoleState, useRing } from '../components/use-console-state';
import { useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.operator');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:session');
  return {
    displayName: account.displayName,
    state: await context.app.queue.state(account.accountId),
    canOverview: reachOf(account, 'read:queue') !== null,
    canPopups: reachOf(account, 'write:popup') !== null,
    // Where calls connect: warmed up while an offer rings (no token needed for that).
    livekitUrl: context.app.livekitUrlFor(request.url),
  };
}

type CallModule = typeof import('../components/call-connection.client');
/** The call's LiveKit code, loaded while the console waits, so an accept never waits for it. */
const loadCallModule = (): Promise<CallModule> => import('../components/call-connection.client');

/**
 * While an offer rings: the call's connection gets ready (call-connection.client.ts) and the
 * operator sees their own camera, as the resident will. Released if the offer goes unanswered.
 */
function usePreparedCall(sessionId: string | null, livekitUrl: string) {
  const [camera, setCamera] = useState<MediaStreamTrack | null>(null);
  useEffect(() => {
    // The call page's code too, while nothing else happens.
    void loadCallModule().catch(() => undefined);
    void import('../components/operator-call.client').catch(() => undefined);
  }, []);
  useEffect(() => {
    if (!sessionId) return;
    let live = true;
    void loadCallModule().then(async (calls) => {
      if (!live) return;
      const track = await calls.prepareCall(sessionId, livekitUrl).cameraTrack();
      if (live && track) setCamera(track.mediaStreamTrack);
    });
    return () => {
      live = false;
      setCamera(null);
      void loadCallModule().then((calls) => calls.dropPreparedCall(sessionId));
    };
  }, [sessionId, livekitUrl]);
  return camera;
}

/** The operator's own camera while the offer rings (nothing is sent before the accept). */
function CameraPreview({ track }: { track: MediaStreamTrack }) {
  const { t } = useT();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = new MediaStream([track]);
  }, [track]);
  return (
    <figure className="offer-preview">
      <video ref={video} autoPlay muted playsInline data-testid="offer-preview" />
      <figcaption className="muted">{t('console.cameraPreview')}</figcaption>
    </figure>
  );
}

function secondsUntil(iso: string) {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 1000));
}

export default function Console() {
  const { displayName, state: initial, canOverview, canPopups, livekitUrl } = useLoaderData<typeof loader>();
  const { state, setState, connected } = useConsoleState(initial);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const navigate = useNavigate();
  const { t, language } = useT();
  const offer = state?.offer ?? null;
  // Ringing or on a call: the system sets the status, the buttons say so.
  const statusLocked = state?.status === 'on_call' || state?.status === 'offered';
  const afterCall = state?.afterCall ?? null;
  useRing(offer !== null);
  // The ring's and the after-call work's countdowns are the only things that change by the second.
  const counting = offer?.sessionId ?? afterCall?.until ?? null;
  const camera = usePreparedCall(offer?.sessionId ?? null, livekitUrl);
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [counting]);

  const act = async (run: () => Promise<ConsoleState>) => {
    setError(null);
    try {
      setState(await run());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const accept = async (sessionId: string) => {
    setError(null);
    // Kept through the accept: the offer leaves the pushed state before the answer arrives.
    const loading = loadCallModule().then(
      (calls) => (calls.holdCall(sessionId), calls),
      () => null,
    );
    try {
      const answer = await consoleApi<ConsoleState & { connection: { serverUrl: string; participantToken: string } }>(
        'POST',
        `/offers/${sessionId}/accept`,
      );
      // The room connects while the call page loads (decision 0020).
      (await loading)?.startCall(sessionId, answer.connection);
      navigate(`/console/sessions/${sessionId}`);
    } catch (e) {
      (await loading)?.dropPreparedCall(sessionId, { force: true });
      setError((e as Error).message);
    }
  };

  return (
    <>
      <AccountBar title={t('nav.operator')} displayName={displayName} />
      <main className="page">
        <h1>{t('console.title')}</h1>
        <section className="card" aria-label={t('console.statusRegion')}>
          <p>
            {t('console.currentStatus')}: <strong data-testid="operator-status">{state ? t(statusKeys[state.status]) : '…'}</strong>
            {!connected ? <span className="muted">{t('console.connecting')}</span> : null}
          </p>
          <p>
            {(['available', 'break', 'offline'] as const).map((s) => (
              <button
                key={s}
                type="button"
                className={`button ${state?.status === s ? '' : 'secondary'}`}
                aria-pressed={state?.status === s}
                disabled={statusLocked}
                aria-describedby={statusLocked ? 'status-locked' : undefined}
                onClick={() => void act(() => consoleApi('PUT', '/status', { status: s }))}
                style={{ marginRight: 8 }}
              >
                {t(statusKeys[s])}
              </button>
            ))}
          </p>
          {statusLocked ? (
            <p id="status-locked" className="muted" data-testid="status-locked">
              {t('console.statusLocked')}
            </p>
          ) : null}
          <p className="muted">
            {t('console.waitingInYours')}: {state?.waitingCount ?? 0}
          </p>
          {state?.activeSessionId ? (
            <p>
              <Link className="button" to={`/console/sessions/${state.activeSessionId}`}>
                {t('console.backToCall')}
              </Link>
            </p>
          ) : null}
          {afterCall ? (
            <div className="card after-call" role="status" data-testid="after-call">
              {afterCall.until ? (
                <p>
                  {t('console.afterCallLeft')}: <strong>{secondsUntil(afterCall.until)}</strong> {t('common.secondsUnit')}
                </p>
              ) : (
                <>
                  <p>{t('console.callEnded')}</p>
                  <p>
                    <Link className="button" to={`/console/sessions/${afterCall.sessionId}`}>
                      {t('console.recordOutcome')}
                    </Link>
                  </p>
                </>
              )}
            </div>
          ) : null}
          <p>
            <Link to="/console/records">{t('console.recordsLink')}</Link>
          </p>
          <p>
            <Link to="/console/shifts">{t('console.shiftsLink')}</Link>
          </p>
          {canPopups ? (
            <p>
              <Link to="/console/popups">{t('console.popupsLink')}</Link>
            </p>
          ) : null}
          <p>
            <Link to="/console/reservations">{t('console.reservationsLink')}</Link>
          </p>
          {canOverview ? (
            <p>
              <Link to="/console/overview">{t('console.overviewLink')}</Link>
            </p>
          ) : null}
          {canOverview ? (
            <p>
              <Link to="/staff">{t('nav.dashboardAndReports')}</Link>
            </p>
          ) : null}
        </section>

        {offer ? (
          <section className="card offer" role="alertdialog" aria-labelledby="offer-title" data-testid="offer">
            <h2 id="offer-title">{t('console.incoming')}</h2>
            <dl>
              <dt>{t('common.municipality')}</dt>
              <dd>{offer.municipalityName}</dd>
              <dt>{t('common.booth')}</dt>
              <dd data-testid="offer-booth">{offer.boothName}</dd>
              <dt>{t('console.language')}</dt>
              <dd>{languageNames[offer.language as keyof typeof languageNames] ?? offer.language}</dd>
              <dt>{t('console.procedure')}</dt>
              <dd>{offer.procedure ? procedureLabels[offer.procedure as Procedure][language] : '—'}</dd>
              <dt>{t('console.waited')}</dt>
              <dd>{t('format.seconds', { s: offer.waitedSeconds })}</dd>
            </dl>
            {camera ? <CameraPreview track={camera} /> : null}
            <p>
              {t('console.ringsFor')} <strong>{secondsUntil(offer.expiresAt)}</strong> {t('common.secondsUnit')}
            </p>
            <p>
              <button className="button" type="button" onClick={() => void accept(offer.sessionId)} style={{ marginRight: 8 }}>
                {t('console.accept')}
              </button>
              <button
                className="button secondary"
                type="button"
                onClick={() => void act(() => consoleApi('POST', `/offers/${offer.sessionId}/decline`))}
              >
                {t('console.decline')}
              </button>
            </p>
          </section>
        ) : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </main>
    </>
  );
}
