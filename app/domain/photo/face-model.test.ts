import { describe, expect, it } from 'vitest';
import {
  cropAndResize,
  DETECTOR_SIZE,
  type DetectorBox,
  detectFaces,
  detectorFaces,
  detectorTable,
  faceAngle,
  generateAnchors,
  type ModelOutput,
  type ModelRunner,
  meshFace,
  nonMaxSuppression,
  paddedSquare,
  resizeBilinear,
  transformRawCoords,
} from './face-model';

const rgb = (width: number, height: number, value: (x: number, y: number, k: number) => number) => {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let k = 0; k < 3; k++) data[(y * width + x) * 3 + k] = value(x, y, k);
  return { data, width, height };
};

/** BlazeFace front's four outputs (512 rows at stride 8, 384 at stride 16); no face in the 384 unless given. */
const detectorOutput = (
  scores512: Float32Array,
  boxes512: Float32Array,
  scores384 = new Float32Array(384).fill(-10),
  boxes384 = new Float32Array(384 * 16),
): Record<string, ModelOutput> => ({
  a: { data: scores512, dims: [1, 512, 1] },
  b: { data: boxes512, dims: [1, 512, 16] },
  c: { data: boxes384, dims: [1, 384, 16] },
  d: { data: scores384, dims: [1, 384, 1] },
});

describe('generateAnchors', () => {
  it('gives BlazeFace front its 896 anchors: 16×16×2 at stride 8, then 8×8×6 at stride 16', () => {
    const anchors = generateAnchors(128);
    expect(anchors).toHaveLength(896);
    expect(anchors[0]).toEqual([4, 4]);
    expect(anchors[1]).toEqual([4, 4]);
    expect(anchors[2]).toEqual([12, 4]);
    expect(anchors[511]).toEqual([124, 124]);
    expect(anchors[512]).toEqual([8, 8]);
    expect(anchors[895]).toEqual([120, 120]);
  });
});

describe('resizeBilinear (TensorFlow semantics, no half-pixel centres)', () => {
  it('samples at r × in/out from the top-left corner and interpolates', () => {
    // A 4×1 ramp 0, 100, 200, 250 resized to 2×2: columns sample x = 0 and 2.
    const image = rgb(4, 2, (x) => [0, 100, 200, 250][x]!);
    const out = new Float32Array(2 * 2 * 3);
    resizeBilinear(image, 2, 1, 0, out);
    expect(Array.from(out.filter((_, i) => i % 3 === 0))).toEqual([0, 200, 0, 200]);
    // Upscaling interpolates between neighbours and clamps at the last column.
    const up = new Float32Array(8 * 8 * 3);
    resizeBilinear(image, 8, 1 / 127.5, -1, up);
    expect(up[3]).toBeCloseTo(50 / 127.5 - 1, 5);
    expect(up[7 * 3]).toBeCloseTo(250 / 127.5 - 1, 5);
  });
});

describe('cropAndResize (TensorFlow semantics)', () => {
  const image = rgb(5, 5, (x, y) => 10 * x + y);
  it('maps the box corners onto the first and last samples', () => {
    const out = new Float32Array(3 * 3 * 3);
    cropAndResize(image, [0, 0, 1, 1], 3, 1, out);
    expect(out[0]).toBe(0);
    expect(out[(0 * 3 + 2) * 3]).toBe(40);
    expect(out[(2 * 3 + 2) * 3]).toBe(44);
    expect(out[(1 * 3 + 1) * 3]).toBe(22);
  });
  it('fills what lies outside the image with 0 and mirrors when asked', () => {
    const out = new Float32Array(3 * 3 * 3);
    cropAndResize(image, [-1, 0, 1, 1], 3, 1, out);
    expect(Array.from(out.subarray(0, 9))).toEqual(new Array(9).fill(0));
    const flipped = new Float32Array(3 * 3 * 3);
    cropAndResize(image, [0, 0, 1, 1], 3, 0.5, flipped, 0, true);
    expect(flipped[0]).toBe(20);
    expect(flipped[2 * 3]).toBe(0);
  });
});

describe('nonMaxSuppression', () => {
  it('keeps the best of overlapping boxes, drops low scores, and stops at the maximum', () => {
    const boxes = [
      [0, 0, 10, 10],
      [1, 1, 11, 11],
      [20, 20, 30, 30],
      [40, 40, 50, 50],
    ];
    expect(nonMaxSuppression(boxes, [0.8, 0.9, 0.7, 0.2], 6, 0.1, 0.3)).toEqual([1, 2]);
    expect(nonMaxSuppression(boxes, [0.8, 0.9, 0.7, 0.6], 2, 0.1, 0.3)).toEqual([1, 2]);
  });
});

describe('detectorTable', () => {
  it("joins the front model's four outputs as Human does: 512 rows first, score then 16 values", () => {
    const fill = (n: number, v: number) => new Float32Array(n).fill(v);
    const outputs: ModelOutput[] = [
      { data: fill(384 * 16, 3), dims: [1, 384, 16] },
      { data: fill(512, 0.5), dims: [1, 512, 1] },
      { data: fill(384, 1.5), dims: [1, 384, 1] },
      { data: fill(512 * 16, 2), dims: [1, 512, 16] },
    ];
    const table = detectorTable(outputs);
    expect(table).toHaveLength(896 * 17);
    expect([table[0], table[1], table[16]]).toEqual([0.5, 2, 2]);
    expect([table[512 * 17], table[512 * 17 + 1]]).toEqual([1.5, 3]);
  });
});

describe('transformRawCoords', () => {
  it('maps mesh-input pixels onto the face box and truncates to whole pixels', () => {
    const box = { startPoint: [100, 50] as [number, number], endPoint: [292, 242] as [number, number] };
    expect(
      transformRawCoords(
        [
          [0, 0, 1.7],
          [96, 96, -2.5],
          [191.5, 10, 0],
        ],
        box,
      ),
    ).toEqual([
      [100, 50, 1],
      [196, 146, -2],
      [291, 60, 0],
    ]);
  });
});

describe('faceAngle', () => {
  const mesh = (points: Record<number, [number, number, number]>) =>
    Array.from({ length: 468 }, (_, i) => points[i] ?? ([0, 0, 0] as [number, number, number]));
  it('is zero for an upright frontal face and reads roll from a tilted one', () => {
    const straight = mesh({ 10: [100, 0, 0], 152: [100, 200, 0], 234: [20, 100, 0], 454: [180, 100, 0] });
    const a = faceAngle(straight, { width: 200, height: 200 });
    expect(Math.abs(a.roll) + Math.abs(a.yaw) + Math.abs(a.pitch)).toBeLessThan(1e-9);
    const t = (10 * Math.PI) / 180;
    const rot = (x: number, y: number): [number, number, number] => [
      x * Math.cos(t) - y * Math.sin(t),
      x * Math.sin(t) + y * Math.cos(t),
      0,
    ];
    const tilted = mesh({ 10: rot(0, -100), 152: rot(0, 100), 234: rot(-80, 0), 454: rot(80, 0) });
    // Human's sign: turning the face clockwise on the screen (y down) is a positive roll.
    expect(faceAngle(tilted, { width: 200, height: 200 }).roll).toBeCloseTo(t, 6);
    expect(faceAngle(mesh({}).slice(0, 100), { width: 1, height: 1 })).toEqual({ roll: 0, yaw: 0, pitch: 0 });
  });
});

describe('detectFaces', () => {
  it('refuses pixels that do not make the stated image', async () => {
    const run: ModelRunner = async () => ({});
    await expect(detectFaces({ data: new Uint8Array(10), width: 100, height: 100 }, run)).rejects.toBeInstanceOf(RangeError);
  });

  it('decodes one confident anchor into a squared, enlarged box in image pixels (detector only: the picture stretched)', async () => {
    const scores512 = new Float32Array(512).fill(-10);
    const boxes512 = new Float32Array(512 * 16);
    // Anchor 0 of the 16×16 grid is centred at (4, 4) on the 128-px input: put a 40×40 face at (64, 64).
    scores512[0] = 5;
    boxes512.set([60, 60, 40, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0);
    const run: ModelRunner = async (model, input, dims) => {
      expect(model).toBe('detector');
      expect(dims).toEqual([1, DETECTOR_SIZE, DETECTOR_SIZE, 3]);
      expect(input[0]).toBeCloseTo(127 / 127.5 - 1, 5);
      return detectorOutput(scores512, boxes512);
    };
    const faces = await detectFaces(
      rgb(256, 128, () => 127),
      run,
      { detectorOnly: true },
    );
    expect(faces).toHaveLength(1);
    const [face] = faces;
    expect(face!.score).toBe(0.99);
    // 40×40 on the input is 80×40 in the 256×128 image; ×1.4 and squared to 112×112 around (128, 64).
    expect(face!.box).toEqual({ left: 72, top: 8, width: 112, height: 112 });
    expect(face!.mesh).toHaveLength(12);
  });

  it('gives the boxes it meshes from the picture padded to a square (detectorFaces, onDetector)', async () => {
    const scores512 = new Float32Array(512).fill(-10);
    const boxes512 = new Float32Array(512 * 16);
    // A 40×40 face at (64, 64) on the input, its first key point at (44, 52).
    scores512[0] = 5;
    boxes512.set([60, 60, 40, 40, 40, 48, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0);
    const run: ModelRunner = async (model, input): Promise<Record<string, ModelOutput>> => {
      // The mesh finds no face there (score 0): detectFaces ends after the detector's boxes.
      if (model === 'mesh')
        return { flag: { data: new Float32Array([0]), dims: [1, 1] }, mesh: { data: new Float32Array(1404), dims: [1, 1404] } };
      // The 256×128 picture is centred on a black 256×256 square: rows 0–31 of the input are
      // padding (−1), rows 32–95 the picture, rows 96–127 padding again.
      const at = (row: number) => input[row * DETECTOR_SIZE * 3]!;
      expect([at(0), at(31), at(96), at(127)]).toEqual([-1, -1, -1, -1]);
      expect(at(32)).toBeCloseTo(127 / 127.5 - 1, 5);
      expect(at(95)).toBeCloseTo(127 / 127.5 - 1, 5);
      return detectorOutput(scores512, boxes512);
    };
    const [found] = await detectorFaces(
      rgb(256, 128, () => 127),
      run,
    );
    // 40×40 on the input is 80×80 on the 256-px square (not 80×40 as stretched); ×1.4 is 112×112
    // around (128, 128) there, (128, 64) in the picture; the key point (44, 52) is (88, 104) − (0, 64).
    expect(found!.detector.box).toEqual({ left: 72, top: 8, width: 112, height: 112 });
    expect(found!.face.mesh.slice(0, 2)).toEqual([88, 40]);
    let heard: readonly DetectorBox[] = [];
    await expect(
      detectFaces(
        rgb(256, 128, () => 127),
        run,
        { onDetector: (b) => (heard = b) },
      ),
    ).resolves.toEqual([]);
    expect(heard.map((b) => b.box)).toEqual([found!.detector.box]);
  });

  it('pads a picture to a square for the detector (paddedSquare), centred, and leaves a square one as it is', () => {
    const wide = rgb(4, 2, (x, y, k) => 10 * x + y + k);
    const { image, left, top } = paddedSquare(wide);
    expect({ left, top, width: image.width, height: image.height }).toEqual({ left: 0, top: 1, width: 4, height: 4 });
    expect(Array.from(image.data.subarray(0, 12))).toEqual(new Array(12).fill(0));
    expect(Array.from(image.data.subarray(12, 36))).toEqual(Array.from(wide.data));
    expect(Array.from(image.data.subarray(36))).toEqual(new Array(12).fill(0));
    const tall = paddedSquare(rgb(1, 4, () => 5));
    expect([tall.left, tall.top, tall.image.width]).toEqual([1, 0, 4]);
    expect(Array.from(tall.image.data.subarray(0, 12))).toEqual([0, 0, 0, 5, 5, 5, 0, 0, 0, 0, 0, 0]);
    const square = rgb(3, 3, () => 1);
    expect(paddedSquare(square).image).toBe(square);
  });

  it('tells onDetector the boxes (unclamped) before the mesh model runs', async () => {
    const scores512 = new Float32Array(512).fill(-10);
    const boxes512 = new Float32Array(512 * 16);
    scores512[0] = 5;
    // A 60×60 face at (24, 24) on the input: enlarged and squared, it runs past the image's top-left.
    boxes512.set([20, 20, 60, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0);
    const calls: string[] = [];
    const run: ModelRunner = async (model): Promise<Record<string, ModelOutput>> => {
      calls.push(model);
      if (model === 'detector') return detectorOutput(scores512, boxes512);
      // The mesh finds no face here (score 0): detection ends without the iris model.
      return { flag: { data: new Float32Array([0]), dims: [1, 1] }, mesh: { data: new Float32Array(1404), dims: [1, 1404] } };
    };
    const heard: unknown[] = [];
    const faces = await detectFaces(
      rgb(128, 128, () => 127),
      run,
      {
        onDetector: (boxes) => {
          heard.push(boxes);
          calls.push('onDetector');
        },
      },
    );
    expect(faces).toEqual([]);
    expect(calls).toEqual(['detector', 'onDetector', 'mesh']);
    // 60×60 around (24, 24), ×1.4 → 84×84 around (24, 24): from −18 (not clamped to 0).
    expect(heard).toEqual([[{ box: { left: -18, top: -18, width: 84, height: 84 }, score: expect.closeTo(0.9933, 3) }]]);
  });

  it('detectorFaces: on a square picture, the faces detectFaces gives with detectorOnly, each with the box onDetector reports for it', async () => {
    const scores512 = new Float32Array(512).fill(-10);
    const boxes512 = new Float32Array(512 * 16);
    const scores384 = new Float32Array(384).fill(-10);
    const boxes384 = new Float32Array(384 * 16);
    // A confident 40×40 face at (64, 64), and a 30×30 one at (104, 104) (anchor 512 + 54 × 6) whose
    // score 0.302 passes the detector's 0.3 but not once rounded (Human's round2): dropped.
    scores512[0] = 5;
    boxes512.set([60, 60, 40, 40], 0);
    scores384[324] = Math.log(0.302 / 0.698);
    boxes384.set([0, 0, 30, 30], 324 * 16);
    const run: ModelRunner = async () => detectorOutput(scores512, boxes512, scores384, boxes384);
    const image = rgb(128, 128, () => 127);
    let boxes: readonly DetectorBox[] = [];
    const only = await detectFaces(image, run, { detectorOnly: true, onDetector: (b) => (boxes = b) });
    expect(boxes).toHaveLength(2);
    expect(only).toHaveLength(1);
    await expect(detectorFaces(image, run)).resolves.toEqual([{ face: only[0], detector: boxes[0] }]);
  });

  it('meshFace gives the face detectFaces gives for that box; without the iris, the same angles from the 468 points', async () => {
    const scores512 = new Float32Array(512).fill(-10);
    const boxes512 = new Float32Array(512 * 16);
    scores512[0] = 5;
    boxes512.set([60, 60, 40, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0);
    // A mesh leaning in depth (so that the angles are not zero), and iris points of its own.
    const mesh = new Float32Array(1404);
    for (let i = 0; i < 468; i++) mesh.set([20 + ((i * 37) % 150), 20 + ((i * 53) % 150), ((i * 11) % 40) - 20], i * 3);
    const iris = new Float32Array(2 * 76 * 3);
    for (let i = 0; i < iris.length; i++) iris[i] = 10 + ((i * 7) % 44);
    const calls: string[] = [];
    const run: ModelRunner = async (model): Promise<Record<string, ModelOutput>> => {
      calls.push(model);
      if (model === 'detector') return detectorOutput(scores512, boxes512);
      if (model === 'mesh') return { flag: { data: new Float32Array([0.9]), dims: [1, 1] }, mesh: { data: mesh, dims: [1, 1404] } };
      return { iris: { data: iris, dims: [2, 228] } };
    };
    const image = rgb(256, 128, (x, y, k) => (x * 3 + y * 5 + k * 7) % 251);
    let boxes: readonly DetectorBox[] = [];
    const [full] = await detectFaces(image, run, { onDetector: (b) => (boxes = b) });
    expect(full!.mesh).toHaveLength(478 * 2);
    expect(full!.angle.yaw).not.toBe(0);
    await expect(meshFace(image, boxes[0]!, run)).resolves.toEqual(full);
    // Handed the picture already padded to its square (as the booth pads it once for both), the same faces.
    const square = paddedSquare(image);
    await expect(meshFace(square, boxes[0]!, run)).resolves.toEqual(full);
    await expect(detectorFaces(square, run)).resolves.toEqual(await detectorFaces(image, run));
    calls.length = 0;
    const withoutIris = await meshFace(image, boxes[0]!, run, { iris: false });
    expect(calls).toEqual(['mesh']);
    expect(withoutIris!.mesh).toHaveLength(468 * 2);
    expect(withoutIris!.angle).toEqual(full!.angle);
  });
});
