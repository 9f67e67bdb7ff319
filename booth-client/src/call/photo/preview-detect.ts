/**
 * The booth's preview detection (decision 0038), shared by the worker (face-preview.worker.ts,
 * onnxruntime-web) and the test instrument that measures it on faces of known pose
 * (app/test/photo/booth-view.ts, onnxruntime-node): BlazeFace front on the whole analysis frame
 * (which faces there are: counting, boxes, scores; face-model.ts detectorFaces, each face with its
 * detector box), then the server's face mesh on the largest counted one, through the server's own
 * code (face-model.ts meshFace on that face's box, as detectFaces runs it for each face, without
 * the iris points, which the angles do not use). From the mesh:
 *
 * - the head's pose as the server's pose check reads it: headPoseOf (Human's angles with the depth
 *   squeeze undone, face.ts) and poseFromFrontal (checks.ts: pitch from its frontal reading), the
 *   very functions checkPose is given its numbers by, so the booth's "look straight" and "raise /
 *   lower your chin" are judged on the server's own scale;
 * - the face's six key points, in the detector's order, taken from the mesh (eye centres, nose
 *   tip, inner lips' midpoint, the face contour beside the ears), which are far finer than the
 *   detector's (it sees the frame at 128 × 128). They replace the detector's for that face, as the
 *   second detector look at the head did before the mesh.
 *
 * The frame is ANALYSIS_WIDTH wide: the server's detection copy is 480 px on its long side
 * (pipeline.server.ts DETECTION_LONG_SIDE), so the mesh sees a face of the same size in pixels as
 * it does there, and Human's whole-pixel rounding of the mesh points costs the same.
 */

import { poseFromFrontal } from '@madoguchi/app/photo/checks';
import { headPoseOf } from '@madoguchi/app/photo/face';
import { detectorFaces, type ModelRunner, meshFace, paddedSquare } from '@madoguchi/app/photo/face-model';
import { countedPreviewFaces, type Point, type PreviewFace } from './guidance';

/** RGB pixels, 3 bytes a pixel, rows without padding. */
export interface PreviewRgb {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Face-mesh indices of the six key points: eye corners, nose tip, inner lips, the contour by each ear. */
const MESH_KEYPOINTS = {
  rightEye: [33, 133],
  leftEye: [263, 362],
  nose: [1],
  mouth: [13, 14],
  rightEar: [234],
  leftEar: [454],
} as const;

/** The six key points (detector order) from a flat mesh [x0, y0, x1, y1, …]. */
export function meshKeypoints(mesh: readonly number[]): Point[] {
  const k = MESH_KEYPOINTS;
  return [k.rightEye, k.leftEye, k.nose, k.mouth, k.rightEar, k.leftEar].map((indices): Point => {
    let [x, y] = [0, 0];
    for (const i of indices) {
      x += mesh[i * 2] ?? 0;
      y += mesh[i * 2 + 1] ?? 0;
    }
    return [x / indices.length, y / indices.length];
  });
}

const previewFace = (f: { score: number; box: PreviewFace['box']; mesh: readonly number[] }): PreviewFace => ({
  score: f.score,
  box: f.box,
  keypoints: [0, 1, 2, 3, 4, 5].map((k): Point => [f.mesh[k * 2] ?? 0, f.mesh[k * 2 + 1] ?? 0]),
});

/** The faces on the preview frame, in its pixels; the largest counted one with its pose and its key points from the mesh. */
export async function detectPreviewFaces(image: PreviewRgb, run: ModelRunner): Promise<PreviewFace[]> {
  // Padded to the detector's square once, for the detector and the mesh alike.
  const square = paddedSquare(image);
  const found = await detectorFaces(square, run);
  const faces = found.map((f) => previewFace(f.face));
  const largest = countedPreviewFaces(faces)[0];
  if (!largest) return faces;
  const meshed = await meshFace(square, found[faces.indexOf(largest)]!.detector, run, { iris: false });
  if (!meshed) return faces;
  const withMesh: PreviewFace = { ...largest, keypoints: meshKeypoints(meshed.mesh), pose: poseFromFrontal(headPoseOf(meshed)) };
  return faces.map((f) => (f === largest ? withMesh : f));
}
