/**
 * The arithmetic of the booth's health checks, without the browser (measure.test.ts): picture
 * variance, sound level, round-trip medians, WebRTC statistics, LiveKit's state.
 */

/** Variance of the luma (0–255) of RGBA pixels. A covered lens or a black frame gives ~0. */
export function lumaVariance(rgba: ArrayLike<number>): number {
  const n = Math.floor(rgba.length / 4);
  if (n === 0) return 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const y = 0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!;
    sum += y;
    sumSq += y * y;
  }
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}

/** A frame with less variance than this is blank (lens covered, camera delivering black). */
export const MIN_FRAME_VARIANCE = 4;

/** Root mean square of samples in −1..1. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sumSq = 0;
  for (let i = 0; i < samples.length; i++) sumSq += samples[i]! * samples[i]!;
  return Math.sqrt(sumSq / samples.length);
}

/** Below this RMS over ~1 s the microphone hears nothing at all (a quiet room is ~0.002+). */
export const MIN_MICROPHONE_RMS = 0.0005;

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type LiveKitState = 'connected' | 'reconnecting' | 'disconnected' | 'idle';

/**
 * LiveKit's state from the peer connections the page holds: none open → idle; any connected →
 * connected; any failed → disconnected; otherwise (new, connecting, disconnected) → reconnecting.
 */
export function livekitStateOf(states: readonly RTCPeerConnectionState[]): LiveKitState {
  const open = states.filter((s) => s !== 'closed');
  if (open.length === 0) return 'idle';
  if (open.includes('connected')) return 'connected';
  if (open.includes('failed')) return 'disconnected';
  return 'reconnecting';
}

/** One getStats() entry, as far as we read it. */
export interface StatEntry {
  id: string;
  type: string;
  timestamp: number;
  kind?: string;
  state?: string;
  nominated?: boolean;
  currentRoundTripTime?: number;
  roundTripTime?: number;
  fractionLost?: number;
  bytesSent?: number;
  /** outbound-rtp: the sender's track (media-source stats); absent when no track is attached. */
  mediaSourceId?: string;
  /** outbound-rtp: false while the encoding is not being sent. */
  active?: boolean;
  packetsLost?: number;
  packetsReceived?: number;
}

export interface NetworkFigures {
  rttMs?: number;
  packetLoss?: number;
  bitrateKbps?: number;
}

/** Previous byte and packet counters by stat id, for rates between two samples. */
export type Counters = Map<string, { timestamp: number; bytesSent?: number; packetsLost?: number; packetsReceived?: number }>;

/**
 * RTT of the selected candidate pair (the worst connection's), packet loss (the worse of what the
 * far end reports for our stream and what we lost receiving, since the last sample) and the video
 * bitrate we send. The bitrate counts only outbound video with a live track (a media source, not
 * inactive) whose bytesSent grew since the last sample: with the camera unpublished (PIN privacy)
 * nothing is sent on purpose, which is not a 0 kbps picture; with no such stream it is left out.
 */
export function networkFigures(entries: readonly StatEntry[], previous: Counters): NetworkFigures {
  const rtts: number[] = [];
  const losses: number[] = [];
  let bitsPerMs = 0;
  let haveBitrate = false;
  for (const e of entries) {
    if (e.type === 'candidate-pair' && e.state === 'succeeded' && e.nominated !== false && e.currentRoundTripTime !== undefined) {
      rtts.push(e.currentRoundTripTime * 1000);
    } else if (e.type === 'remote-inbound-rtp' && e.fractionLost !== undefined) {
      losses.push(Math.max(0, Math.min(1, e.fractionLost)));
    } else if (e.type === 'inbound-rtp' && e.packetsLost !== undefined && e.packetsReceived !== undefined) {
      const before = previous.get(e.id);
      previous.set(e.id, { timestamp: e.timestamp, packetsLost: e.packetsLost, packetsReceived: e.packetsReceived });
      if (before?.packetsLost !== undefined && before.packetsReceived !== undefined) {
        const lost = e.packetsLost - before.packetsLost;
        const received = e.packetsReceived - before.packetsReceived;
        if (lost >= 0 && received >= 0 && lost + received > 0) losses.push(lost / (lost + received));
      }
    } else if (e.type === 'outbound-rtp' && e.kind === 'video' && e.bytesSent !== undefined) {
      const before = previous.get(e.id);
      previous.set(e.id, { timestamp: e.timestamp, bytesSent: e.bytesSent });
      const live = e.mediaSourceId !== undefined && e.active !== false;
      if (live && before?.bytesSent !== undefined && e.timestamp > before.timestamp && e.bytesSent > before.bytesSent) {
        bitsPerMs += ((e.bytesSent - before.bytesSent) * 8) / (e.timestamp - before.timestamp);
        haveBitrate = true;
      }
    }
  }
  const figures: NetworkFigures = {};
  if (rtts.length) figures.rttMs = Math.round(Math.max(...rtts));
  if (losses.length) figures.packetLoss = Math.round(Math.max(...losses) * 10_000) / 10_000;
  if (haveBitrate) figures.bitrateKbps = Math.max(0, Math.round(bitsPerMs)); // bits/ms = kbit/s
  return figures;
}

/**
 * The network figures a heartbeat reports: the call's own (WebRTC) figures while LiveKit has a
 * connection, nothing otherwise. The heartbeat's HTTP round trip is not the call's network (it
 * measures the API server, its queueing and TLS), so it is never sent as rttMs.
 */
export function beatNetwork(call: NetworkFigures, livekit: LiveKitState): NetworkFigures {
  return livekit === 'idle' ? {} : call;
}
