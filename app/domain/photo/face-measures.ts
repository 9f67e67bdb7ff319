/**
 * The standard checks' measures that read the face's own pixels, on one small RGB copy of the
 * face (the pipeline makes it ≈ 256 px wide from the source pixels, so the cost does not depend
 * on the camera's resolution). `from` is the rectangle of the source image the copy shows; the
 * mesh is in source pixels.
 */
import type { Rect } from './crop';
import { type DynamicRange, dynamicRange } from './dynamic-range';
import { type MouthMeasure, mouthMeasure } from './expression';
import { type EyeRegion, eyesRegion, meanLuma } from './eye-region';
import { eyeCentres, eyeContours, irises, MESH_POINTS, mapPoints } from './landmarks';
import { redEye } from './red-eye';
import type { Rgb } from './rgb';

export interface FaceMeasures {
  mouth?: MouthMeasure;
  eyes?: EyeRegion;
  /** Share of the pupil that is red (the worse eye), without iris points undefined. */
  redEye?: number;
  range?: DynamicRange;
}

export function faceMeasures(mesh: readonly number[], copy: Rgb, from: Rect): FaceMeasures {
  const out: FaceMeasures = {};
  const mouth = mouthMeasure(mesh);
  if (mouth) out.mouth = mouth;
  if (mesh.length < MESH_POINTS * 2 || from.width <= 0) return out;
  const scale = copy.width / from.width;
  const toCopy = (points: { x: number; y: number }[]) => mapPoints(points, from.left, from.top, scale);

  // Dynamic range: an ellipse inscribed in the mesh's box, at 90 % so the edge stays off the background.
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < MESH_POINTS; i++) {
    const x = (mesh[i * 2]! - from.left) * scale;
    const y = (mesh[i * 2 + 1]! - from.top) * scale;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const range = dynamicRange(copy, {
    cx: (minX + maxX) / 2,
    cy: (minY + maxY) / 2,
    rx: ((maxX - minX) / 2) * 0.9,
    ry: ((maxY - minY) / 2) * 0.9,
  });
  if (range) out.range = range;

  // Eyes against the skin just below them (upper cheeks and the bridge of the nose).
  const centres = eyeCentres(mesh);
  const contours = eyeContours(mesh);
  if (centres && contours) {
    const [a, b] = toCopy(centres) as [{ x: number; y: number }, { x: number; y: number }];
    const ied = Math.hypot(a.x - b.x, a.y - b.y);
    const skin = meanLuma(copy, {
      left: Math.min(a.x, b.x),
      top: (a.y + b.y) / 2 + 0.35 * ied,
      width: Math.abs(a.x - b.x),
      height: 0.25 * ied,
    });
    const eyes = eyesRegion(copy, [toCopy(contours.right), toCopy(contours.left)], skin);
    if (eyes) out.eyes = eyes;
  }
  const iris = irises(mesh);
  if (iris) {
    const red = redEye(
      copy,
      iris.map(({ centre, radius }) => ({ centre: toCopy([centre])[0]!, radius: radius * scale })),
    );
    if (red !== undefined) out.redEye = red;
  }
  return out;
}
