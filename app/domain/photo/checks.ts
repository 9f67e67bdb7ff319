/**
 * The photo checks the operator sees beside a processed photo: each one pass / warn / fail with a
 * reason in Japanese and English. Pure decisions over numbers the server measures (see
 * app/server/photos/pipeline.server.ts); the thresholds live here so they are read and tested in
 * one place. Thresholds follow the J-LIS rules in ../shared/brief.md: head top-to-chin 71–80 % of
 * the height, frontal, eyes visible, in focus, even light, plain background.
 */

export const photoCheckIds = [
  'one_face',
  'centred',
  'head_size',
  'pose',
  'eyes',
  'sharpness',
  'exposure',
  'background',
  'shadow',
  // The standards' checks added by issue 19 (decision 0033).
  'expression',
  'glare',
  'eyes_hidden',
  'red_eye',
  'dynamic_range',
  'compression',
  'resolution',
] as const;
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
  expression: { ja: '表情・口', en: 'Expression' },
  glare: { ja: '眼鏡の反射', en: 'Glare on glasses' },
  eyes_hidden: { ja: '目の見え方', en: 'Eyes hidden' },
  red_eye: { ja: '赤目', en: 'Red eye' },
  dynamic_range: { ja: '顔の濃淡', en: 'Dynamic range' },
  compression: { ja: '圧縮ノイズ', en: 'Compression' },
  resolution: { ja: '解像度', en: 'Resolution' },
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
  /**
   * The head's rotation in real degrees (headPoseOf): ISO/IEC 19794-5 §7.2.2 and ICAO 9303 part 3:
   * yaw and pitch within ±5°, roll within ±8°. Beyond that a warn band of 5° (4° for roll) for the
   * model's error, then fail.
   */
  roll: { pass: 8, warn: 12 },
  yaw: { pass: 5, warn: 10 },
  pitch: { pass: 5, warn: 10 },
  /**
   * A frontal face reads as pitched this many degrees (the pitch is the forehead-top → chin line
   * out of the picture plane, which is not upright on a face). In the head's real degrees
   * (headPoseOf, the angles checkPose is given): the near-frontal faces of the demo pictures read
   * 11.6° median as Human gives it, 17.1° un-squeezed; rounded down to 15° (decision 0033).
   */
  pitchFrontal: 15,
  /**
   * Eye openness: lid gap over eye width (eye aspect ratio), the lower of the two eyes. Measured
   * through the server pipeline (decision 0033, "eyes"): open eyes 0.29–0.43, the closed eyes of
   * the eyes-down face 0.07–0.14 (its size ×1/×2 and mirrored); fail below 0.15.
   */
  eyeOpenness: { pass: 0.2, warn: 0.15 },
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
  /** Inner-lip gap / inter-eye distance (mouth closed); mouth-corner lift / inter-eye distance (smile, warn only). */
  mouthOpening: { pass: 0.06, warn: 0.12 },
  smile: { pass: 0.11 },
  /** Share of the eye contour that is bright colourless glare. */
  glare: { pass: 0.03, warn: 0.08 },
  /** Eye mean luma / skin mean luma, and luma std-dev inside the eye: tinted lenses make both low. */
  eyeDarkness: { pass: 0.2, fail: 0.15 },
  eyeContrast: { pass: 6, fail: 10 },
  /** Red share of the pupil minus the iris ring's. */
  redEye: { pass: 0.1, warn: 0.25 },
  /** Face luma 1st–99th percentile spread (0–255) and histogram entropy (bits, OFIQ DynamicRange). */
  dynamicSpread: { pass: 90, warn: 60 },
  dynamicEntropy: { pass: 6, warn: 5.5 },
  /** Blockiness: grid-phase over off-grid column/row differences on the native-resolution face (1 = none). */
  blockiness: { pass: 1.6, warn: 2.5 },
  /** Distance between the eye centres in px (ISO/IEC 19794-5 full frontal ≈ 90; token image 60). */
  interEye: { pass: 90, warn: 60 },
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

/**
 * The head's pose as checkPose grades it: roll and yaw as given (0 is frontal), pitch from the
 * frontal reading (photoThresholds.pitchFrontal). The booth's preview guidance reads its mesh's
 * pose through this too (decision 0038), so both judge the same numbers.
 */
export function poseFromFrontal({ roll, yaw, pitch }: PoseMeasure): PoseMeasure {
  return { roll, yaw, pitch: pitch - photoThresholds.pitchFrontal };
}

export function checkPose(measured: PoseMeasure): PhotoCheck {
  const t = photoThresholds;
  const { roll, yaw, pitch } = poseFromFrontal(measured);
  const parts: { level: PhotoCheckLevel; ja: string; en: string; degrees: number }[] = [
    { level: grade(Math.abs(roll), t.roll), ja: '頭が左右に傾いています', en: 'the head is tilted sideways', degrees: roll },
    { level: grade(Math.abs(yaw), t.yaw), ja: '顔が横を向いています', en: 'the face is turned to the side', degrees: yaw },
    {
      level: grade(Math.abs(pitch), t.pitch),
      ja: '顔が上または下を向いています',
      en: 'the face is tilted up or down',
      degrees: pitch,
    },
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

/** A check whose measure could not be taken (landmarks missing, face too small): the operator looks. */
function notMeasured(id: PhotoCheckId): PhotoCheck {
  return check(id, 'warn', '測定できませんでした。写真を目で見て確認してください。', 'Could not be measured. Check the photo by eye.');
}

/** Mouth closed and no broad smile: inner-lip gap and corner lift over the inter-eye distance. */
export function checkExpression(mouth?: { opening: number; smile: number }): PhotoCheck {
  if (!mouth || !Number.isFinite(mouth.opening) || !Number.isFinite(mouth.smile)) return notMeasured('expression');
  const t = photoThresholds;
  const level = grade(mouth.opening, t.mouthOpening);
  if (level !== 'pass')
    return check(
      'expression',
      level,
      level === 'fail'
        ? '口が開いています。口を閉じ、無表情で撮り直してください。'
        : '口が少し開いているようです。口を閉じて撮り直すことをお勧めします。',
      level === 'fail'
        ? 'The mouth is open. Close the mouth, keep a neutral expression, and retake.'
        : 'The mouth looks slightly open. Consider retaking with the mouth closed.',
      mouth.opening,
    );
  if (mouth.smile > t.smile.pass)
    return check(
      'expression',
      'warn',
      '笑顔のようです。無表情（自然な口元）か確認してください。',
      'The face seems to smile. Check that the expression is neutral.',
      mouth.smile,
    );
  return check('expression', 'pass', '口は閉じていて、表情は自然です。', 'The mouth is closed and the expression neutral.', mouth.opening);
}

/** Eye measures for glare and hidden eyes (see eye-region.ts); undefined when not measured. */
export interface EyeRegionMeasure {
  glare: number;
  darkness: number;
  contrast: number;
}

export function checkGlare(eyes?: EyeRegionMeasure): PhotoCheck {
  if (!eyes || !Number.isFinite(eyes.glare)) return notMeasured('glare');
  const level = grade(eyes.glare, photoThresholds.glare);
  if (level === 'pass') return check('glare', 'pass', '目の周りに光の反射はありません。', 'No glare over the eyes.', eyes.glare);
  return check(
    'glare',
    level,
    level === 'fail'
      ? '眼鏡に照明が反射して目が見えにくくなっています。眼鏡の角度を変えるか外して撮り直してください。'
      : '目の周りに光の反射があります。眼鏡の反射がないか確認してください。',
    level === 'fail'
      ? 'Light reflects on the glasses and hides the eyes. Tilt or remove the glasses and retake.'
      : 'There is some glare around the eyes. Check the glasses for reflections.',
    eyes.glare,
  );
}

export function checkEyesHidden(eyes?: EyeRegionMeasure): PhotoCheck {
  if (!eyes || !Number.isFinite(eyes.darkness) || !Number.isFinite(eyes.contrast)) return notMeasured('eyes_hidden');
  const t = photoThresholds;
  if (eyes.darkness < t.eyeDarkness.fail && eyes.contrast < t.eyeContrast.fail)
    return check(
      'eyes_hidden',
      'fail',
      '目が暗く、見えません（色付きレンズ、サングラス、太い縁や髪）。眼鏡を外すか髪を上げて撮り直してください。',
      'The eyes are dark and cannot be seen (tinted lenses, sunglasses, thick frames or hair). Remove the glasses or move the hair, and retake.',
      eyes.darkness,
    );
  if (eyes.darkness < t.eyeDarkness.pass || eyes.contrast < t.eyeContrast.pass)
    return check(
      'eyes_hidden',
      'warn',
      '目の部分が暗いか不鮮明です。色付きレンズや眼鏡の縁、髪で目が隠れていないか確認してください。',
      'The eyes look dark or flat. Check that tinted lenses, frames or hair do not hide them.',
      eyes.darkness,
    );
  return check('eyes_hidden', 'pass', '目ははっきり見えています。', 'The eyes are clearly visible.', eyes.darkness);
}

export function checkRedEye(red?: number): PhotoCheck {
  if (red === undefined || !Number.isFinite(red)) return notMeasured('red_eye');
  const level = grade(red, photoThresholds.redEye);
  if (level === 'pass') return check('red_eye', 'pass', '赤目はありません。', 'No red eye.', red);
  return check(
    'red_eye',
    level,
    level === 'fail'
      ? '赤目になっています。フラッシュを使わずに撮り直してください。'
      : '瞳が赤く写っているようです。赤目でないか確認してください。',
    level === 'fail' ? 'The pupils are red (red eye). Retake without flash.' : 'The pupils look reddish. Check for red eye.',
    red,
  );
}

/** Face dynamic range: luma percentile spread (0–255) and histogram entropy (bits). */
export function checkDynamicRange(range?: { spread: number; entropy: number }): PhotoCheck {
  if (!range || !Number.isFinite(range.spread) || !Number.isFinite(range.entropy)) return notMeasured('dynamic_range');
  const t = photoThresholds;
  const level = worstLevel([
    { id: 'dynamic_range', level: gradeAbove(range.spread, t.dynamicSpread), reason: { ja: '', en: '' } },
    { id: 'dynamic_range', level: gradeAbove(range.entropy, t.dynamicEntropy), reason: { ja: '', en: '' } },
  ]);
  if (level === 'pass')
    return check('dynamic_range', 'pass', '顔の明暗の幅は十分です。', 'The face shows a full range of tones.', range.spread);
  return check(
    'dynamic_range',
    level,
    level === 'fail'
      ? '顔の明暗の幅が狭く、のっぺりしています（逆光・かすみ・強い圧縮）。照明を確認して撮り直してください。'
      : '顔の明暗の幅がやや狭いです。照明を確認してください。',
    level === 'fail'
      ? 'The face has too narrow a range of tones (washed out, hazy or heavily compressed). Check the lighting and retake.'
      : 'The face has a somewhat narrow range of tones. Check the lighting.',
    range.spread,
  );
}

/** Blocking artefacts on the native-resolution face: ratio (1 = none) and its period in px. */
export function checkCompression(blocks?: { ratio: number; period: number }): PhotoCheck {
  if (!blocks || !Number.isFinite(blocks.ratio)) return notMeasured('compression');
  const level = grade(blocks.ratio, photoThresholds.blockiness);
  if (level === 'pass')
    return check(
      'compression',
      'pass',
      '圧縮ノイズやモザイク状の劣化はありません。',
      'No visible compression blocks or pixelation.',
      blocks.ratio,
    );
  return check(
    'compression',
    level,
    level === 'fail'
      ? `画像がブロック状・モザイク状に劣化しています（${blocks.period}ピクセル周期）。カメラの画質設定を確認し、拡大せずに撮り直してください。`
      : `圧縮によるブロックノイズが見られます（${blocks.period}ピクセル周期）。画質を確認してください。`,
    level === 'fail'
      ? `The image shows blocks or pixelation (every ${blocks.period} px). Check the camera's quality setting and retake without enlarging.`
      : `Some compression blocks are visible (every ${blocks.period} px). Check the image quality.`,
    blocks.ratio,
  );
}

/**
 * Resolution as the distance between the eye centres: in the output photo, and in the camera
 * image the photo was cut from (an enlarged crop adds pixels, not detail: the smaller counts).
 */
export function checkResolution(interEye?: { output: number; source: number }): PhotoCheck {
  if (!interEye || !Number.isFinite(interEye.output) || !Number.isFinite(interEye.source)) return notMeasured('resolution');
  const effective = Math.min(interEye.output, interEye.source);
  const px = Math.round(effective);
  const level = gradeAbove(effective, photoThresholds.interEye);
  if (level === 'pass')
    return check(
      'resolution',
      'pass',
      `目の間隔は${px}ピクセルで十分です（基準90以上）。`,
      `${px} px between the eyes (90 or more required).`,
      effective,
    );
  return check(
    'resolution',
    level,
    `目の間隔が${px}ピクセルしかありません（基準90以上）。カメラに近づくか高い解像度で撮り直してください。`,
    `Only ${px} px between the eyes (90 or more required). Move closer or use a higher camera resolution, and retake.`,
    effective,
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
