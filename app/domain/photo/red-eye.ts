/**
 * Red eye: how much redder the pupil is than the rest of the iris (flash light returned by the
 * retina). The pupil is taken as a disc at the iris centre with PUPIL_SHARE of the iris radius (the
 * iris model gives the iris, not the pupil); the iris ring is IRIS_RING of the radius outwards.
 * The measure is the share of red pixels in the disc minus that in the ring, so a brown iris in
 * warm light (red in both) does not read as red eye. ICAO 9303 part 3 and ISO/IEC 19794-5 forbid
 * red eye; J-LIS lists it among unsuitable photos.
 */
import type { Point } from './landmarks';
import type { Rgb } from './rgb';

export const PUPIL_SHARE = 0.4;
export const IRIS_RING = [0.65, 1] as const;
/** A red pixel: red at least this bright … */
export const RED_MIN = 100;
/** … and at least this many times the mean of green and blue (skin is ≈ 1.2–1.6, a brown iris up to ≈ 2, red eye ≥ 2.5). */
export const RED_RATIO = 2.2;

/** Red share of the pupil disc minus that of the iris ring (0–1), the larger of the two eyes; undefined when too small to judge. */
export function redEye(image: Rgb, irises: readonly { centre: Point; radius: number }[]): number | undefined {
  let worst: number | undefined;
  for (const { centre, radius } of irises) {
    let pupil = 0;
    let pupilRed = 0;
    let ring = 0;
    let ringRed = 0;
    for (let y = Math.max(0, Math.floor(centre.y - radius)); y <= Math.min(image.height - 1, Math.ceil(centre.y + radius)); y++)
      for (let x = Math.max(0, Math.floor(centre.x - radius)); x <= Math.min(image.width - 1, Math.ceil(centre.x + radius)); x++) {
        const d = Math.hypot(x + 0.5 - centre.x, y + 0.5 - centre.y) / radius;
        const inPupil = d <= PUPIL_SHARE;
        const inRing = d >= IRIS_RING[0] && d <= IRIS_RING[1];
        if (!inPupil && !inRing) continue;
        const i = (y * image.width + x) * 3;
        const R = image.data[i]!;
        const red = R >= RED_MIN && R >= RED_RATIO * ((image.data[i + 1]! + image.data[i + 2]!) / 2) ? 1 : 0;
        if (inPupil) {
          pupil++;
          pupilRed += red;
        } else {
          ring++;
          ringRed += red;
        }
      }
    // A pupil of fewer than 3 pixels cannot be judged.
    if (pupil < 3 || ring < 3) return undefined;
    worst = Math.max(worst ?? 0, Math.max(0, pupilRed / pupil - ringRed / ring));
  }
  return worst;
}
