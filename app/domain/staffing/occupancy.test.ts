import { describe, expect, it } from 'vitest';
import { actualPerInterval, occupancyOf } from './occupancy';

const M = 60_000;

describe('occupancy', () => {
  it('busy (on a call, after-call work) over staffed (those and available, ringing); breaks count in neither', () => {
    const spans = [
      { status: 'available' as const, start: 0, end: 10 * M },
      { status: 'offered' as const, start: 10 * M, end: 11 * M },
      { status: 'on_call' as const, start: 11 * M, end: 26 * M },
      { status: 'wrap_up' as const, start: 26 * M, end: 30 * M },
      { status: 'break' as const, start: 30 * M, end: 45 * M },
    ];
    expect(occupancyOf(spans, 0, 60 * M)).toEqual({ staffedMs: 30 * M, busyMs: 19 * M, occupancy: 19 / 30 });
  });
  it('clips to the range; nobody staffed is null, not NaN', () => {
    expect(occupancyOf([{ status: 'on_call', start: -10 * M, end: 10 * M }], 0, 30 * M)).toMatchObject({ busyMs: 10 * M, occupancy: 1 });
    expect(occupancyOf([{ status: 'break', start: 0, end: 10 * M }], 0, 30 * M).occupancy).toBeNull();
  });
});

describe('actual operators per interval', () => {
  it('staffed time ÷ interval length, across interval boundaries', () => {
    const spans = [
      { status: 'available' as const, start: 15 * M, end: 45 * M },
      { status: 'on_call' as const, start: 0, end: 60 * M },
      { status: 'away' as const, start: 0, end: 60 * M },
    ];
    expect(actualPerInterval(spans, 0, 30 * M, 2)).toEqual([1.5, 1.5]);
  });
  it('ignores spans outside the intervals', () => {
    expect(actualPerInterval([{ status: 'available', start: 90 * M, end: 120 * M }], 0, 30 * M, 2)).toEqual([0, 0]);
  });
});
