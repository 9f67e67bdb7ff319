import {
  LiveKitRoom,
  RoomAudioRenderer,
  VideoTrack,
  useRemoteParticipants,
  useTracks,
} from '@livekit/components-react';
import { Track, type RoomOptions } from 'livekit-client';
import type { ConnectionDetails } from './api';

const roomOptions: RoomOptions = { adaptiveStream: true, dynacast: true };

interface CallProps {
  connection: ConnectionDetails;
  onConnected: () => void;
  onDisconnected: () => void;
  onEnd: () => void;
}

/** The resident's side of a call: the operator large, with their name; the resident's own preview. */
export function Call({ connection, onConnected, onDisconnected, onEnd }: CallProps) {
  return (
    <LiveKitRoom
      serverUrl={connection.serverUrl}
      token={connection.participantToken}
      connect
      video
      audio
      options={roomOptions}
      onConnected={onConnected}
      onDisconnected={onDisconnected}
      className="call"
    >
      <Stage />
      <RoomAudioRenderer />
      <button className="big secondary" onClick={onEnd} type="button">
        終了する / End
      </button>
    </LiveKitRoom>
  );
}

function Stage() {
  const operator = useRemoteParticipants()[0];
  const tracks = useTracks([Track.Source.Camera], { onlySubscribed: false });
  const remote = tracks.find((t) => !t.participant.isLocal && t.publication);
  const self = tracks.find((t) => t.participant.isLocal && t.publication);
  return (
    <div className="stage">
      <section className="remote">
        {operator ? (
          <p className="operator-name" data-testid="operator-name">
            担当 / Operator: <strong>{operator.name || operator.identity}</strong>
          </p>
        ) : (
          <p className="waiting" role="status">
            オペレーターにおつなぎしています。しばらくお待ちください。
            <br />
            Connecting you to an operator. Please wait.
          </p>
        )}
        {remote ? <VideoTrack trackRef={remote} data-testid="remote-video" /> : null}
      </section>
      <aside className="self">{self ? <VideoTrack trackRef={self} data-testid="local-video" /> : null}</aside>
    </div>
  );
}
