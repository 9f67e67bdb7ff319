import { RoomAudioRenderer, RoomContext } from '@livekit/components-react';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { BoothApi, BoothEventType, EventDetail, QueueState } from '../api';
import type { BoothRecorder } from '../events/outbox-sender';
import type { OpenedSession } from '../journey/machine';
import { WaitingScreen } from '../screens/WaitingScreen';
import { BoothCall } from './BoothCall';
import { CallScreen, LocalPreview } from './CallScreen';
import { ConnectFailedBanner, GuidanceCard, PinPrivacyScreen, ReconnectingBanner } from './Overlays';

interface CallSessionProps {
  api: BoothApi;
  events: BoothRecorder;
  municipality: string;
  session: OpenedSession;
  /** 'waiting' until the operator joins, then 'call'. */
  screen: 'waiting' | 'call';
  onOperatorJoined: () => void;
  /** The room closed (`ended`) or was lost (`lost`). */
  onEnded: (how: 'ended' | 'lost') => void;
  onCancel: () => void;
  onEndCall: () => void;
}

/**
 * The session from the moment it exists: joins the LiveKit room at once (the booth waits in it),
 * shows the waiting screen until the operator joins, then the call. Unmounting leaves the room
 * and releases camera and microphone.
 */
export function CallSession(props: CallSessionProps) {
  const { api, events, session } = props;
  const [call, setCall] = useState<BoothCall | null>(null);
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    // Kept until the server acknowledges it, through reconnections and app restarts (the outbox).
    const record = (type: BoothEventType, detail?: EventDetail) => events.record(session.sessionId, type, detail);
    const next = new BoothCall({
      connection: session.connection,
      record,
      onEnded: (how) => handlers.current.onEnded(how),
      session: () => api.queue(session.sessionId),
      photos: {
        upload: (jpeg) => api.uploadPhoto(session.sessionId, jpeg),
        image: (photoId) => api.photoImage(session.sessionId, photoId),
      },
    });
    setCall(next);
    void next.start();
    return () => {
      void next.stop();
    };
  }, [api, events, session]);

  return (
    <div className="call-session" data-session-id={session.sessionId}>
      {call ? (
        <RoomContext.Provider value={call.room}>
          <CallView {...props} call={call} />
          <RoomAudioRenderer />
        </RoomContext.Provider>
      ) : (
        <Waiting {...props} queue={null} />
      )}
    </div>
  );
}

function Waiting({
  municipality,
  onCancel,
  queue,
  withPreview = false,
}: CallSessionProps & { queue: QueueState | null; withPreview?: boolean }) {
  return (
    <WaitingScreen municipality={municipality} queue={queue} onCancel={onCancel} preview={withPreview ? <LocalPreview /> : undefined} />
  );
}

function CallView(props: CallSessionProps & { call: BoothCall }) {
  const { call, screen, onOperatorJoined, onEndCall } = props;
  const snapshot = useSyncExternalStore(call.subscribe, call.getSnapshot);

  useEffect(() => {
    if (snapshot.operatorPresent && screen === 'waiting') onOperatorJoined();
  }, [snapshot.operatorPresent, screen, onOperatorJoined]);

  return (
    <>
      {screen === 'waiting' ? (
        <Waiting {...props} queue={snapshot.queue} withPreview />
      ) : (
        <CallScreen snapshot={snapshot} onEnd={onEndCall} onPhotoGuidance={call.tellPhotoGuidance} />
      )}
      {snapshot.guidance && !snapshot.pinPrivacy ? <GuidanceCard card={snapshot.guidance} onClose={call.dismissGuidance} /> : null}
      {snapshot.pinPrivacy ? <PinPrivacyScreen onDone={() => void call.finishPin('resident')} /> : null}
      {/* This booth reconnecting, or the operator's media stopped (link.ts): within ~3 s either way. */}
      {snapshot.connection === 'reconnecting' || snapshot.link?.status === 'reconnecting' ? <ReconnectingBanner /> : null}
      {snapshot.connection !== 'reconnecting' && snapshot.link?.status === 'failed' ? <ConnectFailedBanner /> : null}
    </>
  );
}
