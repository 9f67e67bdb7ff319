import type { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePath } from '../../test/photo/fixtures';
import { FaceDetectionError, FaceDetector, type RgbImage } from './face.server';

let detector: FaceDetector;
let group: RgbImage;

beforeAll(async () => {
  detector = new FaceDetector();
  const [{ data, info }] = await Promise.all([
    // The three faces of sample 3, framed so each is about a quarter of the picture's width, as a
    // person at the booth is: the front-camera detector is made for faces that large.
    sharp(samplePath(3))
      .extract({ left: 560, top: 100, width: 1300, height: 900 })
      .resize(480, 480, { fit: 'inside' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
    detector.warmUp(),
  ]);
  group = { data, width: info.width, height: info.height };
});
afterAll(() => detector.close());

const workerOf = (d: FaceDetector) => (d as unknown as { worker: Worker | null }).worker;

describe('FaceDetector', () => {
  it('loads the wasm face models from node_modules and finds the three faces of sample 3 at booth distance', async () => {
    expect(['esm', 'node-wasm']).toContain(detector.build);
    const faces = await detector.detect(group);
    expect(faces).toHaveLength(3);
    for (const face of faces) {
      expect(face.score).toBeGreaterThan(0.5);
      expect(face.mesh.length).toBeGreaterThanOrEqual(468 * 2);
      expect(face.box.left).toBeGreaterThanOrEqual(0);
      expect(face.box.left + face.box.width).toBeLessThanOrEqual(group.width + 1);
    }
  });

  it('warm-up hands over the face picture shipped with the model library, and one face is found in it', async () => {
    expect(detector.warmUpSample?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const { data, info } = await sharp(detector.warmUpSample).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const faces = await detector.detect({ data, width: info.width, height: info.height });
    expect(faces).toHaveLength(1);
    expect(faces[0]!.mesh.length).toBeGreaterThanOrEqual(468 * 2);
  });

  it("does not alter the caller's pixels (it sends a copy)", async () => {
    const before = Buffer.from(group.data);
    await detector.detect(group);
    expect(Buffer.compare(before, Buffer.from(group.data))).toBe(0);
  });

  it('reports a bad request as a FaceDetectionError and keeps working', async () => {
    const error = await detector.detect({ data: new Uint8Array(10), width: 100, height: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaceDetectionError);
    expect(await detector.detect(group)).toHaveLength(3);
  });

  it('replaces a worker that died', async () => {
    const first = workerOf(detector);
    expect(first).not.toBeNull();
    const pending = detector.detect(group);
    await first!.terminate();
    await expect(pending).rejects.toBeInstanceOf(FaceDetectionError);
    expect(await detector.detect(group)).toHaveLength(3);
    expect(workerOf(detector)).not.toBe(first);
  });
});
