import { describe, expect, it } from 'vitest';
import { initialQuality, onQuality, RECOVER_AFTER_MS } from './quality';

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
});
