import { describe, expect, it } from 'vitest';
import {
  type BoothStatus,
  degradedReasons,
  type Heartbeat,
  isSilent,
  nextStatus,
  type StatusStreak,
  snapshotOf,
  statusOfBeat,
} from './booth-health';

const healthy: Heartbeat = {
  appVersion: '1.0.0',
  camera: 'ok',
  microphone: 'ok',
  speaker: 'ok',
  livekit: 'idle',
  network: { rttMs: 20 },
};
const beat = (patch: Partial<Heartbeat>): Heartbeat => ({ ...healthy, ...patch });

describe('statusOfBeat', () => {
  it('a healthy idle booth is online', () => {
    expect(statusOfBeat(healthy)).toBe('online');
    expect(degradedReasons(healthy)).toEqual([]);
  });

  it('unknown device states (not asked yet) do not degrade', () => {
    expect(statusOfBeat(beat({ camera: 'unknown', microphone: 'unknown', speaker: 'unknown' }))).toBe('online');
  });

  it.each([
    ['camera missing', beat({ camera: 'missing' }), ['camera']],
    ['camera error', beat({ camera: 'error' }), ['camera']],
    ['microphone missing', beat({ microphone: 'missing' }), ['microphone']],
    ['LiveKit reconnecting', beat({ livekit: 'reconnecting' }), ['livekit']],
    ['LiveKit disconnected', beat({ livekit: 'disconnected' }), ['livekit']],
    ['LiveKit unreachable from the booth', beat({ livekit: 'unreachable' }), ['livekit']],
    ['RTT above 400 ms', beat({ network: { rttMs: 401 } }), ['rtt']],
    ['loss above 5 %', beat({ network: { packetLoss: 0.06 } }), ['packet_loss']],
    ['low bitrate in a call', beat({ livekit: 'connected', network: { bitrateKbps: 100 } }), ['bitrate']],
    [
      'several at once',
      beat({ camera: 'missing', microphone: 'error', network: { rttMs: 900, packetLoss: 0.2 } }),
      ['camera', 'microphone', 'rtt', 'packet_loss'],
    ],
  ] as const)('%s → degraded', (_name, b, reasons) => {
    expect(statusOfBeat(b)).toBe('degraded');
    expect(degradedReasons(b)).toEqual(reasons);
  });

  it('thresholds are exclusive: exactly 400 ms and 5 % are still online', () => {
    expect(statusOfBeat(beat({ network: { rttMs: 400, packetLoss: 0.05 } }))).toBe('online');
  });

  it('a missing speaker alone does not degrade (browsers cannot see one)', () => {
    expect(statusOfBeat(beat({ speaker: 'missing' }))).toBe('online');
  });

  it('bitrate is ignored outside a call', () => {
    expect(statusOfBeat(beat({ livekit: 'idle', network: { bitrateKbps: 0 } }))).toBe('online');
  });

  it('a connected call with good figures is online', () => {
    expect(statusOfBeat(beat({ livekit: 'connected', network: { rttMs: 50, packetLoss: 0.01, bitrateKbps: 800 } }))).toBe('online');
  });
});

describe('isSilent', () => {
  it('offline from exactly the threshold on', () => {
    expect(isSilent(1000, 30_999, 30_000)).toBe(false);
    expect(isSilent(1000, 31_000, 30_000)).toBe(true);
  });
});

describe('snapshotOf', () => {
  it('keeps only codes and figures, with the reasons', () => {
    expect(snapshotOf(beat({ camera: 'missing', network: { rttMs: 12 } }))).toEqual({
      camera: 'missing',
      microphone: 'ok',
      speaker: 'ok',
      livekit: 'idle',
      rttMs: 12,
      packetLoss: null,
      bitrateKbps: null,
      reasons: 'camera',
    });
  });
});

describe('nextStatus (hysteresis)', () => {
  /** Feeds beats (status per beat, 10 s apart) from a starting status; returns the status after each. */
  const run = (start: BoothStatus, beats: ('online' | 'degraded')[]) => {
    let status: BoothStatus = start;
    let streak: StatusStreak | null = null;
    const out: { status: string; changed: boolean; since: number }[] = [];
    beats.forEach((b, i) => {
      const next = nextStatus(status, streak, b, i * 10_000);
      status = next.status;
      streak = next.streak;
      out.push({ status: next.status, changed: next.changed, since: next.since });
    });
    return out;
  };

  it('a single degraded beat between online ones does not flap the status', () => {
    expect(run('online', ['online', 'degraded', 'online', 'degraded', 'online']).map((o) => o.status)).toEqual([
      'online',
      'online',
      'online',
      'online',
      'online',
    ]);
    expect(run('online', ['degraded', 'online', 'degraded']).some((o) => o.changed)).toBe(false);
  });

  it('two degraded beats in a row degrade, as of the first of them', () => {
    const out = run('online', ['online', 'degraded', 'degraded', 'degraded']);
    expect(out.map((o) => o.status)).toEqual(['online', 'online', 'degraded', 'degraded']);
    expect(out.map((o) => o.changed)).toEqual([false, false, true, false]);
    expect(out[2]!.since).toBe(10_000);
  });

  it('back to online also needs two agreeing beats; a single good one is not enough', () => {
    const out = run('degraded', ['online', 'degraded', 'online', 'online']);
    expect(out.map((o) => o.status)).toEqual(['degraded', 'degraded', 'degraded', 'online']);
    expect(out[3]!.since).toBe(20_000);
  });

  it('from offline the first beat decides at once, either way', () => {
    expect(nextStatus('offline', null, 'online', 5)).toEqual({ status: 'online', changed: true, since: 5, streak: null });
    expect(nextStatus('offline', null, 'degraded', 5)).toEqual({ status: 'degraded', changed: true, since: 5, streak: null });
    // A streak left over from before the outage does not count.
    expect(nextStatus('offline', { status: 'degraded', count: 1, since: 0 }, 'online', 5).streak).toBeNull();
  });
});
