/**
 * One resident's journey: renders the state machine's current screen (journey/machine.ts) and
 * does the I/O its states call for. The app mounts a fresh Journey for every resident (new React
 * key) — `forget` is the only way out, so nothing of one resident reaches the next.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type BoothApi, type BoothSelf } from './api';
import type { BoothRecorder } from './events/outbox-sender';
import { CallSession } from './call/CallSession';
import { prepareBoothMedia, releaseBoothMedia } from './call/local-media';
import { setLanguage } from './i18n';
import { journeyConfig } from './journey/config';
import {
  holdsResident,
  initialState,
  policyFor,
  sessionToClose,
  transition,
  type JourneyConfig,
  type JourneyEvent,
  type JourneyState,
} from './journey/machine';
import { AttractScreen } from './screens/AttractScreen';
import { NoOperatorScreen } from './screens/NoOperatorScreen';
import { ClosedScreen } from './screens/ClosedScreen';
import { ConsentScreen } from './screens/ConsentScreen';
import { EligibilityScreen } from './screens/EligibilityScreen';
import { LanguageScreen } from './screens/LanguageScreen';
import { ProcedureScreen } from './screens/ProcedureScreen';
import { ReferralScreen } from './screens/ReferralScreen';
import { IdleWarning, ProblemScreen, RequestingScreen, ThanksScreen } from './screens/SimpleScreens';
import { StillThereCheck } from './screens/WaitingScreen';
import { useAutoReturn, useIdleTimeout, useInterval } from './timers';

export const OPENING_RECHECK_MS = 60_000;
/** When /me does not say (an older server): ask after 3 minutes, give the place up 30 s later. */
const DEFAULT_WAITING_CHECK = { askAfterMs: 180_000, answerWithinMs: 30_000 };
/** setTimeout cannot wait longer than this. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const ignore = () => undefined;


export type ForgetReason = 'idle' | 'cancel' | 'done';

interface JourneyProps {
  api: BoothApi;
  /** Events and the end of sessions go through the booth's outbox: kept until acknowledged. */
  events: BoothRecorder;
  info: BoothSelf;
  reloadInfo: () => Promise<BoothSelf>;
  /** Throw this journey away and start a fresh one on the attract screen. */
  onForget: () => void;
}

export function Journey({ api, events, info, reloadInfo, onForget }: JourneyProps) {
  const config = useMemo(() => journeyConfig(info), [info]);
  const configRef = useRef(config);
  configRef.current = config;
  const [state, setState] = useState<JourneyState>(initialState);
  const stateRef = useRef(state);
  /** False once this journey is forgotten: late answers for it are dropped (and sessions closed). */
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const dispatch = useCallback((event: JourneyEvent, withConfig: JourneyConfig = configRef.current) => {
    if (!alive.current) return;
    const next = transition(stateRef.current, event, withConfig);
    if (next === stateRef.current) return;
    stateRef.current = next;
    setState(next);
  }, []);

  // Texts and <html lang> follow the resident's language, before the screen paints.
  useLayoutEffect(() => setLanguage(state.language), [state.language]);

  const forget = useCallback(
    (reason: ForgetReason) => {
      if (!alive.current) return;
      const open = sessionToClose(stateRef.current);
      if (open) {
        if (reason === 'idle') events.record(open.sessionId, 'idle-timeout');
        events.close(open.sessionId, open.how);
      }
      alive.current = false;
      onForget();
    },
    [events, onForget],
  );

  const policy = policyFor(state);
  const waitingCheck = info.waitingCheck ?? DEFAULT_WAITING_CHECK;
  // While waiting, the same countdown asks "are you still there?" on its own timing; no answer
  // gives the place up (cancelled: abandoned, with an idle-timeout event), like an idle resident.
  const idle = useIdleTimeout(
    policy.idle || policy.stillThere,
    state,
    () => forget('idle'),
    policy.stillThere ? { idleMs: waitingCheck.askAfterMs, warnMs: waitingCheck.answerWithinMs } : undefined,
  );
  const secondsLeft = useAutoReturn(policy.autoReturnMs, state, () => forget('done'));

  // --- opening hours: re-checked every minute on the attract and closed screens ----------------
  useInterval(policy.pollOpening, OPENING_RECHECK_MS, () => void reloadInfo().catch(ignore));
  useEffect(() => {
    const current = stateRef.current;
    if (current.screen === 'attract' && !info.opening.open) {
      dispatch({ type: 'CLOSED', nextOpening: info.opening.nextOpening });
    } else if (current.screen === 'closed' && info.opening.open) {
      if (holdsResident(current)) forget('done');
      else dispatch({ type: 'OPENED' });
    }
  }, [info, state.screen, dispatch, forget]);
  // …and once more right when the next opening comes.
  const nextOpening = state.screen === 'closed' ? (info.opening.nextOpening ?? state.nextOpening) : null;
  useEffect(() => {
    if (!nextOpening) return;
    const wait = Date.parse(nextOpening) - Date.now() + 1000;
    if (!(wait > 0 && wait < MAX_TIMEOUT_MS)) return;
    const timer = setTimeout(() => void reloadInfo().catch(ignore), wait);
    return () => clearTimeout(timer);
  }, [nextOpening, reloadInfo]);

  // --- the referral is recorded once, when its screen shows ------------------------------------
  const referred = useRef<JourneyState | null>(null);
  useEffect(() => {
    if (state.screen !== 'referral' || referred.current === state) return;
    referred.current = state;
    void api.refer({ procedure: state.procedure, language: state.language, questionId: state.questionId }).catch(ignore);
  }, [api, state]);

  // --- the call request ------------------------------------------------------------------------
  const requested = useRef<JourneyState | null>(null);
  useEffect(() => {
    if (state.screen !== 'requesting' || requested.current === state) return;
    requested.current = state;
    const request = state;
    const still = () => alive.current && stateRef.current === request;
    // The camera starts while the request is in flight (the call publishes it).
    prepareBoothMedia();
    api
      .requestCall({
        language: request.language,
        ...(request.procedure ? { procedure: request.procedure } : {}),
        ...(request.consent ? { consent: request.consent } : {}),
      })
      .then(
        (session) => {
          if (still()) dispatch({ type: 'SESSION_OPENED', session });
          else {
            releaseBoothMedia();
            events.close(session.sessionId, 'cancel');
          }
        },
        async (error: unknown) => {
          releaseBoothMedia();
          if (!still()) return;
          const refused = error instanceof ApiError && error.status === 409 ? error.code : null;
          if (refused === 'consent_outdated') {
            const fresh = await reloadInfo().catch(() => null);
            dispatch({ type: 'CONSENT_OUTDATED' }, fresh ? journeyConfig(fresh) : configRef.current);
          } else if (refused === 'closed') {
            const fresh = await reloadInfo().catch(() => null);
            dispatch({ type: 'CLOSED', nextOpening: fresh?.opening.nextOpening ?? info.opening.nextOpening });
          } else if (refused === 'no_operator_for_call' || refused === 'no_operator_on_duty') {
            dispatch({ type: 'NO_OPERATOR', reason: refused === 'no_operator_for_call' ? 'not-served' : 'none-on-duty' });
          } else {
            dispatch({ type: 'REQUEST_FAILED' });
          }
        },
      );
  }, [api, state, dispatch, reloadInfo, info]);

  // --- the call --------------------------------------------------------------------------------
  const onOperatorJoined = useCallback(() => dispatch({ type: 'OPERATOR_JOINED' }), [dispatch]);
  const onEnded = useCallback(
    (how: 'ended' | 'lost') => {
      const open = sessionToClose(stateRef.current);
      // A lost link ends an answered call as dropped (the server records it so).
      if (open) events.close(open.sessionId, 'end', how === 'lost' ? 'connection-lost' : undefined);
      dispatch({ type: how === 'ended' ? 'CALL_ENDED' : 'CONNECTION_LOST' });
    },
    [events, dispatch],
  );
  const onEndCall = useCallback(() => onEnded('ended'), [onEnded]);
  const onCancel = useCallback(() => forget('cancel'), [forget]);

  const municipality = info.municipality.name;
  const back = () => dispatch({ type: 'BACK' });
  let screen: JSX.Element;
  switch (state.screen) {
    case 'attract':
      screen = <AttractScreen municipality={municipality} onStart={() => dispatch({ type: 'START' })} />;
      break;
    case 'language':
      screen = (
        <LanguageScreen
          municipality={municipality}
          onChoose={(language) => dispatch({ type: 'CHOOSE_LANGUAGE', language })}
          onBack={() => forget('done')}
        />
      );
      break;
    case 'procedure':
      screen = (
        <ProcedureScreen
          municipality={municipality}
          procedures={config.procedures}
          onChoose={(procedure) => dispatch({ type: 'CHOOSE_PROCEDURE', procedure })}
          onBack={back}
        />
      );
      break;
    case 'eligibility': {
      const questions = info.municipality.eligibility[state.procedure] ?? [];
      const question = questions[state.question];
      screen = question ? (
        <EligibilityScreen
          key={question.id}
          municipality={municipality}
          language={state.language}
          question={question}
          index={state.question}
          total={questions.length}
          onAnswer={(answer) => dispatch({ type: 'ANSWER', answer })}
          onBack={back}
        />
      ) : (
        <RequestingScreen municipality={municipality} />
      );
      break;
    }
    case 'referral':
      screen = (
        <ReferralScreen
          municipality={municipality}
          language={state.language}
          question={info.municipality.eligibility[state.procedure]?.find((q) => q.id === state.questionId)}
          secondsLeft={secondsLeft}
          onDone={() => forget('done')}
        />
      );
      break;
    case 'consent':
      screen = (
        <ConsentScreen
          municipality={municipality}
          language={state.language}
          terms={info.consent.terms}
          privacy={info.consent.privacy}
          outdated={state.outdated}
          onAgree={() => dispatch({ type: 'AGREE' })}
          onBack={back}
        />
      );
      break;
    case 'requesting':
      screen = <RequestingScreen municipality={municipality} />;
      break;
    case 'waiting':
    case 'call':
      screen = (
        <CallSession
          api={api}
          events={events}
          municipality={municipality}
          session={state.session}
          screen={state.screen}
          onOperatorJoined={onOperatorJoined}
          onEnded={onEnded}
          onCancel={onCancel}
          onEndCall={onEndCall}
        />
      );
      break;
    case 'no-operator':
      screen = (
        <NoOperatorScreen
          municipality={municipality}
          reason={state.reason}
          language={state.language}
          counter={info.municipality.counterGuidance}
          secondsLeft={secondsLeft}
          onDone={() => forget('done')}
        />
      );
      break;
    case 'thanks':
      screen = <ThanksScreen municipality={municipality} />;
      break;
    case 'problem':
      screen = <ProblemScreen municipality={municipality} problem={state.problem} secondsLeft={secondsLeft} onDone={() => forget('done')} />;
      break;
    case 'closed':
      screen = (
        <ClosedScreen
          municipality={municipality}
          language={state.language}
          nextOpening={info.opening.nextOpening ?? state.nextOpening}
          {...(state.resident ? { onDone: () => forget('done') } : {})}
        />
      );
      break;
  }

  return (
    <>
      {screen}
      {idle.phase.phase === 'warning' ? (
        policy.stillThere ? (
          <StillThereCheck secondsLeft={idle.phase.secondsLeft} onStay={idle.keepAlive} />
        ) : (
          <IdleWarning secondsLeft={idle.phase.secondsLeft} onContinue={idle.keepAlive} />
        )
      ) : null}
    </>
  );
}
