/**
 * A booth's status from one heartbeat, and from silence. Pure (booth-health.test.ts).
 *
 * - offline: no heartbeat for BOOTH_OFFLINE_AFTER_MS (decided by the server's sweep, not here).
 * - degraded: it beats, but a resident could not be served well: the camera or microphone is
 *   missing or failing, the LiveKit connection is down or reconnecting during a call, or the
 *   network figures pass the thresholds below.
 * - online: everything else. 'unknown' device states (the browser has not been asked yet) and a
 *   LiveKit state of 'idle' (no call) are fine.
 *
 * The speaker is reported but does not degrade the booth alone: browsers cannot see whether a
 * speaker is plugged in (only whether an output device exists), so 'missing' is weak evidence.
 */

export const deviceStates = ['ok', 'missing', 'error', 'unknown'] as const;
export type DeviceState = (typeof deviceStates)[number];
/** 'unreachable': no call, and LiveKit did not answer the booth's probe (the booth shows "temporarily unavailable"). */
export const livekitStates = ['connected', 'reconnecting', 'disconnected', 'idle', 'unreachable'] as const;
export type LiveKitState = (typeof livekitStates)[number];

export interface Heartbeat {
  appVersion: string;
  camera: DeviceState;
  microphone: DeviceState;
  speaker: DeviceState;
  livekit: LiveKitState;
  network: { rttMs?: number | undefined; packetLoss?: number | undefined; bitrateKbps?: number | undefined };
}

export type BoothStatus = 'online' | 'degraded' | 'offline';

/** Thresholds (LiveKit's own 'poor' quality is around these figures). */
export const DEGRADED_RTT_MS = 400;
/** Fraction 0..1 of packets lost. */
export const DEGRADED_PACKET_LOSS = 0.05;
/** Below this outgoing video bitrate during a call the resident's picture is unusable. */
export const DEGRADED_BITRATE_KBPS = 150;

/** Why a beat is degraded; empty = online. Codes only (shown to staff, stored in booth_health.detail). */
export type DegradedReason = 'camera' | 'microphone' | 'livekit' | 'rtt' | 'packet_loss' | 'bitrate';

export function degradedReasons(beat: Heartbeat): DegradedReason[] {
  const reasons: DegradedReason[] = [];
  if (beat.camera === 'missing' || beat.camera === 'error') reasons.push('camera');
  if (beat.microphone === 'missing' || beat.microphone === 'error') reasons.push('microphone');
  if (beat.livekit === 'reconnecting' || beat.livekit === 'disconnected' || beat.livekit === 'unreachable') reasons.push('livekit');
  const { rttMs, packetLoss, bitrateKbps } = beat.network;
  if (rttMs !== undefined && rttMs > DEGRADED_RTT_MS) reasons.push('rtt');
  if (packetLoss !== undefined && packetLoss > DEGRADED_PACKET_LOSS) reasons.push('packet_loss');
  // Bitrate only means something while a call sends video.
  if (beat.livekit === 'connected' && bitrateKbps !== undefined && bitrateKbps < DEGRADED_BITRATE_KBPS) reasons.push('bitrate');
  return reasons;
}

/** The status one heartbeat shows. */
export function statusOfBeat(beat: Heartbeat): Exclude<BoothStatus, 'offline'> {
  return degradedReasons(beat).length === 0 ? 'online' : 'degraded';
}

/** Beats in a row that must agree before the status moves between online and degraded. */
export const STATUS_CHANGE_BEATS = 2;

/** Consecutive beats showing a status other than the current one, since the first of them. */
export interface StatusStreak {
  status: Exclude<BoothStatus, 'offline'>;
  count: number;
  since: number;
}

/**
 * Hysteresis: one beat alone (a stray RTT spike, a camera hiccup) does not flap the status.
 * Between online and degraded the status changes only after STATUS_CHANGE_BEATS consecutive beats
 * agree, and then as of the first of them (`since`): the booth was in that state from then on.
 * Coming back from offline, the first beat decides at once (it is news the booth lives).
 */
export function nextStatus(
  current: BoothStatus,
  streak: StatusStreak | null,
  beat: Exclude<BoothStatus, 'offline'>,
  at: number,
): { status: Exclude<BoothStatus, 'offline'>; changed: boolean; since: number; streak: StatusStreak | null } {
  if (current === 'offline') return { status: beat, changed: true, since: at, streak: null };
  if (beat === current) return { status: current, changed: false, since: at, streak: null };
  const next: StatusStreak = streak?.status === beat ? { ...streak, count: streak.count + 1 } : { status: beat, count: 1, since: at };
  if (next.count >= STATUS_CHANGE_BEATS) return { status: beat, changed: true, since: next.since, streak: null };
  return { status: current, changed: false, since: at, streak: next };
}

/** Is a booth whose last beat was at `lastBeatAt` silent (offline) at `now`? */
export function isSilent(lastBeatAt: number, now: number, offlineAfterMs: number): boolean {
  return now - lastBeatAt >= offlineAfterMs;
}

/** The flat, non-personal snapshot kept in booth_health.detail. */
export function snapshotOf(beat: Heartbeat): Record<string, string | number | null> {
  return {
    camera: beat.camera,
    microphone: beat.microphone,
    speaker: beat.speaker,
    livekit: beat.livekit,
    rttMs: beat.network.rttMs ?? null,
    packetLoss: beat.network.packetLoss ?? null,
    bitrateKbps: beat.network.bitrateKbps ?? null,
    reasons: degradedReasons(beat).join(','),
  };
}
