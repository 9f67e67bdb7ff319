/**
 * What the eyes look like inside their eyelid contour, on an RGB copy of the face:
 *   - glare: the share of pixels that are both very bright and colourless (a reflection of the
 *     lights on glasses; a catchlight on the cornea is a few pixels and stays far below the limit);
 *   - darkness: the eye's mean luma over the face skin's mean luma (tinted lenses, sunglasses,
 *     heavy frames or hair over the eye make the eye region dark);
 *   - contrast: luma standard deviation inside the eye (white of the eye against the iris; a tinted
 *     lens flattens it).
 * ICAO 9303 part 3 and ISO/IEC 19794-5 §7.2.11: eyes clearly visible, no lighting artefacts on
 * glasses, no tinted lenses; J-LIS lists reflections on glasses and coloured lenses as unsuitable.
 */
import { insidePolygon, type Point } from './landmarks';
import { luma, type Rgb } from './rgb';

/** A pixel of glare: luma at least this … */
export const GLARE_MIN_LUMA = 235;
/** … and at most this difference between its largest and smallest channel (colourless). */
export const GLARE_MAX_CHROMA = 30;

export interface EyeRegion {
  /** Share of the eye's pixels that are glare (0–1). */
  glare: number;
  /** Mean luma of the eye / mean luma of the face skin. */
  darkness: number;
  /** Luma standard deviation inside the eye (0–255). */
  contrast: number;
  /** Pixels inside the contour. */
  pixels: number;
}

/** Measures one eye contour (in the raster's pixels) against the face skin's mean luma. */
export function eyeRegion(image: Rgb, contour: readonly Point[], skinLuma: number): EyeRegion | undefined {
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of contour) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const x0 = Math.max(0, Math.floor(minX));
  const x1 = Math.min(image.width - 1, Math.ceil(maxX));
  const y0 = Math.max(0, Math.floor(minY));
  const y1 = Math.min(image.height - 1, Math.ceil(maxY));
  let n = 0;
  let glare = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insidePolygon(contour, x + 0.5, y + 0.5)) continue;
      const i = (y * image.width + x) * 3;
      const r = image.data[i]!;
      const g = image.data[i + 1]!;
      const b = image.data[i + 2]!;
      const v = luma(r, g, b);
      n++;
      sum += v;
      sumSq += v * v;
      if (v >= GLARE_MIN_LUMA && Math.max(r, g, b) - Math.min(r, g, b) <= GLARE_MAX_CHROMA) glare++;
    }
  }
  // Fewer than this many pixels is not an eye we can judge (the mesh is off, or the eye is tiny).
  if (n < 12 || !(skinLuma > 0)) return undefined;
  const mean = sum / n;
  return { glare: glare / n, darkness: mean / skinLuma, contrast: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), pixels: n };
}

/** Both eyes: the worse value of each measure (most glare, darkest, flattest). */
export function eyesRegion(image: Rgb, contours: readonly (readonly Point[])[], skinLuma: number): EyeRegion | undefined {
  const eyes = contours.map((c) => eyeRegion(image, c, skinLuma));
  if (eyes.some((e) => e === undefined) || eyes.length === 0) return undefined;
  const all = eyes as EyeRegion[];
  return {
    glare: Math.max(...all.map((e) => e.glare)),
    darkness: Math.min(...all.map((e) => e.darkness)),
    contrast: Math.min(...all.map((e) => e.contrast)),
    pixels: Math.min(...all.map((e) => e.pixels)),
  };
}

/** Mean luma of a rectangle of the raster (the face skin reference). */
export function meanLuma(image: Rgb, rect: { left: number; top: number; width: number; height: number }): number {
  const x0 = Math.max(0, Math.round(rect.left));
  const y0 = Math.max(0, Math.round(rect.top));
  const x1 = Math.min(image.width, Math.round(rect.left + rect.width));
  const y1 = Math.min(image.height, Math.round(rect.top + rect.height));
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 3;
      sum += luma(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
      n++;
    }
  return n === 0 ? Number.NaN : sum / n;
}
