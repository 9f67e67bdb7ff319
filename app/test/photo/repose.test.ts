import { describe, expect, it } from 'vitest';
import type { Rgb } from '../../domain/photo/rgb';
import { headCentre, type Point3, reposeFace, reposeMesh } from './repose';

/**
 * A synthetic "face": a grid of points on a sphere cap (radius R, centred at (cx, cy), the cap's
 * front nearest the camera, z < 0), triangulated as a grid, over a textured picture.
 */
const [W, H, cx, cy, R, N] = [200, 220, 100, 110, 60, 9];
const cap: Point3[] = [];
for (let j = 0; j < N; j++)
  for (let i = 0; i < N; i++) {
    const x = ((i / (N - 1)) * 2 - 1) * R * 0.65;
    const y = ((j / (N - 1)) * 2 - 1) * R * 0.65;
    cap.push([cx + x, cy + y, -Math.sqrt(R * R - x * x - y * y)]);
  }
const grid: number[] = [];
for (let j = 0; j < N - 1; j++)
  for (let i = 0; i < N - 1; i++) {
    const k = j * N + i;
    grid.push(k, k + 1, k + N, k + 1, k + N + 1, k + N);
  }
const ring = [
  ...Array.from({ length: N }, (_, i) => i),
  ...Array.from({ length: N - 2 }, (_, j) => (j + 2) * N - 1),
  ...Array.from({ length: N }, (_, i) => N * N - 1 - i),
  ...Array.from({ length: N - 2 }, (_, j) => (N - 2 - j) * N),
];
/** The cap's centre: the sphere's centre (the cheek-edge points of a real mesh are not on this grid). */
const centre: Point3 = [cx, cy, 0];

function texture(): Rgb {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      data[o] = (x * 5 + y * 3) % 256;
      data[o + 1] = ((x >> 3) + (y >> 3)) % 2 ? 220 : 30;
      data[o + 2] = (y * 7) % 256;
    }
  return { data, width: W, height: H };
}

/** The picture with a dark 5×5 dot at (x, y) on a plain grey. */
function dotAt(x: number, y: number): Rgb {
  const data = new Uint8Array(W * H * 3).fill(200);
  for (let v = y - 2; v <= y + 2; v++) for (let u = x - 2; u <= x + 2; u++) data.fill(0, (v * W + u) * 3, (v * W + u) * 3 + 3);
  return { data, width: W, height: H };
}

/** Centroid of the dark pixels. */
function darkCentroid(image: Rgb): { x: number; y: number } {
  let [sx, sy, n] = [0, 0, 0];
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      if (image.data[(y * image.width + x) * 3]! < 100) {
        sx += x;
        sy += y;
        n++;
      }
  return { x: sx / n, y: sy / n };
}

describe('reposeMesh', () => {
  const principal = { x: W / 2, y: H / 2 };

  it('leaves every point where it was at 0°', () => {
    const moved = reposeMesh(cap, { pitch: 0, yaw: 0 }, principal, { centre });
    moved.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(cap[i]![0], 9);
      expect(p[1]).toBeCloseTo(cap[i]![1], 9);
    });
  });

  it('turns the front of the face down for pitch > 0 and to the left for yaw > 0, by R·sin(angle) far away', () => {
    const front = Math.floor((N * N) / 2); // the cap's middle point, R in front of the centre
    const far = { centre, cameraDistance: 1e6 };
    const nod = reposeMesh(cap, { pitch: 10, yaw: 0 }, principal, far)[front]!;
    expect(nod[1] - cap[front]![1]).toBeCloseTo(R * Math.sin(Math.PI / 18), 3);
    expect(nod[0]).toBeCloseTo(cap[front]![0], 6);
    const turn = reposeMesh(cap, { pitch: 0, yaw: 10 }, principal, far)[front]!;
    expect(turn[0] - cap[front]![0]).toBeCloseTo(-R * Math.sin(Math.PI / 18), 3);
  });

  it('rolls the picture clockwise about the centre for roll > 0', () => {
    const right: Point3 = [cx + 50, cy, 0];
    const [moved] = reposeMesh([right, ...cap], { pitch: 0, yaw: 0, roll: 90 }, principal, { centre, cameraDistance: 1e6 });
    expect(moved![0]).toBeCloseTo(cx, 3);
    expect(moved![1]).toBeCloseTo(cy + 50, 3); // right of centre → below it (y down)
  });

  it('with a near camera the front moves more than far away (perspective), and the centre never moves', () => {
    const front = Math.floor((N * N) / 2);
    const near = reposeMesh([...cap, centre], { pitch: 10, yaw: 0 }, principal, { centre, cameraDistance: 3 });
    expect(near[front]![1] - cap[front]![1]).toBeGreaterThan(R * Math.sin(Math.PI / 18));
    expect(near[cap.length]![0]).toBeCloseTo(cx, 9);
    expect(near[cap.length]![1]).toBeCloseTo(cy, 9);
  });

  it('puts the default centre mid-way across the mesh, at the depth of the cheek edges (234, 454)', () => {
    const mesh = Array.from({ length: 468 }, (_, i): Point3 => [i % 2 ? 100 : 300, i % 3 ? 50 : 250, -40]);
    mesh[234] = [100, 150, 30];
    mesh[454] = [300, 150, 50];
    expect(headCentre(mesh)).toEqual([200, 150, 40]);
  });
});

describe('reposeFace', () => {
  it('leaves the picture as it was at 0° (with and without the band around the outline)', () => {
    const image = texture();
    for (const options of [{ centre }, { centre, outline: ring }]) {
      const out = reposeFace(image, cap, grid, { pitch: 0, yaw: 0 }, options);
      let worst = 0;
      for (let i = 0; i < out.data.length; i++) worst = Math.max(worst, Math.abs(out.data[i]! - image.data[i]!));
      expect(worst).toBeLessThanOrEqual(1);
    }
  });

  it('moves what is painted on the front of the face with it: down for a nod, left for a turn', () => {
    const front = cap[Math.floor((N * N) / 2)]!;
    const image = dotAt(front[0], front[1]);
    const options = { centre, outline: ring, cameraDistance: 7 };
    const expected = (rotation: { pitch: number; yaw: number }) =>
      reposeMesh(cap, rotation, { x: W / 2, y: H / 2 }, options)[Math.floor((N * N) / 2)]!;
    for (const rotation of [
      { pitch: 10, yaw: 0 },
      { pitch: -10, yaw: 0 },
      { pitch: 0, yaw: 12 },
    ]) {
      const dot = darkCentroid(reposeFace(image, cap, grid, rotation, options));
      const want = expected(rotation);
      expect(Math.abs(dot.x - want[0]), JSON.stringify(rotation)).toBeLessThan(0.6);
      expect(Math.abs(dot.y - want[1]), JSON.stringify(rotation)).toBeLessThan(0.6);
    }
    const nod = darkCentroid(reposeFace(image, cap, grid, { pitch: 10, yaw: 0 }, options));
    expect(nod.y - front[1]).toBeGreaterThan(9); // ≈ R·sin 10° = 10.4 px, more with perspective
  });

  it('keeps the picture outside the face and the band as it was', () => {
    const image = texture();
    const out = reposeFace(image, cap, grid, { pitch: 12, yaw: -8 }, { centre, outline: ring });
    for (const [x, y] of [
      [2, 2],
      [W - 3, 5],
      [5, H - 3],
      [W - 3, H - 3],
    ] as const) {
      const o = (y * W + x) * 3;
      expect([...out.data.subarray(o, o + 3)]).toEqual([...image.data.subarray(o, o + 3)]);
    }
  });

  it('refuses triangles naming points the mesh does not have, and short pixel buffers', () => {
    expect(() => reposeFace(texture(), cap, [0, 1, N * N], { pitch: 0, yaw: 0 })).toThrow(RangeError);
    expect(() => reposeFace(texture(), cap, [0, 1], { pitch: 0, yaw: 0 })).toThrow(RangeError);
    expect(() => reposeFace({ data: new Uint8Array(10), width: W, height: H }, cap, grid, { pitch: 0, yaw: 0 })).toThrow(RangeError);
  });
});
