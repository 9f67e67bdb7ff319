import { describe, expect, it } from 'vitest';
import { mouthMeasure } from './expression';
import { meshWith } from './landmarks.test';

/** Eyes 200 px apart (corners), a mouth 120 px wide at y = 700 with an inner-lip gap of `gap`. */
function face(gap: number, cornerLift = 0, tilt = 0): number[] {
  const rotate = ([x, y]: [number, number]): [number, number] => {
    const c = Math.cos(tilt);
    const s = Math.sin(tilt);
    return [500 + (x - 500) * c - (y - 500) * s, 500 + (x - 500) * s + (y - 500) * c];
  };
  const points: Record<number, [number, number]> = {
    33: [360, 450],
    133: [440, 450],
    263: [640, 450],
    362: [560, 450],
    82: [470, 700 - gap / 2],
    87: [470, 700 + gap / 2],
    13: [500, 700 - gap / 2],
    14: [500, 700 + gap / 2],
    312: [530, 700 - gap / 2],
    317: [530, 700 + gap / 2],
    61: [440, 700 - cornerLift],
    291: [560, 700 - cornerLift],
  };
  return meshWith(Object.fromEntries(Object.entries(points).map(([k, p]) => [k, rotate(p)])));
}

describe('mouthMeasure', () => {
  it('is the inner-lip gap over the inter-eye distance (200 px here)', () => {
    expect(mouthMeasure(face(0))!.opening).toBe(0);
    expect(mouthMeasure(face(40))!.opening).toBeCloseTo(0.2, 6);
  });

  it('reads lifted mouth corners as a smile, and a tilted head as no smile', () => {
    expect(mouthMeasure(face(0, 30))!.smile).toBeCloseTo(0.15, 6);
    expect(mouthMeasure(face(0, 0))!.smile).toBeCloseTo(0, 6);
    const tilted = mouthMeasure(face(0, 0, (15 * Math.PI) / 180))!;
    expect(Math.abs(tilted.smile)).toBeLessThan(1e-6);
    expect(mouthMeasure(face(20, 0, 0.3))!.opening).toBeCloseTo(0.1, 6);
  });

  it('is undefined without a mesh', () => {
    expect(mouthMeasure([])).toBeUndefined();
  });
});
