import { RoomAudioRenderer, RoomContext, useTracks, VideoTrack } from '@livekit/components-react';
import { isBoothIdentity } from '@madoguchi/db/call-contract';
import { Room, Track } from 'livekit-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SupervisionAction, SupervisionMode } from '../../domain/supervision';
import { useT } from '../i18n/i18n';
import { consoleApi } from './use-console-state';

interface StepAnswer {
  mode: SupervisionMode | null;
  operatorIdentity: string | null;
  connection: { serverUrl: string; participantToken: string } | null;
}

/**
 * The supervisor's side of someone else's call (issue 18, decision 0037). Each step asks the
 * server (which records it and tells the operator) and joins again with the token it answers:
 * listening is hidden and silent; coaching publishes the microphone for the operator alone (track
 * permissions set before the microphone is published, so the booth never may subscribe); joined
 * publishes camera and microphone to everyone. Taking over hands the page to the operator's call
 * page (`onTakenOver`), which joins as the call's operator.
 */
export default function SupervisorCall({
  sessionId,
  start,
  onTakenOver,
  onLeft,
}: {
  sessionId: string;
  /** A step to take at once (the overview's "listen in"). */
  start: SupervisionAction | null;
  onTakenOver: () => void;
  onLeft: () => void;
}) {
  const { t } = useT();
  const [room, setRoom] = useState<Room | null>(null);
  const [mode, setMode] = useState<SupervisionMode | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<Room | null>(null);

  const go = useCallback(
    async (action: SupervisionAction) => {
      setBusy(true);
      setError(null);
      try {
        const answer = await consoleApi<StepAnswer>('POST', `/sessions/${sessionId}/supervision`, { action });
        await current.current?.disconnect();
        current.current = null;
        setRoom(null);
        if (action === 'take-over') return onTakenOver();
        if (action === 'leave' || !answer.connection || !answer.mode) {
          setMode(null);
          return onLeft();
        }
        const next = new Room({ adaptiveStream: false, dynacast: false });
        await next.connect(answer.connection.serverUrl, answer.connection.participantToken);
        if (answer.mode === 'coaching' && answer.operatorIdentity) {
          // Before the microphone is published: the operator alone may ever subscribe to it.
          next.localParticipant.setTrackSubscriptionPermissions(false, [{ participantIdentity: answer.operatorIdentity, allowAll: true }]);
          await next.localParticipant.setMicrophoneEnabled(true);
        } else if (answer.mode === 'joined') {
          next.localParticipant.setTrackSubscriptionPermissions(true);
          await next.localParticipant.enableCameraAndMicrophone();
        }
        current.current = next;
        setRoom(next);
        setMode(answer.mode);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [sessionId, onTakenOver, onLeft],
  );

  const started = useRef(false);
  useEffect(() => {
    if (start && !started.current) {
      started.current = true;
      void go(start);
    }
  }, [start, go]);
  useEffect(() => () => void current.current?.disconnect(), []);

  const modeLabel = mode ? t(`supervise.mode.${mode}`) : t('supervise.mode.none');
  return (
    <section className="card" aria-label={t('supervise.title')}>
      <p role="status" data-testid="supervision-mode" data-mode={mode ?? 'none'}>
        {modeLabel}
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="controls">
        {(['listen', 'coach', 'join'] as const).map((action) => (
          <button
            key={action}
            type="button"
            className="button secondary"
            data-testid={`supervise-${action}`}
            disabled={busy || mode === { listen: 'listening', coach: 'coaching', join: 'joined' }[action]}
            onClick={() => void go(action)}
          >
            {t(`supervise.${action}`)}
          </button>
        ))}
        <button
          type="button"
          className="button danger"
          data-testid="supervise-take-over"
          disabled={busy}
          onClick={() => void go('take-over')}
        >
          {t('supervise.takeOver')}
        </button>
        {mode ? (
          <button type="button" className="button" data-testid="supervise-leave" disabled={busy} onClick={() => void go('leave')}>
            {t('supervise.leave')}
          </button>
        ) : null}
      </p>
      {room ? (
        <RoomContext.Provider value={room}>
          <BoothVideo />
          <RoomAudioRenderer />
        </RoomContext.Provider>
      ) : null}
    </section>
  );
}

function BoothVideo() {
  const { t } = useT();
  const booth = useTracks([Track.Source.Camera], { onlySubscribed: true }).find((r) => isBoothIdentity(r.participant.identity));
  return booth ? (
    <VideoTrack trackRef={booth} data-testid="remote-video" className="remote-video" />
  ) : (
    <p className="muted" data-testid="no-booth-video">
      {t('assist.noBoothVideo')}
    </p>
  );
}
