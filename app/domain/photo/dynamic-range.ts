/**
 * The face's dynamic range: how many grey levels the face actually uses. Two numbers over the
 * pixels inside an ellipse inscribed in the face's box:
 *   - spread: the 99th minus the 1st percentile of luma (0–255), the grey-level spread;
 *   - entropy: Shannon entropy of the luma histogram in bits (0–8), OFIQ's DynamicRange measure
 *     (ISO/IEC 29794-5), which also drops when levels are missing (posterised, heavily compressed).
 */
import { luma, type Rgb } from './rgb';

export interface DynamicRange {
  spread: number;
  entropy: number;
  pixels: number;
}

export function dynamicRange(image: Rgb, ellipse: { cx: number; cy: number; rx: number; ry: number }): DynamicRange | undefined {
  const histogram = new Uint32Array(256);
  let n = 0;
  const { cx, cy, rx, ry } = ellipse;
  if (!(rx > 0 && ry > 0)) return undefined;
  for (let y = Math.max(0, Math.floor(cy - ry)); y <= Math.min(image.height - 1, Math.ceil(cy + ry)); y++)
    for (let x = Math.max(0, Math.floor(cx - rx)); x <= Math.min(image.width - 1, Math.ceil(cx + rx)); x++) {
      const dx = (x + 0.5 - cx) / rx;
      const dy = (y + 0.5 - cy) / ry;
      if (dx * dx + dy * dy > 1) continue;
      const i = (y * image.width + x) * 3;
      histogram[luma(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!)]!++;
      n++;
    }
  if (n < 64) return undefined;
  let entropy = 0;
  for (const count of histogram) if (count > 0) entropy -= (count / n) * Math.log2(count / n);
  const percentile = (p: number) => {
    const target = p * n;
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen >= target) return v;
    }
    return 255;
  };
  return { spread: percentile(0.99) - percentile(0.01), entropy, pixels: n };
}
