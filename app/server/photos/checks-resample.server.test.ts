/**
 * What the photo checks rely on from libvips (sharp): a resample cut after its first rows (the
 * grey copy, cut by rowsNeeded) gives those rows exactly as the whole resample does, reduced or
 * enlarged, so the light, shadow and background measures do not change by the cut.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { noiseJpeg } from '../../test/photo/fixtures';

sharp.cache(false);

describe('a resample cut after its first rows (the checks’ grey copy)', () => {
  it.each([
    ['reduced', { left: 37, top: 21, width: 1391, height: 1788 }, { width: 480, height: 617 }],
    ['enlarged', { left: 454, top: 121, width: 359, height: 462 }, { width: 480, height: 617 }],
  ])('%s: the rows made are byte for byte the whole copy’s', async (_, crop, size) => {
    const { data, info } = await sharp(await noiseJpeg(1500, 1900))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const region = () =>
      sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
        .extract(crop)
        .resize(size.width, size.height, { fit: 'fill' });
    const whole = await region().toColourspace('b-w').raw().toBuffer();
    for (const rows of [1, 300, 467, 616]) {
      const cut = await region().extract({ left: 0, top: 0, width: size.width, height: rows }).toColourspace('b-w').raw().toBuffer();
      expect(cut.length).toBe(rows * size.width);
      expect(cut.equals(whole.subarray(0, rows * size.width))).toBe(true);
    }
  });
});
