import { describe, expect, it } from 'vitest';
import {
  backgroundFaceCount,
  countedFaces,
  type DetectedFace,
  eyeOpenness,
  faceSpan,
  hasMesh,
  headPoseOf,
  landmarksOf,
  MESH_POINTS,
  otherFacesInPhoto,
  poseOf,
  scaleFace,
} from './face';
import { faceAngle } from './face-model';

/** A synthetic mesh: every point at the face centre, with the landmarks used placed by hand. */
function meshWith(points: Record<number, [number, number]>, centre: [number, number] = [500, 500]): number[] {
  const mesh: number[] = [];
  for (let i = 0; i < MESH_POINTS; i++) mesh.push(...(points[i] ?? centre));
  return mesh;
}

const frontal = meshWith({
  10: [500, 300], // forehead top
  152: [500, 700], // chin
  33: [400, 450],
  133: [460, 450],
  159: [430, 440],
  145: [430, 460], // right eye: width 60, gap 20
  263: [600, 450],
  362: [540, 450],
  386: [570, 438],
  374: [570, 462], // left eye: width 60, gap 24
  234: [350, 500],
  454: [660, 500], // cheeks (widest points)
});

const face = (over: Partial<DetectedFace> = {}): DetectedFace => ({
  score: 0.99,
  box: { left: 350, top: 300, width: 310, height: 400 },
  angle: { roll: 0, yaw: 0, pitch: 0 },
  mesh: frontal,
  ...over,
});

describe('countedFaces', () => {
  it('drops low-confidence faces and tiny faces far behind the applicant, largest first', () => {
    const main = face({ box: { left: 0, top: 0, width: 300, height: 300 } });
    const ghost = face({ score: 0.3 });
    const passerBy = face({ box: { left: 0, top: 0, width: 60, height: 60 } });
    const companion = face({ box: { left: 0, top: 0, width: 250, height: 250 } });
    expect(countedFaces([passerBy, ghost, main])).toEqual([main]);
    expect(countedFaces([companion, main, passerBy])).toEqual([main, companion]);
    expect(countedFaces([])).toEqual([]);
    expect(countedFaces([ghost])).toEqual([]);
  });
});

describe('backgroundFaceCount', () => {
  it('counts confident faces left out for being small, not low-confidence ones', () => {
    const main = face({ box: { left: 0, top: 0, width: 300, height: 300 } });
    const passerBy = face({ box: { left: 0, top: 0, width: 60, height: 60 } });
    const ghost = face({ score: 0.3, box: { left: 0, top: 0, width: 60, height: 60 } });
    expect(backgroundFaceCount([main, passerBy, ghost])).toBe(1);
    expect(backgroundFaceCount([main, ghost])).toBe(0);
    expect(backgroundFaceCount([])).toBe(0);
  });
});

describe('otherFacesInPhoto', () => {
  const applicant = { left: 100, top: 100, width: 120, height: 140 };
  const at = (left: number, top: number, width: number, score = 0.9) =>
    face({ score, box: { left, top, width, height: width * 1.2 }, mesh: [] });

  it('the applicant found again (a box of another shape over the same face) is not another person', () => {
    expect(otherFacesInPhoto([at(95, 110, 130), at(110, 90, 100)], applicant)).toEqual({ counted: 0, background: 0 });
  });

  it("a second person at least 35 % of the applicant's width counts; a smaller one is in the background", () => {
    expect(otherFacesInPhoto([at(95, 110, 130), at(240, 60, 60)], applicant)).toEqual({ counted: 1, background: 0 });
    expect(otherFacesInPhoto([at(240, 60, 42)], applicant)).toEqual({ counted: 1, background: 0 });
    expect(otherFacesInPhoto([at(240, 60, 41)], applicant)).toEqual({ counted: 0, background: 1 });
  });

  it('low-confidence finds are not faces', () => {
    expect(otherFacesInPhoto([at(240, 60, 80, 0.3)], applicant)).toEqual({ counted: 0, background: 0 });
  });
});

describe('landmarksOf', () => {
  it('reads forehead, chin, eye line and the mesh centre line', () => {
    expect(landmarksOf(face())).toEqual({ meshTop: 300, chin: 700, eyeY: 450, centreX: 505 });
  });

  it('falls back to the detector box without a mesh', () => {
    const lm = landmarksOf(face({ mesh: [] }));
    expect(lm).toEqual({ meshTop: 300, chin: 700, eyeY: 300 + 400 * 0.35, centreX: 505 });
    expect(hasMesh(face({ mesh: [] }))).toBe(false);
  });
});

describe('faceSpan', () => {
  it('is the mesh extent, or the box without a mesh', () => {
    expect(faceSpan(face())).toEqual({ left: 350, right: 660 });
    expect(faceSpan(face({ mesh: [] }))).toEqual({ left: 350, right: 660 });
  });
});

describe('eyeOpenness', () => {
  it('is lid gap over eye width for each eye', () => {
    const eyes = eyeOpenness(face());
    expect(eyes.right).toBeCloseTo(20 / 60, 9);
    expect(eyes.left).toBeCloseTo(24 / 60, 9);
  });

  it('is near zero for closed eyes and missing without a mesh', () => {
    const closed = meshWith({
      33: [400, 450],
      133: [460, 450],
      159: [430, 450],
      145: [430, 451],
      263: [600, 450],
      362: [540, 450],
      386: [570, 450],
      374: [570, 451],
    });
    expect(eyeOpenness(face({ mesh: closed })).left).toBeLessThan(0.05);
    expect(eyeOpenness(face({ mesh: [] }))).toEqual({});
  });
});

describe('poseOf / scaleFace', () => {
  it('converts radians to degrees', () => {
    const pose = poseOf(face({ angle: { roll: Math.PI / 36, yaw: -Math.PI / 18, pitch: 0 } }));
    expect(pose.roll).toBeCloseTo(5, 9);
    expect(pose.yaw).toBeCloseTo(-10, 9);
    expect(pose.pitch).toBe(0);
  });

  it('scales box and mesh, not score or angles', () => {
    const scaled = scaleFace(face(), 2);
    expect(scaled.box).toEqual({ left: 700, top: 600, width: 620, height: 800 });
    expect(landmarksOf(scaled)).toEqual({ meshTop: 600, chin: 1400, eyeY: 900, centreX: 1010 });
    expect(scaled.score).toBe(0.99);
    expect(scaled.angle).toEqual(face().angle);
  });
});

describe('headPoseOf', () => {
  /**
   * A head turned by a known pitch or yaw, in the units faceAngle gets from detectFaces: x and y in
   * image pixels, z in the mesh model's 192-px crop units (same scale as its x) for a square crop
   * box `box` px wide. Forehead top, chin and cheek edges as on a real face: the chin forward of
   * the forehead top, the cheek edges behind the face.
   */
  const box = 300;
  const turned = (pitchDeg: number, yawDeg: number) => {
    const [p, q] = [(pitchDeg * Math.PI) / 180, (yawDeg * Math.PI) / 180];
    const head: Record<number, [number, number, number]> = {
      10: [0, -110, -20],
      152: [0, 100, -10],
      234: [-100, -10, 60],
      454: [100, -10, 60],
    };
    const mesh = Array.from({ length: 468 }, (): [number, number, number] => [0, 0, 0]);
    for (const [i, [x0, y0, z0]] of Object.entries(head)) {
      // yaw about the vertical axis, then pitch about the horizontal one (y down, z away)
      const [x, z1] = [x0 * Math.cos(q) + z0 * Math.sin(q), -x0 * Math.sin(q) + z0 * Math.cos(q)];
      const [y, z] = [y0 * Math.cos(p) - z1 * Math.sin(p), y0 * Math.sin(p) + z1 * Math.cos(p)];
      mesh[Number(i)] = [500 + x, 400 + y, (z * 192) / box];
    }
    return face({ angle: faceAngle(mesh, { width: box, height: box }) });
  };
  const frontal = { pitch: headPoseOf(turned(0, 0)).pitch, yaw: headPoseOf(turned(0, 0)).yaw };

  it.each([-15, -10, -5, 5, 10, 15])('reads a %i° nod or turn as that many degrees (Human reads about two thirds)', (deg) => {
    const nod = turned(deg, 0);
    expect(headPoseOf(nod).pitch - frontal.pitch).toBeCloseTo(deg, 0);
    expect(Math.abs(headPoseOf(nod).yaw)).toBeLessThan(0.01);
    const turn = turned(0, deg);
    expect(headPoseOf(turn).yaw - frontal.yaw).toBeCloseTo(deg, 0);
    // The reading it corrects: about deg / 1.5.
    expect(Math.abs(poseOf(turn).yaw - frontal.yaw)).toBeLessThan(Math.abs(deg) * 0.72);
    expect(Math.abs(poseOf(turn).yaw - frontal.yaw)).toBeGreaterThan(Math.abs(deg) * 0.6);
  });

  it('leaves roll as read', () => {
    const tilted = face({ angle: { roll: 0.2, yaw: 0, pitch: 0 } });
    expect(headPoseOf(tilted)).toEqual({ ...poseOf(tilted), yaw: 0, pitch: 0 });
  });
});
