import { useTracks, VideoTrack } from '@livekit/components-react';
import type { PhotoInstruction } from '@madoguchi/db/call-contract';
import { Track } from 'livekit-client';
import { type CSSProperties, useEffect, useState } from 'react';
import { Text, useT } from '../../i18n/Text';
import { GUIDE_LINES, guideFrame } from './guide';
import type { PhotoState } from './PhotoStep';
import { usePreviewGuidance } from './usePreviewGuidance';
import './photo.css';

const instructions = ['straight', 'hat', 'hair', 'glasses', 'expression', 'still'] as const;

/** The 35:45 frame, head-top line, chin band and centre line over a picture of width × height. */
export function PhotoGuide({ width, height }: { width: number; height: number }) {
  const frame = guideFrame(width, height);
  const pct = (n: number) => `${n * 100}%`;
  return (
    <div className="photo-guide" data-testid="photo-guide" aria-hidden="true">
      <div
        className="photo-guide-frame"
        style={{
          left: pct(frame.left),
          top: pct(frame.top),
          width: pct(frame.width),
          height: pct(frame.height),
        }}
      >
        <svg viewBox="0 0 35 45" preserveAspectRatio="none" width="100%" height="100%">
          <rect
            x="0"
            y={45 * GUIDE_LINES.chinMin}
            width="35"
            height={45 * (GUIDE_LINES.chinMax - GUIDE_LINES.chinMin)}
            className="chin-band"
          />
          <line x1="0" x2="35" y1={45 * GUIDE_LINES.headTop} y2={45 * GUIDE_LINES.headTop} className="head-top" />
          <line x1="0" x2="35" y1={45 * GUIDE_LINES.chinMin} y2={45 * GUIDE_LINES.chinMin} className="chin" />
          <line x1="0" x2="35" y1={45 * GUIDE_LINES.chinMax} y2={45 * GUIDE_LINES.chinMax} className="chin" />
          <line x1="17.5" x2="17.5" y1="0" y2="45" className="centre" />
        </svg>
      </div>
    </div>
  );
}

/**
 * Photo mode at the booth: the resident's own camera large and MIRRORED (as in a mirror, so moving
 * left goes left), the guide, what to do in their language, the 3-2-1 countdown, and the approved
 * photo once the operator accepts it. The still itself is never mirrored (capture.ts).
 */
export function PhotoStage({ photo, onGuidance }: { photo: PhotoState; onGuidance?: (instruction: PhotoInstruction) => void }) {
  const t = useT();
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  // Analysis pauses while the still is taken and sent (it would only compete with them).
  const analysing = !photo.approvedUrl && photo.phase !== 'capturing' && photo.phase !== 'uploading';
  const instruction = usePreviewGuidance(video, analysing);
  useEffect(() => {
    if (instruction) onGuidance?.(instruction);
  }, [instruction, onGuidance]);
  const self = useTracks([Track.Source.Camera], { onlySubscribed: false }).find((r) => r.participant.isLocal && r.publication);
  const [size, setSize] = useState({ width: 16, height: 9 });
  const onSize = (element: HTMLVideoElement) => {
    if (element !== video) setVideo(element);
    if (element.videoWidth > 0 && (element.videoWidth !== size.width || element.videoHeight !== size.height))
      setSize({ width: element.videoWidth, height: element.videoHeight });
  };

  // .photo-side scrolls when the words outgrow it (a large text size, a long language): focusable,
  // so the region can be scrolled without touch (axe: scrollable-region-focusable).
  if (photo.approvedUrl) {
    return (
      <section className="photo-stage approved" data-testid="photo-approved" aria-labelledby="photo-approved-title">
        <img src={photo.approvedUrl} alt={t('photo.approvedTitle')} className="photo-approved-image" />
        <div className="photo-side" tabIndex={0}>
          <h2 id="photo-approved-title">
            <Text k="photo.approvedTitle" />
          </h2>
          <p>
            <Text k="photo.approvedBody" />
          </p>
        </div>
      </section>
    );
  }

  return (
    <section className="photo-stage" data-testid="photo-stage" aria-labelledby="photo-title">
      <div
        className="photo-camera"
        style={{ aspectRatio: `${size.width} / ${size.height}`, '--aspect': size.width / size.height } as CSSProperties}
      >
        {self ? (
          <VideoTrack
            trackRef={self}
            data-testid="photo-preview"
            data-mirrored="true"
            className="photo-preview"
            onLoadedMetadata={(e) => onSize(e.currentTarget)}
            onResize={(e) => onSize(e.currentTarget)}
          />
        ) : null}
        <PhotoGuide width={size.width} height={size.height} />
        {photo.countdown !== null ? (
          <div className="photo-countdown" data-testid="photo-countdown" role="timer" aria-label={t('photo.countdown')}>
            {photo.countdown}
          </div>
        ) : null}
      </div>
      <div className="photo-side" tabIndex={0}>
        <h2 id="photo-title">
          <Text k="photo.title" />
        </h2>
        {instruction ? (
          <p
            className={`photo-live${instruction === 'ready' ? ' ready' : ''}`}
            data-testid="photo-live"
            data-instruction={instruction}
            role="status"
            aria-live="polite"
          >
            <Text k={`photo.live.${instruction}`} />
          </p>
        ) : null}
        <p className="photo-guide-text">
          <Text k="photo.guide" />
        </p>
        <ul className="photo-instructions">
          {instructions.map((key) => (
            <li key={key}>
              <Text k={`photo.instructions.${key}`} />
            </li>
          ))}
        </ul>
        {photo.phase === 'taken' || photo.phase === 'uploading' ? (
          <p className="photo-status" role="status" data-testid="photo-taken">
            <Text k="photo.taken" />
          </p>
        ) : null}
        {photo.phase === 'failed' ? (
          <p className="photo-status" role="status">
            <Text k="photo.failed" />
          </p>
        ) : null}
      </div>
    </section>
  );
}
