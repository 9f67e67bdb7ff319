import { describe, expect, it } from 'vitest';
import { initialQuality, onQuality, RECOVER_AFTER_MS, sentLayers, upperLayerFlowing } from './quality';

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

  it('stays in the fallback while only the lowest layer flows, however long the link is good', () => {
    // After a lossy spell WebRTC's estimate climbs slowly: LiveKit says good at once, but the booth
    // still sends only 180p. Leaving then had the console ask for 720p, LiveKit scored the booth
    // two layers short (poor), and the fallback came straight back.
    let s = onQuality(initialQuality, 'poor', 0).state;
    s = onQuality(s, 'good', 1000, false).state;
    const waiting = onQuality(s, null, 1000 + 3 * RECOVER_AFTER_MS, false);
    expect(waiting.recover).toBe(false);
    expect(waiting.state.degraded).toBe(true);
    // The 360p layer flows again: recover at the next look.
    expect(onQuality(waiting.state, null, 1000 + 3 * RECOVER_AFTER_MS + 1000, true).recover).toBe(true);
  });

  it('a layer counts as flowing only while its frames grow', () => {
    const before = [
      { rid: 'q', framesSent: 100, frameHeight: 180 },
      { rid: 'h', framesSent: 50, frameHeight: 360 },
      { rid: 'f', framesSent: 0 },
    ];
    // h keeps its last frameHeight while paused: not flowing.
    const lowOnly = [
      { rid: 'q', framesSent: 115, frameHeight: 180 },
      { rid: 'h', framesSent: 50, frameHeight: 360 },
      { rid: 'f', framesSent: 0 },
    ];
    expect(sentLayers(before, lowOnly)).toEqual([180]);
    expect(upperLayerFlowing(sentLayers(before, lowOnly), 3)).toBe(false);
    const two = [
      { rid: 'q', framesSent: 130, frameHeight: 180 },
      { rid: 'h', framesSent: 65, frameHeight: 360 },
      { rid: 'f', framesSent: 0 },
    ];
    expect(sentLayers(lowOnly, two)).toEqual([360, 180]);
    expect(upperLayerFlowing(sentLayers(lowOnly, two), 3)).toBe(true);
    // No previous sample: nothing is known to flow yet.
    expect(sentLayers([], two)).toEqual([]);
    // A camera with a single layer, or none published: nothing to wait for.
    expect(upperLayerFlowing([180], 1)).toBe(true);
    expect(upperLayerFlowing([], 0)).toBe(true);
  });
});
