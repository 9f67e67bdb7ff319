import { describe, expect, it } from 'vitest';
import {
  DECODE_MARGIN,
  DECODE_OVERHEAD_BYTES,
  DEFAULT_MAX_INPUT_PIXELS,
  DEFAULT_MAX_INPUT_SIDE,
  decodeBytes,
  decodesEarly,
  largestCropPixels,
  type StillHeader,
  strategyFor,
} from './input-budget';

const MB = 2 ** 20;
const still = (width: number, height: number, more: Partial<StillHeader> = {}): StillHeader => ({
  width,
  height,
  progressive: false,
  chromaSubsampling: '4:2:0',
  ...more,
});
/** Undoes the overhead and margin: the copies the estimate names, in bytes. */
const copies = (bytes: number) => bytes / DECODE_MARGIN - DECODE_OVERHEAD_BYTES;

describe('input limits', () => {
  it('pass every booth camera up to 16 MP-class sensors, and no strip', () => {
    for (const [w, h] of [
      [1920, 1080],
      [4096, 2160],
      [4000, 3000],
      [4208, 3120],
      [4656, 3496],
      [5344, 3008],
    ]) {
      expect(w! * h!).toBeLessThanOrEqual(DEFAULT_MAX_INPUT_PIXELS);
      expect(Math.max(w!, h!)).toBeLessThanOrEqual(DEFAULT_MAX_INPUT_SIDE);
    }
    expect(8100 * 6000).toBeGreaterThan(DEFAULT_MAX_INPUT_PIXELS);
    expect(20000).toBeGreaterThan(DEFAULT_MAX_INPUT_SIDE);
  });
});

describe('decode strategy', () => {
  it('a progressive still is decoded after detection, a baseline one as preferred', () => {
    expect(strategyFor({ progressive: true }, 'parallel')).toBe('after-detection');
    expect(strategyFor({ progressive: false }, 'parallel')).toBe('parallel');
    expect(strategyFor({ progressive: false }, 'after-detection')).toBe('after-detection');
  });
});

describe('decode memory estimate', () => {
  it("'parallel', baseline, upright: the RGB image (width × height × 3)", () => {
    expect(copies(decodeBytes(still(4000, 3000), 'parallel'))).toBeCloseTo(4000 * 3000 * 3, -1);
  });

  it('a rotated or flipped still (EXIF orientation) adds the turned copy', () => {
    const upright = decodeBytes(still(4000, 3000), 'parallel');
    for (const orientation of [3, 6, 8])
      expect(copies(decodeBytes(still(4000, 3000, { orientation }), 'parallel')) - copies(upright)).toBeCloseTo(36e6, -1);
    expect(decodeBytes(still(4000, 3000, { orientation: 1 }), 'parallel')).toBe(upright);
  });

  it('a progressive still holds 2 bytes a sample while it is decoded: twice at once in parallel, once after detection', () => {
    const pixels = 4000 * 3000;
    const parallel = copies(decodeBytes(still(4000, 3000, { progressive: true }), 'parallel'));
    expect(parallel).toBeCloseTo(pixels * 3 + 2 * pixels * 1.5 * 2, -1);
    const after = copies(decodeBytes(still(4000, 3000, { progressive: true }), 'after-detection'));
    // The coefficients, and the crop: at most the largest 35:45 frame (3000 high, 2333 wide), twice
    // for an upright still (the area decoded early, and the crop decoded again if it fell outside).
    expect(after).toBeCloseTo(pixels * 1.5 * 2 + 2 * 2333 * 3000 * 3, -1);
    expect(after).toBeLessThan(parallel);
    // 4:4:4 stores twice the samples of 4:2:0; unknown subsampling counts as 4:4:4.
    const full = copies(decodeBytes(still(4000, 3000, { progressive: true, chromaSubsampling: '4:4:4' }), 'after-detection'));
    expect(full - after).toBeCloseTo(pixels * 1.5 * 2, -1);
    expect(decodeBytes(still(4000, 3000, { progressive: true, chromaSubsampling: undefined }), 'after-detection')).toBe(
      decodeBytes(still(4000, 3000, { progressive: true, chromaSubsampling: '4:4:4' }), 'after-detection'),
    );
  });

  it("'after-detection', baseline, upright: the area decoded early and the crop, each at most the largest frame", () => {
    expect(decodesEarly({ orientation: undefined })).toBe(true);
    expect(decodesEarly({ orientation: 1 })).toBe(true);
    for (const orientation of [2, 3, 6, 8]) expect(decodesEarly({ orientation })).toBe(false);
    expect(largestCropPixels(4000, 3000)).toBe(2333 * 3000);
    expect(copies(decodeBytes(still(4000, 3000), 'after-detection'))).toBeCloseTo(2 * 2333 * 3000 * 3, -1);
    // Still less than 'parallel' holds for a turned still, and two 12 MP stills fit the default budget.
    expect(decodeBytes(still(4000, 3000, { orientation: 6 }), 'after-detection')).toBeLessThan(
      decodeBytes(still(4000, 3000, { orientation: 6 }), 'parallel'),
    );
    expect(2 * (decodeBytes(still(4000, 3000), 'after-detection') + 5 * MB)).toBeLessThan(192 * MB);
  });

  it('the crop of a still turned a quarter is cut from the upright image', () => {
    // Stored 4000×3000 on its side (orientation 6): upright 3000×4000, whose largest frame is 2999×3857.
    const after = copies(decodeBytes(still(4000, 3000, { orientation: 6 }), 'after-detection'));
    expect(after).toBeCloseTo(4000 * 3000 * 3 + 2999 * 3857 * 3, -1);
  });

  it('grows with the pixels, and stays bounded at the caps (the worst case, for the memory budget)', () => {
    expect(decodeBytes(still(4000, 3000), 'parallel')).toBeLessThan(decodeBytes(still(4656, 3496), 'parallel'));
    // The heaviest still the caps allow: 20 MP, progressive 4:4:4, turned (decoded after detection).
    const worst = decodeBytes(still(5163, 3873, { progressive: true, chromaSubsampling: '4:4:4', orientation: 6 }), 'after-detection');
    expect(worst).toBeLessThan(400 * MB);
    // A 12 MP camera still: two fit the default budget of 192 MiB (with their uploads).
    expect(2 * (decodeBytes(still(4000, 3000), 'parallel') + 5 * MB)).toBeLessThan(192 * MB);
  });
});
