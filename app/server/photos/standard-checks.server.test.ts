/**
 * The standards' checks (issue 19, decision 0033) through the whole pipeline: on real faces from
 * the demo pictures, and on the good face with one defect painted in (red pupils, glare over the
 * eyes, dark lenses, JPEG quality 5, low contrast, a small picture enlarged by repeating pixels).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoCheckId } from '../../domain/photo/checks';
import { eyeContours, irises } from '../../domain/photo/landmarks';
import { plainBackgroundPortrait, portrait, samplePath } from '../../test/photo/fixtures';
import { FaceDetector } from './face.server';
import { createPhotoPipeline, type PhotoPipeline, type ProcessedPhoto } from './pipeline.server';

let pipeline: PhotoPipeline;
let detector: FaceDetector;
let plain: Buffer;
/** The good face's mesh on `plain` (1200×1600), in its pixels. */
let mesh: number[];

beforeAll(async () => {
  pipeline = createPhotoPipeline();
  detector = new FaceDetector();
  [plain] = await Promise.all([plainBackgroundPortrait(), pipeline.warmUp(), detector.warmUp()]);
  const { data, info } = await sharp(plain).resize(480, 480, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  const [face] = await detector.detect({ data, width: info.width, height: info.height });
  mesh = face!.mesh.map((v) => (v * 1200) / info.width);
}, 60_000);
afterAll(async () => {
  await Promise.all([pipeline.close(), detector.close()]);
});

const checkOf = (photo: ProcessedPhoto, id: PhotoCheckId) => photo.checks.find((c) => c.id === id)!;
const standardIds = ['expression', 'glare', 'eyes_hidden', 'red_eye', 'dynamic_range', 'compression', 'resolution'] as const;

/**
 * One face of a demo picture ([left, top, width] of its box in source pixels) cut out with a soft
 * oval, enlarged twice and placed on a plain wall (1200×1600), so no neighbour is in the frame.
 */
async function isolatedFace(n: 5, [x, y, w]: [number, number, number]): Promise<Buffer> {
  const [left, top, width, height] = [Math.round(x - 0.12 * w), Math.round(y - 0.35 * w), Math.round(1.24 * w), Math.round(1.55 * w)];
  const head = await sharp(samplePath(n))
    .extract({ left, top, width, height })
    .resize({ width: width * 2 })
    .png()
    .toBuffer();
  const [W, H] = [width * 2, height * 2];
  const mask = Buffer.from(
    `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><defs><filter id="b"><feGaussianBlur stdDeviation="${W / 40}"/></filter></defs>` +
      `<ellipse cx="${W / 2}" cy="${H * 0.52}" rx="${W * 0.42}" ry="${H * 0.45}" fill="#fff" filter="url(#b)"/></svg>`,
  );
  const masked = await sharp(head)
    .ensureAlpha()
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toBuffer();
  return sharp({ create: { width: 1200, height: 1600, channels: 3, background: { r: 214, g: 216, b: 218 } } })
    .composite([{ input: masked, left: Math.round(600 - W / 2), top: Math.round(800 - H / 2) }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** Paints SVG shapes over `plain` and re-encodes it at quality 92. */
const painted = (shapes: string) =>
  sharp(plain)
    .composite([
      { input: Buffer.from(`<svg width="1200" height="1600" xmlns="http://www.w3.org/2000/svg">${shapes}</svg>`), left: 0, top: 0 },
    ])
    .jpeg({ quality: 92 })
    .toBuffer();

describe('the good face on a plain wall', () => {
  it('passes every standard check, each with a reason in Japanese and English', async () => {
    const photo = await pipeline.process(plain);
    for (const id of standardIds) {
      const check = checkOf(photo, id);
      expect(check.level, `${id}: ${check.reason.en}`).toBe('pass');
      expect(check.reason.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(check.reason.en.length).toBeGreaterThan(5);
    }
    // About 195 px between the eyes in the 960-px-wide-class output of a 1200×1600 source.
    expect(checkOf(photo, 'resolution').value).toBeGreaterThan(150);
  });
});

describe('one defect painted into the good face', () => {
  it('red pupils fail red_eye (and nothing else of the standard checks)', async () => {
    const iris = irises(mesh)!;
    const photo = await pipeline.process(
      await painted(
        iris.map((i) => `<circle cx="${i.centre.x}" cy="${i.centre.y}" r="${i.radius * 0.5}" fill="rgb(200,30,35)"/>`).join(''),
      ),
    );
    expect(checkOf(photo, 'red_eye').level).toBe('fail');
    expect(checkOf(photo, 'red_eye').reason.en).toMatch(/red eye/i);
    for (const id of ['glare', 'compression', 'dynamic_range'] as const) expect(checkOf(photo, id).level).toBe('pass');
  });

  it('a white blob over each eye (glare on glasses) fails glare', async () => {
    const { right, left } = eyeContours(mesh)!;
    const blob = (eye: { x: number; y: number }[]) => {
      const xs = eye.map((p) => p.x);
      const ys = eye.map((p) => p.y);
      const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
      const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
      return `<ellipse cx="${cx}" cy="${cy}" rx="${(Math.max(...xs) - Math.min(...xs)) * 0.3}" ry="${(Math.max(...ys) - Math.min(...ys)) * 0.45}" fill="#fdfdfd"/>`;
    };
    const photo = await pipeline.process(await painted(blob(right) + blob(left)));
    expect(checkOf(photo, 'glare').level).toBe('fail');
    expect(checkOf(photo, 'glare').reason.en).toMatch(/glasses/);
    expect(checkOf(photo, 'red_eye').level).toBe('pass');
  });

  it('dark lenses over both eyes fail eyes_hidden', async () => {
    const { right, left } = eyeContours(mesh)!;
    const lens = (eye: { x: number; y: number }[]) => {
      const xs = eye.map((p) => p.x);
      const ys = eye.map((p) => p.y);
      const w = Math.max(...xs) - Math.min(...xs);
      return `<ellipse cx="${(Math.min(...xs) + Math.max(...xs)) / 2}" cy="${(Math.min(...ys) + Math.max(...ys)) / 2}" rx="${w * 0.8}" ry="${w * 0.55}" fill="rgb(22,20,24)"/>`;
    };
    const photo = await pipeline.process(await painted(lens(right) + lens(left)));
    expect(checkOf(photo, 'eyes_hidden').level).toBe('fail');
    expect(checkOf(photo, 'glare').level).toBe('pass');
  });

  it('JPEG quality 5 fails compression (8-px blocks)', async () => {
    const photo = await pipeline.process(await sharp(plain).jpeg({ quality: 5 }).toBuffer());
    expect(checkOf(photo, 'compression').level).toBe('fail');
    expect(checkOf(photo, 'compression').reason.en).toMatch(/every 8 px/);
  });

  it('low contrast (grey levels squeezed to 30 %) fails dynamic_range and nothing about compression', async () => {
    const photo = await pipeline.process(await sharp(plain).linear(0.3, 90).jpeg({ quality: 92 }).toBuffer());
    expect(checkOf(photo, 'dynamic_range').level).toBe('fail');
    expect(checkOf(photo, 'dynamic_range').value).toBeLessThan(60);
    expect(checkOf(photo, 'compression').level).toBe('pass');
  });

  it('a quarter-size copy enlarged back by repeating pixels fails compression (pixelation every 4 px)', async () => {
    const small = await sharp(plain).resize(300).toBuffer();
    const photo = await pipeline.process(await sharp(small).resize(1200, 1600, { kernel: 'nearest' }).jpeg({ quality: 92 }).toBuffer());
    expect(checkOf(photo, 'compression').level).toBe('fail');
    expect(checkOf(photo, 'compression').reason.en).toMatch(/every 4 px/);
  });
});

describe('other real faces', () => {
  it('a face talking with the mouth open (teeth showing) fails expression', async () => {
    // Sample 5, the woman on the left at mid-height, cut out with a soft oval onto a plain wall.
    const photo = await pipeline.process(await isolatedFace(5, [487, 365, 377]));
    expect(checkOf(photo, 'one_face').level).toBe('pass');
    expect(checkOf(photo, 'expression').level).toBe('fail');
    expect(checkOf(photo, 'expression').value).toBeGreaterThan(0.2);
    expect(checkOf(photo, 'expression').reason.en).toMatch(/mouth is open/);
  });

  it('a face far from the camera: fewer than 90 px between the eyes in the camera image is not a pass', async () => {
    const photo = await pipeline.process(await portrait('turned'));
    expect(checkOf(photo, 'resolution').level).not.toBe('pass');
    expect(checkOf(photo, 'resolution').value).toBeLessThan(90);
    expect(checkOf(photo, 'resolution').reason.ja).toMatch(/90/);
  });

  it('a face turned 17° fails pose at the standard limit of 5°', async () => {
    const photo = await pipeline.process(await portrait('turned'));
    expect(checkOf(photo, 'pose').level).toBe('fail');
  });
});
