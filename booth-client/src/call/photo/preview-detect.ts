/**
 * The booth's preview detection (decision 0038), shared by the worker (face-preview.worker.ts,
 * onnxruntime-web) and the test instrument that calibrates it on faces of known pose
 * (app/test/photo/booth-view.ts, onnxruntime-node): BlazeFace front on the whole analysis frame,
 * then a second look at the largest face. The detector sees its input at 128 × 128, so on the
 * 256 × 144 frame a face at the guide's size is ≈ 30 px wide there and its key points are too
 * coarse for the pose proxies (on the samples at the server check's zero the yaw proxy read
 * −0.21 … −0.04, up to ≈ 17°; bench:photo-pose, `booth`); on a square of `guidanceTuning.refineSide` eye–mouth distances around the head the
 * face is ≈ 1.8 × larger and the proxies follow real degrees (decision 0038's table). The second
 * look only refines the largest face's key points; counting faces, their boxes and scores stay the
 * first look's.
 */
import { detectFaces, type ModelRunner } from '@madoguchi/app/photo/face-model';
import { countedPreviewFaces, guidanceTuning, headOf, type Point, type PreviewFace } from './guidance';

/** RGB pixels, 3 bytes a pixel, rows without padding. */
export interface PreviewRgb {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Square {
  left: number;
  top: number;
  size: number;
}

/**
 * The square around a face's head that the second look analyses: `guidanceTuning.refineSide`
 * eye–mouth distances wide, centred on the head centre measureFace uses (eyes − 0.275 × eye–mouth
 * distance, on the eyes' midpoint), moved inside the picture, in whole pixels; null when the face
 * already fills the picture's height (nothing to gain) or the square would be under 16 px.
 */
export function refineSquare(face: PreviewFace, width: number, height: number): Square | null {
  if (face.keypoints.length < 4) return null;
  const { eyes, eyeMouth, centreY } = headOf(face);
  const size = Math.round(guidanceTuning.refineSide * eyeMouth);
  if (!(size >= 16) || size >= Math.min(width, height)) return null;
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  return { left: clamp(eyes[0] - size / 2, width - size), top: clamp(centreY - size / 2, height - size), size };
}

/** The square's pixels. */
export function cropRgb(image: PreviewRgb, square: Square): PreviewRgb {
  const { left, top, size } = square;
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const from = ((top + y) * image.width + left) * 3;
    data.set(image.data.subarray(from, from + size * 3), y * size * 3);
  }
  return { data, width: size, height: size };
}

const previewFace = (f: { score: number; box: PreviewFace['box']; mesh: readonly number[] }, dx = 0, dy = 0): PreviewFace => ({
  score: f.score,
  box: { ...f.box, left: f.box.left + dx, top: f.box.top + dy },
  keypoints: [0, 1, 2, 3, 4, 5].map((k): Point => [(f.mesh[k * 2] ?? 0) + dx, (f.mesh[k * 2 + 1] ?? 0) + dy]),
});

/**
 * The faces on the preview frame, in its pixels, the largest counted one with its key points from
 * the second look (`refine: false`: the first look only, as the booth did before; for the bench).
 */
export async function detectPreviewFaces(image: PreviewRgb, run: ModelRunner, { refine = true } = {}): Promise<PreviewFace[]> {
  const faces = (await detectFaces(image, run, { detectorOnly: true })).map((f) => previewFace(f));
  const largest = refine ? countedPreviewFaces(faces)[0] : undefined;
  const square = largest && refineSquare(largest, image.width, image.height);
  if (!largest || !square) return faces;
  const again = countedPreviewFaces(
    (await detectFaces(cropRgb(image, square), run, { detectorOnly: true })).map((f) => previewFace(f, square.left, square.top)),
  )[0];
  // The second look must have found the same face: its box centre inside the first look's box.
  const inside =
    again &&
    Math.abs(again.box.left + again.box.width / 2 - (largest.box.left + largest.box.width / 2)) < largest.box.width / 2 &&
    Math.abs(again.box.top + again.box.height / 2 - (largest.box.top + largest.box.height / 2)) < largest.box.height / 2;
  if (!inside) return faces;
  return faces.map((f) => (f === largest ? { ...f, keypoints: again.keypoints } : f));
}
