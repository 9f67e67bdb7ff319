/**
 * Mouth closed / neutral expression from the face mesh (ISO/IEC 19794-5 §7.2.3 and ICAO 9303
 * part 3: neutral expression, mouth closed, no smile with teeth; J-LIS lists an open mouth and a
 * smile among unsuitable photos). Two numbers, both over the inter-eye distance so they do not
 * depend on the face's size in the picture:
 *   - opening: the mean gap between the inner lips at three points across the mouth;
 *   - smile: how far the mouth corners sit above the middle of the lips, measured across the
 *     eye line (so a tilted head does not read as a smile).
 */
import { distance, INNER_LIP_PAIRS, interEyeDistance, MESH_POINTS, MOUTH_CORNERS, meshPoint, type Point } from './landmarks';

export interface MouthMeasure {
  /** Inner-lip gap / inter-eye distance (0 = lips together). */
  opening: number;
  /** Mouth-corner lift above the lip midline / inter-eye distance (positive = corners up). */
  smile: number;
}

const EYE_OUTER = { right: 33, left: 263 } as const;

export function mouthMeasure(mesh: readonly number[]): MouthMeasure | undefined {
  if (mesh.length < MESH_POINTS * 2) return undefined;
  const ied = interEyeDistance(mesh);
  if (!ied) return undefined;
  const gaps: number[] = [];
  for (const [upper, lower] of INNER_LIP_PAIRS) {
    const a = meshPoint(mesh, upper);
    const b = meshPoint(mesh, lower);
    if (!a || !b) return undefined;
    gaps.push(distance(a, b));
  }
  const upperMid = meshPoint(mesh, 13);
  const lowerMid = meshPoint(mesh, 14);
  const corners = MOUTH_CORNERS.map((i) => meshPoint(mesh, i));
  const right = meshPoint(mesh, EYE_OUTER.right);
  const left = meshPoint(mesh, EYE_OUTER.left);
  if (!upperMid || !lowerMid || !corners[0] || !corners[1] || !right || !left) return undefined;
  // "Down" in the face's own frame: perpendicular to the eye line.
  const ex = left.x - right.x;
  const ey = left.y - right.y;
  const length = Math.hypot(ex, ey);
  if (!(length > 0)) return undefined;
  const down = { x: -ey / length, y: ex / length };
  const along = (p: Point) => p.x * down.x + p.y * down.y;
  const midline = (along(upperMid) + along(lowerMid)) / 2;
  const cornerLevel = (along(corners[0]) + along(corners[1])) / 2;
  return {
    opening: gaps.reduce((s, g) => s + g, 0) / gaps.length / ied,
    smile: (midline - cornerLevel) / ied,
  };
}
