/**
 * The server photo pipeline: a camera JPEG in, a J-LIS-conformant application photo out, with
 * the checks the operator approves or retakes on. Orientation, crop, resize, re-encode and
 * metadata removal only — never any retouching (no sharpening, colour or brightness change).
 *
 *   1. Refuse bad input from the header alone (format, colour space, size, pixel bombs), weigh
 *      what decoding it will hold, and wait for room in the memory budget (admission.server.ts).
 *   2. Decode a small copy (JPEG shrink-on-load) for the face models (ONNX on onnxruntime-node,
 *      in a worker thread); find the crown of the head against the plain wall.
 *   3. Crop 35:45 around the head (domain/photo/crop), resize to 480–6000 px, encode baseline
 *      JPEG with no metadata at a quality that gives 20 KB–7 MB.
 *   4. Measure the photo and decide the checks (domain/photo/checks), while the photo's frame is
 *      searched for other people's faces.
 */
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { blockiness } from '../../domain/photo/blockiness';
import {
  checkBackground,
  checkCentred,
  checkCompression,
  checkDynamicRange,
  checkExposure,
  checkExpression,
  checkEyes,
  checkEyesHidden,
  checkGlare,
  checkHeadSize,
  checkOneFace,
  checkPose,
  checkRedEye,
  checkResolution,
  checkShadow,
  checkSharpness,
  notJudgedChecks,
  type PhotoCheck,
  type PhotoCheckLevel,
  worstLevel,
} from '../../domain/photo/checks';
import {
  centredFrame,
  clampFrame,
  containsRect,
  estimateHead,
  frameAreaFromDetector,
  framingOf,
  type Head,
  idealFrame,
  MAX_SIDE,
  MIN_INPUT,
  outputSize,
  PHOTO_ASPECT,
  type Rect,
  type Size,
  scaleRect,
  sourceRectOf,
} from '../../domain/photo/crop';
import {
  backgroundFaceCount,
  countedFaces,
  type DetectedFace,
  eyeOpenness,
  faceSpan,
  headPoseOf,
  landmarksOf,
  otherFacesInPhoto,
  scaleFace,
} from '../../domain/photo/face';
import { faceMeasures } from '../../domain/photo/face-measures';
import type { DetectorBox } from '../../domain/photo/face-model';
import { findHeadTop } from '../../domain/photo/head-top';
import {
  DEFAULT_MAX_INPUT_PIXELS,
  DEFAULT_MAX_INPUT_SIDE,
  type DecodeStrategy,
  decodeBytes,
  decodesEarly,
  largestCropPixels,
  type StillHeader,
  strategyFor,
} from '../../domain/photo/input-budget';
import { sniffFormat } from '../../domain/photo/jpeg';
import { interEyeDistance } from '../../domain/photo/landmarks';
import {
  backgroundRegions,
  clipRect,
  cutRgb,
  type Grey,
  halfImbalance,
  laplacianVariance,
  luminanceStats,
  regionTexture,
  rowsNeeded,
} from '../../domain/photo/measure';
import type { Rgb } from '../../domain/photo/rgb';
import { Problem } from '../platform/problems';
import { createMemoryBudget, type MemoryBudget } from './admission.server';
import { FaceDetectionError, FaceDetector, type ModelTimings, type RgbImage } from './face.server';
import { photoInputProblems } from './problems';

export interface ProcessedPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
  bytes: number;
  quality: number;
  checks: PhotoCheck[];
  level: PhotoCheckLevel;
  /** The 35:45 area of the upright source image the photo was cut from (source pixels). */
  crop?: Rect;
  /** Upright source image size. */
  source?: Size;
  /** The decode strategy used: a progressive still is always decoded 'after-detection'. */
  decode?: DecodeStrategy;
  /** Bytes the photo was admitted with (its upload and its decode estimate). */
  weight?: number;
  /**
   * 'after-detection': whether the photo was cut from the area decoded early (false: the frame
   * fell outside it, or nothing was decoded early, and the crop was decoded after detection).
   */
  decodedEarly?: boolean;
  /**
   * 'after-detection': the area of the upright image decoded early, if any: for a baseline still
   * the largest centred 35:45 frame, decoded beside the detection copy; for a progressive one the
   * area the detector's box allows, decoded while the mesh and iris run (decision 0042).
   */
  earlyArea?: Rect;
  /**
   * Milliseconds (for the benchmark and logs; no personal data), from the start: queued (waiting
   * for room in the memory budget), decode (the detection copy ready), detector (the detector's
   * boxes known), faces (mesh and iris done too), fullImage ('parallel': the full decode done),
   * early ('after-detection': the area decoded early is ready) and detect (the faces and the
   * decode started beside them both done); then stage durations: models (each face model's time,
   * worker round trip included), crop (from detect until the photo's pixels are there: waiting
   * for the early decode, or decoding the crop), encode (crop, resize and JPEG in one sharp
   * pipeline) and checks, which overlap; total is the whole call.
   */
  timingsMs?: {
    queued: number;
    decode: number;
    detector: number;
    faces: number;
    fullImage?: number;
    early?: number;
    detect: number;
    models: ModelTimings;
    crop: number;
    encode: number;
    checks: number;
    total: number;
    /**
     * When each step after detection ran, [start, end] in ms from the start: the photo's encode
     * (crop, resize, JPEG) and, beside it, the checks' frame scan, the face's colour copy and the
     * grey copy (these three only when one face was found).
     */
    steps: Steps;
  };
}

/** [start, end] of the steps after detection, ms from the start of process(). */
export type Steps = Partial<Record<'encode' | 'scan' | 'faceCopy' | 'grey', readonly [number, number]>>;

export interface PhotoPipeline {
  process(input: Buffer): Promise<ProcessedPhoto>;
  /** Admission by memory: what the photos being processed hold, and how many wait. */
  readonly budget: MemoryBudget;
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

// The input caps and strategies live with the memory estimate (domain/photo/input-budget).
export { DEFAULT_MAX_INPUT_PIXELS, DEFAULT_MAX_INPUT_SIDE, type DecodeStrategy };

/**
 * Long side of the copy the face model sees. The detector works at 128 px on the whole picture, the
 * mesh at 192 px per face (cut from this copy), so the face keeps its detail for the mesh.
 */
export const DETECTION_LONG_SIDE = 480;

/**
 * The small copy the face models see: the upright picture at most DETECTION_LONG_SIDE px on its
 * long side, sRGB, three channels (JPEG shrink-on-load makes it cheap). The one definition, for the
 * pipeline, its warm-up and the benches and tests that must see what the pipeline sees.
 */
export async function detectionCopyOf(upright: Sharp): Promise<RgbImage> {
  const { data, info } = await upright
    .resize({ width: DETECTION_LONG_SIDE, height: DETECTION_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
/** J-LIS file-size limits. */
export const MIN_BYTES = 20 * 1024;
export const MAX_BYTES = 7 * 1024 * 1024;
const QUALITY = 90;

// No operation cache: every photo is different, and a cache would keep decoded images after the
// burst. One libvips thread per operation (sharp's default on glibc, whose per-thread arenas keep
// freed memory; said explicitly so it does not depend on the libc): a photo's operations already
// run side by side on libuv's threads, which the two cores cannot outpace.
sharp.cache(false);
sharp.concurrency(1);

const MB = 1024 * 1024;
/**
 * Bytes the photos being processed may hold together (decision 0011, "Memory"). The app idles at
 * ≈ 300 MiB; with this budget the worst burst measured added ≈ 250 MiB (garbage V8 had not yet
 * collected included), under the 600 MiB goal. Two 12 MP camera stills (≈ 81 MiB each, estimated
 * with their upload) still run at once, as before.
 */
export const DEFAULT_MEMORY_BUDGET_BYTES = 192 * MB;
/** Photos that may wait for room; beyond this an upload is refused with 503 (retry shortly). */
export const PIPELINE_MAX_WAITING = 8;
/** How long a photo may wait for room before it is refused with 503. */
export const DEFAULT_MAX_WAIT_MS = 10_000;

export { pipelineBusy } from './problems';

export interface PhotoPipelineOptions {
  /** Largest width × height accepted (refused from the header, before decoding). */
  maxInputPixels?: number;
  /** Longest side accepted (refused from the header, before decoding). */
  maxInputSide?: number;
  /** Preferred decode strategy for baseline stills (progressive ones are always 'after-detection'). */
  decode?: DecodeStrategy;
  /** Bytes the photos being processed may hold together. */
  memoryBudgetBytes?: number;
  maxWaiting?: number;
  maxWaitMs?: number;
  /** The face detector to use (tests hand in one that fails on purpose); closed with the pipeline. */
  detector?: FaceDetector;
}

/** The pipeline's settings from the environment (app/server/platform/env.ts). */
export const pipelineOptionsFrom = (env: {
  PHOTO_MAX_PIXELS: number;
  PHOTO_MAX_SIDE: number;
  PHOTO_MEMORY_BUDGET_MB: number;
  PHOTO_QUEUE_WAIT_MS: number;
}): PhotoPipelineOptions => ({
  maxInputPixels: env.PHOTO_MAX_PIXELS,
  maxInputSide: env.PHOTO_MAX_SIDE,
  memoryBudgetBytes: env.PHOTO_MEMORY_BUDGET_MB * MB,
  maxWaitMs: env.PHOTO_QUEUE_WAIT_MS,
});

/**
 * Decode strategy for baseline stills unless told: see decisions 0032 and 0041 (bench:photo
 * measures both; the faster one is the default).
 */
export const DEFAULT_DECODE: DecodeStrategy = 'after-detection';

export function createPhotoPipeline(options: PhotoPipelineOptions = {}): PhotoPipeline {
  const limits: Limits = {
    maxPixels: options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS,
    maxSide: options.maxInputSide ?? DEFAULT_MAX_INPUT_SIDE,
  };
  const preferred = options.decode ?? DEFAULT_DECODE;
  const detector = options.detector ?? new FaceDetector();
  const budget = createMemoryBudget({
    budgetBytes: options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES,
    maxWaiting: options.maxWaiting ?? PIPELINE_MAX_WAITING,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  });
  return {
    budget,
    async process(input: Buffer) {
      const t0 = performance.now();
      // Refused from the header alone, then weighed: nothing is decoded before there is room.
      const header = await readHeader(input, limits);
      const decode = strategyFor(header, preferred);
      const weight = input.length + decodeBytes(header, decode);
      const tWeighed = performance.now();
      return budget.run(weight, async () => ({
        ...(await processPhoto(input, header, limits, decode, detector, t0, tWeighed)),
        decode,
        weight,
      }));
    },
    warmUp: () => warmUp(detector),
    close: () => detector.close(),
  };
}

/**
 * Loads the face models, then runs real detections on a sample face picture: the first detections
 * after loading are slower (the runtime's first allocations, JIT of the pre/post-processing), and
 * without this the first photo of the day pays for it.
 */
async function warmUp(detector: FaceDetector): Promise<void> {
  await detector.warmUp();
  const sample = detector.warmUpSample;
  if (!sample) return;
  const image = await detectionCopyOf(sharp(sample));
  for (let i = 0; i < WARM_UP_DETECTIONS; i++) await detector.detect(image);
  // The frame scan's detector-only call has a first-time cost of its own.
  await detector.detect(image, { detectorOnly: true });
  // The encoder's first call is slow too.
  await encodeWithinLimits(() => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }));
}
const WARM_UP_DETECTIONS = 3;

interface Limits {
  maxPixels: number;
  maxSide: number;
}

interface Header extends StillHeader {
  /** Size after EXIF orientation. */
  upright: Size;
}

/** Step 1: everything that can be refused without decoding the image data. */
async function readHeader(input: Buffer, limits: Limits): Promise<Header> {
  const sniffed = sniffFormat(input);
  if (sniffed !== 'jpeg') throw photoInputProblems.unsupportedFormat(sniffed === 'unknown' ? 'unknown' : sniffed.toUpperCase());
  let meta: Metadata;
  try {
    // Header only: sharp reads the JPEG markers, not the compressed image data.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw photoInputProblems.unreadable();
  }
  if (meta.format !== 'jpeg') throw photoInputProblems.unsupportedFormat(String(meta.format ?? 'unknown').toUpperCase());
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw photoInputProblems.unreadable();
  if (width * height > limits.maxPixels) throw photoInputProblems.tooManyPixels(width, height, limits.maxPixels);
  // A strip (20000×760) is under the pixel cap and still no camera's still.
  if (Math.max(width, height) > limits.maxSide) throw photoInputProblems.sideTooLong(width, height, limits.maxSide);
  if (meta.space === 'cmyk' || meta.channels === 4) throw photoInputProblems.colourSpace('CMYK');
  if (meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) < 3) throw photoInputProblems.colourSpace('greyscale');
  if (meta.space !== 'srgb' && meta.space !== 'rgb') throw photoInputProblems.colourSpace(String(meta.space ?? 'unknown'));
  const upright = (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
  if (upright.width < MIN_INPUT.width || upright.height < MIN_INPUT.height)
    throw photoInputProblems.tooSmall(upright.width, upright.height, MIN_INPUT.width, MIN_INPUT.height);
  return {
    width,
    height,
    upright,
    progressive: meta.isProgressive === true,
    chromaSubsampling: meta.chromaSubsampling,
    orientation: meta.orientation,
  };
}

/** Turns decoder failures into the matching Problem. */
function decodeProblem(error: unknown, header: Header, limits: Limits): Problem {
  if (Problem.is(error)) return error;
  // A failing face model is the server's fault, not the photo's: let it surface as a 500.
  if (error instanceof FaceDetectionError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return photoInputProblems.tooManyPixels(header.width, header.height, limits.maxPixels);
  return photoInputProblems.unreadable();
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

async function processPhoto(
  input: Buffer,
  header: Header,
  limits: Limits,
  decode: DecodeStrategy,
  detector: FaceDetector,
  t0: number,
  tWeighed: number,
): Promise<ProcessedPhoto> {
  const tAdmitted = performance.now();
  // failOn 'warning': a truncated or damaged JPEG is refused rather than half-grey. The pixel
  // limit again, in the decoder, in case a header ever reads differently there. sequentialRead
  // (sharp's default) keeps a baseline decode to a few lines at a time; `unlimited` stays off, so
  // libvips keeps its own guards against hostile files.
  const source = () =>
    sharp(input, { failOn: 'warning', limitInputPixels: limits.maxPixels, sequentialRead: true, unlimited: false }).rotate();

  // Step 2: the small copy for the face model (JPEG shrink-on-load makes it cheap). In 'parallel'
  // mode the full image is decoded at the same time on sharp's threads and goes on while the model
  // runs in its worker; in 'after-detection' mode only an area the photo's frame will likely lie in
  // is decoded early: for a baseline upright still the largest centred 35:45 frame, beside the
  // detection copy (the other core is idle until the detector runs; the applicant stands centred
  // in the booth, and with no face or several the centred frame is the photo); for a progressive
  // one (whose decodes must not overlap) the area the detector's box allows, while the mesh and
  // iris models run. When the frame falls outside, or for a turned still, the crop is decoded once
  // it is known (decisions 0011, 0032, 0041, 0042).
  const detectionCopy = detectionCopyOf(source());
  let tSmall = 0;
  let tDetector = 0;
  let tFaces = 0;
  let tFull = 0;
  let tEarly = 0;
  const models: ModelTimings = {};
  // 'after-detection': the area decoded early (its rectangle of the upright image, and its pixels).
  let early: { area: Rect; pixels: Promise<SourcePixels> } | undefined;
  const decodeArea = (area: Rect) => {
    const pixels = source()
      .removeAlpha()
      .toColourspace('srgb')
      .extract(area)
      .raw()
      .toBuffer()
      .then((data) => {
        tEarly = performance.now();
        return { ...area, data };
      });
    // Awaited below (or settled on failure); never an unhandled rejection meanwhile.
    pixels.catch(() => undefined);
    return { area, pixels };
  };
  // A baseline still's decodes may overlap (each holds only a few rows of the JPEG's own data), so
  // its centred frame is decoded now; a progressive still's area waits for the detector's box.
  const earlyDecode = decode === 'after-detection' && decodesEarly(header);
  if (earlyDecode && !header.progressive) early = decodeArea(centredFrame(header.upright));
  const decodeEarly = (boxes: readonly DetectorBox[], factor: number) => {
    tDetector = performance.now();
    if (!earlyDecode || !header.progressive || boxes.length === 0) return;
    // The largest face is the applicant's when there is one (countedFaces); with several faces
    // the photo is the centred frame, which falls outside and is decoded after detection.
    const largest = boxes.reduce((a, b) => (b.box.width > a.box.width ? b : a));
    // Never more than the memory estimate allows for it (decodeBytes): the largest frame.
    const maxPixels = largestCropPixels(header.upright.width, header.upright.height);
    const area = frameAreaFromDetector(scaleRect(largest.box, factor), header.upright, maxPixels);
    // Not decoding early is always safe (the crop is then decoded after detection).
    if (!Object.values(area).every(Number.isInteger) || area.width < 1 || area.height < 1) return;
    early = decodeArea(area);
  };
  const fullDecoded =
    decode === 'parallel'
      ? source()
          .removeAlpha()
          .toColourspace('srgb')
          .raw()
          .toBuffer({ resolveWithObject: true })
          .then((full) => {
            tFull = performance.now();
            return full;
          })
      : Promise.resolve(undefined);
  const detection = detectionCopy.then(async (small) => {
    tSmall = performance.now();
    const factor = header.upright.width / small.width;
    const all = await detector.detect(small, { onDetector: (boxes) => decodeEarly(boxes, factor), timings: models });
    tFaces = performance.now();
    const found = countedFaces(all);
    // The crown is looked for on the small copy: a plain wall is plain at any scale.
    const only = found.length === 1 ? found[0] : undefined;
    const crown = only ? findHeadTop(small, { ...landmarksOf(only), faceWidth: faceSpan(only).right - faceSpan(only).left }) : undefined;
    const scan: FrameScan | undefined = only && { small, factor, applicant: only.box };
    return {
      faces: found.map((f) => scaleFace(f, factor)),
      background: backgroundFaceCount(all),
      crown: crown === undefined ? undefined : crown * factor,
      scan,
    };
  });
  let decoded: (OutputInfo & { data: Buffer }) | undefined;
  let counted: DetectedFace[];
  let crown: number | undefined;
  let backgroundFaces = 0;
  let scan: FrameScan | undefined;
  try {
    const [fullResult, detected] = await Promise.all([fullDecoded, detection]);
    decoded = fullResult && { ...fullResult.info, data: fullResult.data };
    counted = detected.faces;
    crown = detected.crown;
    backgroundFaces = detected.background;
    scan = detected.scan;
  } catch (error) {
    // Let the other branches finish quietly before reporting (their memory is the admitted photo's).
    await Promise.allSettled([fullDecoded, detection, early?.pixels]);
    throw decodeProblem(error, header, limits);
  }
  const tDetected = performance.now();
  const steps: Steps = {};
  /** Runs a step and records when it ran. */
  const step = async <T>(name: keyof Steps, work: () => Promise<T>): Promise<T> => {
    const started = elapsed(t0);
    const result = await work();
    steps[name] = [started, elapsed(t0)];
    return result;
  };
  const image: Size = decoded ? { width: decoded.width, height: decoded.height } : header.upright;

  // Step 3: crop, resize, encode — one sharp pipeline from the source pixels to the JPEG.
  const face = counted.length === 1 ? counted[0] : undefined;
  const head = face ? estimateHead(landmarksOf(face), crown) : undefined;
  const crop = head ? clampFrame(idealFrame(head), image) : centredFrame(image);
  // Other people in the photo, looked for while it is encoded: the detector alone on the photo's
  // frame (and a margin) cut from the small copy, where a face too small for the front-camera
  // detector in the whole picture is large enough to be found.
  const others = scan ? step('scan', () => otherPeopleInFrame(detector, scan, crop)) : Promise.resolve({ counted: 0, background: 0 });
  const people = others.then((o) => ({ faces: counted.length + o.counted, background: backgroundFaces + o.background }));
  // Awaited last by the checks: a failing scan must not be an unhandled rejection meanwhile (it
  // would end the process); the checks still see it and fail the upload (500).
  people.catch(() => undefined);
  let pixels: SourcePixels;
  const decodedEarly = early !== undefined && containsRect(early.area, crop);
  try {
    // The whole decoded image; or ('after-detection') the area decoded early when the frame lies
    // in it, else just the crop, decoded from the JPEG now (region first: sharp decodes at full
    // size but stops after the crop's last row).
    if (decoded) pixels = { data: decoded.data, left: 0, top: 0, width: decoded.width, height: decoded.height };
    else if (early && decodedEarly) pixels = await early.pixels;
    else {
      // An early decode that missed finishes first: a progressive still's decodes must not run at
      // once (each holds a coefficient buffer of the whole image; decodeBytes counts one), and a
      // baseline one's would only compete for the cores.
      await early?.pixels.catch(() => undefined);
      pixels = { ...crop, data: await source().removeAlpha().toColourspace('srgb').extract(crop).raw().toBuffer() };
    }
  } catch (error) {
    throw decodeProblem(error, header, limits);
  }
  const tSource = performance.now();
  /** A rectangle of the upright source image, resized to `size` (a sharp pipeline, not yet run). */
  const region = (rect: Rect, size: Size) =>
    sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
      .extract({ left: rect.left - pixels.left, top: rect.top - pixels.top, width: rect.width, height: rect.height })
      .resize(size.width, size.height, { fit: 'fill' });
  const [encoded, checks] = await Promise.all([
    step('encode', async () => {
      const t = performance.now();
      let size = outputSize(crop);
      let result = await encodeWithinLimits(() => region(crop, size));
      // A nearly featureless picture (a blank wall) can stay under 20 KB even at quality 100;
      // a larger pixel size (same picture, still within 6000 px) is the only honest way up.
      for (let attempt = 0; result.jpeg.length < MIN_BYTES && size.width < MAX_SIDE && attempt < 3; attempt++) {
        const width = Math.min(MAX_SIDE, Math.ceil(size.width * Math.sqrt((MIN_BYTES * 1.3) / result.jpeg.length)));
        size = { width, height: Math.round(width / PHOTO_ASPECT) };
        result = await encodeWithinLimits(() => region(crop, size));
      }
      return { ...result, ...size, ms: elapsed(t) };
    }),
    (async () => {
      const t = performance.now();
      const result = await photoChecks(region, people, face, head, crop, pixels, step);
      return { result, ms: elapsed(t) };
    })(),
  ]);
  return {
    jpeg: encoded.jpeg,
    width: encoded.width,
    height: encoded.height,
    bytes: encoded.jpeg.length,
    quality: encoded.quality,
    checks: checks.result,
    level: worstLevel(checks.result),
    crop,
    source: image,
    decodedEarly: decode === 'after-detection' ? decodedEarly : undefined,
    earlyArea: early?.area,
    timingsMs: {
      queued: Math.round((tAdmitted - tWeighed) * 10) / 10,
      decode: Math.round((tSmall - t0) * 10) / 10,
      detector: Math.round((tDetector - t0) * 10) / 10,
      faces: Math.round((tFaces - t0) * 10) / 10,
      fullImage: tFull ? Math.round((tFull - t0) * 10) / 10 : undefined,
      early: tEarly ? Math.round((tEarly - t0) * 10) / 10 : undefined,
      detect: Math.round((tDetected - t0) * 10) / 10,
      models: Object.fromEntries(Object.entries(models).map(([k, v]) => [k, Math.round(v * 10) / 10])),
      crop: Math.round((tSource - tDetected) * 10) / 10,
      encode: encoded.ms,
      checks: checks.ms,
      total: elapsed(t0),
      steps,
    },
  };
}

/** What the frame scan needs: the small copy, its scale to the source, the applicant's box on it. */
interface FrameScan {
  small: RgbImage;
  factor: number;
  applicant: Rect;
}

/** Share of the crop's width (each side) and height (above and below) also searched for other people. */
const FRAME_SCAN_MARGIN = 0.15;

/**
 * Other people's faces inside the photo's frame: the detector alone (no mesh) on that part of the
 * small copy. `applicant` is the applicant's face box on the small copy; `crop` is in source pixels.
 */
async function otherPeopleInFrame(detector: FaceDetector, scan: FrameScan, crop: Rect) {
  const { small, factor, applicant } = scan;
  const frame = clipRect(
    {
      left: (crop.left - crop.width * FRAME_SCAN_MARGIN) / factor,
      top: (crop.top - crop.height * FRAME_SCAN_MARGIN) / factor,
      width: (crop.width * (1 + 2 * FRAME_SCAN_MARGIN)) / factor,
      height: (crop.height * (1 + 2 * FRAME_SCAN_MARGIN)) / factor,
    },
    small,
  );
  if (frame.width < 16 || frame.height < 16) return { counted: 0, background: 0 };
  const found = await detector.detect(cutRgb(small, frame), { detectorOnly: true });
  const inSmall = found.map((f) => ({ ...f, box: { ...f.box, left: f.box.left + frame.left, top: f.box.top + frame.top } }));
  return otherFacesInPhoto(inSmall, applicant);
}

/** Decoded pixels of a rectangle of the upright source image (RGB, 3 bytes a pixel). */
interface SourcePixels extends Rect {
  data: Buffer;
}

/** Makes a sharp pipeline for a source rectangle at a given size. */
type Region = (rect: Rect, size: Size) => Sharp;

/**
 * Baseline JPEG, sRGB, no metadata (sharp writes none unless asked: no EXIF, XMP or ICC), at
 * quality 90; lower if the file would exceed 7 MB, higher (and without chroma subsampling) if a
 * very plain picture would fall under 20 KB. The standard Huffman tables (ITU-T T.81 Annex K), not
 * tables optimised for the picture: the same pixels, a file ≈ 1.5 % larger (132,542 → 134,394
 * bytes on the bench's 12 MP photo), and no second pass over the picture (≈ 4.5 ms less on a
 * 960×1234 photo, on the photo's critical path; decision 0042).
 */
async function encodeWithinLimits(pixels: () => Sharp): Promise<{ jpeg: Buffer; quality: number }> {
  const encode = (quality: number, chromaSubsampling: '4:2:0' | '4:4:4') =>
    pixels().jpeg({ quality, progressive: false, chromaSubsampling, mozjpeg: false, optimiseCoding: false }).toBuffer();
  let quality = QUALITY;
  let jpeg = await encode(quality, '4:2:0');
  while (jpeg.length > MAX_BYTES && quality > 40) {
    quality -= 10;
    jpeg = await encode(quality, '4:2:0');
  }
  for (const q of [95, 100]) {
    if (jpeg.length >= MIN_BYTES) break;
    quality = q;
    jpeg = await encode(quality, '4:4:4');
  }
  return { jpeg, quality };
}

/**
 * Step 4: the checks, measured on the photo's own area: each measure is resampled from the same
 * source pixels as the photo, straight to the size it needs (not from the encoded photo).
 */
async function photoChecks(
  region: Region,
  people: Promise<{ faces: number; background: number }>,
  face: DetectedFace | undefined,
  head: Head | undefined,
  crop: Rect,
  pixels: SourcePixels,
  step: <T>(name: keyof Steps, work: () => Promise<T>) => Promise<T>,
): Promise<PhotoCheck[]> {
  if (!face || !head) {
    const { faces, background } = await people;
    return [checkOneFace(faces, background), ...notJudgedChecks(faces)];
  }

  const photo = outputSize(crop);
  const scale = photo.width / crop.width;
  const toPhotoX = (x: number) => (x - crop.left) * scale;
  const toPhotoY = (y: number) => (y - crop.top) * scale;
  const landmarks = landmarksOf(face);
  const span = faceSpan(face);
  const framing = framingOf(head, crop);

  const faceLeft = toPhotoX(span.left);
  const faceRight = toPhotoX(span.right);
  const faceWidth = faceRight - faceLeft;
  const eyeY = toPhotoY(landmarks.eyeY);
  const chinY = toPhotoY(landmarks.chin);
  const faceTop = toPhotoY(landmarks.meshTop);
  /** Skin only: the middle of the face from just above the eyes to above the chin. */
  const inner: Rect = {
    left: faceLeft + faceWidth * 0.2,
    top: eyeY - (chinY - eyeY) * 0.15,
    width: faceWidth * 0.6,
    height: (chinY - eyeY) * 0.9,
  };
  const faceRect: Rect = { left: faceLeft, top: faceTop, width: faceWidth, height: chinY - faceTop };
  // Beside the head only the outer strips count: hair may reach well past the face.
  const backgroundRects = backgroundRegions(photo, {
    top: toPhotoY(head.top),
    left: Math.min(faceLeft - faceWidth * 0.15, photo.width * 0.12),
    right: Math.max(faceRight + faceWidth * 0.15, photo.width * 0.88),
    eyeY,
  });

  // Light, shadow and background are judged on a grey copy at most MEASURE_WIDTH wide, made only
  // down to the rows those measures read; focus and the standard checks (decision 0033) on one
  // colour copy of the face FACE_WIDTH wide; compression on a window of the face at the camera's own
  // resolution (blocks live on the source's pixel grid). Both copies are resampled at once on
  // sharp's threads, and the face's measures are taken while the grey copy is still being made. The
  // frame scan for other people runs meanwhile in the face worker and is awaited last. (Running
  // these one after another beside the encode was measured no faster: decision 0044.)
  const faceSource = sourceRectOf(faceRect, crop, photo);
  const k = Math.min(MEASURE_WIDTH, photo.width) / photo.width;
  const innerOnGrey = scaleRect(inner, k);
  const backgroundOnGrey = backgroundRects.map((r) => scaleRect(r, k));
  const greyPending = step('grey', () => greyCopy(region, crop, photo, MEASURE_WIDTH, [innerOnGrey, ...backgroundOnGrey]));
  // Awaited below; a failure meanwhile (the face copy's) must not leave it an unhandled rejection.
  greyPending.catch(() => undefined);
  const colour = await step('faceCopy', () => faceCopy(region, faceSource));
  const sharpnessPending = faceSharpness(colour);
  sharpnessPending.catch(() => undefined);
  const measures = colour ? faceMeasures(face.mesh, colour, faceSource) : {};
  const blocks = blockiness(pixels, nativeWindow(faceSource, pixels));
  const sourceInterEye = interEyeDistance(face.mesh);
  const [grey, sharpness] = await Promise.all([greyPending, sharpnessPending]);
  const exposure = luminanceStats(grey, innerOnGrey);
  const background = regionTexture(grey, backgroundOnGrey);
  const { faces, background: backgroundFaces } = await people;
  return [
    checkOneFace(faces, backgroundFaces),
    checkCentred(framing),
    checkHeadSize({ headFraction: framing.headFraction, sourceCropWidth: crop.width }),
    // The standard's degrees are the head's real turn: Human's depth squeeze undone (decision 0033).
    checkPose(headPoseOf(face)),
    checkEyes(eyeOpenness(face)),
    checkSharpness(sharpness),
    checkExposure(exposure),
    background.pixels === 0 ? checkBackground({ std: 0, edges: 0 }) : checkBackground(background),
    checkShadow(halfImbalance(grey, innerOnGrey)),
    checkExpression(measures.mouth),
    checkGlare(measures.eyes),
    checkEyesHidden(measures.eyes),
    checkRedEye(measures.redEye),
    checkDynamicRange(measures.range),
    checkCompression(blocks),
    checkResolution(sourceInterEye === undefined ? undefined : { output: sourceInterEye * scale, source: sourceInterEye }),
  ];
}

/**
 * Fixed width the face is resampled to for the focus measure (so it does not depend on scale) and
 * the standard checks' colour measures (eyes ≈ 40 px wide on it).
 */
const FACE_WIDTH = 256;

/** The face (a rectangle of the source, whole pixels) resampled to FACE_WIDTH; undefined when too small. */
async function faceCopy(region: Region, face: Rect): Promise<Rgb | undefined> {
  if (face.width < 8 || face.height < 8) return undefined;
  const height = Math.max(8, Math.round((face.height * FACE_WIDTH) / face.width));
  const { data, info } = await region(face, { width: FACE_WIDTH, height }).raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected three channels, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}

/** Longest side of the native-resolution window the blockiness is measured on. */
const BLOCKINESS_WINDOW = 384;

/** The middle of the face (eyes to mouth) at the source's resolution, as a rectangle of `pixels`. */
function nativeWindow(face: Rect, pixels: SourcePixels): Rect {
  const width = Math.min(BLOCKINESS_WINDOW, Math.round(face.width * 0.6));
  const height = Math.min(BLOCKINESS_WINDOW, Math.round(face.height * 0.5));
  const left = Math.round(face.left + (face.width - width) / 2) - pixels.left;
  const top = Math.round(face.top + face.height * 0.25) - pixels.top;
  const clipped = clipRect({ left, top, width, height }, pixels);
  return clipped;
}

/** Width of the grey copy the light, shadow and background measures use. */
const MEASURE_WIDTH = 480;

/**
 * The crop resampled to at most `maxWidth` wide, in grey, cut after `rects` (on the copy) by
 * rowsNeeded: libvips makes only the rows asked for, and each the same as in the whole copy.
 *
 * Turned grey on the smaller of the two rasters: a crop enlarged to the copy (a small face, a
 * 720p camera) is turned grey first (sharp's greyscale() runs before its resize), so the enlargement
 * works on one band instead of three (5.9 → 4.0 ms of CPU); a reduced crop is turned grey after the
 * resample, since libvips' grey conversion of every source pixel costs more than the two bands it
 * saves (1382 px wide: 4.3 → 13.9 ms). The two orders differ by a few grey levels (≤ 3 on the test
 * portraits and the bench's 720p input; no check's level moved: decision 0044).
 */
async function greyCopy(region: Region, crop: Rect, photo: Size, maxWidth: number, rects: readonly Rect[]): Promise<Grey> {
  const width = Math.min(maxWidth, photo.width);
  const height = Math.max(1, Math.round((photo.height * width) / photo.width));
  const rows = rowsNeeded(rects, { width, height });
  let pipeline = region(crop, { width, height });
  if (width > crop.width) pipeline = pipeline.greyscale();
  if (rows < height) pipeline = pipeline.extract({ left: 0, top: 0, width, height: rows });
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}

/**
 * Laplacian variance of the face copy in grey, NaN without one (face too small). libvips' grey of
 * the resampled colour copy is the same bytes as resampling the source straight to grey, so one
 * resample of the face serves both this and the colour measures.
 */
async function faceSharpness(face: Rgb | undefined): Promise<number> {
  if (!face) return Number.NaN;
  const { data, info } = await sharp(face.data, { raw: { width: face.width, height: face.height, channels: 3 } })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
  const resampled: Grey = { data, width: info.width, height: info.height };
  return laplacianVariance(resampled, { left: 0, top: 0, width: info.width, height: info.height });
}
