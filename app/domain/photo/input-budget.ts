/**
 * How large a camera still may be, and how much memory the pipeline needs to decode it — both
 * decided from the JPEG's header alone, before any pixel is decoded (decision 0011, "Memory").
 */

/**
 * Pixel cap: the booth sends its camera's largest still (decision 0013), so the cap must pass any
 * camera a town may put in a booth — 4K webcams (8.8 MP), the bench's 12 MP (4000×3000), 13 MP and
 * 16 MP USB modules (4656×3496 = 16.3 MP) — with margin, and nothing much larger: the photo is
 * cut from a head crop and comes out 960 px wide.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 20_000_000;
/**
 * Longest side: a 20 MP still of any camera aspect up to 16:9 (5963×3354) fits, a strip such as
 * 20000×760 (15 MP) does not. Also J-LIS's largest file side.
 */
export const DEFAULT_MAX_INPUT_SIDE = 6000;

/** What the header says about the still. */
export interface StillHeader {
  width: number;
  height: number;
  /** Progressive JPEGs are decoded into a coefficient buffer of the whole image first. */
  progressive: boolean;
  /** sharp's chromaSubsampling: '4:2:0', '4:2:2', '4:4:4' (unknown counts as 4:4:4). */
  chromaSubsampling?: string;
  /** EXIF orientation, 1 (or missing) = upright. */
  orientation?: number;
}

/**
 * 'parallel': the whole image is decoded to RGB beside the detection copy, and the photo cut from
 * memory. 'after-detection': only the photo's part of the image is decoded from the JPEG — for an
 * upright still an area decoded early (`decodesEarly`: a baseline still's largest centred 35:45
 * frame beside the detection copy, a progressive still's area from the detector's box while the
 * mesh and iris models run), and the crop once it is known when it falls outside. Both give
 * byte-identical photos (decisions 0011, 0041, 0042).
 */
export type DecodeStrategy = 'parallel' | 'after-detection';

/**
 * The strategy for one still. A progressive JPEG is never decoded twice at once: each decode of it
 * holds a coefficient buffer of the whole image (2 bytes a sample), so 'parallel' would hold two
 * of them plus the RGB copy. Baseline stills (what a camera and the booth's canvas send) get the
 * preferred one (the default is 'after-detection' since decision 0041).
 */
export function strategyFor(header: Pick<StillHeader, 'progressive'>, preferred: DecodeStrategy): DecodeStrategy {
  return header.progressive ? 'after-detection' : preferred;
}

const MB = 1024 * 1024;
/** libvips' line buffers, the small copies, the crop's resamplings and the output JPEG, per photo. */
export const DECODE_OVERHEAD_BYTES = 24 * MB;
/**
 * Room for what the copies below do not name (the allocator's own overhead, libvips' short-lived
 * intermediates): with it the estimate stayed 1.2–1.6× above one photo's measured peak (decision 0011).
 */
export const DECODE_MARGIN = 1.25;

/** Samples a JPEG stores per pixel: luma plus two chroma planes at their subsampling. */
function samplesPerPixel(chromaSubsampling: string | undefined): number {
  if (chromaSubsampling?.startsWith('4:2:0')) return 1.5;
  if (chromaSubsampling?.startsWith('4:2:2') || chromaSubsampling?.startsWith('4:4:0')) return 2;
  return 3;
}

/**
 * Whether 'after-detection' decodes the frame's area early, from the detector's box. Not for a
 * rotated or flipped still: each of its decodes holds the whole turned image, and a second decode
 * (the frame outside the area after all) would hold it twice.
 */
export const decodesEarly = (header: Pick<StillHeader, 'orientation'>) => (header.orientation ?? 1) === 1;

/** The largest 35:45 frame inside the image: the crop when no face is found, the largest crop there is. */
export function largestCropPixels(width: number, height: number): number {
  const h = Math.min(height, Math.floor((width * 45) / 35));
  return Math.floor((h * 35) / 45) * h;
}

/**
 * Bytes the pipeline holds at its peak for one still (the compressed input not included), from
 * width × height × 3 channels and the copies each strategy makes:
 * - a progressive still: a coefficient buffer (2 bytes a sample) for each decode running;
 * - a rotated or flipped still (EXIF orientation): decoded whole into memory to be turned;
 * - 'parallel': the whole image as RGB (a turned still: the turned copy too), and the detection
 *   copy decoded at the same time;
 * - 'after-detection': the decodes one after the other, and the crop (at most the largest 35:45
 *   frame, which is the crop when no face is found); an upright still also the area decoded early
 *   (no larger than that frame, or it is not decoded early), which may still be held when the
 *   frame fell outside it and the crop is decoded again;
 * plus a fixed overhead, times a measured margin.
 */
export function decodeBytes(header: StillHeader, strategy: DecodeStrategy): number {
  const pixels = header.width * header.height;
  // Orientations 5–8 turn the still a quarter: the crop is cut from the upright image.
  const upright = (header.orientation ?? 1) >= 5 ? { width: header.height, height: header.width } : header;
  const rgb = pixels * 3;
  const turned = (header.orientation ?? 1) !== 1 ? rgb : 0;
  const coefficients = header.progressive ? pixels * samplesPerPixel(header.chromaSubsampling) * 2 : 0;
  const copies =
    strategy === 'parallel'
      ? 2 * coefficients + rgb + turned
      : coefficients + turned + (decodesEarly(header) ? 2 : 1) * largestCropPixels(upright.width, upright.height) * 3;
  return Math.ceil((copies + DECODE_OVERHEAD_BYTES) * DECODE_MARGIN);
}
