/**
 * What the face model found, reduced to the numbers the crop and the checks need. Landmark
 * indices are those of the 468-point face mesh (+10 iris points) used by @vladmandic/human.
 */

import type { EyesMeasure, PoseMeasure } from './checks';
import type { FaceLandmarks, Rect } from './crop';

/** One detected face, in the pixel coordinates of the image it was detected on. */
export interface DetectedFace {
  score: number;
  box: Rect;
  /** Radians, as the model reports them. */
  angle: { roll: number; yaw: number; pitch: number };
  /** Flat [x0, y0, x1, y1, …] mesh points; empty when the mesh model found none. */
  mesh: number[];
}

/** Faces below this confidence are not counted (reflections, posters far in the background). */
export const MIN_FACE_SCORE = 0.5;
/** Faces smaller than this share of the largest face's width are ignored (distant passers-by). */
export const MIN_RELATIVE_FACE_WIDTH = 0.35;

const MESH = {
  foreheadTop: 10,
  chin: 152,
  rightEye: { outer: 33, inner: 133, upper: 159, lower: 145 },
  leftEye: { outer: 263, inner: 362, upper: 386, lower: 374 },
} as const;

export const MESH_POINTS = 468;

function point(mesh: readonly number[], index: number): { x: number; y: number } | undefined {
  const x = mesh[index * 2];
  const y = mesh[index * 2 + 1];
  return x === undefined || y === undefined ? undefined : { x, y };
}

/** The faces that count: confident, and not tiny next to the main face. */
export function countedFaces(faces: readonly DetectedFace[]): DetectedFace[] {
  const confident = faces.filter((f) => f.score >= MIN_FACE_SCORE);
  const largest = Math.max(0, ...confident.map((f) => f.box.width));
  return confident.filter((f) => f.box.width >= largest * MIN_RELATIVE_FACE_WIDTH).sort((a, b) => b.box.width - a.box.width);
}

/** Confident faces that countedFaces leaves out for being small (people far behind the applicant). */
export function backgroundFaceCount(faces: readonly DetectedFace[]): number {
  return faces.filter((f) => f.score >= MIN_FACE_SCORE).length - countedFaces(faces).length;
}

export function hasMesh(face: DetectedFace): boolean {
  return face.mesh.length >= MESH_POINTS * 2;
}

/** Landmarks for the crop; falls back to the detector box when there is no mesh. */
export function landmarksOf(face: DetectedFace): FaceLandmarks {
  if (!hasMesh(face)) {
    // The detector box spans roughly eyebrows to chin.
    const { left, top, width, height } = face.box;
    return { meshTop: top, chin: top + height, eyeY: top + height * 0.35, centreX: left + width / 2 };
  }
  const m = face.mesh;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (let i = 0; i < MESH_POINTS; i++) {
    const x = m[i * 2]!;
    const y = m[i * 2 + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
  }
  const chin = point(m, MESH.chin)!;
  const eyes = [MESH.rightEye.outer, MESH.rightEye.inner, MESH.leftEye.outer, MESH.leftEye.inner].map((i) => point(m, i)!);
  const eyeY = eyes.reduce((sum, p) => sum + p.y, 0) / eyes.length;
  return { meshTop: Math.min(minY, point(m, MESH.foreheadTop)!.y), chin: chin.y, eyeY, centreX: (minX + maxX) / 2 };
}

/** Horizontal extent of the face (for background regions): mesh or box. */
export function faceSpan(face: DetectedFace): { left: number; right: number } {
  if (!hasMesh(face)) return { left: face.box.left, right: face.box.left + face.box.width };
  let left = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < MESH_POINTS; i++) {
    const x = face.mesh[i * 2]!;
    if (x < left) left = x;
    if (x > right) right = x;
  }
  return { left, right };
}

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/** Eye openness (lid gap / eye width) for each eye; undefined without a mesh. */
export function eyeOpenness(face: DetectedFace): EyesMeasure {
  if (!hasMesh(face)) return {};
  const of = (eye: { outer: number; inner: number; upper: number; lower: number }) => {
    const width = distance(point(face.mesh, eye.outer)!, point(face.mesh, eye.inner)!);
    return width > 0 ? distance(point(face.mesh, eye.upper)!, point(face.mesh, eye.lower)!) / width : undefined;
  };
  const right = of(MESH.rightEye);
  const left = of(MESH.leftEye);
  return { ...(left === undefined ? {} : { left }), ...(right === undefined ? {} : { right }) };
}

export function poseOf(face: DetectedFace): PoseMeasure {
  const deg = (rad: number) => (rad * 180) / Math.PI;
  return { roll: deg(face.angle.roll), yaw: deg(face.angle.yaw), pitch: deg(face.angle.pitch) };
}

/**
 * How much less Human's angles count depth than width and height: its calculateFaceAngle (ported
 * as face-model.ts faceAngle) divides x and y by the square face box's size / 1.5 but z, which the
 * mesh model gives in the same scale as x, by the box's size. So it reads tan(pitch) and tan(yaw)
 * at 1/1.5 of the head's: a 10° nod reads 6.7° (measured on re-posed real faces: slope 0.62–0.72,
 * bench/photo-pose.ts, decision 0033).
 */
export const HUMAN_DEPTH_SQUEEZE = 1.5;

/**
 * The head's rotation in degrees with Human's depth squeeze undone: tan(pitch) and tan(yaw) times
 * HUMAN_DEPTH_SQUEEZE (exact for a turn about one axis; roll is a rotation in the picture plane and
 * is unchanged). This is what checkPose reads; poseOf gives the model's reading as it is.
 */
export function headPoseOf(face: DetectedFace): PoseMeasure {
  const read = poseOf(face);
  const undo = (deg: number) => (Math.atan(HUMAN_DEPTH_SQUEEZE * Math.tan((deg * Math.PI) / 180)) * 180) / Math.PI;
  return { roll: read.roll, yaw: undo(read.yaw), pitch: undo(read.pitch) };
}

/**
 * Other people in the photo: the faces a detector found in the photo's frame (same coordinates as
 * `applicant`, the applicant's face box) that are not the applicant's. Like countedFaces, a face
 * counts when it is confident and at least MIN_RELATIVE_FACE_WIDTH of the applicant's width; a
 * smaller confident one is a face in the background.
 */
export function otherFacesInPhoto(found: readonly DetectedFace[], applicant: Rect): { counted: number; background: number } {
  const others = found.filter((f) => f.score >= MIN_FACE_SCORE && !isSameFace(f.box, applicant));
  const counted = others.filter((f) => f.box.width >= applicant.width * MIN_RELATIVE_FACE_WIDTH).length;
  return { counted, background: others.length - counted };
}

/** Two boxes are the same face when either's centre lies inside the other. */
function isSameFace(a: Rect, b: Rect): boolean {
  const inside = (r: Rect, x: number, y: number) => x >= r.left && x <= r.left + r.width && y >= r.top && y <= r.top + r.height;
  return inside(b, a.left + a.width / 2, a.top + a.height / 2) || inside(a, b.left + b.width / 2, b.top + b.height / 2);
}

/** Scales a face from detection-copy pixels to source pixels. */
export function scaleFace(face: DetectedFace, factor: number): DetectedFace {
  return {
    ...face,
    box: { left: face.box.left * factor, top: face.box.top * factor, width: face.box.width * factor, height: face.box.height * factor },
    mesh: face.mesh.map((v) => v * factor),
  };
}
