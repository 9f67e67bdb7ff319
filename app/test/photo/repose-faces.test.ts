/**
 * The pose check on a real face of known pose (issue 19): the good face on a plain wall, first
 * re-posed to where the check reads it as frontal (its own roll, yaw and pitch taken out, in
 * headPoseOf's real degrees), then nodded ±6.5° about the head's centre (repose.ts). The whole
 * pipeline must pass it at 0° and not at ±6.5°: the standard allows ±5°, and ±6.5° sits between
 * that and 8°, so a pass limit loosened to 8° fails this test. Measured when written: ±6.5° reads
 * −6.1° / +6.5° (bench/photo-pose.ts: headPoseOf's slope 0.94–1.05 on re-posed faces).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceDetector } from '../../server/photos/face.server';
import { createPhotoPipeline, type PhotoPipeline } from '../../server/photos/pipeline.server';
import { plainBackgroundPortrait } from './fixtures';
import { checkFrontal, createMeshReader, type MeshReader, poseable } from './pose-faces';
import type { Rotation } from './repose';

let pipeline: PhotoPipeline;
let detector: FaceDetector;
let reader: MeshReader;
let face: Awaited<ReturnType<typeof poseable>>;
/** The re-pose at which the check reads the face as frontal. */
let frontal: Rotation;

beforeAll(async () => {
  pipeline = createPhotoPipeline();
  detector = new FaceDetector();
  [reader] = await Promise.all([createMeshReader(), pipeline.warmUp(), detector.warmUp()]);
  face = await poseable(reader, await plainBackgroundPortrait());
  frontal = await checkFrontal(detector, face.render);
}, 120_000);
afterAll(async () => {
  await Promise.all([pipeline.close(), detector.close(), reader?.close()]);
});

const poseCheck = async (nod: number) => {
  const photo = await pipeline.process(await face.render({ ...frontal, pitch: frontal.pitch + nod }));
  return photo.checks.find((c) => c.id === 'pose')!;
};

describe('pose on a real face nodded by a known angle', () => {
  it('the face as the check sees it frontal passes', async () => {
    // The re-pose to the check's zero stays moderate (when written: yaw 13.3°, roll 9.5°, pitch −3.7°).
    expect(Math.abs(frontal.pitch)).toBeLessThan(10);
    expect(Math.abs(frontal.yaw)).toBeLessThan(16);
    expect(Math.abs(frontal.roll ?? 0)).toBeLessThan(12);
    const check = await poseCheck(0);
    expect(check.level, check.reason.en).toBe('pass');
  });

  it.each([6.5, -6.5])('nodded %s° it does not pass, for pitch', async (nod) => {
    const check = await poseCheck(nod);
    expect(check.level, check.reason.en).not.toBe('pass');
    expect(check.reason.en).toMatch(/tilted up or down/);
  });
});
