/**
 * The pose estimate is left–right symmetric (issue 19, decision 0038 "5 Dec night"): a face and
 * its mirror image (sharp's flop) read opposite yaw and roll and the same pitch through the
 * server's whole path (the pipeline's 480-px detection copy, face detector, mesh, headPoseOf). A
 * true estimator must: whatever turn a face has, its mirror has the opposite one.
 *
 * Real faces only (not re-posed): the fixtures' good face, the same on its plain wall, and the e2e
 * camera's woman, each as it is (a portrait) and as the booth camera's 1280 × 720 still takes it
 * (the picture as tall as the frame, centred on the booth's wall). Tolerances: yaw 3°, roll 2°,
 * pitch 4° (sum or difference of the two readings). Measured when written (yaw sum, roll sum, pitch
 * difference): portrait −1.2 / −0.9 / −0.8 (good), −1.5 / −0.4 / −0.1 (plain wall), −1.3 / 1.0 /
 * 0.4 (camera); still −1.0 / −0.1 / −1.7, −0.7 / −0.1 / 0.4, 1.5 / 0.8 / 3.3. Before the detector's
 * input was padded to a square the stills failed: yaw sum −8.0° (plain wall), roll sum −3.7° (good)
 * and −2.5° (camera) — the detector, fed the 16:9 picture stretched to its square input, gave a mesh
 * crop 1.78 × too wide, where the mesh's yaw follows the crop's placement.
 *
 * Left out: the eyes-down face (eyes closed; the mesh reads it 5–6° asymmetrically before and after)
 * and the turned face (≈ 25° of yaw, far outside the standard's ±5°: yaw sum 4.4° as a portrait).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headPoseOf } from '../../domain/photo/face';
import { FaceDetector } from '../../server/photos/face.server';
import { BOOTH_CAMERA, boothPoseFaces } from './booth-view';
import { pipelineFace } from './pose-faces';

const TOLERANCE = { yaw: 3, roll: 2, pitch: 4 };
const FACES = ['good', 'goodOnPlainWall', 'camera'] as const;

/** The picture in the booth camera's still: as tall as the frame, centred on the booth's wall, JPEG q92. */
async function boothStill(picture: Buffer): Promise<Buffer> {
  const { width: W, height: H } = BOOTH_CAMERA;
  const meta = await sharp(picture).metadata();
  const w = Math.round((meta.width! * H) / meta.height!);
  const scaled = await sharp(picture).resize(w, H).toBuffer();
  return sharp({ create: { width: W, height: H, channels: 3, background: { r: 232, g: 232, b: 228 } } })
    .composite([{ input: scaled, left: Math.round((W - w) / 2), top: 0 }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

let detector: FaceDetector;
beforeAll(async () => {
  detector = new FaceDetector();
  await detector.warmUp();
}, 60_000);
afterAll(async () => {
  await detector?.close();
});

describe('a mirrored face gives the opposite yaw and roll and the same pitch', () => {
  const cases = FACES.flatMap((face) => [
    { face, framing: 'portrait' as const },
    { face, framing: 'booth still' as const },
  ]);
  it.each(cases)('$face, $framing', async ({ face, framing }) => {
    const picture = await boothPoseFaces[face]!();
    const jpeg = framing === 'portrait' ? picture : await boothStill(picture);
    const mirror = await sharp(jpeg).flop().jpeg({ quality: 92 }).toBuffer();
    const [a, b] = [await pipelineFace(detector, jpeg), await pipelineFace(detector, mirror)];
    expect(a && b, 'a face in both pictures').toBeTruthy();
    const [p, q] = [headPoseOf(a!), headPoseOf(b!)];
    const read = `original yaw ${p.yaw.toFixed(1)}°, roll ${p.roll.toFixed(1)}°, pitch ${p.pitch.toFixed(1)}°; mirror ${q.yaw.toFixed(1)}°, ${q.roll.toFixed(1)}°, ${q.pitch.toFixed(1)}°`;
    expect(Math.abs(p.yaw + q.yaw), read).toBeLessThanOrEqual(TOLERANCE.yaw);
    expect(Math.abs(p.roll + q.roll), read).toBeLessThanOrEqual(TOLERANCE.roll);
    expect(Math.abs(p.pitch - q.pitch), read).toBeLessThanOrEqual(TOLERANCE.pitch);
  });
});
