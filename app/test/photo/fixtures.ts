/**
 * Photo test inputs, made at test time: real faces cut from the demo pictures shipped inside
 * @vladmandic/face-api (group photos, so each portrait is cut around one face), and synthetic
 * variants of them (blurred, over/under-exposed, half-shadowed, busy background, EXIF-rotated,
 * CMYK, greyscale, truncated, …). Nothing is stored in the repository or downloaded.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { photoCheckIds } from '../../domain/photo/checks';

const require = createRequire(import.meta.url);

/** node_modules/@vladmandic/face-api/demo (found from the package's main file, not the cwd). */
export const faceSampleDir = (() => {
  let dir = path.dirname(require.resolve('@vladmandic/face-api'));
  while (!existsSync(path.join(dir, 'demo', 'sample1.jpg'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('face-api demo samples not found');
    dir = parent;
  }
  return path.join(dir, 'demo');
})();

export const samplePath = (n: 1 | 2 | 3 | 4 | 5 | 6) => path.join(faceSampleDir, `sample${n}.jpg`);

/** Faces in the samples as [left, top, width] of the face box on a 640-px-wide copy. */
export const sampleFaces = {
  /** Frontal, evenly lit, in focus: the "good" face. */
  good: { sample: 6, box: [59, 152, 119] },
  /** Looking down with eyes closed, soft focus. */
  eyesDown: { sample: 2, box: [264, 57, 131] },
  /** Head turned ~17° to the side. */
  turned: { sample: 1, box: [110, 104, 118] },
} as const satisfies Record<string, { sample: 1 | 2 | 3 | 4 | 5 | 6; box: readonly [number, number, number] }>;

export type SampleFace = keyof typeof sampleFaces;

/** A portrait cut around one sample face (face about a third of the width), as JPEG q92. */
export async function portrait(face: SampleFace, options: { upscale?: number } = {}): Promise<Buffer> {
  const { sample, box } = sampleFaces[face];
  const file = samplePath(sample);
  const meta = await sharp(file).metadata();
  const f = meta.width! / 640;
  const [x, y, w] = box.map((v) => v * f) as [number, number, number];
  const width = Math.round(w * 1.9);
  const height = Math.round(w * 2.9);
  const left = Math.max(0, Math.round(x + w / 2 - width / 2));
  const top = Math.max(0, Math.round(y - w * 0.8));
  let image = sharp(file).extract({ left, top, width: Math.min(width, meta.width! - left), height: Math.min(height, meta.height! - top) });
  if (options.upscale) image = sharp(await image.toBuffer()).resize({ width: Math.round(width * options.upscale) });
  return image.jpeg({ quality: 92 }).toBuffer();
}

/** A sample face cut out with a soft-edged oval (PNG with alpha), `height` px tall: a second person to paste into a frame. */
export async function ovalFace(face: SampleFace, height: number): Promise<Buffer> {
  const image = await sharp(await portrait(face))
    .resize({ height })
    .png()
    .toBuffer();
  const { width = 0 } = await sharp(image).metadata();
  const mask = Buffer.from(
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><ellipse cx="${width / 2}" cy="${height * 0.42}" rx="${width * 0.36}" ry="${height * 0.3}" fill="#fff"/></svg>`,
  );
  return sharp(image)
    .ensureAlpha()
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toBuffer();
}

/**
 * The good face on a plain light-grey wall: the head (hair included) cut out with a soft oval
 * and placed on a uniform background, 1200×1600. The background check must pass on this.
 */
export async function plainBackgroundPortrait(background = { r: 214, g: 216, b: 218 }): Promise<Buffer> {
  const { sample, box } = sampleFaces.good;
  const file = samplePath(sample);
  const meta = await sharp(file).metadata();
  const f = meta.width! / 640;
  const [x, y, w] = box.map((v) => v * f) as [number, number, number];
  const headW = Math.round(w * 1.25);
  const headH = Math.round(w * 1.6);
  const left = Math.round(x + w / 2 - headW / 2);
  const top = Math.max(0, Math.round(y - w * 0.3));
  const head = await sharp(file)
    .extract({ left, top, width: headW, height: headH })
    .resize({ width: headW * 2 })
    .png()
    .toBuffer();
  const hw = headW * 2;
  const hh = headH * 2;
  const mask = Buffer.from(
    `<svg width="${hw}" height="${hh}" xmlns="http://www.w3.org/2000/svg"><defs><filter id="b"><feGaussianBlur stdDeviation="${hw / 40}"/></filter></defs>` +
      `<ellipse cx="${hw / 2}" cy="${hh * 0.53}" rx="${hw * 0.44}" ry="${hh * 0.46}" fill="#fff" filter="url(#b)"/></svg>`,
  );
  const masked = await sharp(head)
    .ensureAlpha()
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toBuffer();
  return sharp({ create: { width: 1200, height: 1600, channels: 3, background } })
    .composite([{ input: masked, left: Math.round(600 - hw / 2), top: Math.round(800 - hh / 2) }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** Variants of a JPEG for the checks (each re-encoded as JPEG q92). */
export const variants = {
  blurred: (jpeg: Buffer, sigma = 6) => sharp(jpeg).blur(sigma).jpeg({ quality: 92 }).toBuffer(),
  /** Exposure scaled by `gain` (1 = unchanged). */
  exposed: (jpeg: Buffer, gain: number, offset = 0) => sharp(jpeg).linear(gain, offset).jpeg({ quality: 92 }).toBuffer(),
  /** The left half darkened to `keep` of its brightness, with a soft edge. */
  halfShadow: async (jpeg: Buffer, keep = 0.35) => {
    const { width, height } = await sharp(jpeg).metadata();
    const shade = Math.round(255 * keep);
    const overlay = Buffer.from(
      `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g" x1="0" x2="1">` +
        `<stop offset="0.45" stop-color="rgb(${shade},${shade},${shade})"/><stop offset="0.55" stop-color="#fff"/></linearGradient></defs>` +
        `<rect width="100%" height="100%" fill="url(#g)"/></svg>`,
    );
    return sharp(jpeg)
      .composite([{ input: overlay, blend: 'multiply' }])
      .jpeg({ quality: 92 })
      .toBuffer();
  },
  /** Black/white stripes over the top `share` of the picture (a busy wall above the head). */
  stripedTop: async (jpeg: Buffer, share = 0.12) => {
    const { width, height } = await sharp(jpeg).metadata();
    const h = Math.round(height! * share);
    const stripes = Buffer.from(
      `<svg width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg"><defs><pattern id="p" width="24" height="24" patternUnits="userSpaceOnUse">` +
        `<rect width="12" height="24" fill="#111"/><rect x="12" width="12" height="24" fill="#eee"/></pattern></defs><rect width="100%" height="100%" fill="url(#p)"/></svg>`,
    );
    return sharp(jpeg)
      .composite([{ input: stripes, left: 0, top: 0 }])
      .jpeg({ quality: 92 })
      .toBuffer();
  },
  /** Rotated so the stored pixels lie on their side, with EXIF orientation 6 (and GPS) saying how to show them. */
  sidewaysWithExif: async (jpeg: Buffer) =>
    sharp(jpeg)
      .rotate(-90)
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Make: 'TestCam', Model: 'Booth', Software: 'fixture' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 0/1' },
      })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
      .jpeg({ quality: 92 })
      .toBuffer(),
  /** Tagged with a Display P3 ICC profile (as phones write): must come out sRGB without ICC. */
  displayP3: (jpeg: Buffer) => sharp(jpeg).withIccProfile('p3').jpeg({ quality: 92 }).toBuffer(),
  cmyk: (jpeg: Buffer) => sharp(jpeg).toColourspace('cmyk').jpeg({ quality: 92 }).toBuffer(),
  grey: (jpeg: Buffer) => sharp(jpeg).greyscale().toColourspace('b-w').jpeg({ quality: 92 }).toBuffer(),
  png: (jpeg: Buffer) => sharp(jpeg).png().toBuffer(),
  webp: (jpeg: Buffer) => sharp(jpeg).webp().toBuffer(),
  progressive: (jpeg: Buffer) => sharp(jpeg).jpeg({ quality: 92, progressive: true }).toBuffer(),
  truncated: (jpeg: Buffer, keep = 0.6) => Buffer.from(jpeg.subarray(0, Math.round(jpeg.length * keep))),
};

/** A flat grey JPEG (no face). */
export const flatJpeg = (width: number, height: number, grey = 180) =>
  sharp({ create: { width, height, channels: 3, background: { r: grey, g: grey, b: grey } } })
    .jpeg({ quality: 90 })
    .toBuffer();

/** Noise JPEG of any size (no face): encodes big, for size limits. */
export const noiseJpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 90 })
    .toBuffer();

/**
 * A valid JPEG header claiming `width`×`height` (SOF0 rewritten) over a tiny real image: what a
 * decompression bomb looks like to a decoder that trusts the header.
 */
export async function bombJpeg(width: number, height: number): Promise<Buffer> {
  const small = Buffer.from(await flatJpeg(64, 64));
  for (let i = 2; i < small.length - 9; ) {
    if (small[i] !== 0xff) throw new Error('unexpected JPEG layout');
    const marker = small[i + 1]!;
    const length = small.readUInt16BE(i + 2);
    if (marker === 0xc0) {
      small.writeUInt16BE(height, i + 5);
      small.writeUInt16BE(width, i + 7);
      return small;
    }
    i += 2 + length;
  }
  throw new Error('no SOF0 in fixture');
}

/**
 * Every check passing, for tests about a photo's life rather than its checks: written over what
 * the pipeline judged, so the approval rules (domain/photo/approval.ts) let it through.
 */
export const passingChecks = () =>
  photoCheckIds.map((id) => ({
    id,
    level: 'pass',
    reason: { ja: '合格（テスト）', en: 'Pass (test)' },
  }));
