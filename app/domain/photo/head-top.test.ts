import { describe, expect, it } from 'vitest';
import { findHeadTop, headTopTuning, type Rgb, wallColour } from './head-top';

const WALL = [210, 212, 215] as const;
const HAIR = [30, 25, 20] as const;
const SKIN = [200, 160, 130] as const;

/**
 * A 400×600 picture: plain wall, a dark hair oval whose crown is at `crown`, a skin oval for the
 * face (forehead at 250, chin at 450), optional clutter in the top corners.
 */
function picture(crown: number, options: { cornerClutter?: boolean; leftCorner?: readonly number[] } = {}): Rgb {
  const width = 400;
  const height = 600;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let colour: readonly number[] = WALL;
      if (options.leftCorner && x < 60 && y < 60) colour = options.leftCorner;
      if (options.cornerClutter && y < 60 && (x < 60 || x > 340) && (x + y) % 8 < 4) colour = [20, 20, 20];
      const hair = ((x - 200) / 130) ** 2 + ((y - (crown + 200)) / 200) ** 2 <= 1;
      const face = ((x - 200) / 100) ** 2 + ((y - 350) / 110) ** 2 <= 1;
      if (hair) colour = HAIR;
      if (face) colour = SKIN;
      data.set(colour, (y * width + x) * 3);
    }
  return { data, width, height };
}

const face = { meshTop: 250, chin: 450, centreX: 200, faceWidth: 200 };

describe('wallColour', () => {
  it('is the colour of two agreeing plain top corners', () => {
    const wall = wallColour(picture(150))!;
    wall.forEach((c, i) => expect(c).toBeCloseTo(WALL[i]!, 6));
  });

  it('is undefined for cluttered or disagreeing corners', () => {
    expect(wallColour(picture(150, { cornerClutter: true }))).toBeUndefined();
    expect(wallColour(picture(150, { leftCorner: [120, 60, 60] }))).toBeUndefined();
  });
});

describe('findHeadTop', () => {
  it.each([120, 150, 200, 220])('finds a crown at row %i', (crown) => {
    const top = findHeadTop(picture(crown), face)!;
    expect(top).toBeGreaterThanOrEqual(crown - 1);
    expect(top).toBeLessThanOrEqual(crown + 2);
  });

  it('gives up when the corners are not a plain wall', () => {
    expect(findHeadTop(picture(150, { cornerClutter: true }), face)).toBeUndefined();
  });

  it('gives up when the hair reaches beyond the plausible crown (or the top of the picture)', () => {
    // maxAbove × face height above the forehead is 250 − 0.9 × 200 = 70: a crown at 20 is beyond it.
    expect(headTopTuning.maxAbove).toBe(0.9);
    expect(findHeadTop(picture(20), face)).toBeUndefined();
  });

  it('needs a face with height and width', () => {
    expect(findHeadTop(picture(150), { ...face, chin: 250 })).toBeUndefined();
    expect(findHeadTop(picture(150), { ...face, faceWidth: 0 })).toBeUndefined();
  });
});
