/**
 * When to fall back to audio plus low-resolution video, and when to go back. Pure: LiveKit's
 * connection quality and the clock come in, decisions come out (quality.test.ts).
 *
 * Degrade at once on `poor` or `lost`; recover once the quality has stayed `good` (or
 * `excellent`) for RECOVER_AFTER_MS *and* the booth sends a layer above its lowest again
 * (decision 0020). The second condition is what stops the fallback from coming straight back:
 * LiveKit scores the booth against the layer the console asks for (35 of 100 points per layer
 * missing), and on leaving the fallback the console asks for the top one. A booth still sending
 * only its lowest layer — WebRTC's bandwidth estimate climbs ~8–10 %/s after a lossy spell — scored
 * `poor` again at the next window (measured: fallback again 10 s after `recovered`). With a middle
 * layer flowing it is at most one layer short: `good`.
 */

/** LiveKit's ConnectionQuality values ('excellent' | 'good' | 'poor' | 'lost' | 'unknown'). */
export type LiveKitQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';
/** What the operator is told (decision 0009, `quality.changed`). */
export type ReportedQuality = 'good' | 'poor' | 'lost';

/** One LiveKit scoring window (5 s) of `good` after the first: the link is not merely flapping. */
export const RECOVER_AFTER_MS = 5_000;

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

/**
 * A new quality value from LiveKit (or `null` for a timer tick with no new value). `upperLayerSent`:
 * the booth's camera is sending frames on a simulcast layer above its lowest (`sentLayers`).
 */
export function onQuality(
  state: QualityState,
  quality: LiveKitQuality | null,
  now: number,
  upperLayerSent = true,
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
    if (now - goodSince >= recoverAfterMs && upperLayerSent) {
      degraded = false;
      goodSince = null;
      recover = true;
    }
  }
  return { state: { reported, degraded, goodSince }, qualityChanged, degrade, recover };
}

/** What the camera's sender reported for one simulcast layer (outbound-rtp). */
export interface LayerSample {
  rid: string;
  framesSent: number;
  frameHeight?: number;
}

/**
 * The heights of the layers that sent frames since the previous sample (getStats keeps a paused
 * layer's last frameHeight, so only a growing framesSent counts), highest first.
 */
export function sentLayers(previous: LayerSample[], current: LayerSample[]): number[] {
  const before = new Map(previous.map((l) => [l.rid, l.framesSent]));
  return current
    .filter((l) => before.has(l.rid) && l.framesSent > (before.get(l.rid) ?? 0) && (l.frameHeight ?? 0) > 0)
    .map((l) => l.frameHeight ?? 0)
    .sort((a, b) => b - a);
}

/**
 * The booth sends above its lowest layer: two layers flowing, or every layer it has when it has
 * fewer than two (a small camera; no camera published at all).
 */
export function upperLayerFlowing(heights: number[], layerCount: number): boolean {
  return heights.length >= Math.min(2, layerCount);
}
