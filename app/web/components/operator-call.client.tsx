import { LiveKitRoom, RoomAudioRenderer, TrackToggle, VideoTrack, useRemoteParticipants, useRoomContext, useTracks } from '@livekit/components-react';
import { Track, type RoomOptions } from 'livekit-client';
import { useEffect, useState } from 'react';
import { PhotoPanel, PhotoVideo } from './photo-panel.client';

export interface ConnectionDetails {
  serverUrl: string;
  participantToken: string;
}

export interface GuideStepView {
  id: string;
  title: string;
  script: string;
  card?: string;
  pin?: boolean;
}

// One large video, shown at once: adaptiveStream would hold the subscription until the element is
// measured, delaying the first frame after accept.
const roomOptions: RoomOptions = { adaptiveStream: false, dynacast: true };

export const cardLabels: Record<string, string> = {
  'card-ready': 'カードをご用意ください / Card ready',
  'scan-qr': 'QRコードをかざしてください / Scan the QR code',
  'keep-pin-private': '暗証番号は声に出さないで / Keep your PIN private',
  'form-ready': '申請書をご用意ください / Form ready',
  'look-at-camera': 'カメラをご覧ください / Look at the camera',
  'wait-a-moment': '少々お待ちください / One moment, please',
};

/**
 * The operator's side of a call: the resident large, the operator's own preview, the procedure's
 * checklist; for card applications (`photo`), the photo step below (photo-panel.client.tsx).
 */
export default function OperatorCall({
  connection,
  steps,
  onLeft,
  photo,
}: {
  connection: ConnectionDetails;
  steps: GuideStepView[];
  onLeft: () => void;
  photo?: { sessionId: string };
}) {
  const [photoMode, setPhotoMode] = useState(false);
  return (
    <LiveKitRoom serverUrl={connection.serverUrl} token={connection.participantToken} connect video audio options={roomOptions} onDisconnected={onLeft}>
      <div className="call" style={photoMode ? { gridTemplateColumns: '3fr 1fr' } : undefined}>
        <div>
          <Stage photoMode={photoMode} />
          {/* Right under the booth camera: capture, then the photo beside its checks. */}
          {photo ? <PhotoPanel sessionId={photo.sessionId} mode={photoMode} onModeChange={setPhotoMode} /> : null}
        </div>
        <Assist steps={steps} />
      </div>
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}

function Stage({ photoMode }: { photoMode: boolean }) {
  const tracks = useTracks([Track.Source.Camera], { onlySubscribed: false });
  const booth = tracks.find((t) => !t.participant.isLocal && t.publication);
  const self = tracks.find((t) => t.participant.isLocal && t.publication);
  return (
    <section aria-label="ブースの映像 / Booth video">
      {booth && photoMode ? (
        <PhotoVideo trackRef={booth} />
      ) : booth ? (
        <VideoTrack trackRef={booth} data-testid="remote-video" />
      ) : (
        <p className="card muted" data-testid="no-booth-video">
          ブースの映像はありません / No video from the booth
        </p>
      )}
      <div className="controls">
        <TrackToggle source={Track.Source.Microphone}>マイク / Mic</TrackToggle>
        <TrackToggle source={Track.Source.Camera}>カメラ / Camera</TrackToggle>
      </div>
      {self && !photoMode ? <VideoTrack trackRef={self} data-testid="local-video" className="self-preview" /> : null}
    </section>
  );
}

/** Checklist, guidance cards and the PIN step, driving the booth over LiveKit RPC. */
function Assist({ steps }: { steps: GuideStepView[] }) {
  const room = useRoomContext();
  const booth = useRemoteParticipants().find((p) => p.identity.startsWith('booth:'));
  const [done, setDone] = useState<Set<string>>(new Set());
  const [pinActive, setPinActive] = useState(false);
  const [quality, setQuality] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const local = room.localParticipant;
    local.registerRpcMethod('pin.done', async () => {
      setPinActive(false);
      setNotice('住民が暗証番号の入力を終えました / The resident finished the PIN.');
      return 'ok';
    });
    local.registerRpcMethod('quality.changed', async (data) => {
      const { degraded } = JSON.parse(data.payload) as { quality: string; degraded: boolean };
      setQuality(degraded ? 'ブースの通信状態が悪いため、音声と低画質の映像に切り替えています / Poor connection at the booth: audio and low-resolution video.' : null);
      return 'ok';
    });
    return () => {
      local.unregisterRpcMethod('pin.done');
      local.unregisterRpcMethod('quality.changed');
    };
  }, [room]);

  const call = async (method: string, payload: unknown = {}) => {
    if (!booth) {
      // Never claim the booth camera is off when no request reached the booth.
      setNotice('ブースが接続されていません / The booth is not connected.');
      throw new Error('booth not connected');
    }
    try {
      await room.localParticipant.performRpc({ destinationIdentity: booth.identity, method, payload: JSON.stringify(payload) });
    } catch (error) {
      setNotice(`ブースに届きませんでした / The booth did not answer: ${(error as Error).message}`);
      throw error;
    }
  };

  return (
    <aside className="assist" aria-label="手順 / Steps">
      {pinActive ? (
        <p className="card pin-banner" role="status" data-testid="pin-active">
          暗証番号の入力中：ブースの映像は止まっています / PIN entry: the booth camera is off.
        </p>
      ) : null}
      {quality ? <p className="card" role="status" data-testid="quality-banner">{quality}</p> : null}
      {notice ? <p role="status">{notice}</p> : null}
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.id} data-step={step.id}>
            <label>
              <input type="checkbox" checked={done.has(step.id)} onChange={() => setDone((d) => new Set(d.has(step.id) ? [...d].filter((x) => x !== step.id) : [...d, step.id]))} />{' '}
              <strong>{step.title}</strong>
            </label>
            <p className="script">{step.script}</p>
            {step.card ? (
              <button type="button" className="button secondary" onClick={() => void call('guidance.show', { card: step.card }).then(() => setNotice(`表示しました / Shown: ${cardLabels[step.card!]}`), () => undefined)}>
                カード表示 / Show card: {cardLabels[step.card]}
              </button>
            ) : null}
            {step.pin ? (
              pinActive ? (
                <button type="button" className="button" onClick={() => void call('pin.end').then(() => setPinActive(false), () => undefined)}>
                  暗証番号ステップ終了 / End PIN step
                </button>
              ) : (
                <button type="button" className="button" data-testid="pin-start" onClick={() => void call('pin.start').then(() => setPinActive(true), () => undefined)}>
                  暗証番号ステップ開始 / Start PIN step
                </button>
              )
            ) : null}
          </li>
        ))}
      </ol>
    </aside>
  );
}
