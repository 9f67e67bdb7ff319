import { describe, expect, it } from 'vitest';
import {
  cameraSample,
  initialLayerWatch,
  initialQuality,
  type LayerSample,
  layersAtDegrade,
  layersAtRecover,
  onLayerSample,
  onQuality,
  RECOVER_AFTER_MS,
  RECOVER_MIN_ESTIMATE_KBPS,
  topLayerOf,
  topLayerSent,
} from './quality';

describe('connection quality fallback', () => {
  it('reports the first known quality without degrading on a good link', () => {
    const d = onQuality(initialQuality, 'excellent', 0);
    expect(d).toMatchObject({ qualityChanged: true, degrade: false, recover: false });
    expect(d.state).toEqual({ reported: 'good', degraded: false, goodSince: null });
    // excellent → good is the same reported quality: nothing to tell
    expect(onQuality(d.state, 'good', 1).qualityChanged).toBe(false);
  });

  it('ignores unknown', () => {
    const d = onQuality(initialQuality, 'unknown', 0);
    expect(d).toMatchObject({ qualityChanged: false, degrade: false, state: initialQuality });
  });

  it('degrades at once on poor, and only once', () => {
    const good = onQuality(initialQuality, 'good', 0).state;
    const poor = onQuality(good, 'poor', 1000);
    expect(poor).toMatchObject({ qualityChanged: true, degrade: true, recover: false });
    expect(poor.state.degraded).toBe(true);
    const lost = onQuality(poor.state, 'lost', 2000);
    expect(lost).toMatchObject({ qualityChanged: true, degrade: false });
    expect(lost.state.degraded).toBe(true);
  });

  it('recovers only after the link stayed good long enough', () => {
    let s = onQuality(initialQuality, 'poor', 0).state;
    const back = onQuality(s, 'good', 1000);
    expect(back).toMatchObject({ qualityChanged: true, recover: false });
    s = back.state;
    expect(s.goodSince).toBe(1000);
    expect(onQuality(s, null, 1000 + RECOVER_AFTER_MS - 1).recover).toBe(false);
    const tick = onQuality(s, null, 1000 + RECOVER_AFTER_MS);
    expect(tick).toMatchObject({ recover: true, qualityChanged: false });
    expect(tick.state).toEqual({ reported: 'good', degraded: false, goodSince: null });
  });

  it('a relapse restarts the recovery wait', () => {
    let s = onQuality(initialQuality, 'poor', 0).state;
    s = onQuality(s, 'good', 1000).state;
    s = onQuality(s, 'poor', 5000).state;
    expect(s.goodSince).toBeNull();
    s = onQuality(s, 'good', 6000).state;
    expect(onQuality(s, null, 1000 + RECOVER_AFTER_MS).recover).toBe(false);
    expect(onQuality(s, null, 6000 + RECOVER_AFTER_MS).recover).toBe(true);
  });

  it('a line that carries no more than the lowest layer holds the fallback, however content LiveKit is', () => {
    // 30 s at 300 kbit/s with 10 % loss: with only 180p asked for, LiveKit said good within the
    // poor line and the fallback ended before the line did (bench:faults, 3 of 3 runs); WebRTC's
    // estimate stayed at 80–190 kbit/s throughout.
    let s = onQuality(initialQuality, 'poor', 0).state;
    s = onQuality(s, 'good', 1000, 150).state;
    expect(s.goodSince).toBeNull();
    for (let t = 2000; t < 30_000; t += 1000) {
      const d = onQuality(s, null, t, 80 + ((t / 1000) % 12) * 9);
      expect(d.recover).toBe(false);
      s = d.state;
    }
    // The line is good: the estimate climbs past the bound, and the hold runs from there.
    s = onQuality(s, null, 30_000, RECOVER_MIN_ESTIMATE_KBPS - 1).state;
    expect(s.goodSince).toBeNull();
    s = onQuality(s, null, 31_000, RECOVER_MIN_ESTIMATE_KBPS).state;
    expect(s.goodSince).toBe(31_000);
    expect(onQuality(s, null, 31_000 + RECOVER_AFTER_MS - 1, 300).recover).toBe(false);
    expect(onQuality(s, null, 31_000 + RECOVER_AFTER_MS, 320).recover).toBe(true);
  });

  it('a dip of the estimate during the hold starts it again', () => {
    let s = onQuality(initialQuality, 'poor', 0).state;
    s = onQuality(s, 'good', 1000, 400).state;
    s = onQuality(s, null, 3000, 200).state;
    expect(onQuality(s, null, 1000 + RECOVER_AFTER_MS, 400).recover).toBe(false);
  });

  it('an estimate not known (no camera published) does not hold the fallback', () => {
    let s = onQuality(initialQuality, 'poor', 0).state;
    s = onQuality(s, 'good', 1000, null).state;
    expect(s.goodSince).toBe(1000);
    expect(onQuality(s, null, 1000 + RECOVER_AFTER_MS, null).recover).toBe(true);
  });

  it('a low estimate is not a reason to degrade: that stays LiveKit’s score', () => {
    const good = onQuality(initialQuality, 'good', 0).state;
    expect(onQuality(good, null, 1000, 50)).toMatchObject({ degrade: false, state: { degraded: false } });
  });

  it('a layer counts as flowing only while its frames grow', () => {
    const before = [
      { rid: 'q', framesSent: 100 },
      { rid: 'h', framesSent: 50 },
      { rid: 'f', framesSent: 0 },
    ];
    // h paused (getStats keeps its last frameHeight, but not its frame count): only q flows.
    const lowOnly = [
      { rid: 'q', framesSent: 115 },
      { rid: 'h', framesSent: 50 },
      { rid: 'f', framesSent: 0 },
    ];
    expect(topLayerSent(before, lowOnly)).toBe('low');
    const two = [
      { rid: 'q', framesSent: 130 },
      { rid: 'h', framesSent: 65 },
      { rid: 'f', framesSent: 0 },
    ];
    expect(topLayerSent(lowOnly, two)).toBe('medium');
    expect(
      topLayerSent(two, [
        { rid: 'q', framesSent: 131 },
        { rid: 'h', framesSent: 66 },
        { rid: 'f', framesSent: 1 },
      ]),
    ).toBe('high');
    // No previous sample, or nothing moved: nothing is known to flow.
    expect(topLayerSent([], two)).toBeNull();
    expect(topLayerSent(two, two)).toBeNull();
    expect(topLayerOf(two)).toBe('high');
    // A camera with two layers (q, h) tops out at medium; a single unnamed layer is the top one.
    expect(
      topLayerOf([
        { rid: 'q', framesSent: 1 },
        { rid: 'h', framesSent: 1 },
      ]),
    ).toBe('medium');
    expect(topLayerOf([])).toBeNull();
  });
});

describe('following the camera layers after a fallback', () => {
  const sample = (q: number, h: number, f: number): LayerSample[] => [
    { rid: 'q', framesSent: q },
    { rid: 'h', framesSent: h },
    { rid: 'f', framesSent: f },
  ];

  it('after recovery the console asks for the layer that flows, one step at a time, until the top one flows', () => {
    // While degraded: only what flows is tracked; the console asks for the lowest layer anyway.
    let watch = layersAtDegrade({ ...initialLayerWatch, sending: 'high' });
    let step = onLayerSample(watch, sample(10, 5, 3), true);
    expect(step).toMatchObject({ tell: false, stop: false });
    step = onLayerSample(step.watch, sample(25, 5, 3), true);
    expect(step.watch.flowing).toBe('low');
    // Recovered with only 180p flowing (WebRTC's estimate still climbing): ask for 180p, not 720p.
    watch = layersAtRecover(step.watch);
    expect(watch.sending).toBe('low');
    step = onLayerSample(watch, sample(40, 5, 3), false);
    expect(step).toMatchObject({ tell: false, stop: false });
    step = onLayerSample(step.watch, sample(55, 20, 3), false);
    expect(step).toMatchObject({ tell: true, stop: false });
    expect(step.watch.sending).toBe('medium');
    step = onLayerSample(step.watch, sample(70, 35, 18), false);
    expect(step).toMatchObject({ tell: true, stop: true });
    expect(step.watch.sending).toBe('high');
  });

  it('recovering with nothing known yet asks for the lowest layer', () => {
    expect(layersAtRecover(layersAtDegrade(initialLayerWatch)).sending).toBe('low');
  });

  it('a sample that shows nothing new keeps the last layer seen flowing', () => {
    const watch = { samples: sample(10, 5, 0), flowing: 'medium' as const, sending: 'medium' as const };
    const step = onLayerSample(watch, sample(10, 5, 0), false);
    expect(step).toMatchObject({ tell: false, stop: false });
    expect(step.watch.sending).toBe('medium');
  });

  it('no camera published (none, or the PIN step) ends the following too, rather than sampling every second for the rest of the call', () => {
    const watch = layersAtRecover(layersAtDegrade(initialLayerWatch));
    expect(onLayerSample(watch, [], false)).toMatchObject({ tell: true, stop: true, watch: { sending: null } });
  });

  it("reads the camera's layers and WebRTC's estimate from its sender's stats", () => {
    expect(
      cameraSample([
        { type: 'outbound-rtp', kind: 'video', rid: 'q', framesSent: 12 },
        { type: 'outbound-rtp', kind: 'video', rid: 'f' },
        { type: 'outbound-rtp', kind: 'audio' },
        { type: 'candidate-pair', state: 'succeeded', nominated: true, availableOutgoingBitrate: 176_400 },
        { type: 'candidate-pair', state: 'failed', nominated: false, availableOutgoingBitrate: 9_000_000 },
        { type: 'candidate-pair', state: 'succeeded', nominated: false, availableOutgoingBitrate: 5_000_000 },
        { type: 'media-source', kind: 'video' },
      ]),
    ).toEqual({
      layers: [
        { rid: 'q', framesSent: 12 },
        { rid: 'f', framesSent: 0 },
      ],
      estimateKbps: 176,
    });
    expect(cameraSample([{ type: 'outbound-rtp', kind: 'video', rid: 'q', framesSent: 1 }]).estimateKbps).toBeNull();
  });

  it('unreadable stats end the following: the console goes back to asking for the top layer', () => {
    const watch = { samples: sample(10, 5, 0), flowing: 'low' as const, sending: 'low' as const };
    expect(onLayerSample(watch, null, false)).toMatchObject({ tell: true, stop: true, watch: { sending: null } });
    // While degraded it changes nothing the console sees, and the watch goes on.
    expect(onLayerSample(watch, null, true)).toMatchObject({ tell: false, stop: false, watch: { sending: 'low' } });
  });
});
