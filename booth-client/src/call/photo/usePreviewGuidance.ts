/**
 * Runs the preview analysis (face-preview.worker.ts) on the photo step's local video a few times
 * a second and turns it into one instruction (guidance.ts), through PreviewAnalyser
 * (preview-analyser.ts): the visit's worker, usually prepared while the booth was idle
 * (guidance-worker.ts), at most one frame in flight; the UI thread only makes an ImageBitmap of the
 * frame, ANALYSIS_WIDTH wide. While `active` is false (a capture in flight, the approved photo
 * shown) no frame is analysed, but the worker and its models stay loaded. Each
 * round trip is recorded as a performance measure (`photo-guidance`, and `photo-guidance-model` for
 * the worker's share) for bench:photo-guidance; they are cleared when the step starts, so they
 * never pile up.
 *
 * Off when the kiosk's localStorage has `madoguchi.photoGuidance` = `off` (a slow kiosk, or the
 * benchmark's baseline): then no worker, no model, and no instruction.
 */
import type { PhotoInstruction } from '@madoguchi/db/call-contract';
import { useLayoutEffect, useRef, useState } from 'react';
import { ANALYSIS_WIDTH } from './guidance';
import { guidanceEnabled, guidanceWorker } from './guidance-worker';
import { PreviewAnalyser } from './preview-analyser';
import { bitmapOfShownFrame } from './shown-frame';

/**
 * A small bitmap of the video's current frame, or null while it has none. Made from the frame's
 * VideoFrame, which is closed at once (shown-frame.ts): painting the <video> itself would keep one
 * of the camera's four capture buffers in the player's cache for as long as the guidance runs.
 */
export async function analysisFrameOf(video: HTMLVideoElement): Promise<ImageBitmap | null> {
  const w = video.videoWidth;
  const h = video.videoHeight;
  if (!(w > 0 && h > 0) || video.readyState < 2) return null;
  return bitmapOfShownFrame(video, {
    resizeWidth: ANALYSIS_WIDTH,
    resizeHeight: Math.max(1, Math.round((ANALYSIS_WIDTH * h) / w)),
    resizeQuality: 'low',
  });
}

/** The instruction to show, or null while there is none yet (model loading, off, or failed). */
export function usePreviewGuidance(video: HTMLVideoElement | null, active: boolean): PhotoInstruction | null {
  const [shown, setShown] = useState<PhotoInstruction | null>(null);
  const analyser = useRef<PreviewAnalyser<HTMLVideoElement> | null>(null);

  // One analyser (with the visit's worker and its loaded model) while the photo step is on screen. Layout
  // effects, in this order: made first, then told its video; and a pause takes hold before the
  // browser paints the capture's state.
  useLayoutEffect(() => {
    if (!guidanceEnabled() || typeof Worker === 'undefined') return;
    performance.clearMeasures('photo-guidance');
    performance.clearMeasures('photo-guidance-model');
    const a = new PreviewAnalyser<HTMLVideoElement>({
      createWorker: () => guidanceWorker(),
      grab: analysisFrameOf,
      onInstruction: setShown,
      onTiming: ({ start, end }, modelMs) => {
        performance.measure('photo-guidance', { start, end });
        performance.measure('photo-guidance-model', { start: end - modelMs, duration: modelMs });
      },
    });
    analyser.current = a;
    return () => {
      a.dispose();
      analyser.current = null;
      setShown(null);
    };
  }, []);

  useLayoutEffect(() => {
    analyser.current?.setSource(video);
    if (!video) setShown(null);
  }, [video]);
  useLayoutEffect(() => {
    analyser.current?.setActive(active);
  }, [active]);

  return shown;
}
