import { describe, expect, it } from 'vitest';
import { checkCentred, checkHeadSize } from './checks';
import {
  centredFrame,
  clampFrame,
  containsRect,
  estimateHead,
  frameAreaFromDetector,
  framingOf,
  idealFrame,
  MAX_SIDE,
  MESH_IN_DETECTOR_BOX,
  MIN_INPUT,
  MIN_SIDE,
  outputSize,
  PHOTO_ASPECT,
  type Rect,
  type Size,
  scaleRect,
  sourceRectOf,
  TARGET_HEAD_FRACTION,
  TARGET_TOP_MARGIN,
  TARGET_WIDTH,
} from './crop';

/** 35:45 within one pixel, whole pixels, inside the image. */
function validCrop(crop: Rect, image: Size) {
  for (const v of Object.values(crop)) expect(Number.isInteger(v)).toBe(true);
  expect(crop.left).toBeGreaterThanOrEqual(0);
  expect(crop.top).toBeGreaterThanOrEqual(0);
  expect(crop.left + crop.width).toBeLessThanOrEqual(image.width);
  expect(crop.top + crop.height).toBeLessThanOrEqual(image.height);
  expect(Math.abs(crop.width / PHOTO_ASPECT - crop.height)).toBeLessThanOrEqual(1);
}

describe('estimateHead', () => {
  it('puts the head top above the forehead mesh and keeps chin and centre', () => {
    const head = estimateHead({ meshTop: 300, chin: 600, eyeY: 420, centreX: 500 });
    expect(head.chin).toBe(600);
    expect(head.centreX).toBe(500);
    expect(head.top).toBeLessThan(300);
    // Head height between 1.3× and 1.5× forehead-to-chin.
    expect(600 - head.top).toBeGreaterThan(300 * 1.3);
    expect(600 - head.top).toBeLessThan(300 * 1.5);
  });

  it('uses the crown found against the wall when there is one above the forehead', () => {
    const landmarks = { meshTop: 300, chin: 600, eyeY: 420, centreX: 500 };
    expect(estimateHead(landmarks, 180)).toEqual({ top: 180, chin: 600, centreX: 500 });
    // A "crown" below the forehead or not a number is ignored.
    expect(estimateHead(landmarks, 320)).toEqual(estimateHead(landmarks));
    expect(estimateHead(landmarks, Number.NaN)).toEqual(estimateHead(landmarks));
  });

  it('scales linearly with the face', () => {
    const small = estimateHead({ meshTop: 100, chin: 200, eyeY: 140, centreX: 0 });
    const large = estimateHead({ meshTop: 200, chin: 400, eyeY: 280, centreX: 0 });
    expect(400 - large.top).toBeCloseTo(2 * (200 - small.top), 6);
  });
});

describe('idealFrame', () => {
  it('makes the head 75 % of a 35:45 frame with the margin above, centred on the face', () => {
    const head = { top: 200, chin: 950, centreX: 1000 };
    const frame = idealFrame(head);
    expect(frame.width / frame.height).toBeCloseTo(PHOTO_ASPECT, 9);
    const framing = framingOf(head, frame);
    expect(framing.headFraction).toBeCloseTo(TARGET_HEAD_FRACTION, 9);
    expect(framing.topMargin).toBeCloseTo(TARGET_TOP_MARGIN, 9);
    expect(framing.horizontalOffset).toBeCloseTo(0, 9);
    expect(checkCentred(framing).level).toBe('pass');
    expect(checkHeadSize({ headFraction: framing.headFraction, sourceCropWidth: frame.width }).level).toBe('pass');
  });
});

describe('clampFrame', () => {
  const image = { width: 3000, height: 4000 };

  it('keeps a frame that fits (rounded to pixels)', () => {
    const frame = idealFrame({ top: 1000, chin: 2500, centreX: 1500 });
    const crop = clampFrame(frame, image);
    validCrop(crop, image);
    expect(Math.abs(crop.left - frame.left)).toBeLessThanOrEqual(1);
    expect(Math.abs(crop.top - frame.top)).toBeLessThanOrEqual(1);
    expect(Math.abs(crop.width - frame.width)).toBeLessThanOrEqual(1);
  });

  it('shifts a frame that runs off the left edge back inside and reports it as off-centre', () => {
    const head = { top: 1000, chin: 2500, centreX: 400 };
    const crop = clampFrame(idealFrame(head), image);
    validCrop(crop, image);
    expect(crop.left).toBe(0);
    const framing = framingOf(head, crop);
    expect(framing.horizontalOffset).toBeLessThan(-0.1);
    expect(checkCentred(framing).level).toBe('fail');
  });

  it('shifts a frame that runs off the top down: the head has no margin and the check says so', () => {
    const head = { top: 20, chin: 1520, centreX: 1500 };
    const crop = clampFrame(idealFrame(head), image);
    validCrop(crop, image);
    expect(crop.top).toBe(0);
    const framing = framingOf(head, crop);
    expect(framing.topMargin).toBeLessThan(0.02);
    expect(checkCentred(framing).level).not.toBe('pass');
  });

  it('shrinks a frame larger than the image; the head then fills too much and fails head_size', () => {
    const head = { top: 100, chin: 3900, centreX: 1500 };
    const crop = clampFrame(idealFrame(head), image);
    validCrop(crop, image);
    const framing = framingOf(head, crop);
    expect(framing.headFraction).toBeGreaterThan(0.85);
    expect(checkHeadSize({ headFraction: framing.headFraction, sourceCropWidth: crop.width }).level).toBe('fail');
  });

  it('never leaves the image, wherever the head is', () => {
    for (const centreX of [-500, 0, 700, 1500, 2900, 4000])
      for (const top of [-300, 0, 500, 2000, 3800])
        for (const size of [200, 800, 2500, 6000]) {
          const crop = clampFrame(idealFrame({ top, chin: top + size, centreX }), image);
          validCrop(crop, image);
        }
  });

  it('works on landscape images (1280×720 webcam still)', () => {
    const webcam = { width: 1280, height: 720 };
    const crop = clampFrame(idealFrame({ top: 100, chin: 600, centreX: 640 }), webcam);
    validCrop(crop, webcam);
    expect(crop.height).toBeLessThanOrEqual(720);
  });
});

describe('centredFrame', () => {
  it.each([
    [{ width: 4000, height: 3000 }],
    [{ width: 1280, height: 720 }],
    [{ width: 3000, height: 4000 }],
    [{ width: 480, height: 618 }],
    [{ width: 35, height: 45 }],
  ])('is the largest centred 35:45 frame of %o', (image) => {
    const crop = centredFrame(image);
    validCrop(crop, image);
    expect(crop.height === image.height || crop.width === image.width).toBe(true);
    expect(Math.abs(crop.left + crop.width / 2 - image.width / 2)).toBeLessThanOrEqual(1);
  });
});

describe('outputSize', () => {
  it.each([
    [{ width: 3000, height: 3857 }, TARGET_WIDTH],
    [{ width: 700, height: 900 }, 700],
    [{ width: 480, height: 617 }, 480],
    [{ width: 200, height: 257 }, MIN_SIDE],
  ])('%o → width %i, 35:45, sides within J-LIS limits', (crop, width) => {
    const size = outputSize(crop);
    expect(size.width).toBe(width);
    expect(Math.abs(size.width / PHOTO_ASPECT - size.height)).toBeLessThanOrEqual(1);
    for (const side of [size.width, size.height]) {
      expect(side).toBeGreaterThanOrEqual(MIN_SIDE);
      expect(side).toBeLessThanOrEqual(MAX_SIDE);
    }
  });

  it('MIN_INPUT is the smallest image that gives a 480-wide photo without enlarging', () => {
    expect(MIN_INPUT.width).toBe(MIN_SIDE);
    expect(MIN_INPUT.height).toBe(618);
    const crop = centredFrame(MIN_INPUT);
    expect(crop.width).toBe(MIN_SIDE);
  });
});

describe('sourceRectOf', () => {
  const crop = { left: 1308, top: 522, width: 1391, height: 1788 };
  const photo = { width: 960, height: 1234 };

  it('maps a part of the photo back to whole source pixels', () => {
    const r = sourceRectOf({ left: 480, top: 100, width: 240, height: 300 }, crop, photo);
    expect(r).toEqual({ left: 1308 + 696, top: 522 + 145, width: 347, height: 435 });
    expect(Object.values(r).every(Number.isInteger)).toBe(true);
  });

  it('the whole photo is the whole crop', () => {
    expect(sourceRectOf({ left: 0, top: 0, ...photo }, crop, photo)).toEqual(crop);
  });

  it('stays inside the crop, and is empty when the part lies outside it', () => {
    expect(sourceRectOf({ left: -50, top: -20, width: 100, height: 100 }, crop, photo)).toEqual({
      left: 1308,
      top: 522,
      width: 72,
      height: 116,
    });
    expect(sourceRectOf({ left: 2000, top: 0, width: 100, height: 100 }, crop, photo)).toMatchObject({ width: 0 });
  });
});

describe('scaleRect', () => {
  it('scales every field', () => {
    expect(scaleRect({ left: 1, top: 2, width: 3, height: 4 }, 2.5)).toEqual({ left: 2.5, top: 5, width: 7.5, height: 10 });
  });
});

describe('frameAreaFromDetector', () => {
  const m = MESH_IN_DETECTOR_BOX;
  /** Every head the mesh bounds allow in `box`, with and without a crown, and its frame. */
  function* framesFor(box: Rect, image: Size) {
    const side = box.width;
    for (const forehead of [m.foreheadBelowTop, 0.15, 0.3])
      for (const chinUp of [m.chinAboveBottom, 0.2, 0.3])
        for (const off of [-m.centreOffAtMost, 0, m.centreOffAtMost]) {
          const meshTop = box.top + forehead * side;
          const chin = box.top + box.height - chinUp * side;
          const face = chin - meshTop;
          if (face <= 0 || face > m.faceAtMost * side + 1e-9) continue;
          for (const eyes of [0, 0.3, 0.5])
            for (const crownAbove of [undefined, 0.1, 0.5, 0.9]) {
              const landmarks = { meshTop, chin, eyeY: meshTop + eyes * face, centreX: box.left + box.width / 2 + off * side };
              const crown = crownAbove === undefined ? undefined : meshTop - crownAbove * face;
              yield clampFrame(idealFrame(estimateHead(landmarks, crown)), image);
            }
        }
  }

  it('holds the frame of every head the mesh bounds allow, wherever the box is (edges and corners too)', () => {
    const image = { width: 4000, height: 3000 };
    let frames = 0;
    for (const side of [300, 1442, 2600])
      for (const left of [-200, 0, 800, 1300, 4000 - side, 4100 - side])
        for (const top of [-150, 0, 500, 3000 - side, 3100 - side]) {
          const box = { left, top, width: side, height: side };
          const area = frameAreaFromDetector(box, image);
          validArea(area, image);
          for (const frame of framesFor(box, image)) {
            frames++;
            expect(containsRect(area, frame), `${JSON.stringify(frame)} in ${JSON.stringify(area)}`).toBe(true);
          }
        }
    expect(frames).toBeGreaterThan(1000);
  });

  it("holds the frames the pipeline cut from the bench's 12 MP input and the sample faces (box and frame as measured)", () => {
    // Detector box (source pixels, onDetector's on the padded square) and the frame the pipeline
    // chose, from bench/photo.ts's 12 MP and 720p inputs and the 1200×1600 plain-wall portrait of
    // the test fixtures (bench/photo-meshbox.ts).
    const twelve = { width: 4000, height: 3000 };
    const box12 = { left: 1492, top: 1117, width: 1075, height: 1075 };
    expect(containsRect(frameAreaFromDetector(box12, twelve), { left: 1317, top: 523, width: 1382, height: 1777 })).toBe(true);
    const plain = { width: 1200, height: 1600 };
    const boxPlain = { left: 263, top: 507, width: 690, height: 690 };
    expect(containsRect(frameAreaFromDetector(boxPlain, plain), { left: 214, top: 207, width: 777, height: 999 })).toBe(true);
    const hd = { width: 1280, height: 720 };
    const box720 = { left: 499, top: 269, width: 285, height: 288 };
    const area720 = frameAreaFromDetector(box720, hd, 560 * 720);
    expect(containsRect(area720, { left: 474, top: 124, width: 334, height: 429 })).toBe(true);
  });

  it('is not much larger than the frame: about 2.16 box sides high and 1.9 wide, little of it below the box', () => {
    const area = frameAreaFromDetector({ left: 1300, top: 1100, width: 1000, height: 1000 }, { width: 6000, height: 6000 });
    expect(area.height / 1000).toBeGreaterThan(2.1);
    expect(area.height / 1000).toBeLessThan(2.2);
    expect(area.width / 1000).toBeLessThan(1.9);
    // Rows below the box cost decoding time (a JPEG is decoded from the top): at most 0.24 sides.
    expect(area.top + area.height - 2100).toBeLessThanOrEqual(0.24 * 1000);
    expect(1100 - area.top).toBeGreaterThan(0.9 * 1000);
  });

  it("the bench's 12 MP still: rows 130–2449 of 3000 and under the largest frame's pixels (the frame itself ends at row 2300)", () => {
    const area = frameAreaFromDetector({ left: 1492, top: 1117, width: 1075, height: 1075 }, { width: 4000, height: 3000 });
    expect(area.top).toBe(130);
    expect(area.top + area.height).toBeLessThan(2450);
    expect(area.width * area.height).toBeLessThan(2333 * 3000);
  });

  it('narrowed about the face when over maxPixels (a 720p still with a 435-px box: the whole height, at most the largest frame)', () => {
    // The bench's 720p face now gets a 285-px box, whose area (545×625) is under the cap: a face
    // nearer the camera (the old detector's box for it) shows the narrowing.
    const image = { width: 1280, height: 720 };
    const box = { left: 408, top: 176, width: 435, height: 435 };
    const whole = frameAreaFromDetector(box, image);
    const cap = 560 * 720;
    expect(whole.width * whole.height).toBeGreaterThan(cap);
    const narrowed = frameAreaFromDetector(box, image, cap);
    expect(narrowed.width * narrowed.height).toBeLessThanOrEqual(cap);
    expect(containsRect(whole, narrowed)).toBe(true);
    expect(Math.abs(narrowed.left + narrowed.width / 2 - (box.left + box.width / 2))).toBeLessThanOrEqual(1);
    // A frame for that face (the one the pipeline cut with the old detector) is still inside.
    expect(containsRect(narrowed, { left: 454, top: 121, width: 359, height: 462 })).toBe(true);
    // At an edge, it stays inside the unnarrowed area.
    const atEdge = frameAreaFromDetector({ ...box, left: 0 }, image, cap);
    expect(atEdge.left).toBe(0);
    expect(atEdge.width * atEdge.height).toBeLessThanOrEqual(cap);
  });

  it('a frame outside it is told by containsRect', () => {
    const area = { left: 10, top: 10, width: 100, height: 100 };
    expect(containsRect(area, { left: 10, top: 10, width: 100, height: 100 })).toBe(true);
    expect(containsRect(area, { left: 9, top: 10, width: 100, height: 100 })).toBe(false);
    expect(containsRect(area, { left: 10, top: 11, width: 100, height: 100 })).toBe(false);
  });
});

function validArea(area: Rect, image: Size) {
  for (const v of Object.values(area)) expect(Number.isInteger(v)).toBe(true);
  expect(area.left).toBeGreaterThanOrEqual(0);
  expect(area.top).toBeGreaterThanOrEqual(0);
  expect(area.left + area.width).toBeLessThanOrEqual(image.width);
  expect(area.top + area.height).toBeLessThanOrEqual(image.height);
}
