import { describe, expect, it } from 'vitest';
import { eyeRegion, eyesRegion, meanLuma } from './eye-region';
import type { Point } from './landmarks';
import { fill, inDisc } from './synthetic.test-helpers';

/** An eye 60×24 px centred at (50, 40) on skin (200, 160, 140): white sclera, brown iris r 10, dark pupil r 4. */
const contour: Point[] = Array.from({ length: 16 }, (_, i) => {
  const a = (i / 16) * 2 * Math.PI;
  return { x: 50 + 30 * Math.cos(a), y: 40 + 12 * Math.sin(a) };
});
type Paint = (x: number, y: number) => [number, number, number] | undefined;
const eye = (over: Paint = () => undefined) =>
  fill(100, 100, (x, y) => {
    const o = over(x, y);
    if (o) return o;
    if (inDisc(x, y, 50, 40, 4)) return [20, 15, 15];
    if (inDisc(x, y, 50, 40, 10)) return [110, 70, 45];
    if (((x + 0.5 - 50) / 30) ** 2 + ((y + 0.5 - 40) / 12) ** 2 <= 1) return [225, 222, 218];
    return [200, 160, 140];
  });
const skin = (image: ReturnType<typeof eye>) => meanLuma(image, { left: 0, top: 70, width: 100, height: 20 });

describe('eyeRegion', () => {
  it('an open eye: no glare, darker than the skin only a little, high contrast', () => {
    const image = eye();
    const m = eyeRegion(image, contour, skin(image))!;
    expect(m.glare).toBe(0);
    expect(m.darkness).toBeGreaterThan(0.6);
    expect(m.contrast).toBeGreaterThan(40);
    expect(m.pixels).toBeGreaterThan(500);
  });

  it('a white colourless blob over half the eye is glare; a coloured bright patch is not', () => {
    const glare = eye((x, y) => (inDisc(x, y, 45, 40, 11) ? [252, 252, 250] : undefined));
    expect(eyeRegion(glare, contour, skin(glare))!.glare).toBeGreaterThan(0.25);
    const yellow = eye((x, y) => (inDisc(x, y, 45, 40, 11) ? [255, 250, 120] : undefined));
    expect(eyeRegion(yellow, contour, skin(yellow))!.glare).toBe(0);
  });

  it('a dark tinted lens over the eye: dark and flat', () => {
    const tinted = eye((x, y) => (((x + 0.5 - 50) / 36) ** 2 + ((y + 0.5 - 40) / 20) ** 2 <= 1 ? [25 + (x % 3), 22, 26] : undefined));
    const m = eyeRegion(tinted, contour, skin(tinted))!;
    expect(m.darkness).toBeLessThan(0.15);
    expect(m.contrast).toBeLessThan(3);
  });

  it('both eyes: the worse of each; a contour off the picture is not judged', () => {
    const image = eye();
    const glare = eye((x, y) => (inDisc(x, y, 45, 40, 11) ? [252, 252, 250] : undefined));
    const both = eyesRegion(glare, [contour, contour], skin(image))!;
    expect(both.glare).toBeGreaterThan(0.25);
    const away = contour.map((p) => ({ x: p.x + 500, y: p.y }));
    expect(eyesRegion(image, [contour, away], skin(image))).toBeUndefined();
  });
});
