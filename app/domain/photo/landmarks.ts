/**
 * Named points of the face mesh the standard checks read (468-point MediaPipe face mesh as
 * @vladmandic/human returns it, followed by the 10 iris points when the iris model ran: 468–472
 * one iris — centre then four points on its edge — and 473–477 the other). Coordinates are flat
 * [x0, y0, x1, y1, …] as in DetectedFace.mesh. Every reader returns undefined when the points are
 * not there, so the checks can say "not measured" instead of guessing.
 */

export interface Point {
  x: number;
  y: number;
}

/** Eye contours (eyelid edge, 16 points in order around the eye), the person's right eye first. */
export const EYE_CONTOUR = {
  right: [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246],
  left: [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466],
} as const;

/** Eye corners (outer, inner) for the eye centres when there are no iris points. */
const EYE_CORNERS = { right: [33, 133], left: [263, 362] } as const;

/**
 * Inner lip contour pairs (upper, lower) across the mouth opening: middle (13/14) and two either
 * side of it; and the mouth corners.
 */
export const INNER_LIP_PAIRS = [
  [82, 87],
  [13, 14],
  [312, 317],
] as const;
export const MOUTH_CORNERS = [61, 291] as const;

export const MESH_POINTS = 468;
export const MESH_WITH_IRIS = 478;
/** Iris points: centre, then four on the edge. Human lists the iris of the image's left eye first. */
const IRIS = [
  [468, 469, 470, 471, 472],
  [473, 474, 475, 476, 477],
] as const;

export function meshPoint(mesh: readonly number[], index: number): Point | undefined {
  const x = mesh[index * 2];
  const y = mesh[index * 2 + 1];
  return x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y) ? undefined : { x, y };
}

export const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
const mean = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

function points(mesh: readonly number[], indices: readonly number[]): Point[] | undefined {
  const out: Point[] = [];
  for (const i of indices) {
    const p = meshPoint(mesh, i);
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

/** The eyelid contour of each eye, or undefined without a full mesh. */
export function eyeContours(mesh: readonly number[]): { right: Point[]; left: Point[] } | undefined {
  if (mesh.length < MESH_POINTS * 2) return undefined;
  const right = points(mesh, EYE_CONTOUR.right);
  const left = points(mesh, EYE_CONTOUR.left);
  return right && left ? { right, left } : undefined;
}

/** Each iris: centre and radius (mean distance of its four edge points), or undefined without iris points. */
export function irises(mesh: readonly number[]): { centre: Point; radius: number }[] | undefined {
  if (mesh.length < MESH_WITH_IRIS * 2) return undefined;
  const out: { centre: Point; radius: number }[] = [];
  for (const iris of IRIS) {
    const found = points(mesh, iris);
    if (!found) return undefined;
    const [centre, ...edge] = found as [Point, ...Point[]];
    const radius = edge.reduce((s, p) => s + distance(p, centre), 0) / edge.length;
    if (!(radius > 0)) return undefined;
    out.push({ centre, radius });
  }
  return out;
}

/**
 * The two eye centres: the iris centres when the iris model ran, else the middle of each eye's
 * corners (ISO/IEC 19794-5 measures the inter-eye distance between eye centres).
 */
export function eyeCentres(mesh: readonly number[]): [Point, Point] | undefined {
  const iris = irises(mesh);
  if (iris) return [iris[0]!.centre, iris[1]!.centre];
  if (mesh.length < MESH_POINTS * 2) return undefined;
  const right = points(mesh, EYE_CORNERS.right);
  const left = points(mesh, EYE_CORNERS.left);
  return right && left ? [mean(right), mean(left)] : undefined;
}

/** Distance between the eye centres, in the mesh's pixels. */
export function interEyeDistance(mesh: readonly number[]): number | undefined {
  const centres = eyeCentres(mesh);
  if (!centres) return undefined;
  const d = distance(centres[0], centres[1]);
  return d > 0 ? d : undefined;
}

/** Maps mesh points into another raster (x' = (x − left) · scale, same for y). */
export function mapPoints(points: readonly Point[], left: number, top: number, scale: number): Point[] {
  return points.map((p) => ({ x: (p.x - left) * scale, y: (p.y - top) * scale }));
}

/** Whether (x, y) is inside the polygon (even-odd rule). */
export function insidePolygon(polygon: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
