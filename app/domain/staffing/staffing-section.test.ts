import { describe, expect, it } from 'vitest';
import type { DayInput } from './staffing-section';
import { staffingSection } from './staffing-section';

const flat = (value: number) => Array.from({ length: 48 }, () => value);
const noDemand = () => Array.from({ length: 48 }, () => ({ offered: 0, withinServiceLevel: 0, handlingMsSum: 0, handlingCount: 0 }));
const day = (date: string, over: Partial<DayInput> = {}): DayInput => ({
  date,
  demand: noDemand(),
  planned: flat(0),
  actual: flat(0),
  ...over,
});
/** A stand-in staffing function: one operator per 5 calls, rounded up. */
const perFive = ({ calls }: { calls: number }) => Math.ceil(calls / 5);
const windows = [{ weekdays: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 960, operators: 2 }];

describe('the staffing section', () => {
  it('averages each interval over the days of a kind, requires the higher of minimum and Erlang', () => {
    // Two Mondays: 10 and 20 calls at 10:00 (interval 20), 300 s each.
    const busy = (calls: number) => {
      const demand = noDemand();
      demand[20] = { offered: calls, withinServiceLevel: calls - 2, handlingMsSum: calls * 300_000, handlingCount: calls };
      return demand;
    };
    const rows = staffingSection(
      [
        day('2026-12-07', { demand: busy(10), planned: flat(3), actual: flat(2) }),
        day('2026-12-14', { demand: busy(20), planned: flat(3), actual: flat(4) }),
      ],
      windows,
      perFive,
    );
    const at10 = rows.find((r) => r.interval === 20)!;
    expect(at10).toMatchObject({
      dayKind: 1,
      days: 2,
      start: '10:00',
      calls: 15,
      avgHandlingSeconds: 300,
      required: 3,
      requiredBy: 'erlang',
    });
    expect(at10).toMatchObject({ planned: 3, actual: 3, planGap: 0, offered: 30 });
    expect(at10.serviceLevel).toBeCloseTo(26 / 30, 12);
    // 09:00: no calls, the window's 2 apply; planned 3 is one more than required.
    expect(rows.find((r) => r.interval === 18)).toMatchObject({
      required: 2,
      requiredBy: 'minimum',
      calls: 0,
      planGap: 1,
      serviceLevel: null,
    });
  });

  it('a national holiday is its own kind, after Sunday; no window applies on it', () => {
    const rows = staffingSection(
      [day('2026-11-23', { planned: flat(1) }), day('2026-11-22'), day('2026-11-24', { planned: flat(0) })],
      windows,
      perFive,
    );
    const kinds = [...new Set(rows.map((r) => r.dayKind))];
    expect(kinds).toEqual([2, 7]);
    expect(rows.filter((r) => r.dayKind === 7).every((r) => r.required === 0 && r.planned === 1)).toBe(true);
  });

  it('an interval that answered none takes the month mean handling time', () => {
    const demand = noDemand();
    demand[20] = { offered: 0, withinServiceLevel: 0, handlingMsSum: 600_000, handlingCount: 1 };
    demand[21] = { offered: 10, withinServiceLevel: 0, handlingMsSum: 0, handlingCount: 0 };
    const rows = staffingSection([day('2026-12-07', { demand })], [], perFive);
    expect(rows.find((r) => r.interval === 21)).toMatchObject({ avgHandlingSeconds: 600, required: 2 });
  });

  it('leaves out intervals with nothing in them, and says nothing for a month with nothing', () => {
    expect(staffingSection([day('2026-12-06')], [], perFive)).toEqual([]);
    const rows = staffingSection([day('2026-12-07')], windows, perFive);
    expect(rows.map((r) => r.start)).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
      '12:30',
      '13:00',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
    ]);
  });
});
