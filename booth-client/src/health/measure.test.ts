import { describe, expect, it } from 'vitest';
import { livekitStateOf, lumaVariance, median, networkFigures, rms, type Counters, type StatEntry } from './measure';

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
      { id: 'out', type: 'outbound-rtp', kind: 'video', timestamp: 1000, bytesSent: 100_000 },
      { id: 'in', type: 'inbound-rtp', kind: 'video', timestamp: 1000, packetsLost: 10, packetsReceived: 1000 },
    ];
    expect(networkFigures(first, previous)).toEqual({ rttMs: 42 });
    const second: StatEntry[] = [
      { id: 'cp', type: 'candidate-pair', timestamp: 2000, state: 'succeeded', nominated: true, currentRoundTripTime: 0.05 },
      { id: 'out', type: 'outbound-rtp', kind: 'video', timestamp: 2000, bytesSent: 162_500 }, // 62.5 kB in 1 s = 500 kbit/s
      { id: 'in', type: 'inbound-rtp', kind: 'video', timestamp: 2000, packetsLost: 30, packetsReceived: 1180 }, // 20 of 200
      { id: 'ri', type: 'remote-inbound-rtp', timestamp: 2000, fractionLost: 0.02 },
    ];
    expect(networkFigures(second, previous)).toEqual({ rttMs: 50, packetLoss: 0.1, bitrateKbps: 500 });
  });
  it('ignores candidate pairs that are not in use', () => {
    expect(networkFigures([{ id: 'x', type: 'candidate-pair', timestamp: 1, state: 'waiting', currentRoundTripTime: 1 }], new Map())).toEqual({});
  });
});
