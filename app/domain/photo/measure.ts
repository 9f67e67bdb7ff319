/**
 * Image statistics the checks are decided from, over an 8-bit greyscale (luminance) raster.
 * Pure functions on plain arrays so they can be tested on hand-made pixels; the server decodes
 * the processed photo once and calls these.
 */
import type { Rect } from './crop';

export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Integer rect clipped to the raster; empty (width or height 0) when outside. */
export function clipRect(rect: Rect, image: { width: number; height: number }): Rect {
  const left = Math.max(0, Math.min(image.width, Math.round(rect.left)));
  const top = Math.max(0, Math.min(image.height, Math.round(rect.top)));
  const right = Math.max(left, Math.min(image.width, Math.round(rect.left + rect.width)));
  const bottom = Math.max(top, Math.min(image.height, Math.round(rect.top + rect.height)));
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Rows of a raster of `size` that measures over `rects` read (luminanceStats, halfImbalance,
 * regionTexture): down to the lowest rect's last row (as clipRect rounds it) and one more, for the
 * gradient regionTexture takes across each row. The same measures on the raster's first `rows`
 * rows give the same results, so a resample needs to make no more than these. A rect that is not
 * finite (NaN) needs every row.
 */
export function rowsNeeded(rects: readonly Rect[], size: { width: number; height: number }): number {
  let rows = 1;
  for (const rect of rects) {
    const bottom = rect.top + rect.height;
    if (!Number.isFinite(bottom) || !Number.isFinite(rect.top)) return size.height;
    const r = clipRect(rect, size);
    if (r.width > 0 && r.height > 0) rows = Math.max(rows, r.top + r.height + 1);
  }
  return Math.min(size.height, rows);
}

/** A copy of the pixels of an RGB raster (3 bytes a pixel) inside rect, clipped to the raster. */
export function cutRgb(
  image: { data: Uint8Array; width: number; height: number },
  rect: Rect,
): { data: Uint8Array; width: number; height: number } {
  const r = clipRect(rect, image);
  const data = new Uint8Array(r.width * r.height * 3);
  for (let y = 0; y < r.height; y++) {
    const from = ((r.top + y) * image.width + r.left) * 3;
    data.set(image.data.subarray(from, from + r.width * 3), y * r.width * 3);
  }
  return { data, width: r.width, height: r.height };
}

/** Mean and the share of clipped pixels (≤ 5 or ≥ 250) inside rect. */
export function luminanceStats(image: Grey, rect: Rect): { mean: number; clipped: number; std: number } {
  const r = clipRect(rect, image);
  let sum = 0;
  let sumSq = 0;
  let clipped = 0;
  const n = r.width * r.height;
  if (n === 0) return { mean: Number.NaN, clipped: Number.NaN, std: Number.NaN };
  for (let y = r.top; y < r.top + r.height; y++) {
    const row = y * image.width;
    for (let x = r.left; x < r.left + r.width; x++) {
      const v = image.data[row + x]!;
      sum += v;
      sumSq += v * v;
      if (v <= 5 || v >= 250) clipped++;
    }
  }
  const mean = sum / n;
  return { mean, clipped: clipped / n, std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)) };
}

/**
 * Variance of the 4-neighbour Laplacian inside rect (interior pixels only). A focus measure: high
 * for crisp edges, low for blur. Resample the region to a fixed size first to make it scale-free.
 */
export function laplacianVariance(image: Grey, rect: Rect): number {
  const r = clipRect(rect, image);
  const { data, width } = image;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  const x0 = Math.max(1, r.left);
  const y0 = Math.max(1, r.top);
  const x1 = Math.min(image.width - 1, r.left + r.width);
  const y1 = Math.min(image.height - 1, r.top + r.height);
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      const i = row + x;
      const v = data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  if (n === 0) return Number.NaN;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/**
 * Plainness of a set of regions taken together: luminance std-dev, and the share of pixels whose
 * central-difference gradient exceeds `edgeThreshold` (texture and object edges; smooth lighting
 * gradients stay below it).
 */
export function regionTexture(image: Grey, rects: readonly Rect[], edgeThreshold = 24): { std: number; edges: number; pixels: number } {
  const { data, width } = image;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let edges = 0;
  for (const rect of rects) {
    const r = clipRect(rect, image);
    for (let y = r.top; y < r.top + r.height; y++) {
      const row = y * width;
      for (let x = r.left; x < r.left + r.width; x++) {
        const v = data[row + x]!;
        sum += v;
        sumSq += v * v;
        n++;
        if (x > 0 && x < width - 1 && y > 0 && y < image.height - 1) {
          const gx = data[row + x + 1]! - data[row + x - 1]!;
          const gy = data[row + x + width]! - data[row + x - width]!;
          if (Math.abs(gx) + Math.abs(gy) > edgeThreshold) edges++;
        }
      }
    }
  }
  if (n === 0) return { std: Number.NaN, edges: Number.NaN, pixels: 0 };
  const mean = sum / n;
  return { std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), edges: edges / n, pixels: n };
}

/** |mean(left half) − mean(right half)| / the brighter half's mean, over rect. */
export function halfImbalance(image: Grey, rect: Rect): number {
  const r = clipRect(rect, image);
  const half = Math.floor(r.width / 2);
  if (half === 0 || r.height === 0) return Number.NaN;
  const left = luminanceStats(image, { left: r.left, top: r.top, width: half, height: r.height }).mean;
  const right = luminanceStats(image, { left: r.left + r.width - half, top: r.top, width: half, height: r.height }).mean;
  const brighter = Math.max(left, right);
  return brighter <= 0 ? 0 : Math.abs(left - right) / brighter;
}

/**
 * The background regions of a framed photo: the band above the head and the two strips beside
 * the head down to the eye line, leaving out a margin around the head (hair, ears).
 */
export function backgroundRegions(
  photo: { width: number; height: number },
  head: { top: number; left: number; right: number; eyeY: number },
): Rect[] {
  const pad = 0.06 * photo.width;
  const bandBottom = head.top - pad;
  const regions: Rect[] = [];
  if (bandBottom > 4) regions.push({ left: 0, top: 0, width: photo.width, height: bandBottom });
  const stripTop = Math.max(0, bandBottom);
  const stripBottom = head.eyeY;
  if (stripBottom > stripTop + 4) {
    const leftWidth = head.left - pad;
    const rightStart = head.right + pad;
    if (leftWidth > 4) regions.push({ left: 0, top: stripTop, width: leftWidth, height: stripBottom - stripTop });
    if (photo.width - rightStart > 4)
      regions.push({ left: rightStart, top: stripTop, width: photo.width - rightStart, height: stripBottom - stripTop });
  }
  return regions;
}
