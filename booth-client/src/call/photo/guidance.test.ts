import { describe, expect, it } from 'vitest';
import {
  countedPreviewFaces,
  type ForeheadMeasure,
  type GuidanceState,
  guidanceTuning,
  initialGuidance,
  instructionFor,
  measureFace,
  measureForehead,
  nextGuidance,
  type PreviewFace,
  type PreviewFrame,
  targetHeadCentre,
} from './guidance';

const W = 1280;
const H = 720;

/**
 * A synthetic face: eye line centred at (cx, eyeY), eye–mouth distance `em`, its key points turned
 * by `roll` degrees, and the pose the worker would report from the mesh (PreviewFace.pose, the
 * server's degrees from frontal: `yaw` > 0 turned to the picture's left, `pitch` > 0 chin down;
 * `mesh: false`: no pose, as when the mesh found no face).
 */
function face({
  cx = W / 2,
  headShare = 0.65,
  dy = 0,
  roll = 0,
  yaw = 0,
  pitch = 0,
  score = 0.9,
  mesh = true,
  forehead = undefined as ForeheadMeasure | undefined,
} = {}): PreviewFace {
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
  const nose = 0.5 * em;
  return {
    score,
    box: { left: cx - em * 2, top: eyeY - em * 2, width: em * 4, height: em * 4 },
    keypoints: [rot(-half, 0), rot(half, 0), rot(0, nose), rot(0, em), rot(-ear, 0), rot(ear, 0)],
    ...(mesh ? { pose: { roll, yaw, pitch } } : {}),
    ...(forehead ? { forehead } : {}),
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
    expect(m.pitch).toBeCloseTo(0, 5);
  });

  it('takes roll, yaw and pitch from the mesh’s pose (the server’s degrees) as they are', () => {
    const m = measureFace({ ...face(), pose: { roll: -4, yaw: 7, pitch: -9 } }, W, H);
    expect([m.rollDegrees, m.yaw, m.pitch]).toEqual([-4, 7, -9]);
  });

  it('without a mesh: roll from the eye line, and no yaw or pitch', () => {
    const m = measureFace(face({ roll: 12, mesh: false }), W, H);
    expect(m.rollDegrees).toBeCloseTo(12, 3);
    expect(m.yaw).toBeUndefined();
    expect(m.pitch).toBeUndefined();
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
    // Past the server's pass band (±5°) the booth asks; within it, not.
    expect(instructionFor(frame(face({ yaw: 6 })), 'ready')).toBe('look-straight');
    expect(instructionFor(frame(face({ yaw: -6 })), 'ready')).toBe('look-straight');
    expect(instructionFor(frame(face({ roll: 3, yaw: 4.5 })), 'no-face')).toBe('ready');
    expect(instructionFor(frame(face({ roll: 3, yaw: -4.5 })), 'no-face')).toBe('ready');
  });

  it('a lowered chin: raise it; a raised chin: lower it; within the server’s ±5°: ready', () => {
    // The server's pitch: > 0 is the chin down.
    expect(instructionFor(frame(face({ pitch: 8 })), 'ready')).toBe('chin-up');
    expect(instructionFor(frame(face({ pitch: -8 })), 'ready')).toBe('chin-down');
    expect(instructionFor(frame(face({ pitch: 4.5 })), 'no-face')).toBe('ready');
    expect(instructionFor(frame(face({ pitch: -4.5 })), 'no-face')).toBe('ready');
    // Yaw is told first.
    expect(instructionFor(frame(face({ yaw: 12, pitch: -15 })), 'ready')).toBe('look-straight');
    // No mesh, no pose instruction.
    expect(instructionFor(frame(face({ mesh: false })), 'look-straight')).toBe('ready');
  });

  it('a hat: only a clearly coloured, even band above both eyebrows, after size', () => {
    const hat: ForeheadMeasure = { hueGap: 150, saturation: 0.6, spread: 0.05 };
    expect(instructionFor(frame(face({ forehead: hat })), 'ready')).toBe('take-off-hat');
    expect(instructionFor(frame(face({ forehead: hat, headShare: 0.4 })), 'ready')).toBe('move-closer');
    // Greyish (white hat or grey hair), skin-coloured, or uneven: not judged a hat.
    expect(instructionFor(frame(face({ forehead: { ...hat, saturation: 0.1 } })), 'ready')).toBe('ready');
    expect(instructionFor(frame(face({ forehead: { ...hat, hueGap: 10 } })), 'ready')).toBe('ready');
    expect(instructionFor(frame(face({ forehead: { ...hat, spread: 0.5 } })), 'ready')).toBe('ready');
    // Nothing measured (face too small or at the picture's edge): no hat instruction.
    expect(instructionFor(frame(face()), 'take-off-hat')).toBe('ready');
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
    const turn = face({ yaw: (guidanceTuning.yaw.enter + guidanceTuning.yaw.leave) / 2 });
    expect(instructionFor(frame(turn), 'ready')).toBe('ready');
    expect(instructionFor(frame(turn), 'look-straight')).toBe('look-straight');
    const nod = face({ pitch: -(guidanceTuning.pitch.enter + guidanceTuning.pitch.leave) / 2 });
    expect(instructionFor(frame(nod), 'ready')).toBe('ready');
    expect(instructionFor(frame(nod), 'chin-down')).toBe('chin-down');
    const down = face({ pitch: (guidanceTuning.pitch.enter + guidanceTuning.pitch.leave) / 2 });
    expect(instructionFor(frame(down), 'ready')).toBe('ready');
    expect(instructionFor(frame(down), 'chin-up')).toBe('chin-up');
    const faded = face({ forehead: { hueGap: 62, saturation: 0.22, spread: 0.1 } });
    expect(instructionFor(frame(faded), 'ready')).toBe('ready');
    expect(instructionFor(frame(faded), 'take-off-hat')).toBe('take-off-hat');
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

  it('a raised chin is told after two analyses and kept while it settles between leave and enter', () => {
    let s: GuidanceState = { shown: 'ready', candidate: 'ready', count: 0 };
    s = nextGuidance(s, frame(face({ pitch: -8 })));
    expect(s.shown).toBe('ready');
    s = nextGuidance(s, frame(face({ pitch: -8 })));
    expect(s.shown).toBe('chin-down');
    s = nextGuidance(s, frame(face({ pitch: -4 })));
    expect(s.shown).toBe('chin-down');
    s = nextGuidance(s, frame(face({ pitch: -2 })));
    s = nextGuidance(s, frame(face({ pitch: -2 })));
    expect(s.shown).toBe('ready');
  });
});

/**
 * A small 256 × 144 preview (RGBA, as the worker has its 480 × 270 one): a light wall, a
 * skin-coloured face around the synthetic face's key points, and optionally a band of `band`
 * colour over the forehead.
 */
function picture(f: PreviewFace, band?: readonly [number, number, number]) {
  const [w, h] = [256, 144];
  const data = new Uint8ClampedArray(w * h * 4);
  const [re, le, , mouth] = f.keypoints as [readonly [number, number], readonly [number, number], unknown, readonly [number, number]];
  const ey = (re[1] + le[1]) / 2;
  const em = mouth[1] - ey;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inFace = Math.abs(x - (re[0] + le[0]) / 2) < em * 1.2 && y > ey - em * 1.4 && y < ey + em * 1.5;
      const inBand = band && inFace && y < ey - em * 0.35;
      const [r, g, b] = inBand ? band : inFace ? [214, 168, 140] : [232, 232, 228];
      data.set([r, g, b, 255], (y * w + x) * 4);
    }
  }
  return { data, width: w, height: h, channels: 4 as const };
}

describe('measureForehead', () => {
  const small = (): PreviewFace => {
    const f = face();
    const k = (p: readonly [number, number]) => [(p[0] * 256) / W, (p[1] * 144) / H] as const;
    return { ...f, keypoints: f.keypoints.map(k) };
  };

  it('a blue cap pulled over the forehead is a hat; the instruction follows', () => {
    const f = small();
    const m = measureForehead(picture(f, [40, 70, 160]), f);
    expect(m).not.toBeNull();
    expect(m!.hueGap).toBeGreaterThan(guidanceTuning.hatHueGap.enter);
    expect(m!.saturation).toBeGreaterThan(guidanceTuning.hatSaturation.enter);
    expect(instructionFor({ width: 256, height: 144, faces: [{ ...f, forehead: m }] }, 'ready')).toBe('take-off-hat');
  });

  it('a bare forehead, a dark fringe, grey hair or a white hat: not a hat (conservative)', () => {
    const f = small();
    for (const band of [undefined, [45, 32, 25], [20, 20, 22], [200, 200, 198], [245, 245, 245]] as const) {
      const m = measureForehead(picture(f, band), f);
      expect(m).not.toBeNull();
      expect(instructionFor({ width: 256, height: 144, faces: [{ ...f, forehead: m }] }, 'ready')).toBe('ready');
    }
  });

  it('nothing when the band leaves the picture or the face is too small to sample', () => {
    const f = small();
    const high: PreviewFace = { ...f, keypoints: f.keypoints.map(([x, y]) => [x, y - 60] as const) };
    expect(measureForehead(picture(f), high)).toBeNull();
    const tiny: PreviewFace = { ...f, keypoints: f.keypoints.map(([x, y]) => [128 + (x - 128) / 8, 72 + (y - 72) / 8] as const) };
    expect(measureForehead(picture(f), tiny)).toBeNull();
  });
});
