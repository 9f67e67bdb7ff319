/**
 * Crop geometry for the 35:45 application photo. Everything is in source pixels of the upright
 * (EXIF-rotated) image. The crop is only ever cut from real pixels: when the ideal frame runs past
 * the image it is shifted back inside and, if still too big, shrunk — never padded — and the
 * checks report the resulting framing (see framingOf).
 */
import { headTopTuning } from './head-top';

export const PHOTO_ASPECT = 35 / 45;
/** J-LIS limits for each side of the file, in pixels. */
export const MIN_SIDE = 480;
export const MAX_SIDE = 6000;
/** Output width we aim for; larger crops are reduced to this, smaller ones kept (or enlarged to MIN_SIDE). */
export const TARGET_WIDTH = 960;

/** Head top-to-chin as a share of the photo height we aim for (J-LIS: 71–80 %). */
export const TARGET_HEAD_FRACTION = 0.75;
/** Space above the head as a share of the photo height ("small margin above the head"). */
export const TARGET_TOP_MARGIN = 0.09;

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The head as found in the image: top of the head (hair included), chin, and the face's centre line. */
export interface Head {
  top: number;
  chin: number;
  centreX: number;
}

/**
 * Face landmarks the head is estimated from. meshTop is the highest point of the face mesh
 * (upper forehead, below the hairline); the crown of the head with hair is above it.
 */
export interface FaceLandmarks {
  meshTop: number;
  chin: number;
  eyeY: number;
  centreX: number;
}

/**
 * Vertex-to-chin (hair included) ≈ 1.4 × (upper forehead → chin) and ≈ 2.1 × (eye line → chin) on adult faces; the
 * two estimates are averaged so one misplaced landmark moves the result only half as much.
 */
export const HEAD_FROM_MESH = 1.4;
export const HEAD_FROM_EYES = 2.1;

/**
 * The head from the landmarks; `crown` (the top of the hair, found against a plain wall by
 * head-top.ts) is used when known, the proportional estimate otherwise.
 */
export function estimateHead({ meshTop, chin, eyeY, centreX }: FaceLandmarks, crown?: number): Head {
  if (crown !== undefined && Number.isFinite(crown) && crown < meshTop) return { top: crown, chin, centreX };
  const fromMesh = (chin - meshTop) * HEAD_FROM_MESH;
  const fromEyes = (chin - eyeY) * HEAD_FROM_EYES;
  const height = Math.max(1, (fromMesh + fromEyes) / 2);
  return { top: chin - height, chin, centreX };
}

/** The ideal 35:45 frame around the head, which may run past the image. */
export function idealFrame(head: Head): Rect {
  const headHeight = Math.max(1, head.chin - head.top);
  const height = headHeight / TARGET_HEAD_FRACTION;
  const width = height * PHOTO_ASPECT;
  return { left: head.centreX - width / 2, top: head.top - TARGET_TOP_MARGIN * height, width, height };
}

/** The largest centred 35:45 frame of the whole image (used when there is no single face). */
export function centredFrame(image: Size): Rect {
  const width = Math.min(image.width, image.height * PHOTO_ASPECT);
  const height = width / PHOTO_ASPECT;
  return snap({ left: (image.width - width) / 2, top: (image.height - height) / 2, width, height }, image);
}

/**
 * Fits a 35:45 frame inside the image: shrinks it about its centre (keeping the aspect) if it is
 * larger than the image, then shifts it back inside. Returns integer pixels.
 */
export function clampFrame(frame: Rect, image: Size): Rect {
  const scale = Math.min(1, image.width / frame.width, image.height / frame.height);
  const width = frame.width * scale;
  const height = frame.height * scale;
  // Shrink about the top margin line rather than the centre, so the head keeps its place at the top.
  let left = frame.left + (frame.width - width) / 2;
  let top = frame.top + (frame.height - height) * TARGET_TOP_MARGIN;
  left = Math.min(Math.max(0, left), image.width - width);
  top = Math.min(Math.max(0, top), image.height - height);
  return snap({ left, top, width, height }, image);
}

/** Rounds to whole pixels inside the image, keeping 35:45 within one pixel. */
function snap(frame: Rect, image: Size): Rect {
  let width = Math.max(1, Math.min(image.width, Math.floor(frame.width)));
  let height = Math.round(width / PHOTO_ASPECT);
  if (height > image.height) {
    height = image.height;
    width = Math.max(1, Math.min(image.width, Math.floor(height * PHOTO_ASPECT)));
  }
  const left = Math.min(Math.max(0, Math.round(frame.left)), image.width - width);
  const top = Math.min(Math.max(0, Math.round(frame.top)), image.height - height);
  return { left, top, width, height };
}

/**
 * Where the face mesh lies in the detector's box (the box `onDetector` reports: the detector run on
 * the picture padded to a square, decision 0038 "5 Dec night"), as shares of the box's side, with
 * margins. Measured (bench/photo-meshbox.ts) on the three sample faces, the plain-wall portrait and
 * its variants (blurred, exposed, half-shadowed, striped, P3, grey, 3000×4000), and the bench's 12 MP
 * and 720p inputs: forehead top 0.070–0.232 below the box's top, chin 0.157–0.250 above its bottom,
 * forehead to chin 0.572–0.767, centre line within 0.065 of the box's. (With the stretched
 * picture's boxes before: 0.11–0.25, 0.20–0.25, 0.55–0.66, 0.03.)
 */
export const MESH_IN_DETECTOR_BOX = { foreheadBelowTop: 0.02, chinAboveBottom: 0.1, faceAtMost: 0.83, centreOffAtMost: 0.12 } as const;

/**
 * The part of the upright image the photo's frame will lie in, judged from the detector's box
 * alone, so the pipeline can decode it while the mesh and iris models still run. From the mesh
 * bounds above: the head (crown to chin) is at most 1.9 × the face (the crown is looked for up to
 * 0.9 face heights above the forehead; the proportional estimate gives at most 1.75), so the frame
 * (estimateHead → idealFrame) reaches at most 0.405 faces below the chin and 1.128 above the
 * forehead, and is at most 1.97 faces wide; clampFrame then only shrinks a frame or shifts it back
 * inside the image, which the area follows. Whole pixels inside the image, and (for the memory
 * estimate) at most `maxPixels`: a larger area is narrowed about the face's centre line. When the
 * mesh lies elsewhere after all, or the area was narrowed, the frame may fall outside: the caller
 * must check (and decode again).
 */
export function frameAreaFromDetector(box: Rect, image: Size, maxPixels = Number.POSITIVE_INFINITY): Rect {
  const m = MESH_IN_DETECTOR_BOX;
  const side = Math.max(box.width, box.height);
  const face = m.faceAtMost * side;
  const head = (1 + headTopTuning.maxAbove) * face;
  const frameHeight = head / TARGET_HEAD_FRACTION;
  const chin = box.top + box.height - m.chinAboveBottom * side;
  const foreheadTop = box.top + m.foreheadBelowTop * side;
  const margin = 2; // rounding in snap() and in scaling from the detection copy
  const top = foreheadTop - (head + TARGET_TOP_MARGIN * frameHeight - face) - margin;
  const bottom = chin + head * ((1 - TARGET_TOP_MARGIN) / TARGET_HEAD_FRACTION - 1) + margin;
  const halfWidth = (frameHeight * PHOTO_ASPECT) / 2 + m.centreOffAtMost * side + margin;
  const centre = box.left + box.width / 2;
  const [left, right] = shiftedInside(centre - halfWidth, centre + halfWidth, frameHeight * PHOTO_ASPECT + 2 * margin, image.width);
  const [upper, lower] = shiftedInside(top, bottom, frameHeight + 2 * margin, image.height);
  const area = { left, top: upper, width: right - left, height: lower - upper };
  if (area.width * area.height <= maxPixels) return area;
  const width = Math.max(0, Math.min(area.width, Math.floor(maxPixels / Math.max(1, area.height))));
  const narrowed = Math.min(Math.max(area.left, Math.round(centre - width / 2)), area.left + area.width - width);
  return { ...area, left: narrowed, width };
}

/**
 * Where any interval of at most `longest` inside [from, to] can be once shifted inside [0, size]
 * (as clampFrame shifts a frame that runs off the image), in whole pixels inside [0, size].
 */
function shiftedInside(from: number, to: number, longest: number, size: number): [number, number] {
  const start = Math.max(0, Math.floor(Math.min(from, size - longest)));
  const end = Math.min(size, Math.ceil(Math.max(to, longest)));
  return [start, Math.max(start, end)];
}

/** Whether `inner` lies inside `outer`. */
export const containsRect = (outer: Rect, inner: Rect) =>
  inner.left >= outer.left &&
  inner.top >= outer.top &&
  inner.left + inner.width <= outer.left + outer.width &&
  inner.top + inner.height <= outer.top + outer.height;

/** Where the head sits in a crop, as the framing checks need it. */
export function framingOf(head: Head, crop: Rect) {
  return {
    horizontalOffset: (head.centreX - (crop.left + crop.width / 2)) / crop.width,
    topMargin: (head.top - crop.top) / crop.height,
    headFraction: (head.chin - head.top) / crop.height,
  };
}

/**
 * Output size for a crop: TARGET_WIDTH when the crop is larger, the crop's own size when it is
 * between MIN_SIDE and TARGET_WIDTH, MIN_SIDE when smaller (an enlargement the checks mention).
 * Always 35:45 within a pixel and both sides within MIN_SIDE–MAX_SIDE.
 */
export function outputSize(crop: Size): Size {
  const width = Math.min(TARGET_WIDTH, Math.max(MIN_SIDE, crop.width));
  return { width, height: Math.round(width / PHOTO_ASPECT) };
}

/** The smallest upright image that can still give a MIN_SIDE-wide 35:45 photo without enlarging. */
export const MIN_INPUT: Size = { width: MIN_SIDE, height: Math.ceil(MIN_SIDE / PHOTO_ASPECT) };

/**
 * A rectangle of the photo (made from `crop` at `photo` size) as whole source pixels, inside the
 * crop: what to resample from the source to measure that part of the photo.
 */
export function sourceRectOf(photoRect: Rect, crop: Rect, photo: Size): Rect {
  const scale = crop.width / photo.width;
  const left = Math.max(crop.left, Math.round(crop.left + photoRect.left * scale));
  const top = Math.max(crop.top, Math.round(crop.top + photoRect.top * scale));
  const right = Math.min(crop.left + crop.width, Math.round(crop.left + (photoRect.left + photoRect.width) * scale));
  const bottom = Math.min(crop.top + crop.height, Math.round(crop.top + (photoRect.top + photoRect.height) * scale));
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** Scales a rect (e.g. from the detection copy to the source image). */
export function scaleRect(rect: Rect, factor: number): Rect {
  return { left: rect.left * factor, top: rect.top * factor, width: rect.width * factor, height: rect.height * factor };
}
