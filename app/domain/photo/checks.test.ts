import { describe, expect, it } from 'vitest';
import {
  checkBackground,
  checkCentred,
  checkCompression,
  checkDynamicRange,
  checkExposure,
  checkExpression,
  checkEyes,
  checkEyesHidden,
  checkGlare,
  checkHeadSize,
  checkOneFace,
  checkPose,
  checkRedEye,
  checkResolution,
  checkShadow,
  checkSharpness,
  notJudgedChecks,
  type PhotoCheck,
  type PhotoCheckLevel,
  photoCheckIds,
  photoCheckLabels,
  photoThresholds,
  poseFromFrontal,
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
  // Pitch in real degrees (headPoseOf): a frontal face reads ≈ +15° (photoThresholds.pitchFrontal).
  const f = photoThresholds.pitchFrontal;
  it('grades the pose from frontal (poseFromFrontal, which the booth reads too)', () => {
    expect(poseFromFrontal({ roll: 3, yaw: -4, pitch: f + 6 })).toEqual({ roll: 3, yaw: -4, pitch: 6 });
    expect(checkPose({ roll: 3, yaw: -4, pitch: f + 6 }).value).toBe(6);
  });
  it.each([
    [{ roll: 0, yaw: 0, pitch: f }, 'pass'],
    [{ roll: 8, yaw: -5, pitch: f + 5 }, 'pass'], // ISO/IEC 19794-5 / ICAO: roll ±8°, yaw and pitch ±5°
    [{ roll: 0, yaw: 0, pitch: f - 5 }, 'pass'],
    [{ roll: -9, yaw: 0, pitch: f }, 'warn'],
    [{ roll: 0, yaw: 6, pitch: f }, 'warn'],
    [{ roll: 0, yaw: -10, pitch: f }, 'warn'],
    [{ roll: 0, yaw: 0, pitch: f - 8 }, 'warn'],
    [{ roll: 0, yaw: 0, pitch: f + 10 }, 'warn'],
    [{ roll: 13, yaw: 0, pitch: f }, 'fail'],
    [{ roll: 0, yaw: -11, pitch: f }, 'fail'],
    [{ roll: 0, yaw: 0, pitch: f + 11 }, 'fail'],
    [{ roll: 0, yaw: 0, pitch: f - 11 }, 'fail'],
    [{ roll: 7, yaw: 30, pitch: f }, 'fail'],
  ] as const)('%o → %s', (pose, level) => {
    const check = checkPose(pose);
    expect(check.level).toBe(level);
    expect(check.value).toBeCloseTo(Math.max(Math.abs(pose.roll), Math.abs(pose.yaw), Math.abs(pose.pitch - f)), 3);
    wellFormed(check);
  });

  it('was lenient before issue 19: a 10° turn and a 15° nod passed; now they do not', () => {
    expect(checkPose({ roll: 0, yaw: 10, pitch: f }).level).toBe('warn');
    expect(checkPose({ roll: 0, yaw: 0, pitch: f + 15 }).level).toBe('fail');
  });

  it('names the worst rotation with its angle (pitch from the frontal reading)', () => {
    const check = checkPose({ roll: 7, yaw: 30, pitch: f });
    expect(check.reason.en).toMatch(/turned to the side \(30°\)/);
    expect(check.reason.en).not.toMatch(/tilted sideways/);
    expect(check.reason.ja).toMatch(/横を向いて/);
    expect(checkPose({ roll: 0, yaw: 0, pitch: f + 12 }).reason.en).toMatch(/tilted up or down \(12°\)/);
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

describe("the standards' checks (issue 19, decision 0033)", () => {
  it('each says "not measured" as a warning (the operator looks) when its measure is missing', () => {
    for (const check of [
      checkExpression(undefined),
      checkGlare(undefined),
      checkEyesHidden(undefined),
      checkRedEye(undefined),
      checkDynamicRange(undefined),
      checkCompression(undefined),
      checkResolution(undefined),
      checkRedEye(Number.NaN),
    ]) {
      expect(check.level).toBe('warn');
      expect(check.reason.en).toMatch(/Could not be measured/);
      wellFormed(check);
    }
  });

  it.each([
    [{ opening: 0.02, smile: 0.03 }, 'pass'],
    [{ opening: 0.06, smile: 0.11 }, 'pass'],
    [{ opening: 0.02, smile: 0.15 }, 'warn'],
    [{ opening: 0.09, smile: 0 }, 'warn'],
    [{ opening: 0.2, smile: 0.15 }, 'fail'],
  ] as const)('expression %o → %s', (mouth, level) => {
    const check = checkExpression(mouth);
    expect(check.level).toBe(level);
    wellFormed(check);
  });

  it('expression names what is wrong', () => {
    expect(checkExpression({ opening: 0.3, smile: 0 }).reason.en).toMatch(/mouth is open/);
    expect(checkExpression({ opening: 0.01, smile: 0.2 }).reason.en).toMatch(/smile/);
    expect(checkExpression({ opening: 0.3, smile: 0 }).reason.ja).toMatch(/口が開いて/);
  });

  it.each([
    [0, 'pass'],
    [0.03, 'pass'],
    [0.05, 'warn'],
    [0.2, 'fail'],
  ] as const)('glare %s → %s', (glare, level) => {
    const check = checkGlare({ glare, darkness: 0.5, contrast: 30 });
    expect(check.level).toBe(level);
    wellFormed(check);
  });

  it.each([
    [{ darkness: 0.45, contrast: 30 }, 'pass'],
    [{ darkness: 0.18, contrast: 30 }, 'warn'],
    [{ darkness: 0.45, contrast: 4 }, 'warn'],
    [{ darkness: 0.1, contrast: 12 }, 'warn'], // dark but not flat: deep-set eyes, not a lens
    [{ darkness: 0.1, contrast: 4 }, 'fail'],
  ] as const)('eyes_hidden %o → %s', (eyes, level) => {
    const check = checkEyesHidden({ glare: 0, ...eyes });
    expect(check.level).toBe(level);
    wellFormed(check);
  });

  it.each([
    [0, 'pass'],
    [0.1, 'pass'],
    [0.2, 'warn'],
    [0.6, 'fail'],
  ] as const)('red_eye %s → %s', (red, level) => {
    const check = checkRedEye(red);
    expect(check.level).toBe(level);
    wellFormed(check);
  });

  it.each([
    [{ spread: 160, entropy: 6.9 }, 'pass'],
    [{ spread: 70, entropy: 6.9 }, 'warn'],
    [{ spread: 160, entropy: 5.7 }, 'warn'],
    [{ spread: 49, entropy: 5.2 }, 'fail'],
    [{ spread: 160, entropy: 4.9 }, 'fail'],
  ] as const)('dynamic_range %o → %s', (range, level) => {
    const check = checkDynamicRange(range);
    expect(check.level).toBe(level);
    wellFormed(check);
  });

  it.each([
    [{ ratio: 1.2, period: 4 }, 'pass'],
    [{ ratio: 1.6, period: 8 }, 'pass'],
    [{ ratio: 2.3, period: 8 }, 'warn'],
    [{ ratio: 6.8, period: 8 }, 'fail'],
  ] as const)('compression %o → %s', (blocks, level) => {
    const check = checkCompression(blocks);
    expect(check.level).toBe(level);
    if (level !== 'pass') expect(check.reason.en).toMatch(new RegExp(`every ${blocks.period} px`));
    wellFormed(check);
  });

  it.each([
    [{ output: 195, source: 240 }, 'pass'],
    [{ output: 120, source: 90 }, 'pass'],
    [{ output: 130, source: 70 }, 'warn'], // an enlarged crop: the camera's pixels count
    [{ output: 59, source: 59 }, 'fail'],
  ] as const)('resolution %o → %s', (interEye, level) => {
    const check = checkResolution(interEye);
    expect(check.level).toBe(level);
    expect(check.value).toBeCloseTo(Math.min(interEye.output, interEye.source), 3);
    wellFormed(check);
  });

  it('every check has a label in both languages', () => {
    for (const id of photoCheckIds) {
      expect(photoCheckLabels[id].ja).toMatch(japanese);
      expect(photoCheckLabels[id].en).toMatch(/^[A-Z]/);
    }
  });
});
