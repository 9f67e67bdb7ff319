/**
 * One resident's journey: renders the visit's current screen (journey/machine.ts, journey/visit.ts)
 * and hands taps and call events to its runner (journey/runner.ts), which does the I/O the machine
 * returns as effects. The app mounts a fresh Journey for every resident (new React key) — the
 * `forget` effect is the only way out, so nothing of one resident reaches the next.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { BoothApi, BoothSelf } from './api';
import { CallSession } from './call/CallSession';
import { prepareBoothMedia, releaseBoothMedia } from './call/local-media';
import { endGuidanceWorker, prepareGuidanceWorker } from './call/photo/guidance-worker';
import type { BoothRecorder } from './events/outbox-sender';
import { setLanguage } from './i18n';
import { journeyConfig } from './journey/config';
import { initialState, policyFor } from './journey/machine';
import { JourneyRunner } from './journey/runner';
import type { Visit, VisitEvent } from './journey/visit';
import { AttractScreen } from './screens/AttractScreen';
import { CheckInRefusedScreen, CheckInScreen } from './screens/CheckInScreen';
import { ClosedScreen } from './screens/ClosedScreen';
import { ConsentScreen } from './screens/ConsentScreen';
import { EligibilityScreen } from './screens/EligibilityScreen';
import { LanguageScreen } from './screens/LanguageScreen';
import { NoOperatorScreen } from './screens/NoOperatorScreen';
import { ProcedureScreen } from './screens/ProcedureScreen';
import { ReferralScreen } from './screens/ReferralScreen';
import { CheckingScreen, IdleWarning, ProblemScreen, RequestingScreen, ThanksScreen } from './screens/SimpleScreens';
import { StillThereCheck } from './screens/WaitingScreen';
import { WalkInBookedScreen, WalkInSlotsScreen, WalkInWaitScreen } from './screens/WalkInScreens';
import { useSecondsLeft, useTouches } from './timers';

/** What shows until the runner has started (the first effects pass). */
const mounting: Visit = { state: initialState, touchedAt: null, warning: null, returnsAt: null, awaitsOpening: null, over: false };

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
  const [visit, setVisit] = useState<Visit>(mounting);
  const [runner, setRunner] = useState<JourneyRunner | null>(null);
  // One runner per mount (App keeps these props stable); unmounting stops its timers.
  useEffect(() => {
    const media = { prepare: prepareBoothMedia, release: releaseBoothMedia };
    const next = new JourneyRunner({ api, events, reloadInfo, onForget, media }, setVisit);
    setRunner(next);
    return next.stop;
  }, [api, events, reloadInfo, onForget]);
  // The photo guidance's worker compiles its runtime and loads its model as this visit starts (after
  // the first screen is painted), not during the photo step's first captures; it ends with the
  // visit (guidance-worker.ts).
  useEffect(() => {
    prepareGuidanceWorker();
    return endGuidanceWorker;
  }, []);
  // The first config starts the journey; later ones say what /me says now (opening hours).
  useEffect(() => runner?.update(config), [runner, config]);

  const send = useCallback((event: VisitEvent) => runner?.dispatch(event), [runner]);
  const { state } = visit;

  // Texts and <html lang> follow the resident's language, before the screen paints.
  useLayoutEffect(() => setLanguage(state.language), [state.language]);

  const policy = policyFor(state);
  const touched = useCallback(() => send({ type: 'ACTIVITY' }), [send]);
  useTouches(!visit.over && (policy.idle || policy.stillThere), touched);
  const secondsLeft = useSecondsLeft(visit.warning?.endsAt ?? visit.returnsAt);
  const startOver = () => send({ type: 'START_OVER' });

  // --- the call --------------------------------------------------------------------------------
  const onOperatorJoined = useCallback(() => send({ type: 'OPERATOR_JOINED' }), [send]);
  const onEnded = useCallback((how: 'ended' | 'lost') => send({ type: how === 'ended' ? 'CALL_ENDED' : 'CONNECTION_LOST' }), [send]);
  const onEndCall = useCallback(() => onEnded('ended'), [onEnded]);
  const onCancel = useCallback(() => send({ type: 'CANCEL' }), [send]);
  const onCode = useCallback((code: string) => send({ type: 'SUBMIT_CODE', code }), [send]);

  const municipality = info.municipality.name;
  const back = () => send({ type: 'BACK' });
  let screen: JSX.Element;
  switch (state.screen) {
    case 'attract':
      screen = (
        <AttractScreen
          municipality={municipality}
          popup={info.popup}
          onStart={() => send({ type: 'START' })}
          onReservation={() => send({ type: 'HAVE_RESERVATION' })}
          reservationOnly={info.municipality.reservationOnly}
        />
      );
      break;
    case 'check-in':
      screen = (
        <CheckInScreen
          municipality={municipality}
          language={state.language}
          onLanguage={(language) => send({ type: 'CHOOSE_LANGUAGE', language })}
          onCode={onCode}
          onBack={startOver}
        />
      );
      break;
    case 'checking':
      screen = <CheckingScreen municipality={municipality} />;
      break;
    case 'check-in-refused':
      screen = (
        <CheckInRefusedScreen
          municipality={municipality}
          language={state.language}
          reason={state.reason}
          comeAt={state.comeAt}
          secondsLeft={secondsLeft}
          onRetry={() => send({ type: 'RETRY' })}
          onDone={startOver}
        />
      );
      break;
    case 'language':
      screen = (
        <LanguageScreen
          municipality={municipality}
          onChoose={(language) => send({ type: 'CHOOSE_LANGUAGE', language })}
          onBack={startOver}
        />
      );
      break;
    case 'procedure':
      screen = (
        <ProcedureScreen
          municipality={municipality}
          procedures={config.procedures}
          onChoose={(procedure) => send({ type: 'CHOOSE_PROCEDURE', procedure })}
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
          onAnswer={(answer) => send({ type: 'ANSWER', answer })}
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
          onDone={startOver}
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
          listenInNotice={info.municipality.listenInNotice}
          outdated={state.outdated}
          onAgree={() => send({ type: 'AGREE' })}
          onBack={back}
        />
      );
      break;
    case 'requesting':
      screen = <RequestingScreen municipality={municipality} />;
      break;
    case 'walk-in-check':
    case 'walk-in-booking':
      screen = <WalkInWaitScreen municipality={municipality} booking={state.screen === 'walk-in-booking'} />;
      break;
    case 'walk-in-slots':
      screen = (
        <WalkInSlotsScreen
          municipality={municipality}
          language={state.language}
          slots={state.slots}
          taken={state.taken}
          onBook={(slotStart) => send({ type: 'BOOK_SLOT', slotStart })}
          onBack={back}
        />
      );
      break;
    case 'walk-in-booked':
      screen = (
        <WalkInBookedScreen
          municipality={municipality}
          language={state.language}
          booking={state.booking}
          secondsLeft={secondsLeft}
          onDone={startOver}
        />
      );
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
          onDone={startOver}
        />
      );
      break;
    case 'thanks':
      screen = <ThanksScreen municipality={municipality} />;
      break;
    case 'problem':
      screen = <ProblemScreen municipality={municipality} problem={state.problem} secondsLeft={secondsLeft} onDone={startOver} />;
      break;
    case 'closed':
      screen = (
        <ClosedScreen
          municipality={municipality}
          language={state.language}
          nextOpening={info.opening.nextOpening ?? state.nextOpening}
          {...(state.resident ? { onDone: startOver } : {})}
        />
      );
      break;
  }

  return (
    <>
      {screen}
      {visit.warning ? (
        policy.stillThere ? (
          <StillThereCheck secondsLeft={secondsLeft} onStay={touched} />
        ) : (
          <IdleWarning secondsLeft={secondsLeft} onContinue={touched} />
        )
      ) : null}
    </>
  );
}
