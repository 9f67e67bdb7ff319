import { describe, expect, it } from 'vitest';
import { AbsenceWatch } from './console-presence';

const GRACE = 60_000;

describe('AbsenceWatch', () => {
  it('reports an operator only once absent for the whole grace period', () => {
    const watch = new AbsenceWatch(GRACE);
    expect(watch.observe([{ id: 'a', present: false }], 0)).toEqual([]);
    expect(watch.observe([{ id: 'a', present: false }], GRACE - 1)).toEqual([]);
    expect(watch.observe([{ id: 'a', present: false }], GRACE)).toEqual(['a']);
  });

  it('a console seen again starts the count afresh', () => {
    const watch = new AbsenceWatch(GRACE);
    watch.observe([{ id: 'a', present: false }], 0);
    watch.observe([{ id: 'a', present: true }], 30_000);
    expect(watch.absentFor('a')).toBeNull();
    expect(watch.observe([{ id: 'a', present: false }], 40_000)).toEqual([]);
    expect(watch.observe([{ id: 'a', present: false }], 40_000 + GRACE - 1)).toEqual([]);
    expect(watch.observe([{ id: 'a', present: false }], 40_000 + GRACE)).toEqual(['a']);
  });

  it('keeps reporting an operator who could not be taken offline (on a call) at each look', () => {
    const watch = new AbsenceWatch(GRACE);
    watch.observe([{ id: 'a', present: false }], 0);
    expect(watch.observe([{ id: 'a', present: false }], GRACE)).toEqual(['a']);
    expect(watch.observe([{ id: 'a', present: false }], GRACE + 5_000)).toEqual(['a']);
  });

  it('forgets an operator who went offline, so a later absence counts from its own start', () => {
    const watch = new AbsenceWatch(GRACE);
    watch.observe([{ id: 'a', present: false }], 0);
    expect(watch.observe([], 10_000)).toEqual([]);
    expect(watch.absentFor('a')).toBeNull();
    expect(watch.observe([{ id: 'a', present: false }], GRACE + 1)).toEqual([]);
  });

  it('returns the longest absent first, and leaves present operators alone', () => {
    const watch = new AbsenceWatch(GRACE);
    watch.observe([{ id: 'b', present: false }], 0);
    watch.observe(
      [
        { id: 'b', present: false },
        { id: 'a', present: false },
        { id: 'c', present: true },
      ],
      1_000,
    );
    const due = watch.observe(
      [
        { id: 'a', present: false },
        { id: 'b', present: false },
        { id: 'c', present: true },
      ],
      GRACE + 1_000,
    );
    expect(due).toEqual(['b', 'a']);
  });
});
