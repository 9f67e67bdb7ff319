import lkStyles from '@livekit/components-styles?url';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import type { InterpreterState } from '../../server/calls/interpreting.server';
import { AccountBar } from '../components/account-bar';
import { languageNames, operatorStatusKeys as statusKeys } from '../components/console-labels';
import InterpreterCall, { type InterpreterConnection } from '../components/interpreter-call.client';
import { staffApi, usePushedState, useRing } from '../components/use-console-state';
import { useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interpreting.title');
export const links = () => [{ rel: 'stylesheet', href: lkStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'interpret:session');
  return { displayName: account.displayName, state: await context.app.queue.interpreterState(account.accountId) };
}

const api = staffApi('/api/v1/interpreting');

/**
 * The interpreter's console (issue 18): their status, a request ringing with accept/decline, and
 * the call once they accepted. A call they are no longer in (the operator ended their part, the
 * call ended) closes here by itself.
 */
export default function Interpret() {
  const { displayName, state: initial } = useLoaderData<typeof loader>();
  const { state, setState, connected } = usePushedState<InterpreterState>('/api/v1/interpreting/stream', initial);
  const [connection, setConnection] = useState<InterpreterConnection | null>(null);
  const [mounted, setMounted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const { t } = useT();
  const offer = state.offer;
  const callId = state.call?.requestId ?? null;
  useRing(offer !== null);
  useEffect(() => setMounted(true), []);
  useEffect(() => {
    if (!offer) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [offer]);
  // In a call without join details (a reload, or the pushed state came before the accept's
  // answer): fetch them; out of the call: drop them. The first details of a call are kept: later
  // ones (the accept's answer after this fetch, or the other way round) would make InterpreterCall
  // join again for nothing, and the first join's departure could read as the interpreter dropping.
  useEffect(() => {
    if (!callId) {
      setConnection(null);
      return;
    }
    if (connection) return;
    void api<InterpreterConnection>('GET', '/connection').then(
      (fetched) => setConnection((kept) => kept ?? fetched),
      (e: Error) => setError(e.message),
    );
  }, [callId, connection]);

  const act = async (run: () => Promise<InterpreterState & { connection?: InterpreterConnection }>) => {
    setError(null);
    try {
      const answer = await run();
      const joined = answer.connection;
      if (joined) setConnection((kept) => kept ?? joined);
      setState(answer);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const locked = state.status === 'on_call' || state.status === 'offered';

  return (
    <>
      <AccountBar title={t('interpreting.title')} displayName={displayName} />
      <main className="page">
        <h1>{t('interpreting.title')}</h1>
        <section className="card">
          <p>
            {t('console.currentStatus')}: <strong data-testid="interpreter-status">{t(statusKeys[state.status])}</strong>
            {!connected ? <span className="muted">{t('console.connecting')}</span> : null}
          </p>
          <p>
            {(['available', 'break', 'offline'] as const).map((s) => (
              <button
                key={s}
                type="button"
                className={`button ${state.status === s ? '' : 'secondary'}`}
                aria-pressed={state.status === s}
                disabled={locked}
                onClick={() => void act(() => api('PUT', '/status', { status: s }))}
                style={{ marginRight: 8 }}
              >
                {t(statusKeys[s])}
              </button>
            ))}
          </p>
        </section>
        {offer ? (
          <section className="card offer" role="alertdialog" aria-labelledby="interpret-offer" data-testid="interpret-offer">
            <h2 id="interpret-offer">{t('interpreting.incoming')}</h2>
            <dl>
              <dt>{t('interpreting.language')}</dt>
              <dd data-testid="interpret-offer-language">{languageNames[offer.language]}</dd>
              <dt>{t('common.municipality')}</dt>
              <dd>{offer.municipalityName}</dd>
              <dt>{t('common.booth')}</dt>
              <dd>{offer.boothName}</dd>
            </dl>
            <p>
              {t('interpreting.ringsFor')}{' '}
              <strong>{Math.max(0, Math.ceil((new Date(offer.expiresAt).getTime() - Date.now()) / 1000))}</strong> {t('common.secondsUnit')}
            </p>
            <p>
              <button
                type="button"
                className="button"
                data-testid="interpret-accept"
                onClick={() => void act(() => api('POST', `/offers/${offer.requestId}/accept`))}
                style={{ marginRight: 8 }}
              >
                {t('interpreting.accept')}
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => void act(() => api('POST', `/offers/${offer.requestId}/decline`))}
              >
                {t('interpreting.decline')}
              </button>
            </p>
          </section>
        ) : null}
        {mounted && callId && connection ? (
          <InterpreterCall key={callId} connection={connection} onLeave={() => void act(() => api('POST', '/leave'))} />
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
