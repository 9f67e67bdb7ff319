/**
 * Guidance before the shutter (issue 19, decision 0038): from the faces BlazeFace finds on the
 * booth's preview, one instruction at a time for the resident, and the operator's ready light.
 * Pure: the worker (face-preview.worker.ts) detects, this decides.
 *
 * Everything is measured on the camera's picture as the camera sees it (not mirrored), in
 * fractions of the picture, from the detector's six key points (the resident's right eye, left
 * eye, nose tip, mouth, right ear, left ear). Head height is estimated from the eye–mouth
 * distance: on Human's mesh and the head-top finder over the face-api samples, chin ≈ eyes +
 * 1.65 × and crown ≈ eyes − 2.2 × that distance (calibration in decision 0038).
 *
 * Not judged: a hat or hair over the face (the detector has no measure for it), pitch (the
 * key points barely move with a nod), eyes closed or glasses — the server's checks after the
 * capture judge those.
 */
import type { PhotoInstruction } from '@madoguchi/db/call-contract';
import { GUIDE_LINES, guideFrame } from './guide';

export type Point = readonly [number, number];

/** One face from the detector, in the picture's pixels. */
export interface PreviewFace {
  score: number;
  /** The detector's box (enlarged and squared as Human feeds the mesh). */
  box: { left: number; top: number; width: number; height: number };
  /** Right eye, left eye, nose tip, mouth, right ear, left ear (the resident's right and left). */
  keypoints: readonly Point[];
}

export interface PreviewFrame {
  width: number;
  height: number;
  faces: readonly PreviewFace[];
}

export const guidanceTuning = {
  /** Faces below this detector score do not count (face.ts MIN_FACE_SCORE). */
  minScore: 0.5,
  /** Faces narrower than this share of the largest one are people far behind (face.ts). */
  minRelativeWidth: 0.35,
  /** Head (crown to chin) ≈ this × eye–mouth distance; crown ≈ eyes − crownFactor × it. */
  headFactor: 3.85,
  crownFactor: 2.2,
  /**
   * Head height over the picture height. The guide's lines put it at 0.61–0.69; the server crops
   * the whole still, so a little either way still makes a photo: ready in [closer.enter, back.enter].
   */
  closer: { enter: 0.55, leave: 0.58 },
  back: { enter: 0.8, leave: 0.76 },
  /** Head centre's horizontal offset from the picture's centre, over the picture width. */
  sideways: { enter: 0.08, leave: 0.05 },
  /** Head centre's vertical offset from the guide's head centre, over the picture height. */
  vertical: { enter: 0.09, leave: 0.06 },
  /** Roll: eye line's angle, degrees. */
  roll: { enter: 8, leave: 5 },
  /**
   * Yaw: 0.5 − (nose − right ear) / (left ear − right ear); 0 when frontal, ≈ 0.2 at 10° on the
   * samples (the key points are noisy: this catches a clearly turned head, the server's pose check
   * judges the photo).
   */
  yaw: { enter: 0.25, leave: 0.18 },
  /** A new instruction must be the same this many analyses in a row before it is shown. */
  confirmFrames: 2,
} as const;

export interface FaceMeasures {
  /** Head height / picture height. */
  headShare: number;
  /** Head centre − picture centre, over the width; negative: the face is on the picture's left. */
  dx: number;
  /** Head centre − the guide's head centre, over the height; positive: the face is too low. */
  dy: number;
  rollDegrees: number;
  yaw: number;
}

/** The faces that count, largest first (as the server's countedFaces). */
export function countedPreviewFaces(faces: readonly PreviewFace[]): PreviewFace[] {
  const t = guidanceTuning;
  const confident = faces.filter((f) => f.score >= t.minScore && f.keypoints.length >= 6);
  const largest = Math.max(0, ...confident.map((f) => f.box.width));
  return confident.filter((f) => f.box.width >= largest * t.minRelativeWidth).sort((a, b) => b.box.width - a.box.width);
}

/** Where the guide wants the head's centre, as a fraction of the picture height. */
export function targetHeadCentre(width: number, height: number): number {
  const frame = guideFrame(width, height);
  const chin = (GUIDE_LINES.chinMin + GUIDE_LINES.chinMax) / 2;
  return frame.top + frame.height * ((GUIDE_LINES.headTop + chin) / 2);
}

export function measureFace(face: PreviewFace, width: number, height: number): FaceMeasures {
  const [rightEye, leftEye, nose, mouth, rightEar, leftEar] = face.keypoints as [Point, Point, Point, Point, Point, Point];
  const eyes: Point = [(rightEye[0] + leftEye[0]) / 2, (rightEye[1] + leftEye[1]) / 2];
  const eyeMouth = Math.hypot(mouth[0] - eyes[0], mouth[1] - eyes[1]);
  const t = guidanceTuning;
  const head = t.headFactor * eyeMouth;
  const crown = eyes[1] - t.crownFactor * eyeMouth;
  const centreY = crown + head / 2;
  // The camera sees the resident's right eye on the picture's left.
  const rollDegrees = (Math.atan2(leftEye[1] - rightEye[1], leftEye[0] - rightEye[0]) * 180) / Math.PI;
  const earSpan = leftEar[0] - rightEar[0];
  const yaw = Math.abs(earSpan) > 1e-6 ? 0.5 - (nose[0] - rightEar[0]) / earSpan : 0;
  return {
    headShare: head / height,
    dx: eyes[0] / width - 0.5,
    dy: centreY / height - targetHeadCentre(width, height),
    rollDegrees,
    yaw,
  };
}

/**
 * The instruction for one analysis, given the one showing now: a measure must pass its `enter`
 * threshold to start an instruction and come back inside `leave` to end it, so a face on the
 * edge does not flicker between two.
 */
export function instructionFor(frame: PreviewFrame, current: PhotoInstruction): PhotoInstruction {
  const faces = countedPreviewFaces(frame.faces);
  if (faces.length === 0) return 'no-face';
  if (faces.length > 1) return 'one-person';
  const m = measureFace(faces[0]!, frame.width, frame.height);
  const t = guidanceTuning;
  const limit = (instruction: PhotoInstruction, band: { enter: number; leave: number }) =>
    current === instruction ? band.leave : band.enter;
  if (m.headShare < limit('move-closer', t.closer)) return 'move-closer';
  if (m.headShare > limit('move-back', t.back)) return 'move-back';
  // Face on the picture's left = on the resident's right: they move to their left.
  if (m.dx < -limit('move-left', t.sideways)) return 'move-left';
  if (m.dx > limit('move-right', t.sideways)) return 'move-right';
  if (m.dy > limit('move-up', t.vertical)) return 'move-up';
  if (m.dy < -limit('move-down', t.vertical)) return 'move-down';
  if (Math.abs(m.rollDegrees) > limit('look-straight', t.roll) || Math.abs(m.yaw) > limit('look-straight', t.yaw)) return 'look-straight';
  return 'ready';
}

/** The shown instruction over time: a change shows once it has come `confirmFrames` times in a row. */
export interface GuidanceState {
  shown: PhotoInstruction;
  candidate: PhotoInstruction;
  count: number;
}

export const initialGuidance: GuidanceState = { shown: 'no-face', candidate: 'no-face', count: 0 };

export function nextGuidance(state: GuidanceState, frame: PreviewFrame): GuidanceState {
  const raw = instructionFor(frame, state.shown);
  if (raw === state.shown) return { shown: raw, candidate: raw, count: 0 };
  const count = raw === state.candidate ? state.count + 1 : 1;
  return count >= guidanceTuning.confirmFrames ? { shown: raw, candidate: raw, count: 0 } : { shown: state.shown, candidate: raw, count };
}
