import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sampleFaces, samplePath } from '../../test/photo/fixtures';
import { blockiness } from './blockiness';
import { photoThresholds } from './checks';
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
