/**
 * Blocking artefacts (JPEG compression, or a small picture enlarged by repeating pixels): a grid of
 * edges at a fixed period that the picture itself does not have. On a native-resolution window of
 * the face, the mean absolute difference between neighbouring columns (and rows) is collected per
 * column (row); for each period p from MIN_PERIOD to MAX_PERIOD, the columns at the strongest phase
 * are compared with the rest. A natural picture gives ≈ 1; JPEG blocks give a peak at p = 8 (16 for
 * a JPEG enlarged twice), pixel repetition at the enlargement factor. Cheap: one pass over the window.
 */
import type { Rgb } from './rgb';

export const MIN_PERIOD = 4;
export const MAX_PERIOD = 16;

export interface Blockiness {
  /** Strongest phase's mean difference over the other phases' (1 = no grid). */
  ratio: number;
  /** The period (px) it was found at. */
  period: number;
}

/** rect: whole pixels inside the raster. */
export function blockiness(image: Rgb, rect: { left: number; top: number; width: number; height: number }): Blockiness | undefined {
  const { width, height } = rect;
  if (width < 2 * MAX_PERIOD || height < 2 * MAX_PERIOD) return undefined;
  const { cols, rows } = differenceProfiles(image, rect);
  let best: Blockiness = { ratio: 1, period: 0 };
  for (let p = MIN_PERIOD; p <= MAX_PERIOD; p++) {
    // Columns and rows each at their own strongest phase (the grid starts wherever the source's did).
    const ratio = (peakRatio(cols, p, height) + peakRatio(rows, p, width)) / 2;
    // A multiple of the period found repeats it (with fewer columns a phase, so noisier): keep the
    // smaller period unless the multiple is clearly stronger.
    const margin = best.period > 0 && p % best.period === 0 ? 1.25 : 1.05;
    if (best.period === 0 ? ratio > best.ratio : ratio > best.ratio * margin) best = { ratio, period: p };
  }
  return best.period === 0 ? { ratio: 1, period: 0 } : best;
}

/**
 * Summed absolute luma differences between neighbouring columns (cols[x]: x and x + 1, over all
 * rows) and rows (rows[y]: y and y + 1, over all columns) of `rect`. One pass over the pixels:
 * each row's luma is kept for the next row only. Sums of integers, so exact in any order.
 */
export function differenceProfiles(
  image: Rgb,
  rect: { left: number; top: number; width: number; height: number },
): { cols: Float64Array; rows: Float64Array } {
  const { left, top, width, height } = rect;
  const data = image.data;
  const colSums = new Int32Array(Math.max(0, width - 1));
  const rows = new Float64Array(Math.max(0, height - 1));
  let previous = new Int32Array(width);
  let current = new Int32Array(width);
  for (let y = 0; y < height; y++) {
    let i = ((top + y) * image.width + left) * 3;
    let before = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
    current[0] = before;
    let rowSum = y > 0 ? Math.abs(before - previous[0]!) : 0;
    i += 3;
    for (let x = 1; x < width; x++, i += 3) {
      // luma() of rgb.ts, inlined.
      const v = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
      current[x] = v;
      colSums[x - 1]! += v > before ? v - before : before - v;
      if (y > 0) {
        const above = previous[x]!;
        rowSum += v > above ? v - above : above - v;
      }
      before = v;
    }
    if (y > 0) rows[y - 1] = rowSum;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return { cols: Float64Array.from(colSums), rows };
}

/**
 * Floor added to both mean differences (grey levels a pixel): a flat area (a clipped highlight, a
 * plain cheek) has no grid to speak of, and a perfect grid over flat blocks stays finite.
 */
const FLOOR = 0.5;

/** profile: summed differences over `lines` lines a column (or row). */
function peakRatio(profile: Float64Array, period: number, lines: number): number {
  const sums = new Float64Array(period);
  const counts = new Uint32Array(period);
  let total = 0;
  for (let i = 0; i < profile.length; i++) {
    sums[i % period]! += profile[i]!;
    counts[i % period]!++;
    total += profile[i]!;
  }
  let peak = 0;
  for (let phase = 1; phase < period; phase++) if (sums[phase]! / counts[phase]! > sums[peak]! / counts[peak]!) peak = phase;
  const rest = (total - sums[peak]!) / (profile.length - counts[peak]!) / lines;
  return (sums[peak]! / counts[peak]! / lines + FLOOR) / (rest + FLOOR);
}
