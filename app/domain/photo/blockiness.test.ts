import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sampleFaces, samplePath } from '../../test/photo/fixtures';
import { blockiness, differenceProfiles } from './blockiness';
import { photoThresholds } from './checks';
import { luma } from './rgb';
import { fill, noise } from './synthetic.test-helpers';

const all = (w: number, h: number) => ({ left: 0, top: 0, width: w, height: h });
/** Smooth shading with fine noise: a picture without any grid. */
const smooth = (x: number, y: number): [number, number, number] => {
  const v = Math.round(120 + 60 * Math.sin(x / 23) * Math.cos(y / 31) + 8 * noise(x, y));
  return [v, v, v];
};

describe('blockiness (synthetic)', () => {
  it('a picture without a grid reads ≈ 1', () => {
    expect(blockiness(fill(256, 256, smooth), all(256, 256))!.ratio).toBeLessThan(1.3);
  });

  it('8×8 blocks each of one value (JPEG at the lowest quality) read high at period 8', () => {
    const blocks = fill(256, 256, (x, y) => smooth(x - (x % 8) + 4, y - (y % 8) + 4));
    const b = blockiness(blocks, all(256, 256))!;
    expect(b.period).toBe(8);
    expect(b.ratio).toBeGreaterThan(5);
  });

  it('pixels repeated 3× (a small picture enlarged) read high at a multiple of 3 (periods start at 4)', () => {
    const repeated = fill(255, 255, (x, y) => smooth(Math.floor(x / 3) * 3 * 4, Math.floor(y / 3) * 3 * 4));
    const b = blockiness(repeated, all(255, 255))!;
    expect(b.period % 3).toBe(0);
    expect(b.ratio).toBeGreaterThan(3);
  });

  it('a window too small to hold two periods is not judged', () => {
    expect(blockiness(fill(30, 30, smooth), all(30, 30))).toBeUndefined();
  });
});

describe('blockiness (a real face re-encoded)', () => {
  it('rises steadily as JPEG quality falls, at period 8', async () => {
    const { sample, box } = sampleFaces.good;
    const meta = await sharp(samplePath(sample)).metadata();
    const f = meta.width! / 640;
    // The face enlarged 3× (so the sample's own blocks are 24 px and off the 8-px grid), then encoded.
    const face = await sharp(samplePath(sample))
      .extract({ left: Math.round(box[0] * f), top: Math.round(box[1] * f), width: Math.round(box[2] * f), height: Math.round(box[2] * f) })
      .resize(Math.round(box[2] * f * 3))
      .png()
      .toBuffer();
    const at = async (quality: number) => {
      const { data, info } = await sharp(await sharp(face).jpeg({ quality }).toBuffer())
        .raw()
        .toBuffer({ resolveWithObject: true });
      return blockiness(
        { data, width: info.width, height: info.height },
        { left: 0, top: 0, width: Math.min(384, info.width), height: Math.min(384, info.height) },
      )!;
    };
    const [q95, q30, q5] = [await at(95), await at(30), await at(5)];
    expect(q95.ratio).toBeLessThan(photoThresholds.blockiness.pass);
    expect(q30.ratio).toBeGreaterThan(q95.ratio);
    expect(q5.ratio).toBeGreaterThan(photoThresholds.blockiness.warn);
    expect(q5.period).toBe(8);
  });
});

describe('differenceProfiles', () => {
  it('sums |luma difference| of each pair of neighbouring columns and rows inside the rect, as a plain per-pixel count does', () => {
    const image = fill(97, 83, (x, y) => [Math.floor(255 * noise(x, y)), Math.floor(255 * noise(y, x + 7)), (x * 13 + y * 7) % 256]);
    const rect = { left: 11, top: 5, width: 70, height: 61 };
    const at = (x: number, y: number) => {
      const i = ((rect.top + y) * image.width + rect.left + x) * 3;
      return luma(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
    };
    const cols = Array.from({ length: rect.width - 1 }, (_, x) => {
      let sum = 0;
      for (let y = 0; y < rect.height; y++) sum += Math.abs(at(x + 1, y) - at(x, y));
      return sum;
    });
    const rows = Array.from({ length: rect.height - 1 }, (_, y) => {
      let sum = 0;
      for (let x = 0; x < rect.width; x++) sum += Math.abs(at(x, y + 1) - at(x, y));
      return sum;
    });
    const profiles = differenceProfiles(image, rect);
    expect(Array.from(profiles.cols)).toEqual(cols);
    expect(Array.from(profiles.rows)).toEqual(rows);
    // Pixels outside the rect do not count.
    const outside = fill(97, 83, (x, y) =>
      x >= 11 && x < 81 && y >= 5 && y < 66
        ? [image.data[(y * 97 + x) * 3]!, image.data[(y * 97 + x) * 3 + 1]!, image.data[(y * 97 + x) * 3 + 2]!]
        : [255, 0, 255],
    );
    expect(differenceProfiles(outside, rect)).toEqual(profiles);
  });
});
