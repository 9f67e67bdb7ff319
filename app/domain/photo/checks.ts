/**
 * The photo checks the operator sees beside a processed photo: each one pass / warn / fail with a
 * reason in Japanese and English. Pure decisions over numbers the server measures (see
 * app/server/photos/pipeline.server.ts); the thresholds live here so they are read and tested in
 * one place. Thresholds follow the J-LIS rules in ../shared/brief.md: head top-to-chin 71–80 % of
 * the height, frontal, eyes visible, in focus, even light, plain background.
 */

export const photoCheckIds = ['one_face', 'centred', 'head_size', 'pose', 'eyes', 'sharpness', 'exposure', 'background', 'shadow'] as const;
export type PhotoCheckId = (typeof photoCheckIds)[number];
/** Each check's name for people (the console's list, refusals that name checks). */
export const photoCheckLabels: Record<PhotoCheckId, { ja: string; en: string }> = {
  one_face: { ja: '顔がひとつ', en: 'One face' },
  centred: { ja: '中央', en: 'Centred' },
  head_size: { ja: '頭の大きさ', en: 'Head size' },
  pose: { ja: '顔の向き', en: 'Pose' },
  eyes: { ja: '目', en: 'Eyes' },
  sharpness: { ja: '鮮明さ', en: 'Sharpness' },
  exposure: { ja: '明るさ', en: 'Exposure' },
  background: { ja: '背景', en: 'Background' },
  shadow: { ja: '影', en: 'Shadow' },
};
export type PhotoCheckLevel = 'pass' | 'warn' | 'fail';
export interface PhotoCheck {
  id: PhotoCheckId;
  level: PhotoCheckLevel;
  reason: { ja: string; en: string };
  /** The measured number the level was decided from (unit depends on the check). */
  value?: number;
}

const rank: Record<PhotoCheckLevel, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst level among the checks ('pass' when there are none). */
export function worstLevel(checks: readonly PhotoCheck[]): PhotoCheckLevel {
  let worst: PhotoCheckLevel = 'pass';
  for (const check of checks) if (rank[check.level] > rank[worst]) worst = check.level;
  return worst;
}

/** Every threshold, in one object so tests and the decision note can quote them. */
export const photoThresholds = {
  /** Head top-to-chin over photo height: J-LIS 32–36 mm of 45 mm ≈ 0.71–0.80. */
  headFraction: { pass: [0.71, 0.8], warn: [0.66, 0.85] },
  /** Face centre offset from the photo's centre line, as a fraction of the photo width. */
  horizontalOffset: { pass: 0.03, warn: 0.07 },
  /** Space above the head as a fraction of the photo height ("small margin above the head"). */
  topMargin: { pass: [0.03, 0.16], warn: [0.01, 0.22] },
  /** Below this source width (px) the crop was enlarged to reach 480 px: the face is too far away. */
  minSourceCropWidth: 480,
  /** Head rotation in degrees: roll (tilt), yaw (turn), pitch (nod). Pitch is noisier in the model. */
  roll: { pass: 5, warn: 10 },
  yaw: { pass: 10, warn: 18 },
  pitch: { pass: 15, warn: 25 },
  /** Eye openness: lid gap over eye width (eye aspect ratio), the lower of the two eyes. */
  eyeOpenness: { pass: 0.2, warn: 0.13 },
  /** Variance of the Laplacian on the face resampled to a fixed width (scale-free focus measure). */
  sharpness: { pass: 40, warn: 18 },
  /** Face luminance mean (0–255) and the share of clipped pixels (≤ 5 or ≥ 250). */
  exposureMean: { pass: [85, 200], warn: [60, 225] },
  exposureClipped: { pass: 0.02, warn: 0.08 },
  /** Background (the region around the head): luminance std-dev and share of edge pixels. */
  backgroundStd: { pass: 22, warn: 40 },
  backgroundEdges: { pass: 0.03, warn: 0.08 },
  /** |left − right| / brighter half of the face luminance. */
  shadow: { pass: 0.15, warn: 0.3 },
} as const;

type Range = readonly [number, number];
const within = (value: number, [low, high]: Range) => value >= low && value <= high;
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

function check(id: PhotoCheckId, level: PhotoCheckLevel, ja: string, en: string, value?: number): PhotoCheck {
  return value === undefined || !Number.isFinite(value)
    ? { id, level, reason: { ja, en } }
    : { id, level, reason: { ja, en }, value: round(value) };
}

/** Checks that need a face cannot be judged without exactly one: they fail with this reason. */
export function notJudgedChecks(faceCount: number): PhotoCheck[] {
  const ja = faceCount === 0 ? '顔が検出できないため判定できません。' : '複数の顔が写っているため判定できません。';
  const en = faceCount === 0 ? 'Cannot be judged: no face was found.' : 'Cannot be judged: more than one face is in the picture.';
  return photoCheckIds.filter((id) => id !== 'one_face').map((id) => check(id, 'fail', ja, en));
}

/**
 * faceCount: faces that count (see face.countedFaces); backgroundFaces: confident faces left out
 * because they are much smaller (someone far behind): the photo may show only the applicant.
 */
export function checkOneFace(faceCount: number, backgroundFaces = 0): PhotoCheck {
  if (faceCount === 1 && backgroundFaces > 0)
    return check(
      'one_face',
      'warn',
      '背景に別の人の顔が写っています。申請者おひとりだけが写るようにしてください。',
      "Another person's face is in the background. Only the applicant may be in the photo.",
      faceCount,
    );
  if (faceCount === 1) return check('one_face', 'pass', '顔が1つ検出されました。', 'Exactly one face was found.', faceCount);
  if (faceCount === 0)
    return check(
      'one_face',
      'fail',
      '顔が検出できません。カメラの正面を向き、顔全体が写るようにして撮り直してください。',
      'No face was found. Face the camera with the whole face in view, and retake.',
      faceCount,
    );
  return check(
    'one_face',
    'fail',
    `${faceCount}人の顔が写っています。申請者おひとりだけが写るようにして撮り直してください。`,
    `${faceCount} faces are in the picture. Only the applicant may be in the photo; retake.`,
    faceCount,
  );
}

/** Where the face sits in the final crop (after any clamping at the image edges). */
export interface FramingMeasure {
  /** (face centre x − photo centre x) / photo width; negative is left in the image. */
  horizontalOffset: number;
  /** (head top − photo top) / photo height; negative means the head is cut off. */
  topMargin: number;
}

export function checkCentred({ horizontalOffset, topMargin }: FramingMeasure): PhotoCheck {
  const t = photoThresholds;
  const offset = Math.abs(horizontalOffset);
  if (offset <= t.horizontalOffset.pass && within(topMargin, t.topMargin.pass))
    return check(
      'centred',
      'pass',
      '顔は中央にあり、頭の上に適切な余白があります。',
      'The face is centred with a suitable margin above the head.',
      horizontalOffset,
    );
  const level: PhotoCheckLevel = offset <= t.horizontalOffset.warn && within(topMargin, t.topMargin.warn) ? 'warn' : 'fail';
  if (topMargin < t.topMargin.warn[0])
    return check(
      'centred',
      level,
      '頭の上が切れているか、余白がありません。カメラを上に向けるか、少し下がって撮り直してください。',
      'The top of the head is cut off or has no margin. Tilt the camera up or step back, and retake.',
      topMargin,
    );
  if (topMargin > t.topMargin.pass[1])
    return check(
      'centred',
      level,
      '頭の上の余白が大きすぎます。顔の位置を枠に合わせて撮り直してください。',
      'There is too much space above the head. Line the face up with the guide, and retake.',
      topMargin,
    );
  return check(
    'centred',
    level,
    '顔が左右の中央からずれています。カメラの正面に座り直して撮り直してください。',
    'The face is off the centre line. Sit squarely in front of the camera, and retake.',
    horizontalOffset,
  );
}

export interface HeadSizeMeasure {
  /** Head top-to-chin over photo height. */
  headFraction: number;
  /** Width in source pixels of the area the photo was cut from. */
  sourceCropWidth: number;
}

export function checkHeadSize({ headFraction, sourceCropWidth }: HeadSizeMeasure): PhotoCheck {
  const t = photoThresholds.headFraction;
  const percent = Math.round(headFraction * 100);
  if (!within(headFraction, t.warn))
    return headFraction < t.warn[0]
      ? check(
          'head_size',
          'fail',
          `頭部が小さすぎます（高さの${percent}%、基準71〜80%）。カメラに近づいて撮り直してください。`,
          `The head is too small (${percent} % of the height; 71–80 % required). Move closer to the camera and retake.`,
          headFraction,
        )
      : check(
          'head_size',
          'fail',
          `頭部が大きすぎるか切れています（高さの${percent}%、基準71〜80%）。少し離れて撮り直してください。`,
          `The head is too large or cut off (${percent} % of the height; 71–80 % required). Move back a little and retake.`,
          headFraction,
        );
  if (!within(headFraction, t.pass))
    return check(
      'head_size',
      'warn',
      `頭部の大きさが基準（71〜80%）から外れかけています（${percent}%）。`,
      `The head size is near the limits of 71–80 % (${percent} %).`,
      headFraction,
    );
  if (sourceCropWidth < photoThresholds.minSourceCropWidth)
    return check(
      'head_size',
      'warn',
      '顔が小さく写っていたため画像を拡大しました。カメラに近づくと画質が上がります。',
      'The face was small in the camera image, so the photo was enlarged. Moving closer gives a sharper photo.',
      headFraction,
    );
  return check(
    'head_size',
    'pass',
    `頭部の大きさは基準内です（${percent}%）。`,
    `The head size is within range (${percent} %).`,
    headFraction,
  );
}

/** Head rotation in degrees. */
export interface PoseMeasure {
  roll: number;
  yaw: number;
  pitch: number;
}

export function checkPose({ roll, yaw, pitch }: PoseMeasure): PhotoCheck {
  const t = photoThresholds;
  const parts: { level: PhotoCheckLevel; ja: string; en: string; degrees: number }[] = [
    { level: grade(Math.abs(roll), t.roll), ja: '頭が左右に傾いています', en: 'the head is tilted sideways', degrees: roll },
    { level: grade(Math.abs(yaw), t.yaw), ja: '顔が横を向いています', en: 'the face is turned to the side', degrees: yaw },
    { level: grade(Math.abs(pitch), t.pitch), ja: '顔が上または下を向いています', en: 'the face is tilted up or down', degrees: pitch },
  ];
  const level = worstLevel(parts.map((p) => ({ id: 'pose', level: p.level, reason: { ja: '', en: '' } })));
  const worst = Math.max(Math.abs(roll), Math.abs(yaw), Math.abs(pitch));
  if (level === 'pass') return check('pose', 'pass', '顔は正面を向いています。', 'The face looks straight at the camera.', worst);
  const bad = parts.filter((p) => p.level === level);
  return check(
    'pose',
    level,
    `${bad.map((p) => `${p.ja}（${Math.round(Math.abs(p.degrees))}°）`).join('、')}。まっすぐ正面を向いて撮り直してください。`,
    `${capitalise(bad.map((p) => `${p.en} (${Math.round(Math.abs(p.degrees))}°)`).join(', '))}. Look straight at the camera and retake.`,
    worst,
  );
}

/** Eye openness: lid gap / eye width for each eye (undefined when landmarks were not found). */
export interface EyesMeasure {
  left?: number;
  right?: number;
}

export function checkEyes({ left, right }: EyesMeasure): PhotoCheck {
  if (left === undefined || right === undefined || !Number.isFinite(left) || !Number.isFinite(right))
    return check(
      'eyes',
      'fail',
      '両目が確認できません。髪や眼鏡の反射で目が隠れていないか確認してください。',
      'Both eyes could not be seen. Make sure hair or glare on glasses does not hide the eyes.',
    );
  const openness = Math.min(left, right);
  const level = gradeAbove(openness, photoThresholds.eyeOpenness);
  if (level === 'pass') return check('eyes', 'pass', '両目がはっきり見えています。', 'Both eyes are clearly visible.', openness);
  if (level === 'warn')
    return check(
      'eyes',
      'warn',
      '目が細く写っています。目を自然に開いて撮り直すことをお勧めします。',
      'The eyes look narrow. Consider retaking with the eyes naturally open.',
      openness,
    );
  return check(
    'eyes',
    'fail',
    '目が閉じているか隠れています。目を開けて撮り直してください。',
    'The eyes are closed or hidden. Open the eyes and retake.',
    openness,
  );
}

export function checkSharpness(laplacianVariance: number): PhotoCheck {
  const level = gradeAbove(laplacianVariance, photoThresholds.sharpness);
  if (level === 'pass') return check('sharpness', 'pass', 'ピントが合っています。', 'The photo is in focus.', laplacianVariance);
  if (level === 'warn')
    return check(
      'sharpness',
      'warn',
      'ややぼやけています。動かずに撮り直すことをお勧めします。',
      'The photo is slightly blurred. Consider retaking while keeping still.',
      laplacianVariance,
    );
  return check(
    'sharpness',
    'fail',
    'ピントが合っていないか、ぶれています。動かずに撮り直してください。',
    'The photo is out of focus or blurred. Keep still and retake.',
    laplacianVariance,
  );
}

/** Face luminance: mean 0–255 and the share of clipped (near-black or near-white) pixels. */
export interface ExposureMeasure {
  mean: number;
  clipped: number;
}

export function checkExposure({ mean, clipped }: ExposureMeasure): PhotoCheck {
  const t = photoThresholds;
  const meanLevel = within(mean, t.exposureMean.pass) ? 'pass' : within(mean, t.exposureMean.warn) ? 'warn' : 'fail';
  const clipLevel = grade(clipped, t.exposureClipped);
  const level = worstLevel([
    { id: 'exposure', level: meanLevel, reason: { ja: '', en: '' } },
    { id: 'exposure', level: clipLevel, reason: { ja: '', en: '' } },
  ]);
  if (level === 'pass') return check('exposure', 'pass', '顔の明るさは適切です。', 'The face is well exposed.', mean);
  const dark = mean < (t.exposureMean.pass[0] + t.exposureMean.pass[1]) / 2;
  const severity = level === 'warn' ? { ja: 'やや', en: 'slightly ' } : { ja: '', en: '' };
  return dark
    ? check(
        'exposure',
        level,
        `顔が${severity.ja}暗く写っています。照明を確認して撮り直してください。`,
        `The face is ${severity.en}too dark. Check the lighting and retake.`,
        mean,
      )
    : check(
        'exposure',
        level,
        `顔が${severity.ja}明るすぎるか白飛びしています。照明や反射を確認して撮り直してください。`,
        `The face is ${severity.en}too bright or washed out. Check the lighting and glare, and retake.`,
        mean,
      );
}

/** The region around the head: luminance std-dev (0–255) and share of edge pixels (0–1). */
export interface BackgroundMeasure {
  std: number;
  edges: number;
}

export function checkBackground({ std, edges }: BackgroundMeasure): PhotoCheck {
  const t = photoThresholds;
  const level = worstLevel([
    { id: 'background', level: grade(std, t.backgroundStd), reason: { ja: '', en: '' } },
    { id: 'background', level: grade(edges, t.backgroundEdges), reason: { ja: '', en: '' } },
  ]);
  if (level === 'pass') return check('background', 'pass', '背景は無地です。', 'The background is plain.', edges);
  if (level === 'warn')
    return check(
      'background',
      'warn',
      '背景に模様や影があるようです。無地の背景か確認してください。',
      'The background may have a pattern or shadows. Check that it is plain.',
      edges,
    );
  return check(
    'background',
    'fail',
    '背景が無地ではありません（物や模様、影が写っています）。無地の背景で撮り直してください。',
    'The background is not plain (objects, patterns or shadows). Retake against a plain background.',
    edges,
  );
}

/** |left − right| / brighter half of the face's mean luminance (0–1). */
export function checkShadow(imbalance: number): PhotoCheck {
  const level = grade(imbalance, photoThresholds.shadow);
  if (level === 'pass') return check('shadow', 'pass', '顔に影はありません。', 'There is no shadow on the face.', imbalance);
  if (level === 'warn')
    return check(
      'shadow',
      'warn',
      '顔の左右で明るさに差があります。影がないか確認してください。',
      'One side of the face is darker. Check for shadows.',
      imbalance,
    );
  return check(
    'shadow',
    'fail',
    '顔の片側に影があります。照明を均一にして撮り直してください。',
    'There is a shadow on one side of the face. Even out the lighting and retake.',
    imbalance,
  );
}

/** pass when value ≤ pass, warn when ≤ warn, else fail (for "smaller is better" measures). */
function grade(value: number, limits: { pass: number; warn: number }): PhotoCheckLevel {
  if (!Number.isFinite(value)) return 'fail';
  return value <= limits.pass ? 'pass' : value <= limits.warn ? 'warn' : 'fail';
}

/** pass when value ≥ pass, warn when ≥ warn, else fail (for "larger is better" measures). */
function gradeAbove(value: number, limits: { pass: number; warn: number }): PhotoCheckLevel {
  if (!Number.isFinite(value)) return 'fail';
  return value >= limits.pass ? 'pass' : value >= limits.warn ? 'warn' : 'fail';
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
