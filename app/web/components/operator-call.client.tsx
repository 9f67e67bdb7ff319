import {
  RoomAudioRenderer,
  RoomContext,
  TrackToggle,
  useRemoteParticipants,
  useRoomContext,
  useTracks,
  VideoTrack,
} from '@livekit/components-react';
import {
  type BoothMethod,
  type BoothMethodPayloads,
  boothMethods,
  boothPayload,
  type GuidanceCard,
  isBoothIdentity,
  operatorMethods,
} from '@madoguchi/db/call-contract';
import type { Language } from '@madoguchi/db/vocabulary';
import type { LinkView } from '@madoguchi/media-server/call-link';
import { Track } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import { type MessageKey, useT } from '../i18n/i18n';
import { CallConnection, type ConnectionDetails, takeCall } from './call-connection.client';
import { CallStatus } from './call-status';
import { InterpreterRequestPanel } from './interpreter-request.client';
import { PhotoPanel, PhotoVideo } from './photo-panel.client';
import { useCallLink } from './use-call-link.client';

export type { ConnectionDetails };

export interface GuideStepView {
  id: string;
  title: string;
  script: string;
  card?: GuidanceCard;
  pin?: boolean;
}

/** A guidance card's name for the operator (resources `cards.*`, one key per card id). */
export const cardKey = (card: string) => `cards.${card}` as MessageKey;

/**
 * The operator's side of a call: the booth's connection and quality, the resident large, the
 * operator's own preview, the procedure's checklist; for card applications (`photo`), the photo
 * step below (photo-panel.client.tsx). Uses the connection the accept already started
 * (call-connection.client.ts), or starts one with the loader's details after a reload. "Try
 * again" asks the page for fresh details (`onRetry`); when `connection` changes after that, a new
 * connection is made with them.
 */
export default function OperatorCall({
  sessionId,
  connection,
  steps,
  photo,
  onRetry,
  onEndDropped,
  ending,
  onStatus,
  residentLanguage,
}: {
  sessionId: string;
  connection: ConnectionDetails;
  steps: GuideStepView[];
  photo?: { sessionId: string };
  onRetry: () => void;
  /** End the call as dropped (`auto`: the limit passed without a connection). */
  onEndDropped: (auto: boolean) => void;
  ending: boolean;
  onStatus?: (status: LinkView['status']) => void;
  /** The resident's language: an interpreter may be asked for (issue 18). */
  residentLanguage?: Language;
}) {
  const [call, setCall] = useState<CallConnection | null>(null);
  const { view, dispatch } = useCallLink(call?.room ?? null);
  const [photoMode, setPhotoMode] = useState(false);
  /** 0: the connection the accept started (or one from the loader's details); +1 per "try again". */
  const [attempt, setAttempt] = useState(0);
  const retrying = useRef(false);

  // The connection of this attempt is made (or taken from the accept) here and disposed by this
  // effect's cleanup, so a second run (React's StrictMode) makes a fresh one instead of reusing a
  // disposed one. Joining is a no-op when the accept has already started it; a room that cannot
  // be joined is shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `connection` is read once per attempt: fresh details after a retry start the next one (below).
  useEffect(() => {
    const next = (attempt === 0 ? takeCall(sessionId) : null) ?? new CallConnection(sessionId);
    setCall(next);
    next.connect(connection).catch(() => dispatch({ type: 'connect-failed', at: Date.now() }));
    return () => void next.dispose();
  }, [sessionId, attempt, dispatch]);

  // Fresh details after "try again": a new connection with them.
  useEffect(() => {
    if (!retrying.current) return;
    retrying.current = false;
    dispatch({ type: 'connecting', at: Date.now() });
    setAttempt((n) => n + 1);
  }, [connection.participantToken, dispatch]);

  useEffect(() => call?.onBoothDegraded((degraded) => dispatch({ type: 'degraded', degraded, at: Date.now() })), [call, dispatch]);
  useEffect(() => onStatus?.(view.status), [view.status, onStatus]);
  const giveUp = view.giveUp;
  useEffect(() => {
    if (giveUp) onEndDropped(true);
  }, [giveUp, onEndDropped]);

  const retry = () => {
    retrying.current = true;
    onRetry();
  };

  if (!call) return null;
  return (
    <RoomContext.Provider value={call.room}>
      <CallStatus view={view} onRetry={retry} onEndDropped={() => onEndDropped(false)} ending={ending} />
      {/* A cut link leaves the last frame on screen: dimmed, so nobody takes it for live. */}
      <div
        className={`call${view.status === 'reconnecting' || view.status === 'lost' ? ' interrupted' : ''}`}
        style={photoMode ? { gridTemplateColumns: '3fr 1fr' } : undefined}
      >
        <div>
          <Stage photoMode={photoMode} />
          {/* Right under the booth camera: capture, then the photo beside its checks. */}
          {photo ? <PhotoPanel sessionId={photo.sessionId} mode={photoMode} onModeChange={setPhotoMode} /> : null}
          {residentLanguage ? <InterpreterRequestPanel sessionId={sessionId} residentLanguage={residentLanguage} /> : null}
        </div>
        <Assist steps={steps} />
      </div>
      <RoomAudioRenderer />
    </RoomContext.Provider>
  );
}

function Stage({ photoMode }: { photoMode: boolean }) {
  const tracks = useTracks([Track.Source.Camera], { onlySubscribed: false });
  // The booth's camera, not a supervisor's or an interpreter's who joined (issue 18).
  const booth = tracks.find((t) => !t.participant.isLocal && t.publication && isBoothIdentity(t.participant.identity));
  const self = tracks.find((t) => t.participant.isLocal && t.publication);
  const { t } = useT();
  return (
    <section className="remote-stage" aria-label={t('assist.boothVideo')}>
      {booth && photoMode ? (
        <PhotoVideo trackRef={booth} />
      ) : booth ? (
        <VideoTrack trackRef={booth} data-testid="remote-video" className="remote-video" />
      ) : (
        <p className="card muted" data-testid="no-booth-video">
          {t('assist.noBoothVideo')}
        </p>
      )}
      <div className="controls">
        <TrackToggle source={Track.Source.Microphone}>{t('assist.mic')}</TrackToggle>
        <TrackToggle source={Track.Source.Camera}>{t('assist.camera')}</TrackToggle>
      </div>
      {self && !photoMode ? <VideoTrack trackRef={self} data-testid="local-video" className="self-preview" /> : null}
    </section>
  );
}

/** Checklist, guidance cards and the PIN step, driving the booth over LiveKit RPC. */
function Assist({ steps }: { steps: GuideStepView[] }) {
  const room = useRoomContext();
  const booth = useRemoteParticipants().find((p) => isBoothIdentity(p.identity));
  const [done, setDone] = useState<Set<string>>(new Set());
  const [pinActive, setPinActive] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { t } = useT();

  useEffect(() => {
    const local = room.localParticipant;
    local.registerRpcMethod(operatorMethods.pinDone, async () => {
      setPinActive(false);
      setNotice(t('assist.pinFinished'));
      return 'ok';
    });
    return () => {
      local.unregisterRpcMethod(operatorMethods.pinDone);
    };
  }, [room, t]);

  const call = async <M extends BoothMethod>(method: M, payload: BoothMethodPayloads[M]) => {
    if (!booth) {
      // Never claim the booth camera is off when no request reached the booth.
      setNotice(t('assist.boothNotConnected'));
      throw new Error('booth not connected');
    }
    try {
      await room.localParticipant.performRpc({ destinationIdentity: booth.identity, method, payload: boothPayload(method, payload) });
    } catch (error) {
      setNotice(t('assist.boothDidNotAnswer', { error: (error as Error).message }));
      throw error;
    }
  };

  return (
    <aside className="assist" aria-label={t('assist.steps')}>
      {pinActive ? (
        <p className="card pin-banner" role="status" data-testid="pin-active">
          {t('assist.pinActive')}
        </p>
      ) : null}
      {notice ? <p role="status">{notice}</p> : null}
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.id} data-step={step.id}>
            <label>
              <input
                type="checkbox"
                checked={done.has(step.id)}
                onChange={() => setDone((d) => new Set(d.has(step.id) ? [...d].filter((x) => x !== step.id) : [...d, step.id]))}
              />{' '}
              <strong>{step.title}</strong>
            </label>
            <p className="script">{step.script}</p>
            {step.card ? (
              <button
                type="button"
                className="button secondary"
                onClick={() =>
                  void call(boothMethods.guidanceShow, { card: step.card! }).then(
                    () => setNotice(t('assist.shown', { card: t(cardKey(step.card!)) })),
                    () => undefined,
                  )
                }
              >
                {t('assist.showCard', { card: t(cardKey(step.card)) })}
              </button>
            ) : null}
            {step.pin ? (
              pinActive ? (
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    void call(boothMethods.pinEnd, {}).then(
                      () => setPinActive(false),
                      () => undefined,
                    )
                  }
                >
                  {t('assist.endPin')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button"
                  data-testid="pin-start"
                  onClick={() =>
                    void call(boothMethods.pinStart, {}).then(
                      () => setPinActive(true),
                      () => undefined,
                    )
                  }
                >
                  {t('assist.startPin')}
                </button>
              )
            ) : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
