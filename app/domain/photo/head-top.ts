/**
 * Where the top of the head (hair included) is. The face mesh ends on the forehead; J-LIS
 * measures from the crown. On the plain background the rules require, the crown is where the
 * pixels above the face stop differing from the wall: scan up from the forehead in a band over
 * the face's centre until several rows in a row look like the background sampled at the top
 * corners. When the corners are not plain (or disagree), or no such rows exist, the caller falls
 * back to the proportional estimate (crop.estimateHead).
 */

export interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface HeadTopInput {
  /** Forehead top (mesh) and chin, in image rows. */
  meshTop: number;
  chin: number;
  /** Face centre line and width, in image columns. */
  centreX: number;
  faceWidth: number;
}

export const headTopTuning = {
  /** Corner patches: share of the width on each side, share of the height from the top. */
  cornerWidth: 0.12,
  cornerHeight: 0.06,
  /** Corners whose mean colours differ more than this (per channel, 0–255) are not one plain wall. */
  cornerAgreement: 30,
  /** Corners noisier than this (std-dev) are not plain. */
  cornerMaxStd: 18,
  /** A row of the band is background when its mean distance to the wall colour is below this. */
  rowDistance: 28,
  /** …for this many consecutive rows. */
  rows: 3,
  /** The crown lies between these multiples of (chin − forehead) above the forehead. */
  minAbove: 0.1,
  maxAbove: 0.9,
} as const;

function patchStats(image: Rgb, left: number, top: number, width: number, height: number) {
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  let n = 0;
  for (let y = top; y < top + height; y++)
    for (let x = left; x < left + width; x++) {
      const i = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const v = image.data[i + c]!;
        sum[c]! += v;
        sumSq[c]! += v * v;
      }
      n++;
    }
  const mean = sum.map((s) => s / Math.max(1, n));
  const std = Math.sqrt(sumSq.reduce((acc, s, c) => acc + Math.max(0, s / Math.max(1, n) - mean[c]! ** 2), 0) / 3);
  return { mean, std, n };
}

/** The wall colour from the two top corners, or undefined when they are not one plain colour. */
export function wallColour(image: Rgb): number[] | undefined {
  const t = headTopTuning;
  const w = Math.max(2, Math.round(image.width * t.cornerWidth));
  const h = Math.max(2, Math.round(image.height * t.cornerHeight));
  if (w * 2 >= image.width || h >= image.height) return undefined;
  const left = patchStats(image, 0, 0, w, h);
  const right = patchStats(image, image.width - w, 0, w, h);
  if (left.std > t.cornerMaxStd || right.std > t.cornerMaxStd) return undefined;
  if (left.mean.some((m, c) => Math.abs(m - right.mean[c]!) > t.cornerAgreement)) return undefined;
  return left.mean.map((m, c) => (m + right.mean[c]!) / 2);
}

/** Mean per-channel distance of a row segment to a colour. */
function rowDistance(image: Rgb, y: number, x0: number, x1: number, colour: readonly number[]): number {
  let total = 0;
  for (let x = x0; x < x1; x++) {
    const i = (y * image.width + x) * 3;
    total += Math.abs(image.data[i]! - colour[0]!) + Math.abs(image.data[i + 1]! - colour[1]!) + Math.abs(image.data[i + 2]! - colour[2]!);
  }
  return total / (3 * Math.max(1, x1 - x0));
}

/**
 * The crown row, or undefined when it cannot be seen (background not plain, or the hair reaches
 * the top of the image: then the proportional estimate is used and the framing checks report it).
 */
export function findHeadTop(image: Rgb, face: HeadTopInput): number | undefined {
  const t = headTopTuning;
  const wall = wallColour(image);
  if (!wall) return undefined;
  const faceHeight = face.chin - face.meshTop;
  if (!(faceHeight > 0)) return undefined;
  const x0 = Math.max(0, Math.round(face.centreX - face.faceWidth * 0.25));
  const x1 = Math.min(image.width, Math.round(face.centreX + face.faceWidth * 0.25));
  if (x1 - x0 < 2) return undefined;
  const lowest = Math.min(image.height - 1, Math.floor(face.meshTop - t.minAbove * faceHeight));
  const highest = Math.max(0, Math.ceil(face.meshTop - t.maxAbove * faceHeight));
  let run = 0;
  for (let y = lowest; y >= highest; y--) {
    if (rowDistance(image, y, x0, x1, wall) < t.rowDistance) {
      run++;
      if (run >= t.rows) return y + run; // first head row below the run of wall rows
    } else run = 0;
  }
  return undefined;
}
