import { useRemoteParticipants, useTracks, VideoTrack } from '@livekit/components-react';
import { isOperatorIdentity, type PhotoInstruction } from '@madoguchi/db/call-contract';
import { Track } from 'livekit-client';
import { useState } from 'react';
import { DisplayControls } from '../display/DisplayControls';
import { Text, useT } from '../i18n/Text';
import type { CallSnapshot } from './BoothCall';
import { peopleInCall } from './people';
import { PhotoStage } from './photo/PhotoStage';
import type { LiveKitQuality } from './quality';

/** The resident's own camera, small (nothing while PIN privacy has the camera off). */
export function LocalPreview() {
  const self = useTracks([Track.Source.Camera], { onlySubscribed: false }).find((t) => t.participant.isLocal && t.publication);
  return self ? <VideoTrack trackRef={self} data-testid="local-video" className="local-video" /> : null;
}

/**
 * In the call: the operator's name for the whole call, their video large, the resident's own
 * picture small, the connection quality, and "end the call" (asked twice, so a stray tap does
 * not hang up).
 */
export function CallScreen({
  snapshot,
  onEnd,
  onPhotoGuidance,
}: {
  snapshot: CallSnapshot;
  onEnd: () => void;
  onPhotoGuidance?: (instruction: PhotoInstruction) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const cameras = useTracks([Track.Source.Camera]).filter((t) => !t.participant.isLocal && t.publication?.isSubscribed);
  // The operator large; anyone else (an interpreter) in the strip below the header.
  const remote = cameras.find((t) => isOperatorIdentity(t.participant.identity)) ?? cameras[0];
  return (
    <main className={`screen call-screen${snapshot.degraded ? ' degraded' : ''}`} data-testid="call-screen">
      <header className="call-header">
        <p className="operator-name" data-testid="operator-name">
          <span className="label">
            <Text k="call.operator" />
          </span>{' '}
          <strong>{snapshot.operator?.name || snapshot.operator?.identity}</strong>
        </p>
        <CallPeople />
        <DisplayControls />
        {/* The call's quality (link.ts): never good while either side is cut off. */}
        <QualityIndicator quality={snapshot.link?.callQuality ?? snapshot.quality} />
      </header>
      {snapshot.degraded ? (
        <p className="notice" data-testid="degraded-notice" aria-live="polite">
          <Text k="call.degraded" />
        </p>
      ) : null}
      {snapshot.photo.mode ? (
        <PhotoStage photo={snapshot.photo} onGuidance={onPhotoGuidance} />
      ) : (
        <div className="stage">
          <section className="remote">
            {remote ? (
              <VideoTrack trackRef={remote} data-testid="remote-video" className="remote-video" />
            ) : (
              <p className="video-pending">
                <Text k="call.operatorVideoPending" />
              </p>
            )}
          </section>
          <aside className="self">
            <LocalPreview />
            <span className="self-label">
              <Text k="call.you" />
            </span>
          </aside>
        </div>
      )}
      <footer className="footer">
        {confirming ? (
          <div className="confirm" role="group">
            <p>
              <Text k="call.endConfirm" />
            </p>
            <button type="button" className="big secondary" onClick={() => setConfirming(false)}>
              <Text k="call.endNo" />
            </button>
            <button type="button" className="big danger" onClick={onEnd}>
              <Text k="call.endYes" />
            </button>
          </div>
        ) : (
          <button type="button" className="big secondary" onClick={() => setConfirming(true)}>
            <Text k="call.end" />
          </button>
        )}
      </footer>
    </main>
  );
}

/**
 * Who else is in the call (people.ts): each interpreter's or supervisor's work name and role in
 * the resident's language, with their picture while it comes. Nothing when nobody else is there.
 */
export function CallPeople() {
  const people = peopleInCall(useRemoteParticipants());
  const cameras = useTracks([Track.Source.Camera]).filter((t) => !t.participant.isLocal && t.publication?.isSubscribed);
  if (people.length === 0) return null;
  return (
    <section className="call-people" data-testid="call-people" aria-live="polite">
      <h2 className="label">
        <Text k="call.people.title" />
      </h2>
      <ul>
        {people.map((person) => {
          const camera = cameras.find((t) => t.participant.identity === person.identity);
          return (
            <li key={person.identity} data-testid="call-person" data-role={person.role}>
              {camera ? <VideoTrack trackRef={camera} className="person-video" data-testid="person-video" /> : null}
              <span className="label">
                <Text k={`call.people.${person.role}`} />
              </span>{' '}
              <strong data-testid="call-person-name">{person.workName}</strong>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const bars: Record<LiveKitQuality, number> = { excellent: 3, good: 2, poor: 1, lost: 0, unknown: 0 };

/** Three bars and a word: how good the booth's connection is now. */
export function QualityIndicator({ quality }: { quality: LiveKitQuality }) {
  const t = useT();
  const level = bars[quality];
  return (
    <p className={`quality quality-${quality}`} data-testid="connection-quality" data-quality={quality}>
      <span className="bars" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <span key={n} className={n <= level ? 'on' : ''} style={{ height: `${n * 33}%` }} />
        ))}
      </span>
      <span>
        {t('call.quality.label')}: {t(`call.quality.${quality}`)}
      </span>
    </p>
  );
}
