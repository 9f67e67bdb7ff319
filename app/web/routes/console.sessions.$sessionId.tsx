import lkStyles from '@livekit/components-styles?url';
import { cardApplicationProcedures, outcomeLabels, outcomes, procedureLabels } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useLoaderData, useNavigate, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { notesCategories, procedureGuides } from '../../domain/procedure-guides';
import { AccountBar } from '../components/account-bar';
import { FaqPanel } from '../components/faq-panel';
import OperatorCall from '../components/operator-call.client';
import { consoleApi, useConsoleState } from '../components/use-console-state';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.inCall');
export const links = () => [{ rel: 'stylesheet', href: lkStyles }];

const Params = z.object({ sessionId: z.uuid() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:session');
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw new Response('Not found', { status: 404 });
  const { app } = context;
  const sessionId = parsed.data.sessionId;
  const { language: ui } = await translatorFor(request);
  try {
    // In the call: join details. Ended from the other side, in this operator's after-call work
    // for it: the outcome form alone (no room to join).
    const afterCall = (await app.queue.state(account.accountId)).afterCall;
    const { session, connection } =
      afterCall?.sessionId === sessionId && afterCall.until === null
        ? { session: await app.sessions.answeredBy(account, sessionId), connection: null }
        : await app.sessions.operatorConnection(account, sessionId, app.livekitUrlFor(request.url));
    const procedure = session.procedure ?? 'other_mynaportal';
    // A supervisor already in the call (issue 18); later steps come over the console's stream.
    const supervision = connection ? await app.supervision.current(session.id) : null;
    return {
      supervision,
      displayName: account.displayName,
      sessionId: session.id,
      procedure: procedureLabels[procedure][ui],
      language: session.language ?? 'ja',
      photo: cardApplicationProcedures.includes(procedure),
      municipalityId: session.municipalityId,
      procedureCode: session.procedure,
      connection,
      steps: procedureGuides[procedure].map((s) => ({
        id: s.id,
        title: s.title[ui],
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
  const {
    displayName,
    sessionId,
    procedure,
    language,
    photo,
    municipalityId,
    procedureCode,
    connection,
    steps,
    supervision: atLoad,
  } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [mounted, setMounted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);
  const [linkStatus, setLinkStatus] = useState<string>('connecting');
  const { t, language: ui } = useT();
  useEffect(() => setMounted(true), []);
  // The console's live state here too: the operator is present while on this page, and learns at
  // once when the call ended from the other side (the booth, LiveKit) — then it is after-call work.
  const { state, supervision: pushed } = useConsoleState(null);
  const supervision = pushed?.sessionId === sessionId ? pushed : atLoad;
  // A supervisor took the call over: it is theirs now (the server has put this console out of the room).
  const takenOver = supervision?.mode === 'took-over';
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
      <AccountBar title={t('nav.inCall')} displayName={displayName} />
      <main className="page wide">
        <h1 className="visually-hidden">{t('nav.inCall')}</h1>
        <p>
          {t('call.procedure')}: <strong>{procedure}</strong> · {t('call.language')}: <strong>{language}</strong>
        </p>
        {supervision?.mode ? (
          <p className="card" role="status" data-testid="supervision-notice" data-mode={supervision.mode}>
            {t(`call.supervision.${supervision.mode}`, { name: supervision.supervisorName ?? '' })}
          </p>
        ) : null}
        {takenOver ? null : ended ? (
          <p className="card after-call" role="status" data-testid="call-ended">
            {t('call.ended')}
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
            residentLanguage={language}
          />
        ) : (
          <p className="muted">{t('call.connecting')}</p>
        )}
        <FaqPanel municipalityId={municipalityId} {...(procedureCode ? { procedure: procedureCode } : {})} />
        {/* The room gone before the console hears of the after-call work: the form waits for it. */}
        <form
          hidden={takenOver || (linkStatus === 'ended' && !ended)}
          className="card end-call"
          onSubmit={(e) => {
            e.preventDefault();
            void end(new FormData(e.currentTarget));
          }}
        >
          <fieldset>
            <legend>{t('call.outcome')}</legend>
            {outcomes.map((o) => (
              <label key={o} style={{ marginRight: 16 }}>
                <input type="radio" name="outcome" value={o} required defaultChecked={o === 'completed'} /> {outcomeLabels[o][ui]}
              </label>
            ))}
          </fieldset>
          <label htmlFor="notesCategory">{t('call.notesCategory')}</label>
          <select id="notesCategory" name="notesCategory" defaultValue="none">
            {notesCategories.map((n) => (
              <option key={n} value={n}>
                {t(`call.notes.${n}`)}
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
              {ended ? t('call.recordOutcome') : t('call.endCall')}
            </button>
          </p>
        </form>
      </main>
    </>
  );
}
