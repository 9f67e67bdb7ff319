import { describe, expect, it } from 'vitest';
import { faceMeasures } from './face-measures';
import { meshWith } from './landmarks.test';
import { fill } from './synthetic.test-helpers';

const copy = fill(64, 64, () => [180, 140, 120]);
const from = { left: 400, top: 400, width: 200, height: 200 };

describe('faceMeasures', () => {
  it('without a mesh measures nothing (every check then says "not measured")', () => {
    expect(faceMeasures([], copy, from)).toEqual({});
  });

  it('without iris points has no red-eye figure, and a mesh all in one point gives no eye or mouth figures', () => {
    const m = faceMeasures(meshWith({}), copy, from);
    expect(m.redEye).toBeUndefined();
    expect(m.mouth).toBeUndefined(); // no inter-eye distance
    expect(m.eyes).toBeUndefined();
  });
});
