import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CopyCandidate,
  copyWeek,
  defaultCoverage,
  isWeekStart,
  minuteOfTime,
  monthDates,
  plannedPerInterval,
  type Shift,
  type ShiftDraft,
  shiftIssues,
  shiftsCsv,
  timeOfMinute,
  weekDates,
  weekdayIndex,
  weekGrid,
  weekStartOf,
  workedMinutes,
} from './shifts';

const TOIN = 'town-toin';
const HITO = 'town-hitoyoshi';

const draft = (over: Partial<ShiftDraft> = {}): ShiftDraft => ({
  accountId: 'op-a',
  date: '2026-12-07',
  startMinute: 9 * 60,
  endMinute: 18 * 60,
  breakStartMinute: 12 * 60,
  breakEndMinute: 13 * 60,
  municipalityIds: [TOIN],
  languages: ['ja'],
  procedures: ['renewal'],
  ...over,
});
const shift = (over: Partial<Shift> = {}): Shift => ({ id: `s-${Math.random()}`, ...draft(over), ...over });
const codes = (d: ShiftDraft) => shiftIssues(d).map((i) => `${i.code}@${i.path}`);

describe('shiftIssues', () => {
  it('a day shift with a lunch break is fine', () => {
    expect(shiftIssues(draft())).toEqual([]);
  });

  it('a shift without a break is fine; a whole day 00:00–24:00 is fine', () => {
    expect(codes(draft({ breakStartMinute: null, breakEndMinute: null }))).toEqual([]);
    expect(codes(draft({ startMinute: 0, endMinute: 1440, breakStartMinute: null, breakEndMinute: null }))).toEqual([]);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-12-7', '', 'tomorrow'])('a date that does not exist (%j) is refused', (date) => {
    expect(codes(draft({ date }))).toContain('date@date');
  });

  it('29 February of a leap year exists', () => {
    expect(codes(draft({ date: '2028-02-29' }))).toEqual([]);
  });

  it.each([
    [-15, 'startMinute'],
    [1455, 'startMinute'],
  ])('a start outside the day (%d) is out of range', (startMinute, path) => {
    expect(codes(draft({ startMinute }))).toContain(`time_range@${path}`);
  });

  it('an end after midnight (24:15) is out of range: a night shift is two shifts, one per date', () => {
    expect(codes(draft({ endMinute: 1455 }))).toContain('time_range@endMinute');
  });

  it('a non-integer minute is out of range', () => {
    expect(codes(draft({ startMinute: 540.5 }))).toContain('time_range@startMinute');
  });

  it('the end must come after the start (equal is refused too)', () => {
    expect(codes(draft({ startMinute: 600, endMinute: 540, breakStartMinute: null, breakEndMinute: null }))).toEqual([
      'time_order@endMinute',
    ]);
    expect(codes(draft({ startMinute: 600, endMinute: 600, breakStartMinute: null, breakEndMinute: null }))).toEqual([
      'time_order@endMinute',
    ]);
  });

  it.each([
    ['startMinute', 9 * 60 + 5],
    ['endMinute', 17 * 60 + 50],
    ['breakStartMinute', 12 * 60 + 10],
    ['breakEndMinute', 13 * 60 + 1],
  ] as const)('%s off the 15-minute grid is refused', (path, minute) => {
    expect(codes(draft({ [path]: minute }))).toContain(`time_grid@${path}`);
  });

  it('08:15–17:00 (Toin town hall) and 12:45 breaks lie on the grid', () => {
    expect(codes(draft({ startMinute: 495, endMinute: 1020, breakStartMinute: 720, breakEndMinute: 765 }))).toEqual([]);
  });

  it('a break needs both ends', () => {
    expect(codes(draft({ breakEndMinute: null }))).toEqual(['break_pair@breakEndMinute']);
    expect(codes(draft({ breakStartMinute: null }))).toEqual(['break_pair@breakStartMinute']);
  });

  it.each([
    ['starts at the shift start', 540, 600],
    ['ends at the shift end', 1020, 1080],
    ['starts before the shift', 480, 600],
    ['ends after the shift', 1020, 1110],
    ['covers the whole shift', 540, 1080],
    ['ends before it starts', 780, 720],
    ['has no length', 720, 720],
  ])('a break that %s is refused (strictly inside, so shorter than the shift)', (_, breakStartMinute, breakEndMinute) => {
    expect(codes(draft({ breakStartMinute, breakEndMinute }))).toEqual(['break_inside@breakStartMinute']);
  });

  it('a 15-minute break in a 45-minute shift is fine', () => {
    expect(codes(draft({ startMinute: 600, endMinute: 645, breakStartMinute: 615, breakEndMinute: 630 }))).toEqual([]);
  });

  it('needs a municipality and a language; procedures may be empty', () => {
    expect(codes(draft({ municipalityIds: [], languages: [], procedures: [] }))).toEqual([
      'no_municipality@municipalityIds',
      'no_language@languages',
    ]);
  });

  it('with the account: only what the operator serves', () => {
    const account = { municipalityIds: [TOIN], languages: ['ja', 'en'] as const, procedures: ['renewal'] as const };
    const a = { municipalityIds: [...account.municipalityIds], languages: [...account.languages], procedures: [...account.procedures] };
    expect(shiftIssues(draft(), a)).toEqual([]);
    expect(shiftIssues(draft({ municipalityIds: [TOIN, HITO] }), a)).toEqual([{ code: 'not_served', path: 'municipalityIds' }]);
    expect(shiftIssues(draft({ languages: ['vi'] }), a)).toEqual([{ code: 'not_served', path: 'languages' }]);
    expect(shiftIssues(draft({ procedures: ['lost_reissue'] }), a)).toEqual([{ code: 'not_served', path: 'procedures' }]);
  });

  it('several problems are all reported', () => {
    expect(codes(draft({ date: 'x', startMinute: 541, endMinute: 1500, breakEndMinute: null }))).toEqual([
      'date@date',
      'time_grid@startMinute',
      'time_range@endMinute',
      'break_pair@breakEndMinute',
    ]);
  });
});

describe('defaults and worked minutes', () => {
  it('a new shift covers the account’s municipalities, languages and procedures (copies, not the same arrays)', () => {
    const account = { municipalityIds: [TOIN, HITO], languages: ['ja', 'en'] as ('ja' | 'en')[], procedures: ['renewal'] as 'renewal'[] };
    const coverage = defaultCoverage(account);
    expect(coverage).toEqual({ municipalityIds: [TOIN, HITO], languages: ['ja', 'en'], procedures: ['renewal'] });
    coverage.municipalityIds.pop();
    expect(account.municipalityIds).toHaveLength(2);
  });

  it('worked minutes leave out the break', () => {
    expect(workedMinutes(draft())).toBe(8 * 60);
    expect(workedMinutes(draft({ breakStartMinute: null, breakEndMinute: null }))).toBe(9 * 60);
  });
});

describe('times and dates', () => {
  it.each([
    ['00:00', 0],
    ['08:15', 495],
    ['23:45', 1425],
    ['24:00', 1440],
  ])('%s is minute %d and back', (time, minute) => {
    expect(minuteOfTime(time)).toBe(minute);
    expect(timeOfMinute(minute)).toBe(time);
  });

  it.each(['24:15', '8:15', '08:60', '25:00', '', '0815', '08:15:00'])('%j is not a time', (time) => {
    expect(minuteOfTime(time)).toBeNull();
  });

  it('weeks start on Monday', () => {
    expect(weekdayIndex('2026-12-07')).toBe(0); // Monday
    expect(weekdayIndex('2026-12-13')).toBe(6); // Sunday
    expect(weekStartOf('2026-12-13')).toBe('2026-12-07');
    expect(weekStartOf('2026-12-07')).toBe('2026-12-07');
    expect(weekStartOf('2027-01-01')).toBe('2026-12-28');
    expect(weekdayIndex('1969-12-29')).toBe(0);
    expect(isWeekStart('2026-12-07')).toBe(true);
    expect(isWeekStart('2026-12-08')).toBe(false);
    expect(isWeekStart('2026-02-30')).toBe(false);
  });

  it('a week is seven dates across a month and a year', () => {
    expect(weekDates('2026-12-28')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('a month has its days, February of a leap year 29', () => {
    expect(monthDates('2026-12')).toHaveLength(31);
    expect(monthDates('2028-02').at(-1)).toBe('2028-02-29');
    expect(monthDates('2026-02')).toHaveLength(28);
  });
});

describe('copyWeek', () => {
  const op = (accountId: string, over: Partial<CopyCandidate> = {}): CopyCandidate => ({
    accountId,
    disabled: false,
    municipalityIds: [TOIN],
    languages: ['ja', 'en'],
    procedures: ['renewal', 'health_insurance'],
    ...over,
  });
  const from = '2026-12-07';
  const to = '2026-12-14';

  it('each shift goes to the same weekday of the target week, times and coverage kept', () => {
    const source = [draft({ date: '2026-12-07' }), draft({ date: '2026-12-13', startMinute: 600, languages: ['en'] })];
    const plan = copyWeek(source, from, to, [op('op-a')], []);
    expect(plan.skipped).toEqual([]);
    expect(plan.create.map((s) => [s.date, s.startMinute, s.languages])).toEqual([
      ['2026-12-14', 540, ['ja']],
      ['2026-12-20', 600, ['en']],
    ]);
    expect(plan.create[0]).toMatchObject({ endMinute: 1080, breakStartMinute: 720, breakEndMinute: 780, procedures: ['renewal'] });
  });

  it('copies backwards and across several weeks as well', () => {
    expect(copyWeek([draft({ date: '2026-12-09' })], from, '2026-11-23', [op('op-a')], []).create[0]!.date).toBe('2026-11-25');
    expect(copyWeek([draft({ date: '2026-12-09' })], from, '2027-01-04', [op('op-a')], []).create[0]!.date).toBe('2027-01-06');
  });

  it('skips a disabled operator, and one no longer known', () => {
    const plan = copyWeek([draft(), draft({ accountId: 'gone' })], from, to, [op('op-a', { disabled: true })], []);
    expect(plan.create).toEqual([]);
    expect(plan.skipped).toEqual([
      { accountId: 'gone', date: '2026-12-14', reason: 'unknown_account' },
      { accountId: 'op-a', date: '2026-12-14', reason: 'disabled' },
    ]);
  });

  it('never overwrites: a day already planned in the target week is skipped', () => {
    const plan = copyWeek([draft(), draft({ date: '2026-12-08' })], from, to, [op('op-a')], [{ accountId: 'op-a', date: '2026-12-14' }]);
    expect(plan.create.map((s) => s.date)).toEqual(['2026-12-15']);
    expect(plan.skipped).toEqual([{ accountId: 'op-a', date: '2026-12-14', reason: 'already_planned' }]);
  });

  it('a week copied onto itself creates nothing', () => {
    const source = [draft(), draft({ date: '2026-12-09' })];
    const plan = copyWeek(source, from, from, [op('op-a')], source);
    expect(plan.create).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['already_planned', 'already_planned']);
  });

  it('ignores shifts outside the source week', () => {
    expect(copyWeek([draft({ date: '2026-12-14' })], from, to, [op('op-a')], [])).toEqual({ create: [], skipped: [] });
  });

  it('cuts the coverage to what the operator serves now; no municipality left → skipped', () => {
    const source = [
      draft({ municipalityIds: [TOIN, HITO], languages: ['vi'], procedures: ['renewal', 'lost_reissue'] }),
      draft({ date: '2026-12-08', municipalityIds: [HITO] }),
    ];
    const plan = copyWeek(source, from, to, [op('op-a')], []);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]).toMatchObject({ municipalityIds: [TOIN], languages: ['ja', 'en'], procedures: ['renewal'] });
    expect(plan.skipped).toEqual([{ accountId: 'op-a', date: '2026-12-15', reason: 'no_municipality' }]);
  });

  it('every copied shift still passes validation against its account', () => {
    const account = op('op-a');
    const source = [draft(), draft({ date: '2026-12-10', municipalityIds: [TOIN, HITO], languages: ['vi'] })];
    for (const s of copyWeek(source, from, to, [account], []).create) expect(shiftIssues(s, account)).toEqual([]);
  });
});

describe('plannedPerInterval', () => {
  const day = '2026-12-07';
  const at = (list: ReturnType<typeof plannedPerInterval>, time: string) => list.find((i) => i.startMinute === minuteOfTime(time))!.planned;

  it('48 half-hour intervals, all zero without shifts', () => {
    const list = plannedPerInterval([], day, TOIN);
    expect(list).toHaveLength(48);
    expect(list[0]).toEqual({ startMinute: 0, endMinute: 30, planned: 0 });
    expect(list[47]).toEqual({ startMinute: 1410, endMinute: 1440, planned: 0 });
  });

  it('one operator 09:00–18:00 with a 12:00–13:00 break', () => {
    const list = plannedPerInterval([shift()], day, TOIN);
    expect(at(list, '08:30')).toBe(0);
    expect(at(list, '09:00')).toBe(1);
    expect(at(list, '11:30')).toBe(1);
    expect(at(list, '12:00')).toBe(0);
    expect(at(list, '12:30')).toBe(0);
    expect(at(list, '13:00')).toBe(1);
    expect(at(list, '17:30')).toBe(1);
    expect(at(list, '18:00')).toBe(0);
    expect(list.reduce((sum, i) => sum + i.planned * 30, 0)).toBe(workedMinutes(shift()));
  });

  it('partial intervals count in proportion: 08:15 start and a 12:15–12:45 break give ½', () => {
    const list = plannedPerInterval([shift({ startMinute: 495, endMinute: 1020, breakStartMinute: 735, breakEndMinute: 765 })], day, TOIN);
    expect(at(list, '08:00')).toBe(0.5);
    expect(at(list, '08:30')).toBe(1);
    expect(at(list, '12:00')).toBe(0.5);
    expect(at(list, '12:30')).toBe(0.5);
    expect(at(list, '16:30')).toBe(1);
    expect(at(list, '17:00')).toBe(0);
  });

  it('adds operators, and only those covering the municipality on that date', () => {
    const list = plannedPerInterval(
      [
        shift(),
        shift({ accountId: 'op-b', breakStartMinute: null, breakEndMinute: null, municipalityIds: [HITO, TOIN] }),
        shift({ accountId: 'op-c', municipalityIds: [HITO] }),
        shift({ accountId: 'op-d', date: '2026-12-08' }),
      ],
      day,
      TOIN,
    );
    expect(at(list, '10:00')).toBe(2);
    expect(at(list, '12:00')).toBe(1);
  });

  it('the total of person-minutes equals the minutes worked, whatever the interval length', () => {
    const shifts = [
      shift({ startMinute: 495, endMinute: 1230, breakStartMinute: 735, breakEndMinute: 795 }),
      shift({ accountId: 'b', startMinute: 15, endMinute: 1440, breakStartMinute: null, breakEndMinute: null }),
    ];
    for (const length of [15, 30, 60]) {
      const total = plannedPerInterval(shifts, day, TOIN, length).reduce((sum, i) => sum + i.planned * (i.endMinute - i.startMinute), 0);
      expect(total).toBeCloseTo(
        shifts.reduce((sum, s) => sum + workedMinutes(s), 0),
        6,
      );
    }
  });
});

describe('weekGrid', () => {
  it('operators × seven days, by work name, each cell a shift or nothing', () => {
    const a = shift({ accountId: 'a', date: '2026-12-07' });
    const b = shift({ accountId: 'b', date: '2026-12-13' });
    const grid = weekGrid(
      '2026-12-07',
      [
        { accountId: 'b', displayName: 'オペレーター B' },
        { accountId: 'a', displayName: 'オペレーター A' },
        { accountId: 'c', displayName: 'オペレーター C' },
      ],
      [a, b, shift({ accountId: 'a', date: '2026-12-14' })],
    );
    expect(grid.days).toHaveLength(7);
    expect(grid.rows.map((r) => r.displayName)).toEqual(['オペレーター A', 'オペレーター B', 'オペレーター C']);
    expect(grid.rows[0]!.cells.map((c) => c?.id ?? null)).toEqual([a.id, null, null, null, null, null, null]);
    expect(grid.rows[1]!.cells[6]).toBe(b);
    expect(grid.rows[2]!.cells.every((c) => c === null)).toBe(true);
  });

  it('an operator with a shift but not listed (disabled since) keeps a row', () => {
    const grid = weekGrid('2026-12-07', [], [shift({ accountId: 'x' })], () => '退職者');
    expect(grid.rows).toEqual([{ accountId: 'x', displayName: '退職者', cells: expect.any(Array) }]);
  });
});

describe('shiftsCsv', () => {
  const names = {
    operator: (id: string) => ({ a: 'オペレーター A', b: '=B' })[id] ?? id,
    municipality: (id: string) => ({ [TOIN]: '東員町', [HITO]: '人吉市' })[id] ?? id,
    language: (l: string) => l,
    procedure: (p: string) => p,
  };

  it('BOM, CRLF, a header; per operator then date; a name that looks like a formula is neutralised', () => {
    const csv = shiftsCsv(
      [
        shift({ accountId: 'b', date: '2026-12-07' }),
        shift({ accountId: 'a', date: '2026-12-08', municipalityIds: [TOIN, HITO] }),
        shift({ accountId: 'a', date: '2026-12-07', breakStartMinute: null, breakEndMinute: null }),
      ],
      names,
      'ja',
    );
    expect(csv.startsWith('\uFEFFオペレーター,日付,曜日,開始,終了,休憩開始,休憩終了,勤務時間（分）,担当自治体,言語,手続\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines.slice(1)).toEqual([
      "'=B,2026-12-07,月,09:00,18:00,12:00,13:00,480,東員町,ja,renewal",
      'オペレーター A,2026-12-07,月,09:00,18:00,,,540,東員町,ja,renewal',
      'オペレーター A,2026-12-08,火,09:00,18:00,12:00,13:00,480,東員町、人吉市,ja,renewal',
    ]);
  });

  it('English headers and weekdays', () => {
    const csv = shiftsCsv([shift({ accountId: 'a', date: '2026-12-13' })], names, 'en');
    expect(csv).toContain('Operator,Date,Weekday');
    expect(csv).toContain(',Sun,');
  });
});
