/** An 8-bit RGB raster (3 bytes a pixel, rows top to bottom), as sharp's raw output gives it. */
export interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Rec. 601 luma of one pixel, 0–255, on the gamma-encoded values (integer weights; not sharp's 'b-w', which libvips computes in linear light and which differs by up to 69 levels). */
export const luma = (r: number, g: number, b: number) => (r * 77 + g * 150 + b * 29) >> 8;
