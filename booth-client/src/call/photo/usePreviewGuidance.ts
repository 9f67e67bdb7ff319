/**
 * Runs the preview analysis (face-preview.worker.ts) on the photo step's local video a few times
 * a second and turns it into one instruction (guidance.ts). At most one frame is in flight; the
 * UI thread only makes a small ImageBitmap of the frame. Each round trip is recorded as a
 * performance measure (`photo-guidance`, and `photo-guidance-model` for the worker's share) for
 * bench:photo-guidance; they are cleared when the step starts, so they never pile up.
 *
 * Off when the kiosk's localStorage has `madoguchi.photoGuidance` = `off` (a slow kiosk, or the
 * benchmark's baseline): then no worker, no model, and no instruction.
 */
import type { PhotoInstruction } from '@madoguchi/db/call-contract';
import { useEffect, useRef, useState } from 'react';
import type { PreviewResult } from './face-preview.worker';
import { type GuidanceState, initialGuidance, nextGuidance } from './guidance';

/** Analyses start this often (ms), less when one takes longer. */
export const ANALYSIS_INTERVAL_MS = 300;
/** Width of the frame the detector gets (the model itself sees 128 × 128). */
export const ANALYSIS_WIDTH = 256;
export const GUIDANCE_SWITCH_KEY = 'madoguchi.photoGuidance';

export function guidanceEnabled(): boolean {
  try {
    return window.localStorage.getItem(GUIDANCE_SWITCH_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** The instruction to show, or null while there is none yet (model loading, off, or failed). */
export function usePreviewGuidance(video: HTMLVideoElement | null, active: boolean): PhotoInstruction | null {
  const [shown, setShown] = useState<PhotoInstruction | null>(null);
  const state = useRef<GuidanceState>(initialGuidance);

  useEffect(() => {
    if (!video || !active || !guidanceEnabled() || typeof Worker === 'undefined') {
      setShown(null);
      return;
    }
    performance.clearMeasures('photo-guidance');
    performance.clearMeasures('photo-guidance-model');
    state.current = initialGuidance;
    const worker = new Worker(new URL('./face-preview.worker.ts', import.meta.url), { type: 'module', name: 'face-preview' });
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let started = 0;
    let failures = 0;

    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(tick, Math.max(0, ANALYSIS_INTERVAL_MS - (performance.now() - started)));
    };
    const tick = async () => {
      if (stopped) return;
      started = performance.now();
      const w = video.videoWidth;
      const h = video.videoHeight;
      if (!(w > 0 && h > 0) || video.readyState < 2) return schedule();
      try {
        const bitmap = await createImageBitmap(video, {
          resizeWidth: ANALYSIS_WIDTH,
          resizeHeight: Math.max(1, Math.round((ANALYSIS_WIDTH * h) / w)),
          resizeQuality: 'low',
        });
        if (stopped) return bitmap.close();
        worker.postMessage({ bitmap }, [bitmap]);
      } catch {
        schedule();
      }
    };
    worker.onmessage = (event: MessageEvent<PreviewResult>) => {
      if (stopped) return;
      const result = event.data;
      if (result.ok) {
        failures = 0;
        const end = performance.now();
        performance.measure('photo-guidance', { start: started, end });
        performance.measure('photo-guidance-model', { start: end - result.ms, duration: result.ms });
        state.current = nextGuidance(state.current, result);
        setShown(state.current.shown);
      } else if (++failures >= 3) {
        // No model (or no wasm): no guidance; the operator captures as before.
        stopped = true;
        worker.terminate();
        setShown(null);
        return;
      }
      schedule();
    };
    worker.onerror = () => {
      stopped = true;
      setShown(null);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      worker.terminate();
    };
  }, [video, active]);

  return shown;
}
