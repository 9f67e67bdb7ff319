/**
 * `npm run bench:photo-pose` (issue 19 item 2, decision 0033): the pose check on real faces of
 * known pose. Each sample face (app/test/photo/fixtures.ts) is re-posed by a known pitch, then a
 * known yaw, from −15° to +15° (app/test/photo/repose.ts: the face model's 3D mesh, a pinhole
 * camera ≈ 1 m away, a piecewise-affine warp), encoded as JPEG q92, and given to the app: the face
 * detector on the pipeline's 480-px copy for the angles (poseOf, Human's reading, and headPoseOf,
 * the head's turn that checkPose reads) and the whole pipeline for the pose check's level. Per face and axis: the estimate against the applied angle
 * (zero = the unwarped picture's own estimate), the least-squares slope, the residual error, and
 * the applied angles where the axis's own grade leaves pass and warn.
 *
 * The booth's guidance (decision 0038), `booth` in the results: each sample face re-posed to the
 * server check's zero, framed as the booth's camera sees a resident at the guide
 * (app/test/photo/booth-view.ts), then turned by known yaw and pitch; per angle the booth's yaw and
 * pitch (the server's functions on the face mesh the booth runs), its error against the applied
 * angle and its instruction, and per face and axis the reading's line against real degrees.
 *
 * Results: bench/results/photo-pose.json. BENCH_POSE_STEP (default 2.5), BENCH_POSE_MAX (15),
 * BENCH_POSE_FACES (comma-separated names, default all) and BENCH_POSE_PARTS (server,booth).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@madoguchi/db';
import { checkPose, type PhotoCheckLevel, type PoseMeasure, photoThresholds } from '../app/domain/photo/checks';
import { headPoseOf, poseOf } from '../app/domain/photo/face';
import { FaceDetector } from '../app/server/photos/face.server';
import { createPhotoPipeline } from '../app/server/photos/pipeline.server';
import { BOOTH_ANALYSIS, boothInstruction, boothPoseFace, boothPoseFaces, createBoothDetector } from '../app/test/photo/booth-view';
import { plainBackgroundPortrait, portrait } from '../app/test/photo/fixtures';
import { checkFrontal, createMeshReader, pipelineFace, poseable } from '../app/test/photo/pose-faces';
import type { Rotation } from '../app/test/photo/repose';
import { guidanceTuning } from '../booth-client/src/call/photo/guidance';
import { machineFacts, round } from './stats';

const STEP = Number(process.env.BENCH_POSE_STEP ?? 2.5);
const MAX = Number(process.env.BENCH_POSE_MAX ?? 15);
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'photo-pose.json');

/** The sample faces; `frontal`: first re-posed to where the check reads the face as frontal. */
const faces: Record<string, { make: () => Promise<Buffer>; frontal?: boolean }> = {
  good: { make: () => portrait('good') },
  goodOnPlainWall: { make: () => plainBackgroundPortrait() },
  goodOnPlainWallFrontal: { make: () => plainBackgroundPortrait(), frontal: true },
  eyesDown: { make: () => portrait('eyesDown') },
  turned: { make: () => portrait('turned') },
};
const axes = ['pitch', 'yaw'] as const;
type Axis = (typeof axes)[number];

const detector = new FaceDetector();
const pipeline = createPhotoPipeline();
await Promise.all([detector.warmUp(), pipeline.warmUp()]);
const reader = await createMeshReader();

/** The angles the model reads on a JPEG (poseOf) and the head's turn the check reads (headPoseOf). */
async function estimate(jpeg: Buffer): Promise<{ read: PoseMeasure; turn: PoseMeasure } | undefined> {
  const face = await pipelineFace(detector, jpeg);
  return face && { read: poseOf(face), turn: headPoseOf(face) };
}

/** The grade of one axis alone (the others read as zero), as checkPose gives it. */
const axisLevel = (axis: Axis, pose: PoseMeasure): PhotoCheckLevel =>
  checkPose({ roll: 0, yaw: axis === 'yaw' ? pose.yaw : 0, pitch: axis === 'pitch' ? pose.pitch : photoThresholds.pitchFrontal }).level;

function lineFit(points: { applied: number; measured: number }[]) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.applied, 0) / n;
  const my = points.reduce((s, p) => s + p.measured, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.applied - mx) * (p.measured - my);
    sxx += (p.applied - mx) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residuals = points.map((p) => p.measured - (intercept + slope * p.applied));
  const rms = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / n);
  return {
    slope: round(slope, 3),
    intercept: round(intercept, 2),
    rmsError: round(rms, 2),
    maxError: round(Math.max(...residuals.map(Math.abs)), 2),
  };
}

/** The applied angles (on each side of 0) where the level first stops being pass, and first becomes fail. */
function boundaries(rows: { applied: number; level: PhotoCheckLevel }[]) {
  const side = (sign: 1 | -1) => {
    const out = rows.filter((r) => Math.sign(r.applied) === sign || r.applied === 0).sort((a, b) => sign * (a.applied - b.applied));
    return {
      firstNotPass: out.find((r) => r.level !== 'pass')?.applied ?? null,
      firstFail: out.find((r) => r.level === 'fail')?.applied ?? null,
    };
  };
  return { negative: side(-1), positive: side(1) };
}

const deltas: number[] = [];
for (let d = -MAX; d <= MAX + 1e-9; d += STEP) deltas.push(round(d, 2));

const results: Record<string, unknown> = {};
const t0 = performance.now();
const only = process.env.BENCH_POSE_FACES?.split(',');
const parts = (process.env.BENCH_POSE_PARTS ?? 'server,booth').split(',');
for (const [name, { make, frontal }] of Object.entries(faces).filter(([n]) => parts.includes('server') && (!only || only.includes(n)))) {
  const face = await poseable(reader, await make());
  const start: Rotation = frontal ? await checkFrontal(detector, face.render) : { pitch: 0, yaw: 0, roll: 0 };
  const zero = await estimate(await face.render(start));
  if (!zero) throw new Error(`${name}: no face at 0°`);
  const perAxis: Record<string, unknown> = {};
  for (const axis of axes) {
    const rows: {
      applied: number;
      pitch: number;
      yaw: number;
      roll: number;
      measured: number;
      turn: number;
      axisLevel: PhotoCheckLevel;
      poseCheck: PhotoCheckLevel;
      poseReason: string;
    }[] = [];
    for (const applied of deltas) {
      const jpeg = await face.render({ ...start, [axis]: start[axis] + applied });
      const found = await estimate(jpeg);
      if (!found) {
        console.log(`${name} ${axis} ${applied}°: no face`);
        continue;
      }
      const check = (await pipeline.process(jpeg)).checks.find((c) => c.id === 'pose')!;
      const pose = found.read;
      rows.push({
        applied,
        pitch: round(pose.pitch, 2),
        yaw: round(pose.yaw, 2),
        roll: round(pose.roll, 2),
        measured: round(pose[axis] - zero.read[axis], 2),
        turn: round(found.turn[axis] - zero.turn[axis], 2),
        axisLevel: axisLevel(axis, found.turn),
        poseCheck: check.level,
        poseReason: check.reason.en,
      });
    }
    const line = lineFit(rows);
    const corrected = lineFit(rows.map((r) => ({ applied: r.applied, measured: r.turn })));
    perAxis[axis] = {
      ...line,
      headPoseOf: corrected,
      boundaries: boundaries(rows.map((r) => ({ applied: r.applied, level: r.axisLevel }))),
      pipelineBoundaries: boundaries(rows.map((r) => ({ applied: r.applied, level: r.poseCheck }))),
      rows,
    };
    console.log(
      `${name.padEnd(22)} ${axis.padEnd(5)} zero ${round(zero.read[axis], 1)}°  slope ${line.slope} (headPoseOf ${corrected.slope})  rms ${line.rmsError}° (${corrected.rmsError}°)  max ${line.maxError}°  ` +
        rows.map((r) => `${r.applied}:${r.measured}/${r.axisLevel[0]}${r.poseCheck[0]}`).join(' '),
    );
  }
  const r2 = (p: PoseMeasure) => ({ pitch: round(p.pitch, 2), yaw: round(p.yaw, 2), roll: round(p.roll, 2) });
  results[name] = { start: r2({ roll: 0, ...start }), zero: r2(zero.read), zeroHeadPose: r2(zero.turn), ...perAxis };
}

/** The booth: its pose readings on each face turned from the check's zero (see the header). */
const booth: Record<string, unknown> = {};
const boothAngles = [-15, -12, -10, -7, -5, -3, 0, 3, 5, 7, 10, 12, 15];
if (parts.includes('booth')) {
  const boothDetector = await createBoothDetector();
  for (const [name, make] of Object.entries(boothPoseFaces).filter(([n]) => !only || only.includes(n))) {
    const face = await boothPoseFace({ reader, detector, booth: boothDetector }, await make());
    const perAxis: Record<string, unknown> = {};
    for (const axis of axes) {
      const rows: {
        applied: number;
        read: number | null;
        error: number | null;
        server: number | null;
        yaw: number | null;
        pitch: number | null;
        roll: number | null;
        head: number | null;
        instruction: string;
      }[] = [];
      for (const applied of boothAngles) {
        const reading = await face.read(axis, applied);
        const m = reading.measures;
        const read = m?.[axis];
        const server = (await face.server(axis, applied))?.[axis];
        rows.push({
          applied,
          read: read === undefined ? null : round(read, 2),
          error: read === undefined ? null : round(read - applied, 2),
          server: server === undefined ? null : round(server, 2),
          yaw: m?.yaw === undefined ? null : round(m.yaw, 2),
          pitch: m?.pitch === undefined ? null : round(m.pitch, 2),
          roll: m ? round(m.rollDegrees, 1) : null,
          head: m ? round(m.headShare, 3) : null,
          instruction: boothInstruction(reading, 'ready'),
        });
      }
      const found = rows.filter((r) => r.read !== null).map((r) => ({ applied: r.applied, measured: r.read! }));
      const fit = lineFit(found);
      perAxis[axis] = { ...fit, rows };
      console.log(
        `booth ${name.padEnd(16)} ${axis.padEnd(5)} slope ${fit.slope}/° ` +
          rows.map((r) => `${r.applied}:${r.read ?? '-'}|${r.server ?? '-'}/${r.instruction.slice(0, 7)}`).join(' '),
      );
    }
    const r2 = (p: Rotation) => ({ pitch: round(p.pitch, 2), yaw: round(p.yaw, 2), roll: round(p.roll ?? 0, 2) });
    booth[name] = { checkZero: r2(face.zero), ...perAxis };
  }
  await boothDetector.close();
}

await Promise.all([reader.close(), detector.close(), pipeline.close()]);
mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
writeFileSync(
  RESULTS_FILE,
  `${JSON.stringify(
    {
      benchmark: 'photo-pose',
      method:
        'sample faces re-posed by a known pitch or yaw (3D mesh from the face model, pinhole camera 7 face widths away, rotation about the head centre, piecewise-affine warp over TRI468 with a stretched band to 1.6x the outline, back to front, JPEG q92); measured = poseOf on the pipeline detection copy minus its value at 0 (the unwarped picture, or for *Frontal the re-pose the check reads as frontal: start); turn = the same with headPoseOf; axisLevel = checkPose on that axis of headPoseOf alone (others frontal); poseCheck = the whole pipeline pose check (all axes)',
      appliedSign: 'pitch > 0: chin down; yaw > 0: face turns to the picture left; both read > 0 by Human',
      thresholds: {
        pitch: photoThresholds.pitch,
        yaw: photoThresholds.yaw,
        roll: photoThresholds.roll,
        pitchFrontal: photoThresholds.pitchFrontal,
      },
      step: STEP,
      max: MAX,
      seconds: round((performance.now() - t0) / 1000, 1),
      machine: machineFacts(),
      faces: results,
      booth: {
        method: `each face re-posed to the server check zero (checkFrontal), placed in the booth camera frame with its head at 0.65 of the height where the guide wants it (framing found once at zero), shrunk to the ${BOOTH_ANALYSIS.width}x${BOOTH_ANALYSIS.height} analysis frame, JPEG q92 re-pose; read = guidance.ts measureFace yaw or pitch, i.e. the server's own headPoseOf + poseFromFrontal on the face mesh of the largest counted face (preview-detect.ts), in the server's degrees from frontal; error = read - applied; server = what the server's pose check reads (the same functions) on the still the booth camera takes of the same frame (1280x720, JPEG q92, the pipeline's 480-px detection copy); instruction = instructionFor from ready`,
        appliedSign: 'yaw > 0: face turns to the picture left (read > 0); pitch > 0: chin down (read > 0)',
        limits: { roll: guidanceTuning.roll, yaw: guidanceTuning.yaw, pitch: guidanceTuning.pitch },
        angles: boothAngles,
        faces: booth,
      },
    },
    null,
    2,
  )}\n`,
);
console.log(`written ${path.relative(repoRoot, RESULTS_FILE)}`);
