/**
 * The booth's guidance against the server's pose check, on real faces of known pose (issue 19,
 * decision 0038): each sample face re-posed to where the server's check reads it as frontal, then
 * turned by a known yaw or pitch, framed as the booth's camera sees a resident at the guide, and
 * read by the booth's own chain (booth-view.ts: the 480 × 270 analysis frame, BlazeFace, then the
 * server's face mesh on the largest face read through the server's own headPoseOf and
 * poseFromFrontal, guidance.ts). The server passes a photo within ±5° of yaw and pitch; the booth
 * must ask from there on, and not for a face within 3° of frontal.
 *
 * Fails on the booth before the mesh (its key-point proxies, pitch limit 12°): a raised chin of
 * 8–10° and a lowered one of 8° were ready there, and the camera face, which the server reads at
 * −12° of yaw in the booth's framing, was ready too.
 *
 * Before the detector's input was padded to a square (decision 0038, 5 Dec night) the mesh read the
 * good faces' yaw ≈ 3° left of the applied turn on both the booth's frame and the server's still (so
 * +8° and +10° were ready, and the server passed them), and the camera face at +12° of yaw read 4.1°
 * on the booth and 11.0° on the server's still; this test then left out +8°, +10° and that reading.
 * Now yaw is asked from 8° either way and all 13 angles of the three faces are compared. The
 * eyes-down (eyes closed) and turned faces are left out: their mesh reads roll and yaw that the
 * re-pose did not put there, on the booth and on the server alike.
 */

import type { PhotoInstruction } from '@madoguchi/db/call-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidanceTuning } from '../../../booth-client/src/call/photo/guidance';
import { FaceDetector } from '../../server/photos/face.server';
import { type BoothDetector, type BoothPoseFace, boothInstruction, boothPoseFace, boothPoseFaces, createBoothDetector } from './booth-view';
import { createMeshReader, type MeshReader } from './pose-faces';

const FACES = ['good', 'goodOnPlainWall', 'camera'] as const;
type Face = (typeof FACES)[number];

let detector: FaceDetector;
let reader: MeshReader;
let booth: BoothDetector;
const faces = {} as Record<Face, BoothPoseFace>;

beforeAll(async () => {
  detector = new FaceDetector();
  [reader, booth] = await Promise.all([createMeshReader(), createBoothDetector(), detector.warmUp()]);
  for (const name of FACES) faces[name] = await boothPoseFace({ reader, detector, booth }, await boothPoseFaces[name]!());
}, 120_000);
afterAll(async () => {
  await Promise.all([reader?.close(), detector?.close(), booth?.close()]);
});

/** The booth's instruction on `face` turned `degrees` on `axis`, when it showed `current` before. */
async function said(face: Face, axis: 'yaw' | 'pitch', degrees: number, current: PhotoInstruction = 'ready') {
  const reading = await faces[face].read(axis, degrees);
  const m = reading.measures;
  return {
    instruction: boothInstruction(reading, current),
    read: m
      ? `roll ${m.rollDegrees.toFixed(1)}°, yaw ${m.yaw?.toFixed(1)}°, pitch ${m.pitch?.toFixed(1)}°, head ${m.headShare.toFixed(3)}`
      : 'no face',
    /**
     * The instructions the booth gives before the pose's (guidance.ts instructionFor's order) that
     * its own measures call for: a chin raised 15° shortens the eye–mouth distance the head's size
     * is read from (the plain-wall face: head 0.542 of the height at −15°, the move-closer limit 0.55).
     */
    before: m && m.headShare < guidanceTuning.closer.enter ? (['move-closer'] as PhotoInstruction[]) : [],
  };
}

describe('yaw: the booth asks to look straight where the server leaves its pass band', () => {
  it.each(['good', 'goodOnPlainWall'] as const)('%s: look-straight from 8° either way, ready at 0 and 3°', async (face) => {
    for (const degrees of [-15, -12, -10, -8, 8, 10, 12, 15]) {
      const { instruction, read } = await said(face, 'yaw', degrees);
      expect(instruction, `${face} at ${degrees}° (${read})`).toBe('look-straight');
    }
    for (const degrees of [0, 3]) {
      const { instruction, read } = await said(face, 'yaw', degrees);
      expect(instruction, `${face} at ${degrees}° (${read})`).toBe('ready');
    }
    const { instruction, read } = await said(face, 'yaw', 0, 'look-straight');
    expect(instruction, `${face} at 0° after look-straight (${read})`).toBe('ready');
  });
});

describe('pitch: the booth tells a chin 8° up or down, and not one within 3°', () => {
  // Applied pitch > 0 nods the chin down: the booth asks to raise it.
  it.each(['good', 'goodOnPlainWall'] as const)('%s: chin-up / chin-down from 8°, ready within 3°', async (face) => {
    for (const degrees of [-12, -10, -8, 8, 12]) {
      const { instruction, read } = await said(face, 'pitch', degrees);
      expect(instruction, `${face} at ${degrees}° (${read})`).toBe(degrees > 0 ? 'chin-up' : 'chin-down');
    }
    // At 15° the mesh also reads some yaw (−6° on the good face): either pose instruction will do.
    for (const degrees of [-15, 15]) {
      const { instruction, read, before } = await said(face, 'pitch', degrees);
      expect(['look-straight', degrees > 0 ? 'chin-up' : 'chin-down', ...before], `${face} at ${degrees}° (${read})`).toContain(
        instruction,
      );
    }
    for (const degrees of [-3, 0, 3]) {
      const { instruction, read } = await said(face, 'pitch', degrees);
      expect(instruction, `${face} at ${degrees}° (${read})`).toBe('ready');
    }
    const { instruction, read } = await said(face, 'pitch', 0, 'chin-up');
    expect(instruction, `${face} at 0° after chin-up (${read})`).toBe('ready');
  });
});

describe('the booth and the server’s check on the still it would take agree', () => {
  const poseInstructions: readonly PhotoInstruction[] = ['look-straight', 'chin-up', 'chin-down'];
  it.each(FACES)(
    '%s: a pose instruction where the server reads 7° or more, none within 3°',
    async (face) => {
      let judged = 0;
      for (const axis of ['yaw', 'pitch'] as const) {
        for (const degrees of [-15, -12, -10, -7, -5, -3, 0, 3, 5, 7, 10, 12, 15]) {
          const server = await faces[face].server(axis, degrees);
          expect(server, `${face} ${axis} ${degrees}°: the server finds the face`).toBeDefined();
          const { instruction, read, before } = await said(face, axis, degrees);
          const worst = Math.max(Math.abs(server!.yaw), Math.abs(server!.pitch));
          const what = `${face} ${axis} ${degrees}° (booth ${read}; server roll ${server!.roll.toFixed(1)}°, yaw ${server!.yaw.toFixed(1)}°, pitch ${server!.pitch.toFixed(1)}°)`;
          if (worst >= 7) {
            expect([...poseInstructions, ...before], what).toContain(instruction);
            judged++;
          } else if (worst <= 3 && Math.abs(server!.roll) <= 5) {
            expect(instruction, what).toBe('ready');
            judged++;
          }
        }
      }
      // Enough readings fall outside the band between 3° and 7° for this to say something.
      expect(judged).toBeGreaterThanOrEqual(8);
    },
    120_000,
  );
});
