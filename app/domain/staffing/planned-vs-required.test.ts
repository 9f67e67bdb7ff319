import { describe, expect, it } from 'vitest';
import { plannedVsRequired, type RequiredInterval } from './planned-vs-required';
import { plannedPerInterval } from './shifts';

const need = (interval: number, minimum: number, onCalls: number, calls = 0): RequiredInterval => ({
  interval,
  calls,
  onCalls,
  minimum,
  required: Math.max(minimum, onCalls),
});
const at = (startMinute: number, planned: number) => ({ startMinute, endMinute: startMinute + 30, planned });

describe('planned vs required', () => {
  it('joins by interval; short when planned is below required; counts the short intervals', () => {
    const { intervals, shortCount } = plannedVsRequired(
      [at(540, 1), at(570, 2), at(600, 3)],
      [need(18, 2, 0), need(19, 2, 1, 4.5), need(20, 1, 3, 12.25)],
    );
    expect(intervals).toEqual([
      { startMinute: 540, endMinute: 570, planned: 1, required: 2, basis: 'minimum', calls: 0, short: true },
      { startMinute: 570, endMinute: 600, planned: 2, required: 2, basis: 'minimum', calls: 4.5, short: false },
      { startMinute: 600, endMinute: 630, planned: 3, required: 3, basis: 'forecast', calls: 12.25, short: false },
    ]);
    expect(shortCount).toBe(1);
  });

  it('a tie between the windows and the forecast is the windows’; nothing required is basis none and never short', () => {
    const { intervals } = plannedVsRequired([at(0, 0), at(30, 0)], [need(0, 2, 2), need(1, 0, 0)]);
    expect(intervals.map((i) => [i.basis, i.short])).toEqual([
      ['minimum', true],
      ['none', false],
    ]);
  });

  it('an interval without a requirement requires 0 (a missing day: nothing short)', () => {
    const { intervals, shortCount } = plannedVsRequired([at(540, 0), at(570, 1)], []);
    expect(intervals.map((i) => [i.required, i.basis, i.short])).toEqual([
      [0, 'none', false],
      [0, 'none', false],
    ]);
    expect(shortCount).toBe(0);
  });

  it('a share of an operator short counts; summed thirds equal to the need do not', () => {
    expect(plannedVsRequired([at(540, 1.5)], [need(18, 2, 0)]).intervals[0]!.short).toBe(true);
    expect(plannedVsRequired([at(540, 1 / 3 + 1 / 3 + 1 / 3)], [need(18, 1, 0)]).intervals[0]!.short).toBe(false);
  });

  it('a whole day from plannedPerInterval: only the window’s intervals the shift misses are short', () => {
    const planned = plannedPerInterval(
      [{ date: '2027-01-04', startMinute: 540, endMinute: 720, breakStartMinute: 600, breakEndMinute: 630, municipalityIds: ['m'] }],
      '2027-01-04',
      'm',
    );
    // A window 09:00–12:00 of at least 1: the break 10:00–10:30 is the only short interval.
    const required = Array.from({ length: 48 }, (_, i) => need(i, i >= 18 && i < 24 ? 1 : 0, 0));
    const { intervals, shortCount } = plannedVsRequired(planned, required);
    expect(intervals).toHaveLength(48);
    expect(intervals.filter((i) => i.short).map((i) => i.startMinute)).toEqual([600]);
    expect(shortCount).toBe(1);
  });
});
