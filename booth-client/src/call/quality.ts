/**
 * When to fall back to audio plus low-resolution video, and when to go back. Pure: LiveKit's
 * connection quality and the clock come in, decisions come out (quality.test.ts).
 *
 * Degrade at once on `poor` or `lost`; recover only after the quality has stayed `good` (or
 * `excellent`) for RECOVER_AFTER_MS, so a flapping link does not switch the picture back and
 * forth.
 */

/** LiveKit's ConnectionQuality values ('excellent' | 'good' | 'poor' | 'lost' | 'unknown'). */
export type LiveKitQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';
/** What the operator is told (decision 0009, `quality.changed`). */
export type ReportedQuality = 'good' | 'poor' | 'lost';

export const RECOVER_AFTER_MS = 10_000;

export interface QualityState {
  /** Last quality reported to the operator and recorded; null before the first known value. */
  reported: ReportedQuality | null;
  degraded: boolean;
  /** Since when the quality has been good while degraded; null otherwise. */
  goodSince: number | null;
}

export const initialQuality: QualityState = { reported: null, degraded: false, goodSince: null };

export interface QualityDecision {
  state: QualityState;
  /** The reported quality changed: record `quality-changed` and tell the operator. */
  qualityChanged: boolean;
  /** Switch to the fallback now: record `degraded`, lower video, tell resident and operator. */
  degrade: boolean;
  /** Leave the fallback now: record `recovered`, restore video. */
  recover: boolean;
}

export function reportedQuality(quality: LiveKitQuality): ReportedQuality | null {
  switch (quality) {
    case 'excellent':
    case 'good':
      return 'good';
    case 'poor':
      return 'poor';
    case 'lost':
      return 'lost';
    default:
      return null;
  }
}

/** A new quality value from LiveKit (or `null` for a timer tick with no new value). */
export function onQuality(
  state: QualityState,
  quality: LiveKitQuality | null,
  now: number,
  recoverAfterMs = RECOVER_AFTER_MS,
): QualityDecision {
  const reported = quality === null ? state.reported : (reportedQuality(quality) ?? state.reported);
  const qualityChanged = reported !== state.reported && reported !== null;
  let { degraded, goodSince } = state;
  let degrade = false;
  let recover = false;
  if (reported === 'poor' || reported === 'lost') {
    goodSince = null;
    if (!degraded) {
      degraded = true;
      degrade = true;
    }
  } else if (reported === 'good' && degraded) {
    goodSince ??= now;
    if (now - goodSince >= recoverAfterMs) {
      degraded = false;
      goodSince = null;
      recover = true;
    }
  }
  return { state: { reported, degraded, goodSince }, qualityChanged, degrade, recover };
}
