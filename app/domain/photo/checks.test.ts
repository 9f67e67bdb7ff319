import { describe, expect, it } from 'vitest';
import {
  checkBackground,
  checkCentred,
  checkExposure,
  checkEyes,
  checkHeadSize,
  checkOneFace,
  checkPose,
  checkShadow,
  checkSharpness,
  notJudgedChecks,
  type PhotoCheck,
  type PhotoCheckLevel,
  photoCheckIds,
  photoThresholds,
  worstLevel,
} from './checks';

const of = (level: PhotoCheckLevel): PhotoCheck => ({ id: 'eyes', level, reason: { ja: 'x', en: 'x' } });
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Every check has a Japanese and an English reason that differ, and a finite value when it has one. */
function wellFormed(check: PhotoCheck) {
  expect(photoCheckIds).toContain(check.id);
  expect(check.reason.ja).toMatch(japanese);
  expect(check.reason.en).toMatch(/^[A-Z0-9]/);
  expect(check.reason.en).not.toMatch(japanese);
  if (check.value !== undefined) expect(Number.isFinite(check.value)).toBe(true);
}

describe('worstLevel', () => {
  it('is pass for no checks and the worst of any mix', () => {
    expect(worstLevel([])).toBe('pass');
    expect(worstLevel([of('pass'), of('pass')])).toBe('pass');
    expect(worstLevel([of('pass'), of('warn')])).toBe('warn');
    expect(worstLevel([of('warn'), of('fail'), of('pass')])).toBe('fail');
    expect(worstLevel([of('fail'), of('warn')])).toBe('fail');
  });
});

describe('checkOneFace', () => {
  it.each([
    [0, 'fail', /No face/],
    [1, 'pass', /Exactly one/],
    [2, 'fail', /2 faces/],
    [5, 'fail', /5 faces/],
  ] as const)('%i faces → %s', (count, level, en) => {
    const check = checkOneFace(count);
    expect(check.level).toBe(level);
    expect(check.reason.en).toMatch(en);
    expect(check.value).toBe(count);
    wellFormed(check);
  });
});

describe('checkOneFace with faces in the background', () => {
  it('warns about a small face far behind the applicant, and counts only the applicant', () => {
    const check = checkOneFace(1, 1);
    expect(check.level).toBe('warn');
    expect(check.reason.en).toMatch(/background/);
    expect(check.value).toBe(1);
    wellFormed(check);
    expect(checkOneFace(1, 0).level).toBe('pass');
    expect(checkOneFace(2, 1).level).toBe('fail');
    expect(checkOneFace(0, 0).level).toBe('fail');
  });
});

describe('notJudgedChecks', () => {
  it('fails every check but one_face, in the interface order, saying why', () => {
    for (const count of [0, 3]) {
      const checks = notJudgedChecks(count);
      expect(checks.map((c) => c.id)).toEqual(photoCheckIds.filter((id) => id !== 'one_face'));
      for (const check of checks) {
        expect(check.level).toBe('fail');
        expect(check.reason.en).toMatch(count === 0 ? /no face/ : /more than one face/);
        wellFormed(check);
      }
    }
  });
});

describe('checkCentred', () => {
  it.each([
    [0, 0.09, 'pass'],
    [0.03, 0.03, 'pass'],
    [-0.03, 0.16, 'pass'],
    [0.05, 0.09, 'warn'],
    [-0.07, 0.09, 'warn'],
    [0.08, 0.09, 'fail'],
    [0, 0.02, 'warn'],
    [0, 0.2, 'warn'],
    [0, 0.005, 'fail'],
    [0, -0.05, 'fail'],
    [0, 0.3, 'fail'],
  ] as const)('offset %f, top margin %f → %s', (horizontalOffset, topMargin, level) => {
    const check = checkCentred({ horizontalOffset, topMargin });
    expect(check.level).toBe(level);
    wellFormed(check);
  });

  it('names what is wrong: cut-off head, too much room, or off-centre', () => {
    expect(checkCentred({ horizontalOffset: 0, topMargin: -0.02 }).reason.en).toMatch(/cut off/);
    expect(checkCentred({ horizontalOffset: 0, topMargin: 0.25 }).reason.en).toMatch(/too much space/);
    expect(checkCentred({ horizontalOffset: 0.1, topMargin: 0.09 }).reason.en).toMatch(/off the centre/);
  });
});

describe('checkHeadSize', () => {
  it.each([
    [0.75, 'pass'],
    [0.71, 'pass'],
    [0.8, 'pass'],
    [0.7, 'warn'],
    [0.66, 'warn'],
    [0.85, 'warn'],
    [0.65, 'fail'],
    [0.5, 'fail'],
    [0.86, 'fail'],
    [1.2, 'fail'],
  ] as const)('head fraction %f → %s', (headFraction, level) => {
    const check = checkHeadSize({ headFraction, sourceCropWidth: 1000 });
    expect(check.level).toBe(level);
    expect(check.value).toBeCloseTo(headFraction, 3);
    wellFormed(check);
  });

  it('says "too small" and "too large" the right way round', () => {
    expect(checkHeadSize({ headFraction: 0.5, sourceCropWidth: 1000 }).reason.en).toMatch(/too small/);
    expect(checkHeadSize({ headFraction: 0.95, sourceCropWidth: 1000 }).reason.en).toMatch(/too large/);
  });

  it('warns when the crop had to be enlarged to reach 480 px', () => {
    const check = checkHeadSize({ headFraction: 0.75, sourceCropWidth: photoThresholds.minSourceCropWidth - 1 });
    expect(check.level).toBe('warn');
    expect(check.reason.en).toMatch(/enlarged/);
    expect(checkHeadSize({ headFraction: 0.75, sourceCropWidth: photoThresholds.minSourceCropWidth }).level).toBe('pass');
  });
});

describe('checkPose', () => {
  it.each([
    [{ roll: 0, yaw: 0, pitch: 0 }, 'pass'],
    [{ roll: 5, yaw: -10, pitch: 15 }, 'pass'],
    [{ roll: -7, yaw: 0, pitch: 0 }, 'warn'],
    [{ roll: 0, yaw: 15, pitch: 0 }, 'warn'],
    [{ roll: 0, yaw: 0, pitch: -20 }, 'warn'],
    [{ roll: 11, yaw: 0, pitch: 0 }, 'fail'],
    [{ roll: 0, yaw: -25, pitch: 0 }, 'fail'],
    [{ roll: 0, yaw: 0, pitch: 30 }, 'fail'],
    [{ roll: 7, yaw: 30, pitch: 0 }, 'fail'],
  ] as const)('%o → %s', (pose, level) => {
    const check = checkPose(pose);
    expect(check.level).toBe(level);
    expect(check.value).toBeCloseTo(Math.max(Math.abs(pose.roll), Math.abs(pose.yaw), Math.abs(pose.pitch)), 3);
    wellFormed(check);
  });

  it('names the worst rotation with its angle', () => {
    const check = checkPose({ roll: 7, yaw: 30, pitch: 0 });
    expect(check.reason.en).toMatch(/turned to the side \(30°\)/);
    expect(check.reason.en).not.toMatch(/tilted sideways/);
    expect(check.reason.ja).toMatch(/横を向いて/);
  });
});

describe('checkEyes', () => {
  it.each([
    [{ left: 0.3, right: 0.28 }, 'pass'],
    [{ left: 0.3, right: 0.15 }, 'warn'],
    [{ left: 0.05, right: 0.3 }, 'fail'],
    [{ left: 0.02, right: 0.03 }, 'fail'],
    [{}, 'fail'],
    [{ left: 0.3 }, 'fail'],
    [{ left: Number.NaN, right: 0.3 }, 'fail'],
  ] as const)('%o → %s', (eyes, level) => {
    const check = checkEyes(eyes);
    expect(check.level).toBe(level);
    wellFormed(check);
  });
});

describe('checkSharpness', () => {
  const { pass, warn } = photoThresholds.sharpness;
  it.each([
    [pass * 10, 'pass'],
    [pass, 'pass'],
    [pass - 1, 'warn'],
    [warn, 'warn'],
    [warn - 1, 'fail'],
    [0, 'fail'],
    [Number.NaN, 'fail'],
  ] as const)('Laplacian variance %f → %s', (value, level) => {
    const check = checkSharpness(value);
    expect(check.level).toBe(level);
    wellFormed(check);
  });
});

describe('checkExposure', () => {
  it.each([
    [{ mean: 140, clipped: 0 }, 'pass', undefined],
    [{ mean: 85, clipped: 0.02 }, 'pass', undefined],
    [{ mean: 70, clipped: 0 }, 'warn', /dark/],
    [{ mean: 215, clipped: 0 }, 'warn', /bright/],
    [{ mean: 140, clipped: 0.05 }, 'warn', undefined],
    [{ mean: 40, clipped: 0 }, 'fail', /dark/],
    [{ mean: 240, clipped: 0.5 }, 'fail', /bright/],
    [{ mean: 150, clipped: 0.2 }, 'fail', undefined],
  ] as const)('%o → %s', (measure, level, en) => {
    const check = checkExposure(measure);
    expect(check.level).toBe(level);
    if (en) expect(check.reason.en).toMatch(en);
    wellFormed(check);
  });
});

describe('checkBackground', () => {
  it.each([
    [{ std: 3, edges: 0 }, 'pass'],
    [{ std: 22, edges: 0.03 }, 'pass'],
    [{ std: 30, edges: 0 }, 'warn'],
    [{ std: 5, edges: 0.05 }, 'warn'],
    [{ std: 50, edges: 0 }, 'fail'],
    [{ std: 5, edges: 0.2 }, 'fail'],
  ] as const)('%o → %s', (measure, level) => {
    const check = checkBackground(measure);
    expect(check.level).toBe(level);
    wellFormed(check);
  });
});

describe('checkShadow', () => {
  it.each([
    [0, 'pass'],
    [0.15, 'pass'],
    [0.2, 'warn'],
    [0.3, 'warn'],
    [0.31, 'fail'],
    [0.8, 'fail'],
    [Number.NaN, 'fail'],
  ] as const)('imbalance %f → %s', (value, level) => {
    const check = checkShadow(value);
    expect(check.level).toBe(level);
    wellFormed(check);
  });
});
