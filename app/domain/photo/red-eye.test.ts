import { describe, expect, it } from 'vitest';
import { redEye } from './red-eye';
import { fill, inDisc } from './synthetic.test-helpers';

/** One iris r 12 at (30, 30): `pupil` colour inside r 5, `iris` colour around it, skin outside. */
const eye = (pupil: [number, number, number], iris: [number, number, number]) =>
  fill(60, 60, (x, y) => (inDisc(x, y, 30, 30, 5) ? pupil : inDisc(x, y, 30, 30, 12) ? iris : [205, 160, 140]));
const at = [{ centre: { x: 30, y: 30 }, radius: 12 }];

describe('redEye', () => {
  it('a dark pupil in a brown iris is not red', () => {
    expect(redEye(eye([18, 14, 14], [100, 62, 40]), at)).toBe(0);
  });

  it('a red pupil is (nearly all of the pupil disc)', () => {
    expect(redEye(eye([205, 35, 40], [100, 62, 40]), at)).toBeGreaterThan(0.9);
  });

  it('a reddish-brown iris in warm light, red in the ring as much as in the pupil, is not red eye', () => {
    expect(redEye(eye([150, 55, 50], [150, 55, 50]), at)).toBe(0);
  });

  it('takes the worse eye, and cannot judge a pupil of a pixel or two', () => {
    const image = eye([205, 35, 40], [100, 62, 40]);
    expect(redEye(image, [...at, { centre: { x: 30, y: 30 }, radius: 12 }])).toBeGreaterThan(0.9);
    expect(redEye(image, [{ centre: { x: 30, y: 30 }, radius: 1 }])).toBeUndefined();
  });
});
