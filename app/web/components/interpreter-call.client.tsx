import { RoomAudioRenderer, RoomContext, TrackToggle, useTracks, VideoTrack } from '@livekit/components-react';
import { isBoothIdentity, isOperatorIdentity } from '@madoguchi/db/call-contract';
import { Room, Track } from 'livekit-client';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n';

export interface InterpreterConnection {
  serverUrl: string;
  participantToken: string;
}

/**
 * The interpreter in a call (issue 18): the resident's and the operator's pictures and voices,
 * their own camera and microphone. Their token allows nothing more (no data, so no commands to
 * the booth; no screen share). While the resident enters their PIN the booth sends no picture at
 * all, so none arrives here either.
 */
export default function InterpreterCall({ connection, onLeave }: { connection: InterpreterConnection; onLeave: () => void }) {
  const [room, setRoom] = useState<Room | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const { t } = useT();

  // One Room per run, made and closed here: a second run (other join details, or React's
  // development double effect) never connects a room that is still being closed.
  useEffect(() => {
    const next = new Room({ adaptiveStream: false, dynacast: true });
    let live = true;
    setRoom(next);
    next
      .connect(connection.serverUrl, connection.participantToken)
      .then(() => (live ? next.localParticipant.enableCameraAndMicrophone() : undefined))
      .catch((e: unknown) => live && setFailed((e as Error).message));
    return () => {
      live = false;
      void next.disconnect();
    };
  }, [connection.serverUrl, connection.participantToken]);

  if (!room) return null;
  return (
    <RoomContext.Provider value={room}>
      <section className="card interpreter-call" data-testid="interpreter-call">
        <h2>{t('interpreting.inCall')}</h2>
        {failed ? (
          <p className="error" role="alert">
            {failed}
          </p>
        ) : null}
        <Pictures />
        <p className="controls">
          <TrackToggle source={Track.Source.Microphone}>{t('interpreting.mic')}</TrackToggle>{' '}
          <TrackToggle source={Track.Source.Camera}>{t('interpreting.camera')}</TrackToggle>{' '}
          <button type="button" className="button secondary" data-testid="interpreter-leave" onClick={onLeave}>
            {t('interpreting.leave')}
          </button>
        </p>
      </section>
      <RoomAudioRenderer />
    </RoomContext.Provider>
  );
}

function Pictures() {
  const { t } = useT();
  const tracks = useTracks([Track.Source.Camera], { onlySubscribed: false });
  const booth = tracks.find((c) => !c.participant.isLocal && c.publication?.isSubscribed && isBoothIdentity(c.participant.identity));
  const operator = tracks.find((c) => !c.participant.isLocal && c.publication?.isSubscribed && isOperatorIdentity(c.participant.identity));
  const self = tracks.find((c) => c.participant.isLocal && c.publication);
  return (
    <div className="interpreter-stage" style={{ display: 'grid', gridTemplateColumns: '2fr 1fr', gap: 12 }}>
      <figure>
        {booth ? (
          <VideoTrack trackRef={booth} data-testid="booth-video" className="remote-video" />
        ) : (
          <p className="card muted" data-testid="no-booth-video">
            {t('interpreting.noBoothVideo')}
          </p>
        )}
        <figcaption className="muted">{t('interpreting.boothVideo')}</figcaption>
      </figure>
      <div>
        <figure>
          {operator ? <VideoTrack trackRef={operator} data-testid="operator-video" /> : null}
          <figcaption className="muted">{t('interpreting.operatorVideo')}</figcaption>
        </figure>
        {self ? <VideoTrack trackRef={self} data-testid="local-video" className="self-preview" /> : null}
      </div>
    </div>
  );
}
