import { describe, expect, it } from 'vitest';
import {
  countedPreviewFaces,
  type GuidanceState,
  guidanceTuning,
  initialGuidance,
  instructionFor,
  measureFace,
  nextGuidance,
  type PreviewFace,
  type PreviewFrame,
  targetHeadCentre,
} from './guidance';

const W = 1280;
const H = 720;

/**
 * A synthetic face: eye line centred at (cx, eyeY), eye–mouth distance `em`, turned by `roll`
 * degrees, `yaw` shifting the nose between the ears (0 frontal).
 */
function face({ cx = W / 2, headShare = 0.65, dy = 0, roll = 0, yaw = 0, score = 0.9 } = {}): PreviewFace {
  const em = (headShare * H) / guidanceTuning.headFactor;
  const centreY = (targetHeadCentre(W, H) + dy) * H;
  const eyeY = centreY - (guidanceTuning.headFactor / 2 - guidanceTuning.crownFactor) * em;
  const r = (roll * Math.PI) / 180;
  const rot = (x: number, y: number): [number, number] => [
    cx + x * Math.cos(r) - y * Math.sin(r),
    eyeY + x * Math.sin(r) + y * Math.cos(r),
  ];
  const half = em * 0.62;
  const ear = em * 1.3;
  return {
    score,
    box: { left: cx - em * 2, top: eyeY - em * 2, width: em * 4, height: em * 4 },
    keypoints: [rot(-half, 0), rot(half, 0), rot(yaw * 2 * ear, em * 0.45), rot(0, em), rot(-ear, 0), rot(ear, 0)],
  };
}
const frame = (...faces: PreviewFace[]): PreviewFrame => ({ width: W, height: H, faces });

describe('measureFace', () => {
  it('reads a centred, upright, frontal face as such', () => {
    const m = measureFace(face(), W, H);
    expect(m.headShare).toBeCloseTo(0.65, 5);
    expect(m.dx).toBeCloseTo(0, 5);
    expect(m.dy).toBeCloseTo(0, 5);
    expect(m.rollDegrees).toBeCloseTo(0, 5);
    expect(m.yaw).toBeCloseTo(0, 5);
  });

  it('reads roll from the eye line and yaw from the nose between the ears', () => {
    expect(measureFace(face({ roll: 12 }), W, H).rollDegrees).toBeCloseTo(12, 3);
    expect(measureFace(face({ yaw: 0.3 }), W, H).yaw).toBeCloseTo(-0.3, 5);
  });

  it('puts the guide’s head centre between its head-top line and chin band', () => {
    // guide.ts: frame 86 % of the height, head top at 10 %, chin at 81–90 % of the frame.
    expect(targetHeadCentre(W, H)).toBeCloseTo(0.07 + 0.86 * ((0.1 + 0.855) / 2), 5);
  });
});

describe('instructionFor', () => {
  it('no face, and faces that do not count', () => {
    expect(instructionFor(frame(), 'ready')).toBe('no-face');
    expect(instructionFor(frame(face({ score: 0.4 })), 'ready')).toBe('no-face');
  });

  it('two people, but not someone small far behind', () => {
    expect(instructionFor(frame(face({ cx: 400 }), face({ cx: 900 })), 'ready')).toBe('one-person');
    const behind = face({ cx: 1100, headShare: 0.15 });
    expect(countedPreviewFaces([face(), behind])).toHaveLength(1);
    expect(instructionFor(frame(face(), behind), 'no-face')).toBe('ready');
  });

  it('size first: closer, back', () => {
    expect(instructionFor(frame(face({ headShare: 0.4 })), 'ready')).toBe('move-closer');
    expect(instructionFor(frame(face({ headShare: 0.9 })), 'ready')).toBe('move-back');
    // Size wins over position.
    expect(instructionFor(frame(face({ headShare: 0.4, cx: 100 })), 'ready')).toBe('move-closer');
  });

  it('left and right are the resident’s own (the picture is not mirrored)', () => {
    // On the picture's left = the resident stands to their right: they move to their left.
    expect(instructionFor(frame(face({ cx: W * 0.35 })), 'ready')).toBe('move-left');
    expect(instructionFor(frame(face({ cx: W * 0.65 })), 'ready')).toBe('move-right');
  });

  it('up and down', () => {
    expect(instructionFor(frame(face({ dy: 0.12 })), 'ready')).toBe('move-up');
    expect(instructionFor(frame(face({ dy: -0.12 })), 'ready')).toBe('move-down');
  });

  it('a tilted or turned head: look straight; upright and frontal: ready', () => {
    expect(instructionFor(frame(face({ roll: 12 })), 'ready')).toBe('look-straight');
    expect(instructionFor(frame(face({ roll: -12 })), 'ready')).toBe('look-straight');
    expect(instructionFor(frame(face({ yaw: 0.35 })), 'ready')).toBe('look-straight');
    expect(instructionFor(frame(face({ roll: 3, yaw: 0.1 })), 'no-face')).toBe('ready');
  });

  it('hysteresis: an instruction starts past `enter` and ends only inside `leave`', () => {
    const between = face({ headShare: (guidanceTuning.closer.enter + guidanceTuning.closer.leave) / 2 });
    expect(instructionFor(frame(between), 'ready')).toBe('ready');
    expect(instructionFor(frame(between), 'move-closer')).toBe('move-closer');
    const roll = face({ roll: 6.5 });
    expect(instructionFor(frame(roll), 'ready')).toBe('ready');
    expect(instructionFor(frame(roll), 'look-straight')).toBe('look-straight');
    const side = face({ cx: W * (0.5 - 0.065) });
    expect(instructionFor(frame(side), 'ready')).toBe('ready');
    expect(instructionFor(frame(side), 'move-left')).toBe('move-left');
  });
});

describe('nextGuidance', () => {
  it('shows a change only once it came twice in a row; a single odd frame does not flicker', () => {
    let s: GuidanceState = initialGuidance;
    s = nextGuidance(s, frame(face()));
    expect(s.shown).toBe('no-face');
    s = nextGuidance(s, frame(face()));
    expect(s.shown).toBe('ready');
    s = nextGuidance(s, frame());
    expect(s.shown).toBe('ready');
    s = nextGuidance(s, frame(face()));
    expect(s.shown).toBe('ready');
    s = nextGuidance(s, frame(face({ roll: 15 })));
    s = nextGuidance(s, frame(face({ headShare: 0.3 })));
    expect(s.shown).toBe('ready');
    s = nextGuidance(s, frame(face({ headShare: 0.3 })));
    expect(s.shown).toBe('move-closer');
  });
});
