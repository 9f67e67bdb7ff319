/**
 * Face detection around the three MediaPipe models Human used (BlazeFace front detector, face
 * mesh, iris), as pure TypeScript: the image preparation, the detector's anchors and box decoding,
 * the crops fed to the mesh and iris models, and the mapping of their outputs back to image pixels.
 * It is a port of @vladmandic/human 3.3 (src/face/blazeface.ts, facemesh.ts, facemeshutil.ts,
 * iris.ts, angles.ts; MIT licence) with the settings the pipeline used (no rotation correction,
 * detector scale 1.4, iris scale 2.3, at most 6 faces, IoU 0.1, confidence 0.3), so the landmarks
 * and thresholds carry over, except that the detector's input for the faces that are meshed is the
 * picture padded to a square (Human's square option, its mapping back corrected: detectOnSquare),
 * not stretched (decision 0038, 5 Dec night). The models themselves run elsewhere (`ModelRunner`: onnxruntime in
 * the server's worker thread); everything here is deterministic arithmetic and unit-tested.
 */
import type { DetectedFace } from './face';
import type { Rgb } from './rgb';

export type FaceModelName = 'detector' | 'mesh' | 'iris';

export interface ModelOutput {
  data: Float32Array;
  dims: readonly number[];
}

/** Runs one model on an NHWC float32 input; outputs by name. */
export type ModelRunner = (model: FaceModelName, input: Float32Array, dims: readonly number[]) => Promise<Record<string, ModelOutput>>;

export const DETECTOR_SIZE = 128;
export const MESH_SIZE = 192;
export const IRIS_SIZE = 64;

/** Human's settings as the pipeline configured them (face-worker.mjs before decision 0032). */
export const FACE_MODEL_SETTINGS = {
  maxDetected: 6,
  minConfidence: 0.3,
  iouThreshold: 0.1,
  detectorScale: 1.4,
  irisScale: 2.3,
} as const;

type Point = [number, number];
type Point3 = [number, number, number];

interface Box {
  startPoint: Point;
  endPoint: Point;
}

interface DetectBox extends Box {
  landmarks: Point[];
  confidence: number;
}

// ——— image operations, with TensorFlow's semantics (tf.image.resizeBilinear, cropAndResize) ———

/**
 * tf.image.resizeBilinear (alignCorners and halfPixelCenters false) of a whole RGB image to
 * size×size, each value mapped by `scale * v + offset`, into `out` at `outOffset` (NHWC float32).
 */
export function resizeBilinear(image: Rgb, size: number, scale: number, offset: number, out: Float32Array, outOffset = 0): void {
  const { data, width, height } = image;
  const ys = height / size;
  const xs = width / size;
  let o = outOffset;
  for (let r = 0; r < size; r++) {
    const fy = ys * r;
    const y0 = Math.floor(fy);
    const y1 = Math.min(height - 1, Math.ceil(fy));
    const dy = fy - y0;
    for (let c = 0; c < size; c++) {
      const fx = xs * c;
      const x0 = Math.floor(fx);
      const x1 = Math.min(width - 1, Math.ceil(fx));
      const dx = fx - x0;
      const tl = (y0 * width + x0) * 3;
      const tr = (y0 * width + x1) * 3;
      const bl = (y1 * width + x0) * 3;
      const br = (y1 * width + x1) * 3;
      for (let k = 0; k < 3; k++) {
        const top = data[tl + k]! + (data[tr + k]! - data[tl + k]!) * dx;
        const bottom = data[bl + k]! + (data[br + k]! - data[bl + k]!) * dx;
        out[o++] = (top + (bottom - top) * dy) * scale + offset;
      }
    }
  }
}

/** A float image (NHWC without the batch), as the crops for the mesh and iris models are. */
export interface FloatPixels {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * tf.image.cropAndResize (bilinear, extrapolation value 0) of one box given in normalised
 * [y1, x1, y2, x2], to size×size, into `out` at `outOffset`; `flip` mirrors the result left to
 * right (tf.image.flipLeftRight). Works on bytes (scaled by `scale`) or floats.
 */
export function cropAndResize(
  image: Rgb | FloatPixels,
  box: readonly [number, number, number, number],
  size: number,
  scale: number,
  out: Float32Array,
  outOffset = 0,
  flip = false,
): void {
  const { data, width, height } = image;
  const [y1, x1, y2, x2] = box;
  const hs = size > 1 ? ((y2 - y1) * (height - 1)) / (size - 1) : 0;
  const ws = size > 1 ? ((x2 - x1) * (width - 1)) / (size - 1) : 0;
  for (let y = 0; y < size; y++) {
    const inY = size > 1 ? y1 * (height - 1) + y * hs : 0.5 * (y1 + y2) * (height - 1);
    const rowOut = outOffset + y * size * 3;
    if (inY < 0 || inY > height - 1) {
      out.fill(0, rowOut, rowOut + size * 3);
      continue;
    }
    const top = Math.floor(inY);
    const bottom = Math.ceil(inY);
    const dy = inY - top;
    for (let x = 0; x < size; x++) {
      const inX = size > 1 ? x1 * (width - 1) + x * ws : 0.5 * (x1 + x2) * (width - 1);
      const o = rowOut + (flip ? size - 1 - x : x) * 3;
      if (inX < 0 || inX > width - 1) {
        out[o] = 0;
        out[o + 1] = 0;
        out[o + 2] = 0;
        continue;
      }
      const left = Math.floor(inX);
      const right = Math.ceil(inX);
      const dx = inX - left;
      const tl = (top * width + left) * 3;
      const tr = (top * width + right) * 3;
      const bl = (bottom * width + left) * 3;
      const br = (bottom * width + right) * 3;
      for (let k = 0; k < 3; k++) {
        const t = data[tl + k]! + (data[tr + k]! - data[tl + k]!) * dx;
        const b = data[bl + k]! + (data[br + k]! - data[bl + k]!) * dx;
        out[o + k] = (t + (b - t) * dy) * scale;
      }
    }
  }
}

// ——— detector ———

/** BlazeFace anchors for a square input (Human's generateAnchors): centres in input pixels. */
export function generateAnchors(inputSize: number): Point[] {
  const spec = inputSize === 192 ? { strides: [4], anchors: [1] } : { strides: [inputSize / 16, inputSize / 8], anchors: [2, 6] };
  const anchors: Point[] = [];
  for (let i = 0; i < spec.strides.length; i++) {
    const stride = spec.strides[i]!;
    const rows = Math.floor((inputSize + stride - 1) / stride);
    for (let gy = 0; gy < rows; gy++) {
      const ay = stride * (gy + 0.5);
      for (let gx = 0; gx < rows; gx++) {
        const ax = stride * (gx + 0.5);
        for (let n = 0; n < spec.anchors[i]!; n++) anchors.push([ax, ay]);
      }
    }
  }
  return anchors;
}

const DETECTOR_ANCHORS = generateAnchors(DETECTOR_SIZE);

/**
 * The detector's outputs as one [anchors × 17] table (score logit, box, 6 key points), in Human's
 * order: its front model has four outputs, which Human sorts by size and joins (512 rows first).
 */
export function detectorTable(outputs: readonly ModelOutput[]): Float32Array {
  const sorted = [...outputs].sort((a, b) => a.data.length - b.data.length);
  if (sorted.length === 1) return sorted[0]!.data;
  if (sorted.length !== 4) throw new Error(`face detector: expected 4 outputs, got ${sorted.length}`);
  const [s384, s512, b384, b512] = sorted as [ModelOutput, ModelOutput, ModelOutput, ModelOutput];
  const width = 1 + b384.data.length / s384.data.length;
  const rows = s384.data.length + s512.data.length;
  const table = new Float32Array(rows * width);
  let row = 0;
  for (const [scores, boxes] of [
    [s512, b512],
    [s384, b384],
  ] as const) {
    for (let i = 0; i < scores.data.length; i++, row++) {
      table[row * width] = scores.data[i]!;
      table.set(boxes.data.subarray(i * (width - 1), (i + 1) * (width - 1)), row * width + 1);
    }
  }
  return table;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function iou(a: readonly number[], b: readonly number[]): number {
  const areaA = (a[2]! - a[0]!) * (a[3]! - a[1]!);
  const areaB = (b[2]! - b[0]!) * (b[3]! - b[1]!);
  if (areaA <= 0 || areaB <= 0) return 0;
  const w = Math.max(0, Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!));
  const h = Math.max(0, Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!));
  const inter = w * h;
  return inter / (areaA + areaB - inter);
}

/** tf.image.nonMaxSuppression: indices by descending score, above the score threshold, overlapping kept ones at most `iouThreshold`. */
export function nonMaxSuppression(
  boxes: readonly (readonly number[])[],
  scores: readonly number[],
  maxOutput: number,
  iouThreshold: number,
  scoreThreshold: number,
): number[] {
  const candidates = scores
    .map((score, index) => ({ score, index }))
    .filter((c) => c.score > scoreThreshold)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const kept: number[] = [];
  for (const c of candidates) {
    if (kept.length >= maxOutput) break;
    if (kept.every((k) => iou(boxes[k]!, boxes[c.index]!) <= iouThreshold)) kept.push(c.index);
  }
  return kept;
}

const boxSize = (b: Box): Point => [Math.abs(b.endPoint[0] - b.startPoint[0]), Math.abs(b.endPoint[1] - b.startPoint[1])];
const boxCenter = (b: Box): Point => [
  b.startPoint[0] + (b.endPoint[0] - b.startPoint[0]) / 2,
  b.startPoint[1] + (b.endPoint[1] - b.startPoint[1]) / 2,
];

function enlargeBox<T extends Box>(box: T, factor: number): T {
  const c = boxCenter(box);
  const s = boxSize(box);
  const half: Point = [(factor * s[0]) / 2, (factor * s[1]) / 2];
  return { ...box, startPoint: [c[0] - half[0], c[1] - half[1]], endPoint: [c[0] + half[0], c[1] + half[1]] };
}

function squarifyBox<T extends Box>(box: T): T {
  const c = boxCenter(box);
  const half = Math.max(...boxSize(box)) / 2;
  return {
    ...box,
    startPoint: [Math.round(c[0] - half), Math.round(c[1] - half)],
    endPoint: [Math.round(c[0] + half), Math.round(c[1] + half)],
  };
}

/** Detector boxes in image pixels (enlarged ×1.4 and squared, as the mesh model is fed). */
export function decodeDetections(table: Float32Array, image: { width: number; height: number }): DetectBox[] {
  const width = table.length / DETECTOR_ANCHORS.length;
  const boxes: number[][] = [];
  const scores: number[] = [];
  for (let i = 0; i < DETECTOR_ANCHORS.length; i++) {
    const row = i * width;
    const [ax, ay] = DETECTOR_ANCHORS[i]!;
    const cx = table[row + 1]! + ax;
    const cy = table[row + 2]! + ay;
    const hw = table[row + 3]! / DETECTOR_SIZE / 2;
    const hh = table[row + 4]! / DETECTOR_SIZE / 2;
    boxes.push([
      (cx / DETECTOR_SIZE - hw) * DETECTOR_SIZE,
      (cy / DETECTOR_SIZE - hh) * DETECTOR_SIZE,
      (cx / DETECTOR_SIZE + hw) * DETECTOR_SIZE,
      (cy / DETECTOR_SIZE + hh) * DETECTOR_SIZE,
    ]);
    scores.push(sigmoid(table[row]!));
  }
  const { maxDetected, iouThreshold, minConfidence, detectorScale } = FACE_MODEL_SETTINGS;
  const fx = image.width / DETECTOR_SIZE;
  const fy = image.height / DETECTOR_SIZE;
  const found: DetectBox[] = [];
  for (const index of nonMaxSuppression(boxes, scores, maxDetected, iouThreshold, minConfidence)) {
    const confidence = scores[index]!;
    if (!(confidence > minConfidence)) continue;
    const b = boxes[index]!;
    const [ax, ay] = DETECTOR_ANCHORS[index]!;
    const landmarks: Point[] = [];
    for (let k = 0; k < 6; k++) {
      const x = table[index * width + 5 + k * 2]!;
      const y = table[index * width + 6 + k * 2]!;
      landmarks.push([(x + ax) * fx, (y + ay) * fy]);
    }
    const scaled: DetectBox = { startPoint: [b[0]! * fx, b[1]! * fy], endPoint: [b[2]! * fx, b[3]! * fy], landmarks, confidence };
    const squared = squarifyBox(enlargeBox(scaled, detectorScale));
    const size = boxSize(squared);
    if (size[0] > 0 && size[1] > 0) found.push(squared);
  }
  return found;
}

// ——— mesh and iris ———

/** Face-mesh indices of the eye contours the iris model refines (Human's meshAnnotations). */
const EYE_CONTOURS = {
  rightEyeUpper0: [246, 161, 160, 159, 158, 157, 173],
  rightEyeLower0: [33, 7, 163, 144, 145, 153, 154, 155, 133],
  rightEyeUpper1: [247, 30, 29, 27, 28, 56, 190],
  rightEyeLower1: [130, 25, 110, 24, 23, 22, 26, 112, 243],
  rightEyeUpper2: [113, 225, 224, 223, 222, 221, 189],
  rightEyeLower2: [226, 31, 228, 229, 230, 231, 232, 233, 244],
  rightEyeLower3: [143, 111, 117, 118, 119, 120, 121, 128, 245],
  rightEyebrowUpper: [156, 70, 63, 105, 66, 107, 55, 193],
  rightEyebrowLower: [35, 124, 46, 53, 52, 65],
  leftEyeUpper0: [466, 388, 387, 386, 385, 384, 398],
  leftEyeLower0: [263, 249, 390, 373, 374, 380, 381, 382, 362],
  leftEyeUpper1: [467, 260, 259, 257, 258, 286, 414],
  leftEyeLower1: [359, 255, 339, 254, 253, 252, 256, 341, 463],
  leftEyeUpper2: [342, 445, 444, 443, 442, 441, 413],
  leftEyeLower2: [446, 261, 448, 449, 450, 451, 452, 453, 464],
  leftEyeLower3: [372, 340, 346, 347, 348, 349, 350, 357, 465],
  leftEyebrowUpper: [383, 300, 293, 334, 296, 336, 285, 417],
  leftEyebrowLower: [265, 353, 276, 283, 282, 295],
} as const satisfies Record<string, readonly number[]>;

/** Which of the iris model's 71 contour points replace which mesh contour (Human's irisIndices). */
const IRIS_INDICES: readonly { key: string; indices: readonly number[] }[] = [
  { key: 'EyeUpper0', indices: [9, 10, 11, 12, 13, 14, 15] },
  { key: 'EyeUpper1', indices: [25, 26, 27, 28, 29, 30, 31] },
  { key: 'EyeUpper2', indices: [41, 42, 43, 44, 45, 46, 47] },
  { key: 'EyeLower0', indices: [0, 1, 2, 3, 4, 5, 6, 7, 8] },
  { key: 'EyeLower1', indices: [16, 17, 18, 19, 20, 21, 22, 23, 24] },
  { key: 'EyeLower2', indices: [32, 33, 34, 35, 36, 37, 38, 39, 40] },
  { key: 'EyeLower3', indices: [54, 55, 56, 57, 58, 59, 60, 61, 62] },
  { key: 'EyebrowUpper', indices: [63, 64, 65, 66, 67, 68, 69, 70] },
  { key: 'EyebrowLower', indices: [48, 49, 50, 51, 52, 53] },
];
const IRIS_POINTS = 76;
const IRIS_FIRST = 71;
const contour = (name: string) => (EYE_CONTOURS as Record<string, readonly number[]>)[name]!;

interface EyeBox extends Box {
  size: Point;
}

/** The square around an eye's two corners (×2.3) in mesh-input pixels. */
function eyeBox(raw: readonly Point3[], inner: number, outer: number): EyeBox {
  const a = raw[inner]!;
  const b = raw[outer]!;
  const bounds: Box = { startPoint: [Math.min(a[0], b[0]), Math.min(a[1], b[1])], endPoint: [Math.max(a[0], b[0]), Math.max(a[1], b[1])] };
  const box = squarifyBox(enlargeBox(bounds, FACE_MODEL_SETTINGS.irisScale));
  return { ...box, size: boxSize(box) };
}

function eyeCoords(data: Float32Array, offset: number, box: EyeBox, flip: boolean): Point3[] {
  const points: Point3[] = [];
  for (let i = 0; i < IRIS_POINTS; i++) {
    const x = data[offset + i * 3]!;
    const y = data[offset + i * 3 + 1]!;
    const z = data[offset + i * 3 + 2]!;
    points.push([
      (flip ? 1 - x / IRIS_SIZE : x / IRIS_SIZE) * box.size[0] + box.startPoint[0],
      (y / IRIS_SIZE) * box.size[1] + box.startPoint[1],
      z,
    ]);
  }
  return points;
}

function replaceIrisCoords(raw: Point3[], eye: readonly Point3[], prefix: 'left' | 'right', keys: readonly string[] | null): void {
  for (const { key, indices } of IRIS_INDICES) {
    if (keys && !keys.includes(key)) continue;
    const original = contour(`${prefix}${key}`);
    for (let j = 0; j < indices.length; j++) {
      const p = eye[indices[j]!]!;
      raw[original[j]!] = [p[0], p[1], (p[2] + raw[original[j]!]![2]) / 2];
    }
  }
}

function adjustedIris(raw: readonly Point3[], iris: readonly Point3[], side: 'left' | 'right'): Point3[] {
  const upperZ = raw[contour(`${side}EyeUpper0`)[3]!]![2];
  const lowerZ = raw[contour(`${side}EyeLower0`)[4]!]![2];
  const averageZ = (upperZ + lowerZ) / 2;
  return iris.map((p, i) => [p[0], p[1], i === 2 ? upperZ : i === 4 ? lowerZ : averageZ]);
}

/**
 * Human's iris step on the mesh's raw points (mesh-input pixels): both eyes' crops in one batch,
 * the eye contours replaced by the iris model's, and the 10 iris points appended (478 in all).
 * Human mirrors both eye crops and un-mirrors only the left eye's points; kept as is.
 */
export async function augmentIris(raw: Point3[], face: FloatPixels, run: ModelRunner): Promise<Point3[]> {
  const left = eyeBox(raw, 263, 362);
  const right = eyeBox(raw, 33, 133);
  const per = IRIS_SIZE * IRIS_SIZE * 3;
  const input = new Float32Array(per * 2);
  const cut = (b: Box) =>
    [b.startPoint[1] / MESH_SIZE, b.startPoint[0] / MESH_SIZE, b.endPoint[1] / MESH_SIZE, b.endPoint[0] / MESH_SIZE] as const;
  cropAndResize(face, cut(left), IRIS_SIZE, 1, input, 0, true);
  cropAndResize(face, cut(right), IRIS_SIZE, 1, input, per, true);
  const outputs = await run('iris', input, [2, IRIS_SIZE, IRIS_SIZE, 3]);
  const data = Object.values(outputs)[0]!.data;
  const leftEye = eyeCoords(data, 0, left, true);
  const rightEye = eyeCoords(data, IRIS_POINTS * 3, right, false);
  const depth = raw[263]![2] - raw[33]![2];
  if (Math.abs(depth) < 30) {
    replaceIrisCoords(raw, leftEye, 'left', null);
    replaceIrisCoords(raw, rightEye, 'right', null);
  } else if (depth < 1) {
    replaceIrisCoords(raw, leftEye, 'left', ['EyeUpper0', 'EyeLower0']);
  } else {
    replaceIrisCoords(raw, rightEye, 'right', ['EyeUpper0', 'EyeLower0']);
  }
  return [...raw, ...adjustedIris(raw, leftEye.slice(IRIS_FIRST), 'left'), ...adjustedIris(raw, rightEye.slice(IRIS_FIRST), 'right')];
}

/** Mesh-input pixels → image pixels, truncated to whole pixels as Human returns them. */
export function transformRawCoords(raw: readonly Point3[], box: Box): Point3[] {
  const [w, h] = boxSize(box);
  const [cx, cy] = boxCenter(box);
  return raw.map((p) => [
    Math.trunc((w / MESH_SIZE) * (p[0] - MESH_SIZE / 2) + cx),
    Math.trunc((h / MESH_SIZE) * (p[1] - MESH_SIZE / 2) + cy),
    Math.trunc(p[2] || 0),
  ]);
}

/** Human's calculateFaceAngle: roll, yaw and pitch (radians) from the forehead, chin and cheek points. */
export function faceAngle(mesh: readonly Point3[], box: { width: number; height: number }): { roll: number; yaw: number; pitch: number } {
  if (mesh.length < 300) return { roll: 0, yaw: 0, pitch: 0 };
  type V = [number, number, number];
  const normalize = (v: V): V => {
    const l = Math.hypot(v[0], v[1], v[2]);
    return [v[0] / l, v[1] / l, v[2] / l];
  };
  const sub = (a: V, b: V): V => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const cross = (a: V, b: V): V => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const size = Math.max(box.width, box.height) / 1.5;
  // Human works on meshRaw: x/width, y/height, z/192; then scales x and y by image/size.
  const pts = [10, 152, 234, 454].map((i) => {
    const p = mesh[i]!;
    return [p[0] / size, p[1] / size, p[2] / MESH_SIZE] as V;
  }) as [V, V, V, V];
  const yAxis = normalize(sub(pts[1], pts[0]));
  let xAxis = normalize(sub(pts[3], pts[2]));
  const zAxis = normalize(cross(xAxis, yAxis));
  xAxis = cross(yAxis, zAxis);
  const [r00, , , r10, r11, r12, r20] = [...xAxis, ...yAxis, ...zAxis];
  let thetaX: number;
  let thetaY: number;
  let thetaZ: number;
  if (r10! < 1) {
    if (r10! > -1) {
      thetaZ = Math.atan2(r10!, Math.sqrt(r00! * r00! + r20! * r20!));
      thetaY = Math.atan2(-r20!, r00!);
      thetaX = Math.atan2(-r12!, r11!);
    } else {
      thetaZ = -Math.PI / 2;
      thetaY = -Math.atan2(zAxis[1], zAxis[2]);
      thetaX = 0;
    }
  } else {
    thetaZ = Math.PI / 2;
    thetaY = Math.atan2(zAxis[1], zAxis[2]);
    thetaX = 0;
  }
  const clean = (v: number) => (Number.isNaN(v) ? 0 : -v);
  return { pitch: clean(thetaX), yaw: clean(thetaY), roll: clean(thetaZ) };
}

const round2 = (v: number) => Math.round(100 * v) / 100;

/** Human's clampBox: whole pixels inside the image. */
function clampBox(box: Box, image: { width: number; height: number }) {
  const left = Math.trunc(Math.max(0, box.startPoint[0]));
  const top = Math.trunc(Math.max(0, box.startPoint[1]));
  return {
    left,
    top,
    width: Math.trunc(Math.min(image.width, box.endPoint[0]) - Math.max(0, box.startPoint[0])),
    height: Math.trunc(Math.min(image.height, box.endPoint[1]) - Math.max(0, box.startPoint[1])),
  };
}

/**
 * What the detector placed, before the mesh and iris models run: the square each face's mesh is
 * fed from (the detector's box enlarged ×1.4 and squared, in image pixels, not clamped to the
 * image) and the detector's score.
 */
export interface DetectorBox {
  box: { left: number; top: number; width: number; height: number };
  score: number;
}

export interface DetectOptions {
  /**
   * The detector's boxes, scores and six key points only (no mesh, no iris), with the picture
   * stretched to the detector's square as Human stretches it (not padded to a square as for the faces
   * that are meshed, paddedSquare): a face reaches the detector larger along the picture's short
   * side, so the frame scan finds smaller faces; such boxes are not meant for a mesh crop.
   */
  detectorOnly?: boolean;
  /**
   * Called once with the detector's boxes as soon as they are known, while the mesh and iris
   * models still run (the pipeline starts decoding the photo's area from them).
   */
  onDetector?: (boxes: readonly DetectorBox[]) => void;
}

/** A picture centred on a square (paddedSquare): the square, and where the picture lies in it. */
export interface PaddedSquare {
  image: Rgb;
  left: number;
  top: number;
  /** The picture's own size. */
  width: number;
  height: number;
}

/**
 * The picture centred on a black square (Human's `face.detector.square`: tf.pad with zeros). The
 * detector takes a square input: a picture resized to it whole reaches it stretched along its short
 * side, and the detector, whose boxes are square on faces of natural proportions, then gives a box
 * as much too long along that side (×1.78 on a 16:9 frame, ×1.33 on a 3:4 portrait), which
 * squarifyBox makes the mesh model's crop: the face fills too little of it and the mesh reads a yaw
 * that depends on where the box fell (decision 0038, 5 Dec night). A square picture is its own square.
 */
export function paddedSquare(image: Rgb): PaddedSquare {
  const side = Math.max(image.width, image.height);
  const left = Math.floor((side - image.width) / 2);
  const top = Math.floor((side - image.height) / 2);
  const { width, height } = image;
  if (side === width && side === height) return { image, left, top, width, height };
  const data = new Uint8Array(side * side * 3);
  const row = width * 3;
  for (let y = 0; y < height; y++) data.set(image.data.subarray(y * row, (y + 1) * row), ((top + y) * side + left) * 3);
  return { image: { data, width: side, height: side }, left, top, width, height };
}

/**
 * A picture, or the same picture already padded to a square: a caller that both finds faces
 * (detectorFaces) and meshes one of them (meshFace) pads it once and hands both the square.
 */
export type Picture = Rgb | PaddedSquare;

/** The picture padded to a square (checked first), or the square it already is. */
function squareOf(picture: Picture): PaddedSquare {
  if ('image' in picture) {
    checkPixels(picture.image);
    return picture;
  }
  checkPixels(picture);
  return paddedSquare(picture);
}

/** A box on the square moved to the picture's pixels (or back, with `sign` −1). */
function shiftBox<T extends Box>(box: T, square: PaddedSquare, sign = 1): T {
  const [dx, dy] = [-sign * square.left, -sign * square.top];
  return { ...box, startPoint: [box.startPoint[0] + dx, box.startPoint[1] + dy], endPoint: [box.endPoint[0] + dx, box.endPoint[1] + dy] };
}

function checkPixels(image: Rgb): void {
  if (image.width < 1 || image.height < 1 || image.data.length < image.width * image.height * 3)
    throw new RangeError(`face detection: ${image.data.length} bytes is not a ${image.width}×${image.height} RGB image`);
}

/** The detector on the whole of `image` (resized to its input as it is): boxes in its pixels (enlarged ×1.4 and squared). */
async function detectBoxes(image: Rgb, run: ModelRunner): Promise<DetectBox[]> {
  checkPixels(image);
  const detectorInput = new Float32Array(DETECTOR_SIZE * DETECTOR_SIZE * 3);
  resizeBilinear(image, DETECTOR_SIZE, 1 / 127.5, -1, detectorInput);
  const detector = await run('detector', detectorInput, [1, DETECTOR_SIZE, DETECTOR_SIZE, 3]);
  return decodeDetections(detectorTable(Object.values(detector)), image);
}

/**
 * The detector on the picture padded to a square, as the faces to be meshed are found: its boxes
 * on the square. Human's own square option would then map them back with the picture's aspect
 * applied twice (Human 3.3 src/face/blazeface.ts, "TODO fix this math"); here everything (mesh crop,
 * iris, angles) is computed on the square, exactly as Human computes it on that square, and only
 * shifted back to the picture at the end (meshOne, detectorFaces).
 */
async function detectOnSquare(image: Picture, run: ModelRunner): Promise<{ square: PaddedSquare; boxes: DetectBox[] }> {
  const square = squareOf(image);
  return { square, boxes: await detectBoxes(square.image, run) };
}

function detectorBox(b: DetectBox): DetectorBox {
  const [width, height] = boxSize(b);
  return { box: { left: b.startPoint[0], top: b.startPoint[1], width, height }, score: b.confidence };
}

/** A detector box as a face without its mesh (the six key points); null when its rounded score is too low. */
function detectorOnlyFace(box: DetectBox, image: { width: number; height: number }): DetectedFace | null {
  const score = round2(box.confidence);
  if (!(score > FACE_MODEL_SETTINGS.minConfidence)) return null;
  return { score, box: clampBox(box, image), angle: { roll: 0, yaw: 0, pitch: 0 }, mesh: box.landmarks.flat() };
}

/**
 * Faces in an RGB image, as Human returns them with the pipeline's settings and its square option:
 * the detector on the whole picture padded to a square, then per face the mesh on its crop and the
 * iris model on both eyes; with `detectorOnly`, the detector's boxes, scores and six key points on
 * the picture stretched to the detector's input (Human's default).
 */
export async function detectFaces(image: Rgb, run: ModelRunner, options: DetectOptions = {}): Promise<DetectedFace[]> {
  if (options.detectorOnly) {
    const boxes = await detectBoxes(image, run);
    options.onDetector?.(boxes.map(detectorBox));
    return boxes.flatMap((box) => detectorOnlyFace(box, image) ?? []);
  }
  const { square, boxes } = await detectOnSquare(image, run);
  options.onDetector?.(boxes.map((box) => detectorBox(shiftBox(box, square))));
  const faces: DetectedFace[] = [];
  for (const box of boxes) {
    const face = await meshOne(square, box, run, true);
    if (face) faces.push(face);
  }
  return faces;
}

/** One face from detectorFaces: a face of detectFaces's detector step (before its mesh), and where meshFace meshes it. */
export interface DetectorFace {
  face: DetectedFace;
  detector: DetectorBox;
}

/**
 * The faces detectFaces's detector finds (on the picture padded to a square, the boxes it meshes),
 * each as a face without its mesh (as `detectorOnly` gives one) with its detector box, for a caller
 * that then meshes only some of them (meshFace).
 */
export async function detectorFaces(image: Picture, run: ModelRunner): Promise<DetectorFace[]> {
  const { square, boxes } = await detectOnSquare(image, run);
  return boxes.flatMap((onSquare) => {
    const box = { ...shiftBox(onSquare, square), landmarks: onSquare.landmarks.map((p): Point => [p[0] - square.left, p[1] - square.top]) };
    const face = detectorOnlyFace(box, square);
    return face ? [{ face, detector: detectorBox(box) }] : [];
  });
}

/**
 * One face's mesh (and, with `iris`, its iris points), as detectFaces computes it for each detector
 * box: the box's crop at 192 × 192, the mesh model, its points back in image pixels, the box
 * recomputed around them and Human's angles. Null when the mesh model's face score is too low.
 */
async function meshOne(square: PaddedSquare, box: DetectBox, run: ModelRunner, iris: boolean): Promise<DetectedFace | null> {
  const { image } = square;
  const crop: FloatPixels = { data: new Float32Array(MESH_SIZE * MESH_SIZE * 3), width: MESH_SIZE, height: MESH_SIZE };
  const cut = [
    box.startPoint[1] / image.height,
    box.startPoint[0] / image.width,
    box.endPoint[1] / image.height,
    box.endPoint[0] / image.width,
  ] as const;
  cropAndResize(image, cut, MESH_SIZE, 1 / 255, crop.data);
  const out = await run('mesh', crop.data, [1, MESH_SIZE, MESH_SIZE, 3]);
  const outputs = Object.values(out);
  const flag = outputs.find((o) => o.dims[o.dims.length - 1] === 1);
  const meshOut = outputs.find((o) => o.dims[o.dims.length - 1] === 1404);
  if (!flag || !meshOut) throw new Error('face mesh: unexpected outputs');
  const faceScore = round2(flag.data[0]!);
  if (!(faceScore > FACE_MODEL_SETTINGS.minConfidence)) return null;
  let raw: Point3[] = [];
  for (let i = 0; i < 468; i++) raw.push([meshOut.data[i * 3]!, meshOut.data[i * 3 + 1]!, meshOut.data[i * 3 + 2]!]);
  if (iris) raw = await augmentIris(raw, crop, run);
  const mesh = transformRawCoords(raw, box);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of mesh) {
    minX = Math.min(minX, p[0]);
    maxX = Math.max(maxX, p[0]);
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const [w, h] = boxSize(box);
  const cx = minX + (maxX - minX) / 2;
  const cy = minY + (maxY - minY) / 2;
  const calculated: Box = { startPoint: [cx - w / 2, cy - h / 2], endPoint: [cx + w / 2, cy + h / 2] };
  // Computed on the square as Human computes it there (whole pixels included); then in the
  // picture's pixels: the points shifted, the box clamped to the picture.
  return {
    score: faceScore,
    box: clampBox(shiftBox(calculated, square), square),
    angle: faceAngle(mesh, { width: w, height: h }),
    mesh: mesh.flatMap((p) => [p[0] - square.left, p[1] - square.top]),
  };
}

/**
 * The mesh of one face the detector placed (a DetectorBox from detectorFaces or `onDetector`), exactly as
 * detectFaces computes it, for a caller that meshes only some faces (the booth's preview guidance
 * meshes the largest one, without the iris points: the angles do not use them). Null when the
 * mesh model does not see a face there.
 */
export function meshFace(
  image: Picture,
  detector: DetectorBox,
  run: ModelRunner,
  { iris = true }: { iris?: boolean } = {},
): Promise<DetectedFace | null> {
  const { left, top, width, height } = detector.box;
  const square = squareOf(image);
  const box: DetectBox = { startPoint: [left, top], endPoint: [left + width, top + height], landmarks: [], confidence: detector.score };
  return meshOne(square, shiftBox(box, square, -1), run, iris);
}
