import { describe, expect, it } from 'vitest';
import { guidanceTuning, type PreviewFace } from './guidance';
import { cropRgb, refineSquare } from './preview-detect';

// detectPreviewFaces runs the real model in app/test/photo/booth-guidance-pose.test.ts (which
// fails without the second look: 12 of its 14 tests, measured when written).

/** A face with eyes 20 px apart at y = 60 around x = 128 and the mouth `em` px below. */
function face(em: number, cx = 128, eyeY = 60): PreviewFace {
  return {
    score: 0.9,
    box: { left: cx - em, top: eyeY - em, width: 2 * em, height: 2 * em },
    keypoints: [
      [cx - 10, eyeY],
      [cx + 10, eyeY],
      [cx, eyeY + em / 2],
      [cx, eyeY + em],
      [cx - 25, eyeY],
      [cx + 25, eyeY],
    ],
  };
}

describe('refineSquare', () => {
  it('is refineSide eye–mouth distances wide, centred on the eyes and the head centre', () => {
    const sq = refineSquare(face(20, 128, 80), 256, 144)!;
    expect(sq.size).toBe(Math.round(guidanceTuning.refineSide * 20));
    expect(Math.abs(sq.left + sq.size / 2 - 128)).toBeLessThanOrEqual(1);
    const centreY = 80 - (guidanceTuning.crownFactor - guidanceTuning.headFactor / 2) * 20;
    expect(Math.abs(sq.top + sq.size / 2 - centreY)).toBeLessThanOrEqual(1);
  });

  it('stays inside the picture, and is not made when the face fills its height or is tiny', () => {
    const sq = refineSquare(face(20, 10, 20), 256, 144)!;
    expect(sq.left).toBe(0);
    expect(sq.top).toBe(0);
    const right = refineSquare(face(20, 250, 130), 256, 144)!;
    expect(right.left + right.size).toBe(256);
    expect(right.top + right.size).toBe(144);
    expect(refineSquare(face(30), 256, 144)).toBeNull();
    expect(refineSquare(face(2), 256, 144)).toBeNull();
  });
});

describe('cropRgb', () => {
  it('copies the square’s rows', () => {
    const image = { data: new Uint8Array(4 * 3 * 3).map((_, i) => i), width: 4, height: 3 };
    const crop = cropRgb(image, { left: 1, top: 1, size: 2 });
    expect(Array.from(crop.data)).toEqual([15, 16, 17, 18, 19, 20, 27, 28, 29, 30, 31, 32]);
  });
});
