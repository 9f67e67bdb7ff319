import { LiveKitRoom, RoomAudioRenderer, VideoTrack, useTracks } from '@livekit/components-react';
import { Track, type RoomOptions } from 'livekit-client';

export interface ConnectionDetails {
  serverUrl: string;
  participantToken: string;
}

const roomOptions: RoomOptions = { adaptiveStream: true, dynacast: true };

/** The operator's side of a call: the resident large, the operator's own preview small. */
export default function OperatorCall({ connection }: { connection: ConnectionDetails }) {
  return (
    <LiveKitRoom
      serverUrl={connection.serverUrl}
      token={connection.participantToken}
      connect
      video
      audio
      options={roomOptions}
    >
      <Stage />
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}

function Stage() {
  const tracks = useTracks([Track.Source.Camera], { onlySubscribed: false });
  const booth = tracks.find((t) => !t.participant.isLocal && t.publication);
  const self = tracks.find((t) => t.participant.isLocal && t.publication);
  return (
    <div className="call">
      <section aria-label="ブースの映像 / Booth video">
        {booth ? (
          <VideoTrack trackRef={booth} data-testid="remote-video" />
        ) : (
          <p className="card muted">ブースの映像を待っています… / Waiting for the booth's video…</p>
        )}
      </section>
      <aside aria-label="自分の映像 / Your video">
        {self ? <VideoTrack trackRef={self} data-testid="local-video" /> : null}
      </aside>
    </div>
  );
}
