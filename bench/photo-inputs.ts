/** The photo benchmarks' inputs: the test fixture's real face on a plain wall, composed with sharp. */
import sharp from 'sharp';
import { plainBackgroundPortrait } from '../app/test/photo/fixtures';

export const WALL = { r: 214, g: 216, b: 218 };

export interface Input {
  name: string;
  jpeg: Buffer;
  width: number;
  height: number;
}

/**
 * The face on a plain wall, placed in a frame of the given upright size (head ≈ 60 % of the
 * height), JPEG q90 (baseline 4:2:0 unless told). With `sideways`, stored turned a quarter with
 * EXIF orientation 6 saying how to show it, as a camera mounted on its side writes it.
 */
export async function composedInput(
  name: string,
  width: number,
  height: number,
  options: { quality?: number; progressive?: boolean; chromaSubsampling?: '4:2:0' | '4:4:4'; sideways?: boolean } = {},
): Promise<Input> {
  const portrait = await plainBackgroundPortrait(WALL);
  const personHeight = Math.min(Math.round(height * 0.95), Math.round(((width * 0.95) / 1200) * 1600));
  const person = await sharp(portrait).resize({ height: personHeight }).toBuffer();
  let image = sharp({ create: { width, height, channels: 3, background: WALL } }).composite([{ input: person, gravity: 'south' }]);
  if (options.sideways) {
    // RGB only: the composite comes out with an alpha channel, which read as three channels
    // would shear the picture into stripes (it did until 6 Dec 2026: no face was found in it).
    const upright = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (upright.info.channels !== 3) throw new Error(`expected RGB, got ${upright.info.channels} channels`);
    image = sharp(
      await sharp(upright.data, { raw: { width, height, channels: 3 } })
        .rotate(-90)
        .raw()
        .toBuffer(),
      { raw: { width: height, height: width, channels: 3 } },
    ).withMetadata({ orientation: 6 });
  }
  const jpeg = await image
    .jpeg({
      quality: options.quality ?? 90,
      progressive: options.progressive ?? false,
      chromaSubsampling: options.chromaSubsampling ?? '4:2:0',
    })
    .toBuffer();
  return { name, jpeg, width, height };
}
