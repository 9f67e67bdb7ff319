/**
 * TEST INSTRUMENT: real faces of known pose (issue 19). The sample faces' 3D mesh from our own
 * face model (the ONNX files of app/server/photos/models run by app/domain/photo/face-model.ts's
 * detectFaces, here in this thread), then re-posed by repose.ts over Human's mesh triangles.
 *
 * The triangles are Human's TRI468 (@vladmandic/human src/face/facemeshcoords.ts, MIT licence,
 * © Vladimir Mandic; MediaPipe's face mesh topology), read from the installed package, not copied.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import { photoThresholds } from '../../domain/photo/checks';
import { countedFaces, type DetectedFace, headPoseOf } from '../../domain/photo/face';
import { detectFaces, type ModelOutput, type ModelRunner } from '../../domain/photo/face-model';
import type { Rgb } from '../../domain/photo/rgb';
import { FaceDetector } from '../../server/photos/face.server';
import { detectionCopyOf } from '../../server/photos/pipeline.server';
import { type Point3, type ReposeOptions, type Rotation, reposeFace } from './repose';

const require = createRequire(import.meta.url);

/** Human's TRI468 (flat index triples over the 468 mesh points), parsed from the installed source. */
export function humanTriangles(): number[] {
  const humanDir = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
  const text = readFileSync(path.join(humanDir, 'src', 'face', 'facemeshcoords.ts'), 'utf8');
  const match = /export const TRI468[^=]*=\s*\[([\d\s,]+)\]/.exec(text);
  if (!match) throw new Error('TRI468 not found in @vladmandic/human');
  const triangles = match[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (triangles.length % 3 !== 0 || triangles.some((i) => !(i >= 0 && i < 468))) throw new Error('TRI468: unexpected content');
  return triangles;
}

/** Human's face outline (meshAnnotations.silhouette): a closed loop of mesh indices. */
export function humanOutline(): number[] {
  const humanDir = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
  const text = readFileSync(path.join(humanDir, 'src', 'face', 'facemeshcoords.ts'), 'utf8');
  const match = /silhouette:\s*\[([\d\s,]+)\]/.exec(text);
  if (!match) throw new Error('silhouette not found in @vladmandic/human');
  return match[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
}

const modelDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'photos', 'models');
const FILES = { detector: 'blazeface-front.onnx', mesh: 'facemesh-cpu.onnx', iris: 'iris.onnx' } as const;

export interface MeshReader {
  /** The largest face's 468 mesh points with depth (x, y in the image's pixels, z in the same scale). */
  mesh3d(image: Rgb): Promise<Point3[]>;
  close(): Promise<void>;
}

/** The app's face models on onnxruntime-node in this thread (same files and settings as face-worker.mjs). */
export async function createMeshReader(): Promise<MeshReader> {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  const sessions: Record<string, ort.InferenceSession> = {};
  for (const [name, file] of Object.entries(FILES)) sessions[name] = await ort.InferenceSession.create(path.join(modelDir, file), options);
  return {
    async mesh3d(image) {
      // detectFaces keeps x and y only: the mesh model's raw output (192-px crop units) is kept
      // here, and its z scaled like its x (Human's transformRawCoords: x·(box width / 192)).
      const raws: Float32Array[] = [];
      const run: ModelRunner = async (model, data, dims) => {
        const session = sessions[model]!;
        const results = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', data, dims) });
        const outputs: Record<string, ModelOutput> = {};
        for (const name of session.outputNames) {
          const t = results[name]!;
          outputs[name] = { data: new Float32Array(t.data as Float32Array), dims: t.dims };
          if (model === 'mesh' && t.dims[t.dims.length - 1] === 1404) raws.push(outputs[name].data);
        }
        return outputs;
      };
      const faces = await detectFaces(image, run);
      const face = faces.filter((f) => f.mesh.length >= 936).sort((a, b) => b.box.width - a.box.width)[0];
      if (!face) throw new Error('no face with a mesh');
      const x = (i: number) => face.mesh[i * 2]!;
      // The raw output whose cheek-to-cheek line matches the face's: its scale gives z's.
      let best: { raw: Float32Array; scale: number; error: number } | undefined;
      for (const raw of raws) {
        const scale = (x(454) - x(234)) / (raw[454 * 3]! - raw[234 * 3]!);
        const offset = x(10) - scale * raw[10 * 3]!;
        let error = 0;
        for (const i of [1, 152, 234, 454]) error += Math.abs(x(i) - (scale * raw[i * 3]! + offset));
        if (!best || error < best.error) best = { raw, scale, error };
      }
      if (!best) throw new Error('no mesh output');
      const { raw, scale } = best;
      return Array.from({ length: 468 }, (_, i): Point3 => [x(i), face.mesh[i * 2 + 1]!, raw[i * 3 + 2]! * scale]);
    },
    async close() {
      for (const session of Object.values(sessions)) await session.release();
    },
  };
}

/** A JPEG (or any image) as RGB pixels. */
export async function rgbOf(image: Buffer): Promise<Rgb> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export const jpegOf = (image: Rgb, quality = 92) =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();

/** A face picture, its mesh read once, ready to be re-posed into JPEGs. */
export async function poseable(
  reader: MeshReader,
  jpeg: Buffer,
): Promise<{ image: Rgb; mesh: Point3[]; render: (rotation: Rotation, options?: ReposeOptions) => Promise<Buffer> }> {
  const image = await rgbOf(jpeg);
  const mesh = await reader.mesh3d(image);
  const triangles = humanTriangles();
  const outline = humanOutline();
  return { image, mesh, render: (rotation, options) => jpegOf(reposeFace(image, mesh, triangles, rotation, { outline, ...options })) };
}

/** The face the pipeline judges on a JPEG: the largest counted face on its 480-px detection copy. */
export async function pipelineFace(detector: FaceDetector, jpeg: Buffer): Promise<DetectedFace | undefined> {
  return countedFaces(await detector.detect(await detectionCopyOf(sharp(jpeg).rotate())))[0];
}

/**
 * The re-pose at which the pipeline's pose check reads `face` as frontal (headPoseOf: roll 0, yaw
 * 0, pitch photoThresholds.pitchFrontal): two correction steps from the face's own reading.
 */
export async function checkFrontal(detector: FaceDetector, render: (rotation: Rotation) => Promise<Buffer>): Promise<Rotation> {
  let at: Rotation = { pitch: 0, yaw: 0, roll: 0 };
  for (let step = 0; step < 2; step++) {
    const found = await pipelineFace(detector, await render(at));
    if (!found) throw new Error('no face');
    const read = headPoseOf(found);
    at = {
      pitch: at.pitch - (read.pitch - photoThresholds.pitchFrontal),
      yaw: at.yaw - read.yaw,
      roll: (at.roll ?? 0) - read.roll,
    };
  }
  return at;
}

/**
 * `jpeg` re-posed to the pose check's zero (checkFrontal) with the app's own models in this thread:
 * the sample faces are really turned (the plain-wall face ≈ 12° of yaw), which the standard fails.
 * `keepRoll`: only yaw and pitch are corrected (the picture keeps its head tilt). `turn`: degrees
 * added to that zero (a face turned by a known amount, e.g. into the check's warn band).
 */
export async function reposedToCheckZero(
  jpeg: Buffer,
  { keepRoll = false, turn = {} }: { keepRoll?: boolean; turn?: Partial<Rotation> } = {},
): Promise<Buffer> {
  const detector = new FaceDetector();
  const [reader] = await Promise.all([createMeshReader(), detector.warmUp()]);
  try {
    const face = await poseable(reader, jpeg);
    const zero = await checkFrontal(detector, face.render);
    return await face.render({
      pitch: zero.pitch + (turn.pitch ?? 0),
      yaw: zero.yaw + (turn.yaw ?? 0),
      roll: (keepRoll ? 0 : (zero.roll ?? 0)) + (turn.roll ?? 0),
    });
  } finally {
    await Promise.all([reader.close(), detector.close()]);
  }
}
