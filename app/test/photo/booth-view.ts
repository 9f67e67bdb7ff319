/**
 * TEST INSTRUMENT: what the booth's preview guidance reads on a face (issue 19, decision 0038).
 * The booth's own chain, in Node: the picture placed in the booth camera's 1280 × 720 frame where
 * the guide wants the head, shrunk to the analysis frame (guidance.ts ANALYSIS_WIDTH, 480 px),
 * BlazeFace front and the face mesh on the largest face (the booth's model files,
 * app/server/photos/models, through preview-detect.ts's detectPreviewFaces as face-preview.worker.ts
 * runs it — here on onnxruntime-node instead of onnxruntime-web's wasm, which computes the same
 * graphs), and guidance.ts's measures and instruction. With pose-faces.ts's re-posed faces this
 * measures the booth's yaw and pitch against real degrees (bench/photo-pose.ts,
 * booth-guidance-pose.test.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import {
  ANALYSIS_WIDTH,
  countedPreviewFaces,
  type FaceMeasures,
  guidanceTuning,
  instructionFor,
  measureFace,
  measureForehead,
  type PreviewFace,
  type PreviewFrame,
  targetHeadCentre,
} from '../../../booth-client/src/call/photo/guidance';
import { detectPreviewFaces } from '../../../booth-client/src/call/photo/preview-detect';
import { type PoseMeasure, poseFromFrontal } from '../../domain/photo/checks';
import { headPoseOf } from '../../domain/photo/face';
import type { ModelOutput, ModelRunner } from '../../domain/photo/face-model';
import type { Rgb } from '../../domain/photo/rgb';
import type { FaceDetector } from '../../server/photos/face.server';
import { faceSampleDir, plainBackgroundPortrait, portrait } from './fixtures';
import { checkFrontal, jpegOf, type MeshReader, pipelineFace, poseable, rgbOf } from './pose-faces';
import type { Rotation } from './repose';

/** The booth camera's frame (e2e/face-video.ts FACE_VIDEO) and the analysis frame the worker gets. */
export const BOOTH_CAMERA = { width: 1280, height: 720 } as const;
export const BOOTH_ANALYSIS = { width: ANALYSIS_WIDTH, height: Math.round((ANALYSIS_WIDTH * 720) / 1280) } as const;
/** The head's share of the picture height the framing aims at (inside the guide's 0.61–0.69). */
export const BOOTH_HEAD_SHARE = 0.65;

const modelDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'photos', 'models');

export interface BoothDetector {
  /** The faces the booth's worker reports on this analysis frame (key points, score, box, pose, forehead). */
  faces(image: Rgb): Promise<PreviewFace[]>;
  close(): Promise<void>;
}

export async function createBoothDetector(): Promise<BoothDetector> {
  const options = { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' } as const;
  const sessions = {
    detector: await ort.InferenceSession.create(path.join(modelDir, 'blazeface-front.onnx'), options),
    mesh: await ort.InferenceSession.create(path.join(modelDir, 'facemesh.onnx'), options),
  };
  const run: ModelRunner = async (model, input, dims) => {
    if (model === 'iris') throw new Error('the booth does not run the iris model');
    const session = sessions[model];
    const results = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [...dims]) });
    const out: Record<string, ModelOutput> = {};
    for (const name of session.outputNames) {
      const t = results[name]!;
      out[name] = { data: t.data as Float32Array, dims: t.dims };
    }
    return out;
  };
  return {
    async faces(image) {
      const found = await detectPreviewFaces(image, run);
      return found.map((face) => ({
        ...face,
        forehead: measureForehead({ data: image.data, width: image.width, height: image.height, channels: 3 }, face),
      }));
    },
    async close() {
      await Promise.all([sessions.detector.release(), sessions.mesh.release()]);
    },
  };
}

/** Where a picture goes in the analysis frame: its scale and its top-left corner there. */
export interface BoothFraming {
  scale: number;
  left: number;
  top: number;
}

/**
 * The framing that puts the face on `jpeg` where the booth's guide wants it (eyes on the centre
 * line, head BOOTH_HEAD_SHARE of the height, head centre at the guide's): found once on a
 * reference picture (the face at its zero pose) and kept for its re-poses, as a resident who turns
 * their head does not move.
 */
export async function boothFraming(detector: BoothDetector, jpeg: Buffer): Promise<BoothFraming> {
  const { width: W, height: H } = BOOTH_ANALYSIS;
  const target = (BOOTH_HEAD_SHARE * H) / guidanceTuning.headFactor;
  // Head centre = eyes − (crownFactor − headFactor / 2) × eye–mouth distance (guidance.ts measureFace).
  const eyesY = targetHeadCentre(W, H) * H + (guidanceTuning.crownFactor - guidanceTuning.headFactor / 2) * target;
  const meta = await sharp(jpeg).metadata();
  // First from the picture at full size, then corrected twice on the analysis frame itself (the
  // key points of a small face read its eye–mouth distance a little differently).
  let framing: BoothFraming = { scale: 1, left: 0, top: 0 };
  let image: Rgb = await rgbOf(jpeg);
  for (let step = 0; step < 3; step++) {
    const face = countedPreviewFaces(await detector.faces(image))[0];
    if (!face) throw new Error('booth framing: no face');
    const [re, le, , mouth] = face.keypoints as [readonly [number, number], readonly [number, number], unknown, readonly [number, number]];
    // The key points back in the picture's own pixels.
    const back = (p: readonly [number, number]) => [(p[0] - framing.left) / framing.scale, (p[1] - framing.top) / framing.scale] as const;
    const [r, l, m] = [back(re), back(le), back(mouth)];
    const eyes = [(r[0] + l[0]) / 2, (r[1] + l[1]) / 2] as const;
    const em = Math.hypot(m[0] - eyes[0], m[1] - eyes[1]);
    const scale = target / em;
    framing = { scale, left: W / 2 - eyes[0] * scale, top: eyesY - eyes[1] * scale };
    if (!(meta.width! * scale > 1)) throw new Error('booth framing: face too large');
    image = await boothFrame(jpeg, framing);
  }
  return framing;
}

/** `jpeg` framed into the booth's analysis frame (or `size`) on its light wall (RGB). */
export async function boothFrame(
  jpeg: Buffer,
  framing: BoothFraming,
  size: { width: number; height: number } = BOOTH_ANALYSIS,
): Promise<Rgb> {
  const meta = await sharp(jpeg).metadata();
  const w = Math.max(1, Math.round(meta.width! * framing.scale));
  const h = Math.max(1, Math.round(meta.height! * framing.scale));
  const small = await sharp(jpeg).removeAlpha().resize(w, h, { fit: 'fill' }).raw().toBuffer();
  const { width: W, height: H } = size;
  const out = new Uint8Array(W * H * 3);
  const [left, top] = [Math.round(framing.left), Math.round(framing.top)];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [sx, sy] = [x - left, y - top];
      const o = (y * W + x) * 3;
      if (sx >= 0 && sy >= 0 && sx < w && sy < h) out.set(small.subarray((sy * w + sx) * 3, (sy * w + sx) * 3 + 3), o);
      else out.set([232, 232, 228], o);
    }
  }
  return { data: out, width: W, height: H };
}

export interface BoothReading {
  frame: PreviewFrame;
  /** The largest counted face's measures, or undefined when the booth finds none. */
  measures?: FaceMeasures;
}

/** What the booth reads on `jpeg` framed by `framing`. */
export async function boothReading(detector: BoothDetector, jpeg: Buffer, framing: BoothFraming): Promise<BoothReading> {
  const image = await boothFrame(jpeg, framing);
  const frame: PreviewFrame = { width: image.width, height: image.height, faces: await detector.faces(image) };
  const face = countedPreviewFaces(frame.faces)[0];
  return face ? { frame, measures: measureFace(face, frame.width, frame.height) } : { frame };
}

/** The instruction the booth gives on `reading` when it showed `current` before (one analysis, no confirmation). */
export const boothInstruction = (reading: BoothReading, current: Parameters<typeof instructionFor>[1]) =>
  instructionFor(reading.frame, current);

/**
 * The sample faces the booth's pose proxies are calibrated on: fixtures.ts's three people (the
 * good face also on its plain wall) and the e2e fake camera's woman (e2e/face-video.ts's box of
 * sample3.jpg), each re-posed to the server's pose check zero first (pose-faces.ts checkFrontal).
 */
export const boothPoseFaces: Record<string, () => Promise<Buffer>> = {
  good: () => portrait('good'),
  goodOnPlainWall: () => plainBackgroundPortrait(),
  eyesDown: () => portrait('eyesDown'),
  turned: () => portrait('turned'),
  camera: () =>
    sharp(path.join(faceSampleDir, 'sample3.jpg'))
      .extract({ left: 1000, top: 80, width: 400, height: 560 })
      .jpeg({ quality: 95 })
      .toBuffer(),
};

/** One sample face at the check's zero, framed for the booth once, ready to be turned. */
export interface BoothPoseFace {
  /** The re-pose (degrees) at which the server's pose check reads the face as frontal. */
  zero: Rotation;
  framing: BoothFraming;
  /** What the booth reads with the face turned `degrees` on `axis` from the check's zero. */
  read(axis: 'yaw' | 'pitch', degrees: number): Promise<BoothReading>;
  /**
   * What the server's pose check reads (poseFromFrontal of headPoseOf, its degrees from frontal) on
   * the still the booth camera takes of that face: the same framing at the camera's 1280 × 720,
   * JPEG q92, the pipeline's 480-px detection copy. Undefined when it finds no face.
   */
  server(axis: 'yaw' | 'pitch', degrees: number): Promise<PoseMeasure | undefined>;
}

export async function boothPoseFace(
  tools: { reader: MeshReader; detector: FaceDetector; booth: BoothDetector },
  picture: Buffer,
): Promise<BoothPoseFace> {
  const face = await poseable(tools.reader, picture);
  const zero = await checkFrontal(tools.detector, face.render);
  const framing = await boothFraming(tools.booth, await face.render(zero));
  return {
    zero,
    framing,
    read: async (axis, degrees) => boothReading(tools.booth, await face.render({ ...zero, [axis]: zero[axis] + degrees }), framing),
    server: async (axis, degrees) => {
      const k = BOOTH_CAMERA.width / BOOTH_ANALYSIS.width;
      const still = await boothFrame(
        await face.render({ ...zero, [axis]: zero[axis] + degrees }),
        { scale: framing.scale * k, left: framing.left * k, top: framing.top * k },
        BOOTH_CAMERA,
      );
      const found = await pipelineFace(tools.detector, await jpegOf(still));
      return found && poseFromFrontal(headPoseOf(found));
    },
  };
}
