/**
 * When to fall back to audio plus low-resolution video, and when to go back. Pure: LiveKit's
 * connection quality, the camera's sent layers and the clock come in, decisions come out
 * (quality.test.ts).
 *
 * Degrade at once on `poor` or `lost`; recover once the quality has stayed `good` (or
 * `excellent`) for RECOVER_AFTER_MS, so a flapping link does not switch the picture back and forth.
 *
 * What keeps the fallback from coming straight back (decision 0020): LiveKit scores the booth
 * against the layer the console asks for (35 of 100 points per missing layer). After a lossy spell
 * WebRTC's bandwidth estimate climbs ~8–10 %/s, so for a while the booth sends only its lowest
 * layer; a console asking for the top one then scored it `poor` again within a window. So the
 * booth tells the console which layer it actually sends (`topLayerSent`, in `quality.changed`)
 * until its top layer flows again, and the console asks for that one: never a layer short.
 *
 * What keeps the fallback from ending while the line is still poor: with the console asking for
 * the lowest layer only, a thin, lossy line carries it well enough for LiveKit to score `good`
 * (bench:faults, 30 s at 300 kbit/s with 10 % loss: the fallback ended during the poor line in 3
 * of 3 runs); the SFU's receiver reports showed no loss either (retransmissions repair it). What
 * tells that line apart is WebRTC's own estimate of what the booth can send: 80–190 kbit/s on it
 * in every sample, past RECOVER_MIN_ESTIMATE_KBPS 3–8 s after the line was good again. So the hold
 * needs both: LiveKit's `good` and the estimate at least that, for RECOVER_AFTER_MS.
 */

/** LiveKit's ConnectionQuality values ('excellent' | 'good' | 'poor' | 'lost' | 'unknown'). */
export type LiveKitQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

import type { ReportedQuality, VideoLayer } from '@madoguchi/db/call-contract';

/** What the operator is told (decision 0009, `quality.changed`), and the layer its camera sends: the call contract's. */
export type { ReportedQuality, VideoLayer };

/** One LiveKit scoring window (5 s) of `good` after the first: the link is not merely flapping. */
export const RECOVER_AFTER_MS = 5_000;
/**
 * WebRTC's estimate of the booth's sending rate (kbit/s) below which the line carries no more than
 * the lowest layer (180p, ~150 kbit/s; the next one up needs ~450): the fallback holds.
 */
export const RECOVER_MIN_ESTIMATE_KBPS = 250;

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
 * A new quality value from LiveKit (or `null` for a timer tick with no new value), with WebRTC's
 * latest estimate of the booth's sending rate (`cameraSample`; null: not known — no camera).
 */
export function onQuality(
  state: QualityState,
  quality: LiveKitQuality | null,
  now: number,
  estimateKbps: number | null = null,
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
  } else if (reported === 'good' && degraded && estimateKbps !== null && estimateKbps < RECOVER_MIN_ESTIMATE_KBPS) {
    // LiveKit is content with the lowest layer, but the line carries no more than that: not yet.
    goodSince = null;
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

/** What the camera's sender reported for one simulcast layer (outbound-rtp). */
export interface LayerSample {
  rid: string;
  framesSent: number;
}

const layers: readonly VideoLayer[] = ['low', 'medium', 'high'];
/** livekit-client names its simulcast encodings q, h, f from the lowest (one, two or three of them). */
const ridLayer: Record<string, VideoLayer> = { q: 'low', h: 'medium', f: 'high' };
const layerOf = (rid: string): VideoLayer => ridLayer[rid] ?? 'high';
const highest = (found: VideoLayer[]): VideoLayer | null =>
  found.length === 0 ? null : found.reduce((a, b) => (layers.indexOf(b) > layers.indexOf(a) ? b : a));

/**
 * The highest layer that sent frames between two samples (getStats keeps a paused layer's last
 * frameHeight, so only a growing framesSent counts); null when nothing is known to flow yet.
 */
export function topLayerSent(previous: LayerSample[], current: LayerSample[]): VideoLayer | null {
  const before = new Map(previous.map((l) => [l.rid, l.framesSent]));
  return highest(current.filter((l) => before.has(l.rid) && l.framesSent > (before.get(l.rid) ?? 0)).map((l) => layerOf(l.rid)));
}

/** One getStats() entry of the camera's sender, as far as the fallback reads it. */
export interface SenderStatEntry {
  type: string;
  kind?: string;
  rid?: string;
  framesSent?: number;
  state?: string;
  nominated?: boolean;
  /** candidate-pair: WebRTC's estimate of what can be sent (bit/s). */
  availableOutgoingBitrate?: number;
}

/**
 * The camera's layers and WebRTC's estimate of the booth's sending rate (kbit/s; null when no
 * connected pair gives one), from its sender's getStats().
 */
export function cameraSample(entries: readonly SenderStatEntry[]): { layers: LayerSample[]; estimateKbps: number | null } {
  const layers: LayerSample[] = [];
  let estimate: number | null = null;
  for (const e of entries) {
    if (e.type === 'outbound-rtp' && e.kind === 'video') layers.push({ rid: e.rid ?? '', framesSent: e.framesSent ?? 0 });
    if (e.type === 'candidate-pair' && e.state === 'succeeded' && e.nominated !== false && e.availableOutgoingBitrate !== undefined) {
      estimate = Math.max(estimate ?? 0, Math.round(e.availableOutgoingBitrate / 1000));
    }
  }
  return { layers, estimateKbps: estimate };
}

/** The camera's top layer (what it sends on a good line); null with no camera published. */
export function topLayerOf(current: LayerSample[]): VideoLayer | null {
  return highest(current.map((l) => layerOf(l.rid)));
}

/** The camera's layers as the booth follows them from a fallback until its top layer flows again. */
export interface LayerWatch {
  samples: LayerSample[];
  /** The highest layer seen flowing in the last sample that showed any. */
  flowing: VideoLayer | null;
  /** The layer the console is told to ask for; null: its default, the top one. */
  sending: VideoLayer | null;
}

export const initialLayerWatch: LayerWatch = { samples: [], flowing: null, sending: null };

/** The fallback begins: what flowed before it says nothing about now. */
export const layersAtDegrade = (watch: LayerWatch): LayerWatch => ({ ...watch, samples: [], flowing: null });

/** The fallback ends: the console asks for what flows now (the lowest when nothing is known yet). */
export const layersAtRecover = (watch: LayerWatch): LayerWatch => ({ ...watch, sending: watch.flowing ?? 'low' });

/**
 * One sample of the camera's layers (`current` null: its stats could not be read; empty: no camera
 * published — none, or the PIN step). `tell`: send the console the new `sending`; `stop`: nothing
 * more to follow (the top layer flows, or nothing can be known). While degraded only `flowing`
 * moves: the console asks for the lowest layer anyway.
 */
export function onLayerSample(
  watch: LayerWatch,
  current: LayerSample[] | null,
  degraded: boolean,
): { watch: LayerWatch; tell: boolean; stop: boolean } {
  if (current === null || current.length === 0) {
    // Nothing to follow: the console asks for the top layer, as outside a fallback.
    const next = { ...watch, flowing: null, sending: degraded ? watch.sending : null };
    return { watch: next, tell: !degraded && watch.sending !== null, stop: !degraded };
  }
  const flowing = topLayerSent(watch.samples, current) ?? watch.flowing;
  if (degraded) return { watch: { ...watch, samples: current, flowing }, tell: false, stop: false };
  const sending = flowing ?? watch.sending;
  const next = { samples: current, flowing, sending };
  return { watch: next, tell: sending !== watch.sending, stop: sending === null || sending === topLayerOf(current) };
}
