import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PhotoCheckId, photoCheckIds, worstLevel } from '../../domain/photo/checks';
import { centredFrame } from '../../domain/photo/crop';
import { jpegFacts, jpegSegments } from '../../domain/photo/jpeg';
import { bombJpeg, flatJpeg, ovalFace, plainBackgroundPortrait, portrait, samplePath, variants } from '../../test/photo/fixtures';
import { reposedToCheckZero } from '../../test/photo/pose-faces';
import { Problem } from '../platform/problems';
import { FaceDetectionError, FaceDetector, type RgbImage } from './face.server';
import {
  createPhotoPipeline,
  DEFAULT_MAX_INPUT_PIXELS,
  DEFAULT_MAX_INPUT_SIDE,
  MAX_BYTES,
  MIN_BYTES,
  type PhotoPipeline,
  type ProcessedPhoto,
} from './pipeline.server';

let pipeline: PhotoPipeline;
let plain: Buffer;
/** The same face re-posed to the pose check's zero: the sample itself is turned ≈ 12° (decision 0033). */
let frontalPlain: Buffer;

beforeAll(async () => {
  pipeline = createPhotoPipeline();
  [plain] = await Promise.all([plainBackgroundPortrait(), pipeline.warmUp()]);
  frontalPlain = await reposedToCheckZero(plain);
}, 120_000);
afterAll(() => pipeline.close());

/** Every J-LIS file rule, from sharp's reading of the file and from its raw JPEG markers. */
async function expectJlisFile(photo: ProcessedPhoto) {
  const meta = await sharp(photo.jpeg).metadata();
  expect(meta.format).toBe('jpeg');
  expect(meta.isProgressive).toBe(false);
  expect(meta.space).toBe('srgb');
  expect(meta.channels).toBe(3);
  expect(meta.hasAlpha).toBe(false);
  expect([meta.width, meta.height]).toEqual([photo.width, photo.height]);
  for (const side of [photo.width, photo.height]) {
    expect(side).toBeGreaterThanOrEqual(480);
    expect(side).toBeLessThanOrEqual(6000);
  }
  expect(Math.abs((photo.width * 45) / 35 - photo.height)).toBeLessThanOrEqual(1);
  expect(photo.bytes).toBe(photo.jpeg.length);
  expect(photo.bytes).toBeGreaterThanOrEqual(MIN_BYTES);
  expect(photo.bytes).toBeLessThanOrEqual(MAX_BYTES);
  expect(MIN_BYTES).toBe(20 * 1024);
  expect(MAX_BYTES).toBe(7 * 1024 * 1024);
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  const facts = jpegFacts(photo.jpeg);
  expect(facts.baseline).toBe(true);
  expect(facts.metadataSegments).toEqual([]); // no APP1 (EXIF/XMP/GPS), APP2 (ICC), … or comments
  expect(photo.quality).toBeGreaterThanOrEqual(40);
  expect(photo.quality).toBeLessThanOrEqual(100);
  // The interface: every check (photoCheckIds) in order, the level is the worst of them.
  expect(photo.checks.map((c) => c.id)).toEqual([...photoCheckIds]);
  expect(photo.level).toBe(worstLevel(photo.checks));
  for (const check of photo.checks) {
    expect(check.reason.ja.length).toBeGreaterThan(0);
    expect(check.reason.en.length).toBeGreaterThan(0);
  }
}

const levelOf = (photo: ProcessedPhoto, id: PhotoCheckId) => photo.checks.find((c) => c.id === id)!.level;
const checkOf = (photo: ProcessedPhoto, id: PhotoCheckId) => photo.checks.find((c) => c.id === id)!;

async function expectProblem(input: Buffer | Promise<Buffer>, status: number, code: string, using = pipeline) {
  const error = await using.process(await input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(Problem.is(error), `expected a Problem ${code}, got ${String(error)}`).toBe(true);
  const problem = error as Problem;
  expect([problem.status, problem.code]).toEqual([status, code]);
  expect(problem.messages.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  expect(problem.messages.en.length).toBeGreaterThan(10);
}

describe('a real face on a plain wall', () => {
  it('looking straight at the camera, is cropped 35:45 around the head, and the face checks pass', async () => {
    const photo = await pipeline.process(frontalPlain);
    await expectJlisFile(photo);
    for (const id of ['one_face', 'centred', 'head_size', 'pose', 'eyes', 'sharpness', 'exposure', 'shadow'] as const)
      expect(levelOf(photo, id), `${id}: ${checkOf(photo, id).reason.en}`).toBe('pass');
    expect(levelOf(photo, 'background')).not.toBe('fail');
    expect(checkOf(photo, 'head_size').value).toBeGreaterThanOrEqual(0.71);
    expect(checkOf(photo, 'head_size').value).toBeLessThanOrEqual(0.8);
    // Cut from real pixels, inside the 1200×1600 source.
    expect(photo.source).toEqual({ width: 1200, height: 1600 });
    expect(photo.crop!.left + photo.crop!.width).toBeLessThanOrEqual(1200);
    expect(photo.crop!.top + photo.crop!.height).toBeLessThanOrEqual(1600);
    // No retouching: the photo's pixels are the source's, only cropped and resized.
    const expected = await sharp(frontalPlain).extract(photo.crop!).resize(photo.width, photo.height).raw().toBuffer();
    const actual = await sharp(photo.jpeg).raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < actual.length; i++) diff += Math.abs(actual[i]! - expected[i]!);
    expect(diff / actual.length).toBeLessThan(3); // JPEG re-encoding noise only
  });

  it('as photographed it is turned ≈ 12° aside: pose does not pass (ISO/IEC 19794-5: ±5°)', async () => {
    const photo = await pipeline.process(plain);
    expect(levelOf(photo, 'pose'), checkOf(photo, 'pose').reason.en).not.toBe('pass');
    expect(checkOf(photo, 'pose').reason.en).toMatch(/turned to the side/);
  });

  it('is turned upright from EXIF orientation, and EXIF, GPS and XMP are removed', async () => {
    const sideways = await variants.sidewaysWithExif(plain);
    const input = await sharp(sideways).metadata();
    expect(input.orientation).toBe(6);
    expect(input.exif).toBeDefined();
    expect(input.xmp).toBeDefined();
    expect(input.width).toBeGreaterThan(input.height!); // stored on its side
    const photo = await pipeline.process(sideways);
    await expectJlisFile(photo);
    expect(photo.source).toEqual({ width: 1200, height: 1600 });
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'eyes')).toBe('pass');
  });

  it('a Display P3 input comes out sRGB without an ICC profile', async () => {
    const p3 = await variants.displayP3(plain);
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    const photo = await pipeline.process(p3);
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
  });

  it('a progressive input gives a baseline output', async () => {
    const photo = await pipeline.process(await variants.progressive(plain));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
  });
});

describe('checks on synthetic defects of the same photo', () => {
  it('blur fails sharpness', async () => {
    const photo = await pipeline.process(await variants.blurred(plain));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'sharpness')).toBe('fail');
  });

  it('under-exposure fails exposure as too dark', async () => {
    const photo = await pipeline.process(await variants.exposed(plain, 0.3));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'exposure')).toBe('fail');
    expect(checkOf(photo, 'exposure').reason.en).toMatch(/dark/);
  });

  it('over-exposure fails exposure as too bright', async () => {
    const photo = await pipeline.process(await variants.exposed(plain, 1.8, 40));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'exposure')).toBe('fail');
    expect(checkOf(photo, 'exposure').reason.en).toMatch(/bright/);
  });

  it('a shadow over half the face fails shadow', async () => {
    const photo = await pipeline.process(await variants.halfShadow(plain));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'shadow')).toBe('fail');
    expect(checkOf(photo, 'shadow').value).toBeGreaterThan(0.3);
  });

  it('a striped wall above the head fails background', async () => {
    const photo = await pipeline.process(await variants.stripedTop(plain));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'background')).toBe('fail');
  });
});

describe('other real faces', () => {
  it('eyes closed and looking down: eyes fail', async () => {
    const photo = await pipeline.process(await portrait('eyesDown'));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'eyes')).toBe('fail');
    expect(photo.level).toBe('fail');
  });

  it('head turned aside: pose is not a pass', async () => {
    const photo = await pipeline.process(await portrait('turned'));
    await expectJlisFile(photo);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'pose')).not.toBe('pass');
    expect(checkOf(photo, 'pose').reason.en).toMatch(/turned to the side/);
  });

  it('a small face in a big frame is enlarged to 480 px and head_size says so', async () => {
    const photo = await pipeline.process(await portrait('good'));
    await expectJlisFile(photo);
    expect(photo.crop!.width).toBeLessThan(480);
    expect(photo.width).toBe(480);
    expect(checkOf(photo, 'head_size').reason.en).toMatch(/enlarged/);
  });
});

describe('a failing frame scan', () => {
  it('fails the upload as a server error (FaceDetectionError), and leaves no rejection unhandled', async () => {
    // The scan fails at once, while the checks are still resampling: before the fix this rejection
    // was unhandled for a moment, which ends a Node process (and fails this test run).
    class FailingScan extends FaceDetector {
      override async detect(image: RgbImage, options: { detectorOnly?: boolean } = {}) {
        if (options.detectorOnly) throw new FaceDetectionError('frame scan failed (test)');
        return super.detect(image, options);
      }
    }
    const failing = createPhotoPipeline({ detector: new FailingScan() });
    try {
      await expect(failing.process(plain)).rejects.toBeInstanceOf(FaceDetectionError);
      await new Promise((resolve) => setTimeout(resolve, 200)); // any late rejection would surface here
    } finally {
      await failing.close();
    }
  });
});

describe('no face or several faces', () => {
  it('a group photo still gives a valid centred photo, with one_face failed (3 faces)', async () => {
    const photo = await pipeline.process(await sharp(samplePath(1)).jpeg({ quality: 90 }).toBuffer());
    await expectJlisFile(photo);
    expect(checkOf(photo, 'one_face')).toMatchObject({ level: 'fail', value: 3 });
    expect(photo.level).toBe('fail');
    const centre = photo.crop!.left + photo.crop!.width / 2;
    expect(Math.abs(centre - photo.source!.width / 2)).toBeLessThanOrEqual(1);
    expect(photo.crop!.height).toBeGreaterThanOrEqual(photo.source!.height - 1); // the largest 35:45 frame
  });

  it('two people side by side at the booth: one_face fails with 2', async () => {
    const height = 700;
    const [left, right] = await Promise.all(
      (['good', 'turned'] as const).map(async (face) =>
        sharp(await portrait(face))
          .resize({ height })
          .toBuffer(),
      ),
    );
    const frame = await sharp({ create: { width: 1280, height: 720, channels: 3, background: { r: 214, g: 216, b: 218 } } })
      .composite([
        { input: left, left: 120, top: 10 },
        { input: right, left: 700, top: 10 },
      ])
      .jpeg({ quality: 90 })
      .toBuffer();
    const photo = await pipeline.process(frame);
    await expectJlisFile(photo);
    expect(checkOf(photo, 'one_face')).toMatchObject({ level: 'fail', value: 2 });
    expect(photo.level).toBe('fail');
  });

  it("a second, smaller face at the edge of the photo's frame is found by the frame scan (one_face not passed)", async () => {
    // The applicant on a plain wall, and another person's face (about 40 % of the applicant's
    // width) at the right edge of where the photo will be cut: too small for the front-camera
    // detector in the whole picture, found when the photo's frame is searched on its own.
    const wall = { r: 214, g: 216, b: 218 };
    const applicant = await sharp(await plainBackgroundPortrait(wall))
      .resize({ height: 960 })
      .toBuffer();
    const frame = await sharp({ create: { width: 1280, height: 960, channels: 3, background: wall } })
      .composite([
        { input: applicant, left: 280, top: 0 },
        { input: await ovalFace('good', 380), left: 790, top: 10 },
      ])
      .jpeg({ quality: 90 })
      .toBuffer();
    const photo = await pipeline.process(frame);
    await expectJlisFile(photo);
    expect(['warn', 'fail']).toContain(levelOf(photo, 'one_face'));
    // Without the other person the same frame passes: the finding is theirs.
    const alone = await pipeline.process(
      await sharp({ create: { width: 1280, height: 960, channels: 3, background: wall } })
        .composite([{ input: applicant, left: 280, top: 0 }])
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    expect(levelOf(alone, 'one_face')).toBe('pass');
  });

  it('a blank wall gives a valid photo (enlarged to reach 20 KB), with one_face failed (0 faces)', async () => {
    const photo = await pipeline.process(await flatJpeg(1280, 720));
    await expectJlisFile(photo);
    expect(checkOf(photo, 'one_face')).toMatchObject({ level: 'fail', value: 0 });
    for (const check of photo.checks.slice(1)) expect(check.reason.en).toMatch(/no face/);
  });
});

describe('12-megapixel input', () => {
  it('is reduced to 960 px wide and stays within the file limits', async () => {
    const big = await sharp(plain).resize(3000, 4000).jpeg({ quality: 90 }).toBuffer();
    const photo = await pipeline.process(big);
    await expectJlisFile(photo);
    expect(photo.width).toBe(960);
    expect(photo.height).toBe(1234);
    expect(levelOf(photo, 'one_face')).toBe('pass');
    expect(levelOf(photo, 'head_size')).toBe('pass');
  });

  it('is encoded with the standard Huffman tables (T.81 Annex K), not tables optimised in a second pass', async () => {
    const big = await sharp(plain).resize(3000, 4000).jpeg({ quality: 90 }).toBuffer();
    const photo = await pipeline.process(big);
    // libjpeg writes one DHT segment a table: 2 length bytes, the class/id byte, 16 code counts,
    // then the symbols — the standard DC tables have 12 symbols, the AC tables 162 (an optimised
    // table lists only the symbols the picture uses).
    const tables = jpegSegments(photo.jpeg).filter((s) => s.marker === 0xc4);
    expect(tables.map((t) => t.length - 19).sort((a, b) => a - b)).toEqual([12, 12, 162, 162]);
  });

  it("records when the photo's encode and the checks' steps ran, after detection, side by side", async () => {
    const big = await sharp(plain).resize(3000, 4000).jpeg({ quality: 90 }).toBuffer();
    const timings = (await pipeline.process(big)).timingsMs!;
    const { encode, scan, faceCopy, grey } = timings.steps;
    for (const step of [encode, scan, faceCopy, grey]) {
      expect(step![0]).toBeGreaterThanOrEqual(timings.detect);
      expect(step![1]).toBeGreaterThanOrEqual(step![0]);
      expect(step![1]).toBeLessThanOrEqual(timings.total);
    }
    // The grey copy is resampled while the photo is encoded (decision 0044: one after another was no faster).
    expect(grey![0]).toBeLessThan(encode![1]);
    expect(encode![0]).toBeLessThan(grey![1]);
  });

  it('keeps the event loop responsive while it is processed', async () => {
    const big = await sharp(samplePath(6)).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
    let worstLag = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - last - 10);
      last = now;
    }, 10);
    try {
      await pipeline.process(big);
    } finally {
      clearInterval(timer);
    }
    // Decoding runs on libuv threads and detection in the worker; only the checks' arithmetic
    // (~1 megapixel) runs here. Generous bound for a shared 2-core machine.
    expect(worstLag).toBeLessThan(250);
  });

  it("the two decode strategies ('parallel' and 'after-detection') give the same photo, byte for byte, whether the frame lay in the area decoded early or not", async () => {
    const big = await sharp(plain).resize(3000, 4000).jpeg({ quality: 90 }).toBuffer();
    // A group photo: several faces, so the photo is the centred frame — the area a baseline still
    // decodes early (decision 0042).
    const group = await sharp(samplePath(1)).jpeg({ quality: 90 }).toBuffer();
    // The applicant at the left edge of a wide picture: the frame lies outside the centred frame
    // decoded early, so the crop is decoded again after detection.
    const aside = await sharp({ create: { width: 3200, height: 1600, channels: 3, background: { r: 214, g: 216, b: 218 } } })
      .composite([{ input: plain, left: 0, top: 0 }])
      .jpeg({ quality: 90 })
      .toBuffer();
    // A progressive still decodes early the area the detector's box allows (decision 0041).
    const progressive = await variants.progressive(plain);
    // The sample faces whose mesh reaches furthest in the detector's box (forehead to chin 0.73 and
    // 0.74 of its side, MESH_IN_DETECTOR_BOX): their frames too lie in the area decoded early.
    const [good, turned] = await Promise.all([
      variants.progressive(await portrait('good')),
      variants.progressive(await portrait('turned')),
    ]);
    const [parallel, after] = [createPhotoPipeline({ decode: 'parallel' }), createPhotoPipeline({ decode: 'after-detection' })];
    try {
      for (const [input, early, centred] of [
        [big, true, true],
        [plain, true, true],
        [group, true, true],
        [aside, false, true],
        [progressive, true, false],
        [good, true, false],
        [turned, true, false],
      ] as const) {
        const [a, b] = await Promise.all([parallel.process(input), after.process(input)]);
        expect(a.decode).toBe(centred ? 'parallel' : 'after-detection');
        expect(b.decode).toBe('after-detection');
        expect(b.decodedEarly).toBe(early);
        expect(b.timingsMs?.early).toBeDefined(); // decoded early in every case
        // A baseline still: the largest centred 35:45 frame; a progressive one: from the detector's box.
        expect(b.earlyArea).toBeDefined();
        if (centred) expect(b.earlyArea).toEqual(centredFrame(b.source!));
        else expect(b.earlyArea).not.toEqual(centredFrame(b.source!));
        expect(a.crop).toEqual(b.crop);
        expect(Buffer.compare(a.jpeg, b.jpeg)).toBe(0);
        expect(a.checks).toEqual(b.checks);
        for (const photo of [a, b]) expect(photo.timingsMs?.total).toBeGreaterThan(0);
      }
    } finally {
      await Promise.all([parallel.close(), after.close()]);
    }
  });
});

describe('bad input is refused before processing', () => {
  it('non-images, PNG, WebP, HEIC and GIF: 415 photo_unsupported_format', async () => {
    await expectProblem(Buffer.from('this is not an image at all'), 415, 'photo_unsupported_format');
    await expectProblem(Buffer.alloc(0), 415, 'photo_unsupported_format');
    await expectProblem(variants.png(plain), 415, 'photo_unsupported_format');
    await expectProblem(variants.webp(plain), 415, 'photo_unsupported_format');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(64)]);
    await expectProblem(heic, 415, 'photo_unsupported_format');
    await expectProblem(sharp(plain).gif().toBuffer(), 415, 'photo_unsupported_format');
  });

  it('a truncated JPEG: 422 photo_unreadable', async () => {
    await expectProblem(variants.truncated(plain), 422, 'photo_unreadable');
    await expectProblem(variants.truncated(plain, 0.95), 422, 'photo_unreadable');
  });

  it('a JPEG whose header is garbage: 422 photo_unreadable', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(200, 0x41)]);
    await expectProblem(broken, 422, 'photo_unreadable');
  });

  it('CMYK and greyscale: 422 photo_colour_space', async () => {
    const cmyk = await variants.cmyk(plain);
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    await expectProblem(cmyk, 422, 'photo_colour_space');
    const grey = await variants.grey(plain);
    expect((await sharp(grey).metadata()).channels).toBe(1);
    await expectProblem(grey, 422, 'photo_colour_space');
  });

  it('1×1 and other too-small images: 422 photo_too_small', async () => {
    await expectProblem(flatJpeg(1, 1), 422, 'photo_too_small');
    await expectProblem(flatJpeg(640, 480), 422, 'photo_too_small');
    await expectProblem(flatJpeg(479, 1000), 422, 'photo_too_small');
  });

  it('a 30000×30000 decompression bomb: 422 photo_too_many_pixels, from the header, at once', async () => {
    const bomb = await bombJpeg(30000, 30000);
    expect(bomb.length).toBeLessThan(5000);
    const started = performance.now();
    await expectProblem(bomb, 422, 'photo_too_many_pixels');
    // Refused from the header: decoding 900 MP would take many seconds (margin for a loaded machine).
    expect(performance.now() - started).toBeLessThan(2000);
  });

  /** A flat-colour progressive JPEG: a few hundred KB however many pixels (what a memory attack sends). */
  const flatProgressive = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 200, g: 190, b: 180 } }, limitInputPixels: false })
      .jpeg({ quality: 90, progressive: true })
      .toBuffer();
  /** The same file cut just after its header: decoding it would fail as photo_unreadable. */
  const headerOnly = (jpeg: Buffer) => Buffer.from(jpeg.subarray(0, 2048));

  it('over the pixel cap (24 MP, 6000×4000, 140 KB): 422 photo_too_many_pixels, from the header, before decoding', async () => {
    expect([DEFAULT_MAX_INPUT_PIXELS, DEFAULT_MAX_INPUT_SIDE]).toEqual([20_000_000, 6000]);
    const big = await flatProgressive(6000, 4000);
    expect(big.length).toBeLessThan(1_000_000);
    await expectProblem(big, 422, 'photo_too_many_pixels');
    // Refused from the header: the same header over missing pixel data gets the same answer, where
    // a decode would have found the file truncated.
    await expectProblem(headerOnly(big), 422, 'photo_too_many_pixels');
    expect(pipeline.budget.running).toBe(0);
  });

  it('an extreme aspect: 65000×760 (49 MP, under the old 50 MP cap) is over the pixel cap; 20000×760 (15 MP) is too long a side (422 photo_side_too_long); both before decoding', async () => {
    const strip = await flatProgressive(65000, 760);
    expect(strip.length).toBeLessThan(1_000_000);
    await expectProblem(strip, 422, 'photo_too_many_pixels');
    await expectProblem(headerOnly(strip), 422, 'photo_too_many_pixels');
    const shorter = await flatProgressive(20000, 760);
    await expectProblem(shorter, 422, 'photo_side_too_long');
    await expectProblem(headerOnly(shorter), 422, 'photo_side_too_long');
    // At the side cap the other checks still apply (here: too small for a 35:45 photo).
    await expectProblem(flatProgressive(6000, 600), 422, 'photo_too_small');
    expect(pipeline.budget.running).toBe(0);
  });

  it('the pixel limit is configurable', async () => {
    const strict = createPhotoPipeline({ maxInputPixels: 1_000_000 });
    try {
      await expectProblem(sharp(plain).resize(1200, 1600).jpeg().toBuffer(), 422, 'photo_too_many_pixels', strict);
    } finally {
      await strict.close();
    }
  });

  it('the pipeline still works after refusing bad input', async () => {
    const photo = await pipeline.process(plain);
    expect(levelOf(photo, 'one_face')).toBe('pass');
  });
});

describe('the face worker', () => {
  it('takes photos submitted together one at a time, and all succeed', async () => {
    const blurred = await variants.blurred(plain);
    const photos = await Promise.all([pipeline.process(plain), pipeline.process(blurred), pipeline.process(plain)]);
    expect(photos.map((p) => levelOf(p, 'one_face'))).toEqual(['pass', 'pass', 'pass']);
    expect(photos.map((p) => levelOf(p, 'sharpness'))).toEqual(['pass', 'fail', 'pass']);
  });

  it('a closed pipeline refuses work instead of hanging', async () => {
    const closing = createPhotoPipeline();
    await closing.warmUp();
    await closing.close();
    await expect(closing.process(plain)).rejects.toThrow(/closed/);
  });
});

describe('bounded memory: admission by decoded bytes', () => {
  it('weighs each still from its header (upload + decode estimate); a progressive still is decoded after detection', async () => {
    const baseline = await sharp(plain).resize(3000, 4000).jpeg({ quality: 90 }).toBuffer();
    const progressive = await variants.progressive(baseline);
    const [a, b] = [await pipeline.process(baseline), await pipeline.process(progressive)];
    // The default strategy for a camera's baseline still (decision 0041); a progressive still is
    // decoded after detection whatever is preferred (the two give the same photo: the
    // byte-for-byte test above).
    expect([a.decode, b.decode]).toEqual(['after-detection', 'after-detection']);
    const parallel = createPhotoPipeline({ decode: 'parallel' });
    try {
      expect([(await parallel.process(baseline)).decode, (await parallel.process(progressive)).decode]).toEqual([
        'parallel',
        'after-detection',
      ]);
    } finally {
      await parallel.close();
    }
    // 12 MP: at least 36 MB (the area decoded early and the crop, each up to the largest frame,
    // 2999×3857 here); the progressive still adds its coefficient buffer.
    expect(a.weight! - baseline.length).toBeGreaterThan(36 * 2 ** 20);
    expect(b.weight! - progressive.length).toBeGreaterThan(a.weight! - baseline.length);
    for (const photo of [a, b]) expect(levelOf(photo, 'one_face')).toBe('pass');
  });

  it('with a tiny budget, photos that do not fit wait their turn, one at a time, and all succeed', async () => {
    const tiny = createPhotoPipeline({ memoryBudgetBytes: 8 * 2 ** 20, maxWaiting: 8, maxWaitMs: 60_000 });
    try {
      await tiny.warmUp();
      let most = 0;
      const watch = setInterval(() => (most = Math.max(most, tiny.budget.running)), 1);
      const photos = await Promise.all([plain, plain, plain].map((input) => tiny.process(input))).finally(() => clearInterval(watch));
      expect(photos.map((p) => levelOf(p, 'one_face'))).toEqual(['pass', 'pass', 'pass']);
      expect(most).toBe(1);
      // Each was heavier than the whole budget: it ran alone, and the others queued behind it.
      expect(photos.every((p) => p.weight! > 8 * 2 ** 20)).toBe(true);
      // Queued behind another means waiting out a whole photo (≥ 100 ms here); a photo admitted at once
      // can still read 0.1 ms on a loaded machine (seen in npm test), so that is not counted as waiting.
      expect(photos.filter((p) => p.timingsMs!.queued > 10).length).toBe(2);
      expect([tiny.budget.inUse, tiny.budget.running, tiny.budget.waiting]).toEqual([0, 0, 0]);
    } finally {
      await tiny.close();
    }
  });

  it('a photo that waits longer than the bounded wait, or finds the queue full, gets 503 photo_pipeline_busy (ja/en)', async () => {
    const tiny = createPhotoPipeline({ memoryBudgetBytes: 8 * 2 ** 20, maxWaiting: 1, maxWaitMs: 50 });
    try {
      await tiny.warmUp();
      // The whole budget held (as by a long photo) until both are refused: a real 12 MP photo
      // could finish within the 50 ms on a quiet machine, and the second photo would get in.
      let release = () => {};
      const held = tiny.budget.run(8 * 2 ** 20, () => new Promise<void>((resolve) => (release = resolve)));
      expect(tiny.budget.running).toBe(1);
      const results = await Promise.allSettled([tiny.process(plain), tiny.process(plain)]);
      release();
      await held;
      // The first waited 50 ms for room and gave up; the second found the queue full.
      for (const refused of results) {
        expect(refused.status).toBe('rejected');
        const problem = (refused as PromiseRejectedResult).reason as Problem;
        expect(Problem.is(problem)).toBe(true);
        expect([problem.status, problem.code]).toEqual([503, 'photo_pipeline_busy']);
        expect(problem.messages.ja).toMatch(/混み合/);
        expect(problem.messages.en).toMatch(/busy/);
      }
      // The queue drains: the pipeline takes work again.
      expect(levelOf(await tiny.process(plain), 'one_face')).toBe('pass');
      expect([tiny.budget.inUse, tiny.budget.running, tiny.budget.waiting]).toEqual([0, 0, 0]);
    } finally {
      await tiny.close();
    }
  });

  it('input refused from its header never takes room in the budget', async () => {
    const notAJpeg = Buffer.from('not a photo at all');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => pipeline.process(notAJpeg).catch((error: unknown) => error as Problem)),
    );
    expect(results.every((r) => Problem.is(r) && r.code === 'photo_unsupported_format')).toBe(true);
    expect([pipeline.budget.inUse, pipeline.budget.running, pipeline.budget.waiting]).toEqual([0, 0, 0]);
  });
});
