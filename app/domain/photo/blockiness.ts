/**
 * Blocking artefacts (JPEG compression, or a small picture enlarged by repeating pixels): a grid of
 * edges at a fixed period that the picture itself does not have. On a native-resolution window of
 * the face, the mean absolute difference between neighbouring columns (and rows) is collected per
 * column (row); for each period p from MIN_PERIOD to MAX_PERIOD, the columns at the strongest phase
 * are compared with the rest. A natural picture gives ≈ 1; JPEG blocks give a peak at p = 8 (16 for
 * a JPEG enlarged twice), pixel repetition at the enlargement factor. Cheap: one pass over the window.
 */
import { luma, type Rgb } from './rgb';

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
  const { left, top, width, height } = rect;
  if (width < 2 * MAX_PERIOD || height < 2 * MAX_PERIOD) return undefined;
  const cols = new Float64Array(width - 1);
  const rows = new Float64Array(height - 1);
  let previous = new Int16Array(width);
  let current = new Int16Array(width);
  for (let y = 0; y < height; y++) {
    const base = ((top + y) * image.width + left) * 3;
    for (let x = 0; x < width; x++) {
      const i = base + x * 3;
      current[x] = luma(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
    }
    for (let x = 0; x < width - 1; x++) cols[x]! += Math.abs(current[x + 1]! - current[x]!);
    if (y > 0) {
      let sum = 0;
      for (let x = 0; x < width; x++) sum += Math.abs(current[x]! - previous[x]!);
      rows[y - 1] = sum;
    }
    [previous, current] = [current, previous];
  }
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
