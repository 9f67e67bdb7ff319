/**
 * What the photo checks rely on from libvips (sharp): a resample cut after its first rows (the
 * grey copy, cut by rowsNeeded) gives those rows exactly as the whole resample does, reduced or
 * enlarged, turned grey after the resample (a reduced crop) or before it (an enlarged one, as
 * greyCopy does), so the light, shadow and background measures do not change by the cut.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { noiseJpeg } from '../../test/photo/fixtures';

sharp.cache(false);

const reduced = { left: 37, top: 21, width: 1391, height: 1788 };
const enlarged = { left: 454, top: 121, width: 359, height: 462 };
const size = { width: 480, height: 617 };

async function source() {
  const { data, info } = await sharp(await noiseJpeg(1500, 1900))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return (crop: typeof reduced) =>
    sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
      .extract(crop)
      .resize(size.width, size.height, { fit: 'fill' });
}

describe('a resample cut after its first rows (the checks’ grey copy)', () => {
  it.each([
    ['reduced, grey after', reduced, false],
    ['enlarged, grey after', enlarged, false],
    ['enlarged, grey before', enlarged, true],
  ])('%s: the rows made are byte for byte the whole copy’s', async (_, crop, greyFirst) => {
    const region = await source();
    const grey = (rows?: number) => {
      let pipeline = region(crop);
      if (greyFirst) pipeline = pipeline.greyscale();
      if (rows) pipeline = pipeline.extract({ left: 0, top: 0, width: size.width, height: rows });
      return pipeline.toColourspace('b-w').raw().toBuffer();
    };
    const whole = await grey();
    for (const rows of [1, 300, 467, 616]) {
      const cut = await grey(rows);
      expect(cut.length).toBe(rows * size.width);
      expect(cut.equals(whole.subarray(0, rows * size.width))).toBe(true);
    }
  });
});
