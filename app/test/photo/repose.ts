/**
 * TEST INSTRUMENT (issue 19, decision 0033): a real face photo re-posed by a known pitch and yaw
 * (and roll),
 * to measure the pose check on faces whose rotation is known. The face model's 3D mesh (468
 * points, x/y in image pixels, z in the same pixel scale, smaller = nearer the camera) is lifted
 * into camera space with a pinhole camera `cameraDistance` face widths away, rotated about the
 * head's centre, projected back, and the picture is warped triangle by triangle (piecewise affine,
 * bilinear sampling from the original) over the mesh's triangles, painted back to front onto the
 * original picture (so hair, ears, neck and background stay where they were; with an outline, a
 * band around the face stretches to meet them). Triangles that the turn folds over (now facing
 * away from the camera) are painted first, as filler: the far cheek squeezed into them.
 *
 * A warp of a 2D picture is not a real head turn: what the turn would uncover is not there (the
 * far cheek is squeezed, never revealed; the near side's hidden parts are not invented), the mesh
 * stops at the forehead and the jaw (hair and ears do not turn), and light does not move with the
 * face. Pure: no I/O; the triangles come from the caller (Human's TRI468, see pose-faces.ts).
 */
import type { Rgb } from '../../domain/photo/rgb';

export type Point3 = readonly [number, number, number];

/**
 * Degrees, applied in this order about the head's centre: yaw (> 0: the face turns to the
 * picture's left), pitch (> 0: the chin goes down, a nod), roll (> 0: clockwise on the screen).
 */
export interface Rotation {
  pitch: number;
  yaw: number;
  roll?: number;
}

export interface ReposeOptions {
  /** Camera to head-centre distance in face widths (face ≈ 15 cm: 7 ≈ 1 m, a booth's distance). */
  cameraDistance?: number;
  /** Centre of rotation in the mesh's coordinates; by default behind the face at the cheek-edge depth. */
  centre?: Point3;
  /**
   * The face's outline as a closed loop of mesh indices (Human's `silhouette`). When given, a band
   * from the outline out to a ring `band` times as far from the centre, which does not move, is
   * warped too: hair and background around the face stretch instead of showing a seam.
   */
  outline?: readonly number[];
  /** The band's outer ring, as a multiple of the outline's distance from the centre (default 1.6). */
  band?: number;
}

/** Mesh indices used to place the head's centre: the cheek edges near the ears (Human's 234, 454). */
const CHEEK_RIGHT = 234;
const CHEEK_LEFT = 454;

/** The head's centre: mid-way across the mesh's box, at the depth of the cheek edges (near the ears). */
export function headCentre(mesh: readonly Point3[]): Point3 {
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const [x, y] of mesh) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const a = mesh[CHEEK_RIGHT];
  const b = mesh[CHEEK_LEFT];
  const z = a && b ? (a[2] + b[2]) / 2 : 0;
  return [(minX + maxX) / 2, (minY + maxY) / 2, z];
}

/**
 * Where each mesh point lands in the picture after the rotation, with its depth from the camera
 * (larger = farther). `principal` is the camera's optical centre in the picture (its middle).
 */
export function reposeMesh(
  mesh: readonly Point3[],
  rotation: Rotation,
  principal: { x: number; y: number },
  options: ReposeOptions = {},
): Point3[] {
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  for (const [x] of mesh) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
  }
  const centre = options.centre ?? headCentre(mesh);
  // Focal length = distance to the head's centre, so one pixel at that depth is one mesh unit.
  const f = (options.cameraDistance ?? 7) * Math.max(1, maxX - minX);
  const lift = ([x, y, z]: Point3): Point3 => {
    const Z = f + z - centre[2];
    return [((x - principal.x) * Z) / f, ((y - principal.y) * Z) / f, Z];
  };
  const c = lift(centre);
  const p = (rotation.pitch * Math.PI) / 180;
  const q = (rotation.yaw * Math.PI) / 180;
  const r = ((rotation.roll ?? 0) * Math.PI) / 180;
  const [cp, sp, cq, sq, cr, sr] = [Math.cos(p), Math.sin(p), Math.cos(q), Math.sin(q), Math.cos(r), Math.sin(r)];
  return mesh.map((point) => {
    const [X, Y, Z] = lift(point);
    let [x, y, z] = [X - c[0], Y - c[1], Z - c[2]];
    // Yaw about the vertical axis (a point in front moves left), then pitch about the camera's
    // horizontal axis (y down, z away: a point in front moves down).
    [x, z] = [x * cq + z * sq, -x * sq + z * cq];
    [y, z] = [y * cp - z * sp, y * sp + z * cp];
    [x, y] = [x * cr - y * sr, x * sr + y * cr]; // roll in the picture plane (y down: clockwise)
    const [X2, Y2, Z2] = [x + c[0], y + c[1], z + c[2]];
    return [principal.x + (f * X2) / Z2, principal.y + (f * Y2) / Z2, Z2];
  });
}

/** Bilinear sample of `image` at (x, y) into out[o..o+2]; clamped to the edges. */
function sample(image: Rgb, x: number, y: number, out: Uint8Array, o: number): void {
  const { width, height, data } = image;
  const cx = Math.min(Math.max(x, 0), width - 1);
  const cy = Math.min(Math.max(y, 0), height - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  for (let k = 0; k < 3; k++) {
    const a = data[(y0 * width + x0) * 3 + k]!;
    const b = data[(y0 * width + x1) * 3 + k]!;
    const c = data[(y1 * width + x0) * 3 + k]!;
    const d = data[(y1 * width + x1) * 3 + k]!;
    out[o + k] = Math.round((a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy);
  }
}

/**
 * The picture with the face re-posed by `rotation`. `mesh`: the face model's first 468 points
 * (x, y in this picture's pixels; z in the same scale); `triangles`: flat index triples over them.
 */
export function reposeFace(
  image: Rgb,
  mesh: readonly Point3[],
  triangles: readonly number[],
  rotation: Rotation,
  options: ReposeOptions = {},
): Rgb {
  if (image.data.length < image.width * image.height * 3) throw new RangeError('repose: not an RGB image of that size');
  if (triangles.length % 3 !== 0) throw new RangeError('repose: triangles must be index triples');
  const moved = reposeMesh(mesh, rotation, { x: image.width / 2, y: image.height / 2 }, options);
  const out = Uint8Array.from(image.data.subarray(0, image.width * image.height * 3));
  const band = options.outline ? outlineBand(mesh, moved, options.outline, options.band ?? 1.6) : undefined;
  if (band) paint(image, out, band.source, band.moved, band.triangles, false);
  paint(image, out, mesh, moved, triangles, true);
  return { data: out, width: image.width, height: image.height };
}

/**
 * The band around the outline: per outline point, a ring point `scale` times as far from the
 * outline's centre; both rings' source positions are the mesh's, the ring keeps its place, and the
 * outline moves with the face. Returns points (outline then ring) and the band's triangles.
 */
function outlineBand(mesh: readonly Point3[], moved: readonly Point3[], outline: readonly number[], scale: number) {
  const n = outline.length;
  if (n < 3 || outline.some((i) => !mesh[i])) throw new RangeError('repose: the outline names points the mesh does not have');
  const cx = outline.reduce((s, i) => s + mesh[i]![0], 0) / n;
  const cy = outline.reduce((s, i) => s + mesh[i]![1], 0) / n;
  const ring = outline.map((i): Point3 => [cx + (mesh[i]![0] - cx) * scale, cy + (mesh[i]![1] - cy) * scale, 0]);
  const source = [...outline.map((i) => mesh[i]!), ...ring];
  const target = [...outline.map((i) => moved[i]!), ...ring];
  const triangles: number[] = [];
  for (let k = 0; k < n; k++) {
    const next = (k + 1) % n;
    triangles.push(k, next, n + k, next, n + next, n + k);
  }
  return { source, moved: target, triangles };
}

/**
 * Paints each triangle of `moved` with the pixels of the same triangle of `mesh`: those the
 * rotation turned away first, then the others (farthest first when `byDepth`).
 */
function paint(
  image: Rgb,
  out: Uint8Array,
  mesh: readonly Point3[],
  moved: readonly Point3[],
  triangles: readonly number[],
  byDepth: boolean,
): void {
  const order: { i: number; depth: number }[] = [];
  for (let i = 0; i < triangles.length; i += 3) {
    const [a, b, c] = [moved[triangles[i]!], moved[triangles[i + 1]!], moved[triangles[i + 2]!]];
    if (!a || !b || !c || !mesh[triangles[i]!] || !mesh[triangles[i + 1]!] || !mesh[triangles[i + 2]!])
      throw new RangeError(`repose: triangle ${i / 3} names a point the mesh does not have`);
    order.push({ i, depth: (a[2] + b[2] + c[2]) / 3 });
  }
  if (byDepth) order.sort((u, v) => v.depth - u.depth); // farthest first: the nearer triangles paint over them
  // Triangles the turn folds over (now facing away) are painted first, as filler where the face
  // turns away (the far cheek squeezed into them), so no old cheek edge shows; the rest over them.
  for (const folded of [true, false]) for (const { i } of order) paintOne(i, folded);
  function paintOne(i: number, folded: boolean) {
    const [ia, ib, ic] = [triangles[i]!, triangles[i + 1]!, triangles[i + 2]!];
    const [s0, s1, s2] = [mesh[ia]!, mesh[ib]!, mesh[ic]!];
    const [d0, d1, d2] = [moved[ia]!, moved[ib]!, moved[ic]!];
    const sourceArea = (s1[0] - s0[0]) * (s2[1] - s0[1]) - (s2[0] - s0[0]) * (s1[1] - s0[1]);
    const area = (d1[0] - d0[0]) * (d2[1] - d0[1]) - (d2[0] - d0[0]) * (d1[1] - d0[1]);
    // Degenerate, or not in this pass (folded: its face now points away from the camera).
    if (Math.abs(area) < 1e-9 || Math.abs(sourceArea) < 1e-9 || (Math.sign(area) !== Math.sign(sourceArea)) !== folded) return;
    const left = Math.max(0, Math.floor(Math.min(d0[0], d1[0], d2[0])));
    const right = Math.min(image.width - 1, Math.ceil(Math.max(d0[0], d1[0], d2[0])));
    const top = Math.max(0, Math.floor(Math.min(d0[1], d1[1], d2[1])));
    const bottom = Math.min(image.height - 1, Math.ceil(Math.max(d0[1], d1[1], d2[1])));
    const eps = -1e-6;
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        // Barycentric coordinates of the pixel in the moved triangle.
        const w1 = ((x - d0[0]) * (d2[1] - d0[1]) - (d2[0] - d0[0]) * (y - d0[1])) / area;
        const w2 = ((d1[0] - d0[0]) * (y - d0[1]) - (x - d0[0]) * (d1[1] - d0[1])) / area;
        const w0 = 1 - w1 - w2;
        if (w0 < eps || w1 < eps || w2 < eps) continue;
        const sx = w0 * s0[0] + w1 * s1[0] + w2 * s2[0];
        const sy = w0 * s0[1] + w1 * s1[1] + w2 * s2[1];
        sample(image, sx, sy, out, (y * image.width + x) * 3);
      }
    }
  }
}
