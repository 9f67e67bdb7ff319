import { describe, expect, it } from 'vitest';
import { meshKeypoints } from './preview-detect';

// detectPreviewFaces runs the real models in app/test/photo/booth-guidance-pose.test.ts (which
// fails with the booth's key-point proxies before the mesh: see its header).

describe('meshKeypoints', () => {
  it('takes the detector’s six key points from the mesh: eye centres, nose tip, inner lips, beside the ears', () => {
    const mesh = new Array<number>(468 * 2).fill(0);
    const at = (i: number, x: number, y: number) => {
      mesh[i * 2] = x;
      mesh[i * 2 + 1] = y;
    };
    at(33, 100, 50);
    at(133, 120, 52);
    at(263, 180, 50);
    at(362, 160, 52);
    at(1, 140, 80);
    at(13, 140, 100);
    at(14, 140, 104);
    at(234, 80, 70);
    at(454, 200, 70);
    expect(meshKeypoints(mesh)).toEqual([
      [110, 51],
      [170, 51],
      [140, 80],
      [140, 102],
      [80, 70],
      [200, 70],
    ]);
  });
});
