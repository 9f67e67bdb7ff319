import { describe, expect, it } from 'vitest';
import { FRAME_HEIGHT_SHARE, GUIDE_LINES, guideFrame, PHOTO_ASPECT } from './guide';

const aspectOf = (w: number, h: number) => {
  const f = guideFrame(w, h);
  return (f.width * w) / (f.height * h);
};

describe('photo guide', () => {
  it('is a centred 35:45 frame on a landscape camera picture, with margin', () => {
    for (const [w, h] of [
      [1280, 720],
      [640, 480],
      [4032, 3024],
      [1920, 1080],
    ] as const) {
      const f = guideFrame(w, h);
      expect(aspectOf(w, h)).toBeCloseTo(35 / 45, 6);
      expect(f.height).toBeCloseTo(FRAME_HEIGHT_SHARE, 6);
      expect(f.left + f.width / 2).toBeCloseTo(0.5, 6);
      expect(f.top + f.height / 2).toBeCloseTo(0.5, 6);
      expect(f.top).toBeGreaterThan(0);
    }
  });

  it('stays inside a portrait picture narrower than the frame', () => {
    const f = guideFrame(600, 1000);
    expect(aspectOf(600, 1000)).toBeCloseTo(PHOTO_ASPECT, 6);
    expect(f.width).toBeCloseTo(FRAME_HEIGHT_SHARE, 6);
    expect(f.left).toBeGreaterThan(0);
    expect(f.top).toBeGreaterThan(0);
  });

  it('falls back to 16:9 before the picture size is known', () => {
    expect(guideFrame(0, 0)).toEqual(guideFrame(16, 9));
    expect(guideFrame(Number.NaN, 720)).toEqual(guideFrame(16, 9));
  });

  it('puts the chin where the head fills 71–80 % of the photo height', () => {
    expect(GUIDE_LINES.chinMin - GUIDE_LINES.headTop).toBeCloseTo(0.71, 6);
    expect(GUIDE_LINES.chinMax - GUIDE_LINES.headTop).toBeCloseTo(0.8, 6);
    expect(GUIDE_LINES.headTop).toBeGreaterThan(0); // a margin above the head
    expect(GUIDE_LINES.chinMax).toBeLessThan(1);
  });
});
