import { describe, expect, it } from 'vitest';
import { beatNetwork, type Counters, livekitStateOf, lumaVariance, median, networkFigures, rms, type StatEntry } from './measure';

describe('lumaVariance', () => {
  it('is 0 for a flat frame and large for a two-tone one', () => {
    const flat = new Uint8ClampedArray(4 * 100).fill(128);
    expect(lumaVariance(flat)).toBeCloseTo(0, 6);
    const twoTone = new Uint8ClampedArray(4 * 100);
    for (let i = 0; i < 100; i++) twoTone.fill(i % 2 ? 255 : 0, i * 4, i * 4 + 3);
    expect(lumaVariance(twoTone)).toBeCloseTo(127.5 * 127.5, 0);
  });
  it('is 0 for no pixels', () => expect(lumaVariance([])).toBe(0));
});

describe('rms', () => {
  it('of a full-scale square wave is 1, of silence 0', () => {
    expect(rms([1, -1, 1, -1])).toBe(1);
    expect(rms(new Float32Array(512))).toBe(0);
    expect(rms([])).toBe(0);
  });
});

describe('median', () => {
  it('odd, even, none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('livekitStateOf', () => {
  it.each([
    [[], 'idle'],
    [['closed'], 'idle'],
    [['connected', 'connecting'], 'connected'],
    [['failed'], 'disconnected'],
    [['connecting'], 'reconnecting'],
    [['disconnected', 'closed'], 'reconnecting'],
  ] as const)('%j → %s', (states, expected) => expect(livekitStateOf(states)).toBe(expected));
});

describe('networkFigures', () => {
  it('reads RTT, loss and the video bitrate between two samples', () => {
    const previous: Counters = new Map();
    const first: StatEntry[] = [
      { id: 'cp', type: 'candidate-pair', timestamp: 1000, state: 'succeeded', nominated: true, currentRoundTripTime: 0.042 },
      { id: 'out', type: 'outbound-rtp', kind: 'video', timestamp: 1000, bytesSent: 100_000, mediaSourceId: 'ms', active: true },
      { id: 'in', type: 'inbound-rtp', kind: 'video', timestamp: 1000, packetsLost: 10, packetsReceived: 1000 },
    ];
    expect(networkFigures(first, previous)).toEqual({ rttMs: 42 });
    const second: StatEntry[] = [
      { id: 'cp', type: 'candidate-pair', timestamp: 2000, state: 'succeeded', nominated: true, currentRoundTripTime: 0.05 },
      { id: 'out', type: 'outbound-rtp', kind: 'video', timestamp: 2000, bytesSent: 162_500, mediaSourceId: 'ms', active: true }, // 62.5 kB in 1 s = 500 kbit/s
      { id: 'in', type: 'inbound-rtp', kind: 'video', timestamp: 2000, packetsLost: 30, packetsReceived: 1180 }, // 20 of 200
      { id: 'ri', type: 'remote-inbound-rtp', timestamp: 2000, fractionLost: 0.02 },
    ];
    expect(networkFigures(second, previous)).toEqual({ rttMs: 50, packetLoss: 0.1, bitrateKbps: 500 });
  });
  it('ignores candidate pairs that are not in use', () => {
    expect(
      networkFigures([{ id: 'x', type: 'candidate-pair', timestamp: 1, state: 'waiting', currentRoundTripTime: 1 }], new Map()),
    ).toEqual({});
  });
  it('no bitrate while the camera is unpublished (PIN privacy): no track, or bytesSent not growing, is not 0 kbps', () => {
    const previous: Counters = new Map();
    const out = (timestamp: number, bytesSent: number, extra: Partial<StatEntry> = {}): StatEntry => ({
      id: 'out',
      type: 'outbound-rtp',
      kind: 'video',
      timestamp,
      bytesSent,
      ...extra,
    });
    expect(networkFigures([out(1000, 100_000, { mediaSourceId: 'ms' })], previous)).toEqual({});
    // Unpublished: the sender has no track any more, the counter stands still.
    expect(networkFigures([out(2000, 100_000)], previous)).toEqual({});
    // A track but nothing sent since the last sample (paused encoder): left out, not 0.
    expect(networkFigures([out(3000, 100_000, { mediaSourceId: 'ms' })], previous)).toEqual({});
    // An inactive encoding is not counted even if the counter moved.
    expect(networkFigures([out(4000, 150_000, { mediaSourceId: 'ms', active: false })], previous)).toEqual({});
    // Published again: counted.
    expect(networkFigures([out(5000, 212_500, { mediaSourceId: 'ms', active: true })], previous)).toEqual({ bitrateKbps: 500 });
  });
  it('a trackless stream beside a live one does not lower the bitrate', () => {
    const previous: Counters = new Map();
    const a = (t: number, b: number): StatEntry => ({
      id: 'a',
      type: 'outbound-rtp',
      kind: 'video',
      timestamp: t,
      bytesSent: b,
      mediaSourceId: 'ms',
    });
    const dead = (t: number): StatEntry => ({ id: 'd', type: 'outbound-rtp', kind: 'video', timestamp: t, bytesSent: 5 });
    networkFigures([a(1000, 0), dead(1000)], previous);
    expect(networkFigures([a(2000, 50_000), dead(2000)], previous)).toEqual({ bitrateKbps: 400 });
  });
});

describe('beatNetwork', () => {
  it('sends the call figures only while LiveKit has a connection', () => {
    expect(beatNetwork({ rttMs: 40, packetLoss: 0.01 }, 'connected')).toEqual({ rttMs: 40, packetLoss: 0.01 });
    expect(beatNetwork({ rttMs: 40 }, 'reconnecting')).toEqual({ rttMs: 40 });
  });
  it('sends no rttMs outside a call (never the heartbeat’s own HTTP round trip)', () => {
    expect(beatNetwork({}, 'idle')).toEqual({});
    expect(beatNetwork({ rttMs: 900 }, 'idle')).not.toHaveProperty('rttMs');
  });
});
