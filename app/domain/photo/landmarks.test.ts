import { describe, expect, it } from 'vitest';
import { eyeCentres, eyeContours, insidePolygon, interEyeDistance, irises, MESH_POINTS, MESH_WITH_IRIS, meshPoint } from './landmarks';

/** A mesh with every point at (500, 500) and some placed by hand; `iris` adds the 10 iris points. */
export function meshWith(points: Record<number, [number, number]>, iris = false): number[] {
  const mesh: number[] = [];
  for (let i = 0; i < (iris ? MESH_WITH_IRIS : MESH_POINTS); i++) mesh.push(...(points[i] ?? [500, 500]));
  return mesh;
}

const irisPoints = (cx: number, cy: number, r: number, first: number): Record<number, [number, number]> => ({
  [first]: [cx, cy],
  [first + 1]: [cx + r, cy],
  [first + 2]: [cx, cy - r],
  [first + 3]: [cx - r, cy],
  [first + 4]: [cx, cy + r],
});

describe('mesh readers', () => {
  it('finds iris centres and radii, and measures the eyes from them', () => {
    const mesh = meshWith({ ...irisPoints(400, 450, 12, 468), ...irisPoints(600, 452, 10, 473) }, true);
    expect(irises(mesh)).toEqual([
      { centre: { x: 400, y: 450 }, radius: 12 },
      { centre: { x: 600, y: 452 }, radius: 10 },
    ]);
    expect(interEyeDistance(mesh)).toBeCloseTo(Math.hypot(200, 2), 6);
  });

  it('without iris points uses the middle of the eye corners; without a mesh, nothing', () => {
    const mesh = meshWith({ 33: [380, 450], 133: [440, 450], 263: [620, 450], 362: [560, 450] });
    expect(irises(mesh)).toBeUndefined();
    expect(eyeCentres(mesh)).toEqual([
      { x: 410, y: 450 },
      { x: 590, y: 450 },
    ]);
    expect(interEyeDistance(mesh)).toBe(180);
    expect(interEyeDistance([])).toBeUndefined();
    expect(eyeContours([1, 2, 3])).toBeUndefined();
    expect(meshPoint([1, Number.NaN], 0)).toBeUndefined();
  });

  it('insidePolygon follows the even-odd rule', () => {
    const square = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ];
    expect(insidePolygon(square, 5, 5)).toBe(true);
    expect(insidePolygon(square, 11, 5)).toBe(false);
    expect(insidePolygon(square, 5, -1)).toBe(false);
  });
});
