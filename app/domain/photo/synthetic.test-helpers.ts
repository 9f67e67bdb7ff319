/** Hand-made RGB rasters for the measure tests. */
import type { Rgb } from './rgb';

export function fill(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Rgb {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      const i = (y * width + x) * 3;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
    }
  return { data, width, height };
}

/** A deterministic pseudo-random number in [0, 1) for pixel (x, y). */
export const noise = (x: number, y: number) => {
  const s = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
  return s - Math.floor(s);
};

export const inDisc = (x: number, y: number, cx: number, cy: number, r: number) => Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r;
