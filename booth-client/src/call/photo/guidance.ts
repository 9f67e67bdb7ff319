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
 * The head's pose (roll, yaw, pitch) is the server's: the worker runs the server's face mesh on the
 * largest face and reads its angles with the functions the server's pose check is given its
 * numbers by (preview-detect.ts), so "look straight" and "raise / lower your chin" start where the
 * server's pass band (±5° of yaw and pitch, ±8° of roll) ends. That face's key points come from the
 * mesh too.
 *
 * A hat is judged only when the worker could measure the forehead (`forehead`, from the pixels):
 * the band just above both eyebrows in a colour no skin or hair has (blue, green, purple…) while
 * the cheeks look like skin. Dark, brown, red, white or beige hats, and hats worn high, are not
 * caught (a dark band is as likely a fringe of hair): the screen's standing line stays.
 * Not judged at all: eyes closed, glasses, expression — the server's checks judge those.
 */

import type { PoseMeasure } from '@madoguchi/app/photo/checks';
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
  /**
   * The head's pose in degrees as the server's pose check grades it (checks.ts poseFromFrontal of
   * face.ts headPoseOf: 0 is frontal; yaw > 0: turned to the picture's left; pitch > 0: chin down),
   * from the server's face mesh; only on the largest face, and absent when the mesh found none.
   */
  pose?: PoseMeasure;
  /** What the worker measured on the forehead band and the cheeks (measureForehead), if anything. */
  forehead?: ForeheadMeasure | null;
}

export interface PreviewFrame {
  width: number;
  height: number;
  faces: readonly PreviewFace[];
}

/**
 * Width of the frame the worker analyses (the detector itself sees 128 × 128): the server's
 * detection copy's, 480 px (preview-detect.ts says why). Here, not in preview-detect.ts, so that
 * the UI thread's bundle does not take in the models' code for one number.
 */
export const ANALYSIS_WIDTH = 480;

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
  /**
   * The head's pose (PreviewFace.pose, the server's degrees), against the server's pose check
   * (checks.ts photoThresholds: pass within ±8° of roll and ±5° of yaw and pitch, warn to 12° /
   * 10°, then fail). Yaw and pitch: an instruction starts where the server's pass band ends (5°:
   * the booth reads the server's own numbers, so asking later would let warned photos through and
   * asking earlier would hold faces the server passes) and ends back inside 4°. Not lower: on the
   * sample faces at the check's zero the booth reads up to 3.4° (the mesh's noise between two
   * resamplings of the same face; bench:photo-pose `booth`), so a leave of 3° could hold a face the
   * server calls frontal; and not at 5°, so that one reading's noise at the edge does not end it
   * (a change must also come twice in a row). Roll keeps 8° / 5°.
   */
  roll: { enter: 8, leave: 5 },
  yaw: { enter: 5, leave: 4 },
  pitch: { enter: 5, leave: 4 },
  /**
   * Hat: the forehead band's hue this far (degrees) from the cheeks' hue, with at least this
   * saturation, on both sides, and the band even (luminance spread over mean below `maxSpread`).
   */
  hatHueGap: { enter: 70, leave: 55 },
  hatSaturation: { enter: 0.25, leave: 0.2 },
  hatMaxSpread: 0.35,
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
  /** Roll in degrees: the mesh's (the server's), else the eye line's angle. */
  rollDegrees: number;
  /** Yaw in the server's degrees (PreviewFace.pose); positive: the face turns to the picture's left; undefined without a mesh. */
  yaw?: number;
  /** Pitch from frontal in the server's degrees; positive: chin down; undefined without a mesh. */
  pitch?: number;
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

/**
 * The head as the key points place it: the eyes' midpoint, the eye–mouth distance, the head's
 * height (crown to chin) and its centre's y, from the calibrated factors (decision 0038).
 */
function headOf(face: PreviewFace): { eyes: Point; eyeMouth: number; head: number; centreY: number } {
  const [rightEye, leftEye, , mouth] = face.keypoints as [Point, Point, Point, Point];
  const eyes: Point = [(rightEye[0] + leftEye[0]) / 2, (rightEye[1] + leftEye[1]) / 2];
  const eyeMouth = Math.hypot(mouth[0] - eyes[0], mouth[1] - eyes[1]);
  const head = guidanceTuning.headFactor * eyeMouth;
  const crown = eyes[1] - guidanceTuning.crownFactor * eyeMouth;
  return { eyes, eyeMouth, head, centreY: crown + head / 2 };
}

export function measureFace(face: PreviewFace, width: number, height: number): FaceMeasures {
  const [rightEye, leftEye] = face.keypoints as [Point, Point];
  const { eyes, head, centreY } = headOf(face);
  // The camera sees the resident's right eye on the picture's left.
  const eyeLine = (Math.atan2(leftEye[1] - rightEye[1], leftEye[0] - rightEye[0]) * 180) / Math.PI;
  const pose = face.pose;
  return {
    headShare: head / height,
    dx: eyes[0] / width - 0.5,
    dy: centreY / height - targetHeadCentre(width, height),
    rollDegrees: pose ? pose.roll : eyeLine,
    ...(pose ? { yaw: pose.yaw, pitch: pose.pitch } : {}),
  };
}

/** The forehead band's colour against the cheeks' (measureForehead). */
export interface ForeheadMeasure {
  /** Smaller of the two sides' hue distance (degrees, 0–180) between the band and the cheeks. */
  hueGap: number;
  /** Smaller of the two sides' band saturation (HSV, 0–1). */
  saturation: number;
  /** Larger of the two sides' luminance spread (standard deviation over mean). */
  spread: number;
}

/** Pixels as the worker has them: `channels` bytes a pixel (3 RGB, 4 RGBA), rows without padding. */
export interface PreviewPixels {
  data: ArrayLike<number>;
  width: number;
  height: number;
  channels: 3 | 4;
}

function hueSaturation(r: number, g: number, b: number): { hue: number; saturation: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const c = max - min;
  if (max <= 0 || c <= 0) return { hue: 0, saturation: 0 };
  const h = max === r ? ((g - b) / c + 6) % 6 : max === g ? (b - r) / c + 2 : (r - g) / c + 4;
  return { hue: h * 60, saturation: c / max };
}

/**
 * The forehead band (0.45–0.75 eye–mouth distances above the eye line, over each eye: above the
 * eyebrows, below a usual hairline) against the cheeks (0.3–0.5 below each eye, to its outer
 * side). Null when a region leaves the picture or the face is too small to sample (a band under
 * 3 pixels high).
 */
export function measureForehead(pixels: PreviewPixels, face: PreviewFace): ForeheadMeasure | null {
  if (face.keypoints.length < 4) return null;
  const [rightEye, leftEye] = face.keypoints as [Point, Point];
  const {
    eyes: [ex, ey],
    eyeMouth: em,
  } = headOf(face);
  const half = Math.hypot(leftEye[0] - rightEye[0], leftEye[1] - rightEye[1]) / 2;
  if (0.3 * em < 3 || half < 2) return null;
  const angle = Math.atan2(leftEye[1] - rightEye[1], leftEye[0] - rightEye[0]);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const { data, width, height, channels } = pixels;
  /** Mean colour and luminance spread over a rectangle in the face's frame (along, across the eye line). */
  const region = (s0: number, s1: number, t0: number, t1: number) => {
    let [r, g, b, l, l2, n] = [0, 0, 0, 0, 0, 0];
    for (let t = t0; t <= t1; t += 1) {
      for (let s = s0; s <= s1; s += 1) {
        const x = Math.round(ex + s * cos - t * sin);
        const y = Math.round(ey + s * sin + t * cos);
        if (x < 0 || y < 0 || x >= width || y >= height) return null;
        const i = (y * width + x) * channels;
        const [pr, pg, pb] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        const lum = 0.299 * pr + 0.587 * pg + 0.114 * pb;
        r += pr;
        g += pg;
        b += pb;
        l += lum;
        l2 += lum * lum;
        n++;
      }
    }
    if (n === 0) return null;
    const mean = l / n;
    return { ...hueSaturation(r / n, g / n, b / n), spread: mean > 0 ? Math.sqrt(Math.max(0, l2 / n - mean * mean)) / mean : 1 };
  };
  const sides = [-1, 1].map((side) => {
    const [a, b] = side < 0 ? [-half * 1.1, -half * 0.1] : [half * 0.1, half * 1.1];
    const band = region(a, b, -0.75 * em, -0.45 * em);
    const [c, d] = side < 0 ? [-half * 1.3, -half * 0.5] : [half * 0.5, half * 1.3];
    const cheek = region(c, d, 0.3 * em, 0.5 * em);
    if (!band || !cheek) return null;
    const gap = Math.abs(band.hue - cheek.hue) % 360;
    return { hueGap: Math.min(gap, 360 - gap), saturation: band.saturation, spread: band.spread };
  });
  if (!sides[0] || !sides[1]) return null;
  return {
    hueGap: Math.min(sides[0].hueGap, sides[1].hueGap),
    saturation: Math.min(sides[0].saturation, sides[1].saturation),
    spread: Math.max(sides[0].spread, sides[1].spread),
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
  const band = faces[0]!.forehead;
  if (
    band &&
    band.hueGap > limit('take-off-hat', t.hatHueGap) &&
    band.saturation >= limit('take-off-hat', t.hatSaturation) &&
    band.spread < t.hatMaxSpread
  )
    return 'take-off-hat';
  // Face on the picture's left = on the resident's right: they move to their left.
  if (m.dx < -limit('move-left', t.sideways)) return 'move-left';
  if (m.dx > limit('move-right', t.sideways)) return 'move-right';
  if (m.dy > limit('move-up', t.vertical)) return 'move-up';
  if (m.dy < -limit('move-down', t.vertical)) return 'move-down';
  if (Math.abs(m.rollDegrees) > limit('look-straight', t.roll) || Math.abs(m.yaw ?? 0) > limit('look-straight', t.yaw))
    return 'look-straight';
  // The server's pitch: > 0 is the chin down, so the resident raises it.
  if ((m.pitch ?? 0) > limit('chin-up', t.pitch)) return 'chin-up';
  if ((m.pitch ?? 0) < -limit('chin-down', t.pitch)) return 'chin-down';
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
