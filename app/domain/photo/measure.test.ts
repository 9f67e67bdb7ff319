import { describe, expect, it } from 'vitest';
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
} from './measure';

function raster(width: number, height: number, pixel: (x: number, y: number) => number): Grey {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data[y * width + x] = Math.max(0, Math.min(255, Math.round(pixel(x, y))));
  return { data, width, height };
}
const all = (g: Grey) => ({ left: 0, top: 0, width: g.width, height: g.height });
/** Deterministic pseudo-random noise in [0, 1). */
const noise = (x: number, y: number) => {
  const s = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
  return s - Math.floor(s);
};

describe('cutRgb', () => {
  // 3×2 raster whose bytes count up: pixel (x, y) = [k, k+1, k+2] with k = (y*3+x)*3.
  const image = { data: Uint8Array.from({ length: 18 }, (_, i) => i), width: 3, height: 2 };

  it('copies the pixels inside the rect, row by row', () => {
    const cut = cutRgb(image, { left: 1, top: 0, width: 2, height: 2 });
    expect([cut.width, cut.height]).toEqual([2, 2]);
    expect([...cut.data]).toEqual([3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17]);
  });

  it('clips to the raster and does not share memory with it', () => {
    const cut = cutRgb(image, { left: 2, top: 1, width: 5, height: 5 });
    expect([cut.width, cut.height, ...cut.data]).toEqual([1, 1, 15, 16, 17]);
    cut.data[0] = 0;
    expect(image.data[15]).toBe(15);
  });
});

describe('clipRect', () => {
  it('clips to the raster and rounds', () => {
    expect(clipRect({ left: -5, top: 2.4, width: 20, height: 100 }, { width: 10, height: 10 })).toEqual({
      left: 0,
      top: 2,
      width: 10,
      height: 8,
    });
    expect(clipRect({ left: 20, top: 0, width: 5, height: 5 }, { width: 10, height: 10 })).toMatchObject({ width: 0 });
  });
});

describe('luminanceStats', () => {
  it('gives mean, std-dev and the share of clipped pixels', () => {
    const g = raster(10, 10, (x) => (x < 5 ? 0 : 200));
    const s = luminanceStats(g, all(g));
    expect(s.mean).toBeCloseTo(100, 9);
    expect(s.std).toBeCloseTo(100, 9);
    expect(s.clipped).toBeCloseTo(0.5, 9);
    expect(luminanceStats(g, { left: 5, top: 0, width: 5, height: 10 })).toEqual({ mean: 200, std: 0, clipped: 0 });
  });

  it('counts both ends as clipped', () => {
    const g = raster(4, 1, (x) => [3, 128, 252, 255][x]!);
    expect(luminanceStats(g, all(g)).clipped).toBe(0.75);
  });

  it('is NaN for an empty region', () => {
    const g = raster(4, 4, () => 1);
    expect(luminanceStats(g, { left: 10, top: 10, width: 2, height: 2 }).mean).toBeNaN();
  });
});

describe('laplacianVariance', () => {
  it('is zero on flat and linear-gradient images', () => {
    expect(
      laplacianVariance(
        raster(32, 32, () => 90),
        { left: 0, top: 0, width: 32, height: 32 },
      ),
    ).toBe(0);
    expect(
      laplacianVariance(
        raster(32, 32, (x, y) => x * 3 + y * 2),
        { left: 0, top: 0, width: 32, height: 32 },
      ),
    ).toBeCloseTo(0, 9);
  });

  it('is high for fine detail and drops when the same detail is blurred', () => {
    const sharp = raster(64, 64, (x, y) => 128 + 100 * (noise(x, y) - 0.5));
    const blurred = raster(64, 64, (x, y) => {
      let sum = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) sum += 128 + 100 * (noise(x + dx, y + dy) - 0.5);
      return sum / 25;
    });
    const crisp = laplacianVariance(sharp, all(sharp));
    const soft = laplacianVariance(blurred, all(blurred));
    expect(crisp).toBeGreaterThan(1000);
    expect(soft).toBeLessThan(crisp / 10);
  });

  it('only looks inside the region', () => {
    const g = raster(40, 20, (x, y) => (x < 20 ? 100 : 128 + 100 * (noise(x, y) - 0.5)));
    expect(laplacianVariance(g, { left: 0, top: 0, width: 18, height: 20 })).toBe(0);
    expect(laplacianVariance(g, { left: 22, top: 0, width: 18, height: 20 })).toBeGreaterThan(100);
  });
});

describe('regionTexture', () => {
  it('sees a plain wall as plain, even with a soft light gradient', () => {
    const wall = raster(100, 60, (x, y) => 200 - x * 0.3 - y * 0.2);
    const t = regionTexture(wall, [all(wall)]);
    expect(t.edges).toBe(0);
    expect(t.std).toBeLessThan(15);
    expect(t.pixels).toBe(6000);
  });

  it('sees stripes and clutter as edges', () => {
    const stripes = raster(100, 60, (x) => (Math.floor(x / 4) % 2 ? 40 : 220));
    const t = regionTexture(stripes, [all(stripes)]);
    expect(t.edges).toBeGreaterThan(0.3);
    expect(t.std).toBeGreaterThan(80);
  });

  it('pools several regions', () => {
    const g = raster(100, 10, (x) => (x < 50 ? 50 : 150));
    const t = regionTexture(g, [
      { left: 0, top: 0, width: 10, height: 10 },
      { left: 90, top: 0, width: 10, height: 10 },
    ]);
    expect(t.pixels).toBe(200);
    expect(t.std).toBeCloseTo(50, 6);
    expect(t.edges).toBe(0);
  });

  it('is NaN with no pixels', () => {
    const g = raster(10, 10, () => 0);
    expect(regionTexture(g, []).std).toBeNaN();
  });
});

describe('halfImbalance', () => {
  it('is zero for an evenly lit region and large for a half shadow', () => {
    const even = raster(40, 40, () => 150);
    expect(halfImbalance(even, all(even))).toBe(0);
    const shadowed = raster(40, 40, (x) => (x < 20 ? 60 : 150));
    expect(halfImbalance(shadowed, all(shadowed))).toBeCloseTo(0.6, 6);
    const mirrored = raster(40, 40, (x) => (x >= 20 ? 60 : 150));
    expect(halfImbalance(mirrored, all(mirrored))).toBeCloseTo(0.6, 6);
  });

  it('is NaN for an empty region and 0 for a black one', () => {
    const black = raster(10, 10, () => 0);
    expect(halfImbalance(black, all(black))).toBe(0);
    expect(halfImbalance(black, { left: 0, top: 0, width: 1, height: 10 })).toBeNaN();
  });
});

describe('backgroundRegions', () => {
  it('takes the band above the head and the strips beside it down to the eyes', () => {
    const regions = backgroundRegions({ width: 700, height: 900 }, { top: 100, left: 150, right: 550, eyeY: 400 });
    const pad = 0.06 * 700;
    expect(regions).toEqual([
      { left: 0, top: 0, width: 700, height: 100 - pad },
      { left: 0, top: 100 - pad, width: 150 - pad, height: 400 - (100 - pad) },
      { left: 550 + pad, top: 100 - pad, width: 700 - 550 - pad, height: 400 - (100 - pad) },
    ]);
  });

  it('leaves out regions the head fills', () => {
    expect(backgroundRegions({ width: 700, height: 900 }, { top: 10, left: 0, right: 700, eyeY: 400 })).toEqual([]);
  });
});

describe('rowsNeeded', () => {
  /** Fine random texture: a missing row or a missing gradient row changes every measure. */
  const textured = raster(120, 150, (x, y) => 255 * (((x * 7919 + y * 104729) % 1013) / 1013));
  const firstRows = (image: Grey, rows: number): Grey => ({
    data: image.data.subarray(0, rows * image.width),
    width: image.width,
    height: rows,
  });
  const measures = (
    image: Grey,
    inner: { left: number; top: number; width: number; height: number },
    background: { left: number; top: number; width: number; height: number }[],
  ) => ({
    stats: luminanceStats(image, inner),
    half: halfImbalance(image, inner),
    texture: regionTexture(image, background),
  });

  it('keeps to the lowest rect (as clipRect rounds it) and one row more, and the measures on those rows equal the whole raster’s', () => {
    const inner = { left: 30.4, top: 40.2, width: 60, height: 70.6 };
    const background = [
      { left: 0, top: 0, width: 120, height: 30.5 },
      { left: 0, top: 30.5, width: 20, height: 60.7 },
    ];
    const rows = rowsNeeded([inner, ...background], textured);
    expect(rows).toBe(Math.round(40.2 + 70.6) + 1);
    expect(measures(firstRows(textured, rows), inner, background)).toEqual(measures(textured, inner, background));
    // One row fewer and the background's gradient across the last rect row (or the rect itself) is lost.
    const lowest = [{ left: 0, top: 100, width: 120, height: 12 }];
    const needed = rowsNeeded(lowest, textured);
    expect(regionTexture(firstRows(textured, needed), lowest)).toEqual(regionTexture(textured, lowest));
    expect(regionTexture(firstRows(textured, needed - 1), lowest)).not.toEqual(regionTexture(textured, lowest));
  });

  it('is the whole height when a rect reaches the bottom or is not a number, and at least one row', () => {
    expect(rowsNeeded([{ left: 0, top: 100, width: 10, height: 50 }], textured)).toBe(150);
    expect(rowsNeeded([{ left: 0, top: 100, width: 10, height: 49 }], textured)).toBe(150);
    expect(rowsNeeded([{ left: 0, top: 100, width: 10, height: 48 }], textured)).toBe(149);
    expect(rowsNeeded([{ left: 0, top: Number.NaN, width: 10, height: 5 }], textured)).toBe(150);
    expect(rowsNeeded([], textured)).toBe(1);
    // Rects outside the raster read nothing.
    expect(rowsNeeded([{ left: 200, top: 0, width: 10, height: 140 }], textured)).toBe(1);
  });
});
