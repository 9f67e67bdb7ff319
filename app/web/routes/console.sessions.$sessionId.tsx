import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useLoaderData, useNavigate, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import lkStyles from '@livekit/components-styles?url';
import { cardApplicationProcedures, outcomeLabels, outcomes, procedureLabels } from '@madoguchi/db/vocabulary';
import { notesCategories, procedureGuides } from '../../domain/procedure-guides';
import { AccountBar } from '../components/account-bar';
import OperatorCall from '../components/operator-call.client';
import { FaqPanel } from '../components/faq-panel';
import { consoleApi, useConsoleState } from '../components/use-console-state';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '通話中 | Madoguchi' }];
export const links = () => [{ rel: 'stylesheet', href: lkStyles }];

const Params = z.object({ sessionId: z.uuid() });

const notesLabels: Record<(typeof notesCategories)[number], string> = {
  none: 'なし / None',
  'form-missing': '申請書なし / No form',
  'pin-locked': '暗証番号ロック / PIN locked',
  'certificate-renewal': '電子証明書更新（窓口のみ） / Certificate renewal (counter only)',
  'photo-retake': '写真撮り直し / Photo retake',
  'technical-issue': '機器・通信の問題 / Technical issue',
  'language-support': '言語の支援 / Language support',
  other: 'その他 / Other',
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:session');
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response('Not found', { status: 404 });
  const { app } = context;
  const sessionId = parsed.data.sessionId;
  try {
    // In the call: join details. Ended from the other side, in this operator's after-call work
    // for it: the outcome form alone (no room to join).
    const afterCall = app.queue.state(account.accountId).afterCall;
    const { session, connection } =
      afterCall?.sessionId === sessionId && afterCall.until === null
        ? { session: await app.sessions.answeredBy(account, sessionId), connection: null }
        : await app.sessions.operatorConnection(account, sessionId, app.livekitUrlFor(request.url));
    const procedure = session.procedure ?? 'other_mynaportal';
    return {
      displayName: account.displayName,
      sessionId: session.id,
      procedure: `${procedureLabels[procedure].ja} / ${procedureLabels[procedure].en}`,
      language: session.language ?? 'ja',
      photo: cardApplicationProcedures.includes(procedure),
      municipalityId: session.municipalityId,
      procedureCode: session.procedure,
      connection,
      steps: procedureGuides[procedure].map((s) => ({
        id: s.id,
        title: `${s.title.ja} / ${s.title.en}`,
        script: s.script.ja.replace('{name}', account.displayName),
        ...(s.card ? { card: s.card } : {}),
        ...(s.pin ? { pin: true } : {}),
      })),
    };
  } catch {
    // Ended, someone else's, or unknown: back to the console.
    throw redirect('/console');
  }
}

export default function InCall() {
  const { displayName, sessionId, procedure, language, photo, municipalityId, procedureCode, connection, steps } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [mounted, setMounted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);
  const [linkStatus, setLinkStatus] = useState<string>('connecting');
  useEffect(() => setMounted(true), []);
  // The console's live state here too: the operator is present while on this page, and learns at
  // once when the call ended from the other side (the booth, LiveKit) — then it is after-call work.
  const { state } = useConsoleState(null);
  const ended = connection === null || state?.afterCall?.sessionId === sessionId;

  const endWith = useCallback(
    async (outcome: unknown, notesCategory: unknown) => {
      setError(null);
      setEnding(true);
      try {
        await consoleApi('POST', `/sessions/${sessionId}/end`, { outcome, notesCategory });
        navigate('/console');
      } catch (e) {
        setError((e as Error).message);
        setEnding(false);
      }
    },
    [sessionId, navigate],
  );
  const end = (form: FormData) => endWith(form.get('outcome'), form.get('notesCategory'));
  // A call that never connected, or whose link is gone for good, ends as dropped (once).
  const droppedOnce = useRef(false);
  const endDropped = useCallback(
    (auto: boolean) => {
      if (auto && droppedOnce.current) return;
      droppedOnce.current = true;
      void endWith('dropped', 'technical-issue');
    },
    [endWith],
  );

  return (
    <>
      <AccountBar title="通話中 / In call" displayName={displayName} />
      <main className="page wide">
        <h1 className="visually-hidden">通話中 / In call</h1>
        <p>
          手続き / Procedure: <strong>{procedure}</strong> · 言語 / Language: <strong>{language}</strong>
        </p>
        {ended ? (
          <p className="card after-call" role="status" data-testid="call-ended">
            通話は終了しました。結果を記録してください。 / The call has ended. Record its outcome.
          </p>
        ) : mounted ? (
          <OperatorCall
            sessionId={sessionId}
            connection={connection}
            steps={steps}
            photo={photo ? { sessionId } : undefined}
            onRetry={() => revalidator.revalidate()}
            onEndDropped={endDropped}
            ending={ending}
            onStatus={setLinkStatus}
          />
        ) : (
          <p className="muted">接続しています… / Connecting…</p>
        )}
        <FaqPanel municipalityId={municipalityId} {...(procedureCode ? { procedure: procedureCode } : {})} />
        {/* The room gone before the console hears of the after-call work: the form waits for it. */}
        <form
          hidden={linkStatus === 'ended' && !ended}
          className="card end-call"
          onSubmit={(e) => {
            e.preventDefault();
            void end(new FormData(e.currentTarget));
          }}
        >
          <fieldset>
            <legend>結果 / Outcome</legend>
            {outcomes.map((o) => (
              <label key={o} style={{ marginRight: 16 }}>
                <input type="radio" name="outcome" value={o} required defaultChecked={o === 'completed'} /> {outcomeLabels[o].ja} / {outcomeLabels[o].en}
              </label>
            ))}
          </fieldset>
          <label htmlFor="notesCategory">メモ区分（個人情報は書かない） / Notes category (never personal data)</label>
          <select id="notesCategory" name="notesCategory" defaultValue="none">
            {notesCategories.map((n) => (
              <option key={n} value={n}>
                {notesLabels[n]}
              </option>
            ))}
          </select>
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          <p>
            <button className={`button ${ended ? '' : 'danger'}`} type="submit" disabled={ending}>
              {ended ? '結果を記録 / Record the outcome' : '通話を終了 / End call'}
            </button>
          </p>
        </form>
      </main>
    </>
  );
}
