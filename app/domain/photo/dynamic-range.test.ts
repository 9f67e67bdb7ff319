import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { sampleFaces, samplePath } from '../../test/photo/fixtures';
import { dynamicRange } from './dynamic-range';
import { fill, noise } from './synthetic.test-helpers';

const whole = (w: number, h: number) => ({ cx: w / 2, cy: h / 2, rx: w / 2, ry: h / 2 });

describe('dynamicRange', () => {
  it('a full ramp spreads over nearly every level (≈ 8 bits); a squeezed one over few', () => {
    const full = dynamicRange(
      fill(256, 64, (x, y) => [x, x, x].map((v) => Math.min(255, v + (noise(x, y) > 0.5 ? 1 : 0))) as [number, number, number]),
      whole(256, 64),
    )!;
    expect(full.spread).toBeGreaterThan(200);
    expect(full.entropy).toBeGreaterThan(7.5);
    const squeezed = dynamicRange(
      fill(256, 64, (x) => [100 + (x >> 3), 100 + (x >> 3), 100 + (x >> 3)]),
      whole(256, 64),
    )!;
    expect(squeezed.spread).toBeLessThan(35);
    expect(squeezed.entropy).toBeLessThan(5.1);
  });

  it('a flat grey has no range; too few pixels are not judged', () => {
    const flat = dynamicRange(
      fill(64, 64, () => [128, 128, 128]),
      whole(64, 64),
    )!;
    expect([flat.spread, flat.entropy]).toEqual([0, 0]);
    expect(
      dynamicRange(
        fill(8, 8, () => [1, 2, 3]),
        whole(8, 8),
      ),
    ).toBeUndefined();
  });

  it('on a real face: full range; the same face with its grey levels squeezed to 30 % loses most of it', async () => {
    const { sample, box } = sampleFaces.good;
    const meta = await sharp(samplePath(sample)).metadata();
    const f = meta.width! / 640;
    const rect = {
      left: Math.round(box[0] * f),
      top: Math.round(box[1] * f),
      width: Math.round(box[2] * f),
      height: Math.round(box[2] * f * 1.2),
    };
    const read = async (image: Sharp) => {
      const { data, info } = await image.extract(rect).resize(256).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      return dynamicRange({ data, width: info.width, height: info.height }, whole(info.width, info.height))!;
    };
    const real = await read(sharp(samplePath(sample)));
    const low = await read(sharp(await sharp(samplePath(sample)).linear(0.3, 90).jpeg({ quality: 92 }).toBuffer()));
    expect(real.spread).toBeGreaterThan(120);
    expect(real.entropy).toBeGreaterThan(6.5);
    expect(low.spread).toBeLessThan(0.35 * real.spread + 2);
    expect(low.entropy).toBeLessThan(real.entropy - 1.2);
  });
});
