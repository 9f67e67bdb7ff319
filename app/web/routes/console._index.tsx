import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useNavigate } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { procedureLabels, type Procedure } from '@madoguchi/db/vocabulary';
import { reachOf } from '../../domain/permissions';
import { AccountBar } from '../components/account-bar';
import { languageNames, operatorStatusLabels as statusLabels } from '../components/console-labels';
import { consoleApi, useConsoleState, useRing, type ConsoleState } from '../components/use-console-state';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: 'オペレーター | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:session');
  return {
    displayName: account.displayName,
    state: context.app.queue.state(account.accountId) as ConsoleState,
    canOverview: reachOf(account, 'read:queue') !== null,
  };
}


function secondsUntil(iso: string) {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 1000));
}

export default function Console() {
  const { displayName, state: initial, canOverview } = useLoaderData<typeof loader>();
  const { state, setState, connected } = useConsoleState(initial);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const navigate = useNavigate();
  const offer = state?.offer ?? null;
  // Ringing or on a call: the system sets the status, the buttons say so.
  const statusLocked = state?.status === 'on_call' || state?.status === 'offered';
  const afterCall = state?.afterCall ?? null;
  useRing(offer !== null);
  // The ring's and the after-call work's countdowns are the only things that change by the second.
  const counting = offer?.sessionId ?? afterCall?.until ?? null;
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
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
    try {
      await consoleApi('POST', `/offers/${sessionId}/accept`);
      navigate(`/console/sessions/${sessionId}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <>
      <AccountBar title="オペレーター / Operator" displayName={displayName} />
      <main className="page">
        <h1>オペレーター / Operator console</h1>
        <section className="card" aria-label="状態 / Status">
          <p>
            現在の状態 / Status: <strong data-testid="operator-status">{state ? statusLabels[state.status] : '…'}</strong>
            {!connected ? <span className="muted">（接続中… / connecting…）</span> : null}
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
                {statusLabels[s]}
              </button>
            ))}
          </p>
          {statusLocked ? (
            <p id="status-locked" className="muted" data-testid="status-locked">
              着信中・通話中は状態を変更できません / The status cannot be changed while a call rings or is in progress.
            </p>
          ) : null}
          <p className="muted">担当自治体の待機中 / Waiting in your municipalities: {state?.waitingCount ?? 0}</p>
          {state?.activeSessionId ? (
            <p>
              <Link className="button" to={`/console/sessions/${state.activeSessionId}`}>
                通話に戻る / Back to the call
              </Link>
            </p>
          ) : null}
          {afterCall ? (
            <div className="card after-call" role="status" data-testid="after-call">
              {afterCall.until ? (
                <p>
                  後処理の残り / After-call work left: <strong>{secondsUntil(afterCall.until)}</strong> 秒 / s
                </p>
              ) : (
                <>
                  <p>
                    通話は終了しました。結果を記録するか、次の状態を選んでください。 / The call has ended. Record its outcome, or choose your next status.
                  </p>
                  <p>
                    <Link className="button" to={`/console/sessions/${afterCall.sessionId}`}>
                      結果を記録 / Record the outcome
                    </Link>
                  </p>
                </>
              )}
            </div>
          ) : null}
          <p>
            <Link to="/console/records">問合せ・インシデントの記録と FAQ / Record inquiries and incidents, FAQ</Link>
          </p>
          {canOverview ? (
            <p>
              <Link to="/console/overview">全体の状況（スーパーバイザー） / Live overview</Link>
            </p>
          ) : null}
          {canOverview ? (
            <p>
              <Link to="/staff">ダッシュボード・報告書 / Dashboard and reports</Link>
            </p>
          ) : null}
        </section>

        {offer ? (
          <section className="card offer" role="alertdialog" aria-labelledby="offer-title" data-testid="offer">
            <h2 id="offer-title">着信 / Incoming call</h2>
            <dl>
              <dt>自治体 / Municipality</dt>
              <dd>{offer.municipalityName}</dd>
              <dt>ブース / Booth</dt>
              <dd data-testid="offer-booth">{offer.boothName}</dd>
              <dt>言語 / Language</dt>
              <dd>{languageNames[offer.language as keyof typeof languageNames] ?? offer.language}</dd>
              <dt>手続き / Procedure</dt>
              <dd>{offer.procedure ? `${procedureLabels[offer.procedure as Procedure].ja} / ${procedureLabels[offer.procedure as Procedure].en}` : '—'}</dd>
              <dt>待ち時間 / Waited</dt>
              <dd>{offer.waitedSeconds} 秒 / s</dd>
            </dl>
            <p>
              残り / Rings for <strong>{secondsUntil(offer.expiresAt)}</strong> 秒 / s
            </p>
            <p>
              <button className="button" type="button" onClick={() => void accept(offer.sessionId)} style={{ marginRight: 8 }}>
                応答する / Accept
              </button>
              <button className="button secondary" type="button" onClick={() => void act(() => consoleApi('POST', `/offers/${offer.sessionId}/decline`))}>
                辞退する / Decline
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
