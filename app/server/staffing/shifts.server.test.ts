/** The shift service against a real libSQL file: who sees and plans what, the problems, the audit, copy-week, exports. */
import { procedures, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import { Problem } from '../platform/problems';
import { type ShiftService, shiftsOf } from './shifts.server';
import { shiftsExport } from './shifts-export.server';

let t: TestApp;
let shifts: ShiftService;
const WEEK = '2027-03-01'; // a Monday
const NEXT = '2027-03-08';
const day = { startMinute: 540, endMinute: 1080, breakStartMinute: 720, breakEndMinute: 780 };

async function refusedWith(run: () => Promise<unknown>, status: number, code?: string) {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(Problem.is(error), String(error)).toBe(true);
  const problem = error as Problem;
  expect(problem.status).toBe(status);
  if (code) expect(problem.code).toBe(code);
  return problem;
}

beforeAll(async () => {
  t = await createTestApp({}, { onDuty: false });
  shifts = shiftsOf(t.ctx);
});
afterAll(async () => {
  await t.close();
});

describe('planning a shift', () => {
  it('a supervisor plans one; its coverage defaults to the operator’s; the write is audited', async () => {
    const sv = await t.principal('supervisor');
    const row = await shifts.create(sv, { accountId: t.accountIds['op-a']!, date: '2027-03-02', ...day }, 'req-1');
    expect(row).toMatchObject({
      municipalityIds: [t.municipalityA.municipalityId],
      languages: ['ja'],
      // The seed gives operators every procedure.
      procedures: [...procedures],
      updatedBy: t.accountIds.supervisor,
    });
    const audit = await t.ctx.database.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, row.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'shift.planned', actorId: t.accountIds.supervisor, requestId: 'req-1' });
    expect(audit[0]!.detail).toEqual({ accountId: t.accountIds['op-a'], date: '2027-03-02' });
  });

  it('a second shift the same day is a 409, in both languages', async () => {
    const problem = await refusedWith(
      async () => shifts.create(await t.principal('admin'), { accountId: t.accountIds['op-a']!, date: '2027-03-02', ...day }),
      409,
      'shift_exists',
    );
    expect(problem.messages.ja).toContain('すでにあります');
    expect(problem.messages.en).toContain('already has a shift');
  });

  it('invalid times are a 400 naming each field, words in ja and en; nothing is stored', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM shift');
    const problem = await refusedWith(
      async () =>
        shifts.create(await t.principal('supervisor'), {
          accountId: t.accountIds['op-a']!,
          date: '2027-02-30',
          startMinute: 545,
          endMinute: 1080,
          breakStartMinute: 1080,
          breakEndMinute: 1095,
        }),
      400,
      'invalid_shift',
    );
    expect(problem.errors?.map((e) => e.path)).toEqual(['date', 'startMinute', 'breakStartMinute']);
    expect(problem.messages.ja).toContain('15分単位');
    expect(problem.messages.en).toContain('quarter hour');
    expect(await count(t.ctx, 'SELECT count(*) FROM shift')).toBe(before);
  });

  it('only what the operator serves: another town is refused', async () => {
    const problem = await refusedWith(
      async () =>
        shifts.create(await t.principal('supervisor'), {
          accountId: t.accountIds['op-a']!,
          date: '2027-03-03',
          ...day,
          municipalityIds: [t.municipalityB.municipalityId],
        }),
      400,
      'invalid_shift',
    );
    expect(problem.errors).toEqual([{ path: 'municipalityIds', message: 'not_served' }]);
  });

  it('only operators: a supervisor or an unknown account is a 404; a disabled operator a 409', async () => {
    const sv = await t.principal('supervisor');
    await refusedWith(() => shifts.create(sv, { accountId: t.accountIds.supervisor!, date: '2027-03-03', ...day }), 404);
    await refusedWith(() => shifts.create(sv, { accountId: crypto.randomUUID(), date: '2027-03-03', ...day }), 404);
    const { accountId } = await disabledOperator();
    await refusedWith(() => shifts.create(sv, { accountId, date: '2027-03-03', ...day }), 409, 'shift_operator_disabled');
  });

  it('operators and town staff cannot plan (403)', async () => {
    for (const login of ['op-a', 'staff-a']) {
      await refusedWith(
        async () => shifts.create(await t.principal(login), { accountId: t.accountIds['op-a']!, date: '2027-03-04', ...day }),
        403,
      );
    }
  });

  it('changing and removing: audited; an unknown id is a 404', async () => {
    const sv = await t.principal('supervisor');
    const row = await shifts.create(sv, { accountId: t.accountIds['op-b']!, date: '2027-03-05', ...day });
    const changed = await shifts.update(sv, row.id, {
      ...day,
      endMinute: 1020,
      breakStartMinute: null,
      breakEndMinute: null,
      municipalityIds: [t.municipalityB.municipalityId],
      languages: ['ja'],
      procedures: [],
    });
    expect(changed).toMatchObject({ endMinute: 1020, breakStartMinute: null, procedures: [], date: '2027-03-05' });
    await refusedWith(
      () => shifts.update(sv, row.id, { ...day, endMinute: 500, municipalityIds: [], languages: ['ja'], procedures: [] }),
      400,
    );
    await shifts.remove(sv, row.id);
    await refusedWith(() => shifts.remove(sv, row.id), 404, 'shift_not_found');
    const actions = (await t.ctx.database.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, row.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['shift.planned', 'shift.changed', 'shift.removed']);
  });
});

describe('reading the week', () => {
  it('a supervisor sees every operator; an operator only their own row and shifts', async () => {
    const sv = await t.principal('supervisor');
    await shifts.create(sv, { accountId: t.accountIds['op-b']!, date: '2027-03-02', ...day });
    const all = await shifts.week(sv, { weekStart: WEEK });
    expect(all.days).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05', '2027-03-06', '2027-03-07']);
    expect(all.rows.map((r) => r.displayName)).toEqual(['オペレーター A', 'オペレーター B']);
    expect(all.rows.every((r) => r.cells[1] !== null)).toBe(true);

    const mine = await shifts.week(await t.principal('op-a'), { weekStart: WEEK });
    expect(mine.rows.map((r) => r.accountId)).toEqual([t.accountIds['op-a']]);
    // Asking for another town changes nothing for an operator: still only their own.
    const filtered = await shifts.week(await t.principal('op-a'), { weekStart: WEEK, municipalityId: t.municipalityB.municipalityId });
    expect(filtered.rows.map((r) => r.accountId)).toEqual([t.accountIds['op-a']]);
  });

  it('filtered by municipality: the operators serving it', async () => {
    const grid = await shifts.week(await t.principal('admin'), { weekStart: WEEK, municipalityId: t.municipalityB.municipalityId });
    expect(grid.rows.map((r) => r.displayName)).toEqual(['オペレーター B']);
  });

  it('town staff have no read:shift (403); a week not starting on Monday is a 400', async () => {
    await refusedWith(async () => shifts.week(await t.principal('staff-a'), { weekStart: WEEK }), 403);
    await refusedWith(async () => shifts.week(await t.principal('supervisor'), { weekStart: '2027-03-02' }), 400, 'not_week_start');
  });
});

describe('copy a week', () => {
  it('copies to the same weekdays, skips a day already planned and a disabled operator, and says so', async () => {
    const sv = await t.principal('supervisor');
    const { accountId: gone, disable } = await disabledOperator(false);
    await shifts.create(sv, { accountId: gone, date: '2027-03-04', ...day });
    await disable();
    await shifts.create(sv, { accountId: t.accountIds['op-b']!, date: '2027-03-09', ...day, startMinute: 600 });
    const result = await shifts.copyWeek(sv, { fromWeek: WEEK, toWeek: NEXT }, 'req-copy');
    expect(result.created.map((s) => [s.accountId, s.date]).sort()).toEqual([[t.accountIds['op-a'], '2027-03-09']].sort());
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { accountId: t.accountIds['op-b'], displayName: 'オペレーター B', date: '2027-03-09', reason: 'already_planned' },
        { accountId: gone, displayName: '退職予定', date: '2027-03-11', reason: 'disabled' },
      ]),
    );
    // The shift planned by hand in the target week stays as it was.
    const next = await shifts.week(sv, { weekStart: NEXT });
    expect(next.rows.find((r) => r.accountId === t.accountIds['op-b'])!.cells[1]!.startMinute).toBe(600);
    const audit = await t.ctx.database.db.select().from(schema.auditLog).where(eq(schema.auditLog.requestId, 'req-copy'));
    expect(audit[0]).toMatchObject({ action: 'shift.week_copied', detail: { fromWeek: WEEK, toWeek: NEXT, created: 1, skipped: 2 } });
  });

  it('copying again creates nothing; operators cannot copy', async () => {
    const again = await shifts.copyWeek(await t.principal('admin'), { fromWeek: WEEK, toWeek: NEXT });
    expect(again.created).toEqual([]);
    await refusedWith(async () => shifts.copyWeek(await t.principal('op-a'), { fromWeek: WEEK, toWeek: NEXT }), 403);
    await refusedWith(async () => shifts.copyWeek(await t.principal('admin'), { fromWeek: WEEK, toWeek: '2027-03-09' }), 400);
  });
});

describe('planned per interval', () => {
  it('counts the shifts covering the town that day, less their breaks; for staffing readers only', async () => {
    const intervals = await shifts.planned(await t.principal('supervisor'), {
      date: '2027-03-02',
      municipalityId: t.municipalityA.municipalityId,
    });
    const at = (m: number) => intervals.find((i) => i.startMinute === m)!.planned;
    expect([at(510), at(540), at(720), at(780)]).toEqual([0, 1, 0, 1]);
    // 4 March: only the operator disabled since has a shift in town A, and it plans nobody.
    const disabledDay = await shifts.planned(await t.principal('admin'), {
      date: '2027-03-04',
      municipalityId: t.municipalityA.municipalityId,
    });
    expect(disabledDay.every((i) => i.planned === 0)).toBe(true);
    // Town staff read their own town's staffing, not another's; operators not at all.
    await shifts.planned(await t.principal('staff-a'), { date: '2027-03-02', municipalityId: t.municipalityA.municipalityId });
    await refusedWith(
      async () => shifts.planned(await t.principal('staff-a'), { date: '2027-03-02', municipalityId: t.municipalityB.municipalityId }),
      404,
    );
    await refusedWith(
      async () => shifts.planned(await t.principal('op-a'), { date: '2027-03-02', municipalityId: t.municipalityA.municipalityId }),
      403,
    );
  });
});

describe('exports', () => {
  it('CSV of a week: BOM, CRLF, work names; an operator’s export holds their own shifts only', async () => {
    const sv = await t.principal('supervisor');
    const file = await shiftsExport(t.ctx.database.db, shifts, sv, { week: WEEK, format: 'csv', lang: 'ja' });
    expect(file.filename).toBe(`madoguchi-shifts-${WEEK}.csv`);
    const csv = String(file.body);
    expect(csv.startsWith('\uFEFFオペレーター,日付')).toBe(true);
    expect(csv).toContain('\r\nオペレーター A,2027-03-02,火,09:00,18:00,12:00,13:00,480,東員町,日本語,');
    expect(csv).toContain('オペレーター B,2027-03-02');
    const own = String(
      (await shiftsExport(t.ctx.database.db, shifts, await t.principal('op-a'), { week: WEEK, format: 'csv', lang: 'en' })).body,
    );
    expect(own).toContain('Operator,Date');
    expect(own).toContain('オペレーター A');
    expect(own).not.toContain('オペレーター B');
  });

  it('XLSX of a month: one sheet, the same rows', async () => {
    const file = await shiftsExport(t.ctx.database.db, shifts, await t.principal('admin'), {
      month: '2027-03',
      format: 'xlsx',
      lang: 'en',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.body as Uint8Array) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Shifts');
    expect(sheet.getRow(2).getCell(1).value).toBe('Operator');
    const dates = [];
    for (let r = 3; r <= sheet.rowCount; r++) dates.push(String(sheet.getRow(r).getCell(2).value));
    expect(dates).toContain('2027-03-09');
    expect(dates).toContain('2027-03-02');
  });
});

describe('adherence', () => {
  const ADH = '2027-04-05'; // a Monday
  const jst = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+09:00`);

  it('per operator and day up to now, from one week of status history; later days and other roles get none', async () => {
    const sv = await t.principal('supervisor');
    const [opA, opB] = [t.accountIds['op-a']!, t.accountIds['op-b']!];
    await shifts.create(sv, { accountId: opA, date: ADH, startMinute: 540, endMinute: 1020, breakStartMinute: 720, breakEndMinute: 780 });
    await shifts.create(sv, {
      accountId: opA,
      date: '2027-04-06',
      startMinute: 540,
      endMinute: 1080,
      breakStartMinute: null,
      breakEndMinute: null,
    });
    await shifts.create(sv, { accountId: opA, date: '2027-04-07', ...day });
    await shifts.create(sv, { accountId: opB, date: ADH, ...day });
    // Monday: 30 minutes late, a call, the break at the break, after-call work to the end; Tuesday: on duty from the start, still open.
    await t.ctx.database.db.insert(schema.operatorStatusInterval).values([
      { accountId: opA, status: 'available', startedAt: jst(ADH, '09:30'), endedAt: jst(ADH, '11:00') },
      { accountId: opA, status: 'on_call', startedAt: jst(ADH, '11:00'), endedAt: jst(ADH, '12:00') },
      { accountId: opA, status: 'break', startedAt: jst(ADH, '12:00'), endedAt: jst(ADH, '13:00') },
      { accountId: opA, status: 'wrap_up', startedAt: jst(ADH, '13:00'), endedAt: jst(ADH, '17:00') },
      { accountId: opA, status: 'offline', startedAt: jst(ADH, '17:00'), endedAt: jst('2027-04-06', '09:00') },
      { accountId: opA, status: 'available', startedAt: jst('2027-04-06', '09:00'), endedAt: null },
    ]);
    const now = jst('2027-04-06', '15:00');
    const grid = await shifts.week(sv, { weekStart: ADH });
    const adherence = await shifts.adherence(sv, grid, now);
    const a = adherence.get(opA)!;
    expect(a[0]!.adherence).toBeCloseTo(6.5 / 7, 12);
    expect(a[0]!.plannedMs).toBe(7 * 3_600_000);
    // Today up to now: 09:00–15:00 planned so far, all of it on duty.
    expect(a[1]).toMatchObject({ plannedMs: 6 * 3_600_000, adherence: 1 });
    // Tomorrow: not yet; days without a shift: nothing.
    expect(a.slice(2)).toEqual([null, null, null, null, null]);
    // Planned and never on duty: 0 %.
    expect(adherence.get(opB)![0]).toMatchObject({ onDutyInPlanMs: 0, adherence: 0 });
    // The admin sees the same; an operator (own shifts only) gets a 403.
    expect((await shifts.adherence(await t.principal('admin'), grid, now)).get(opA)![0]!.adherence).toBeCloseTo(6.5 / 7, 12);
    const op = await t.principal('op-a');
    await refusedWith(async () => shifts.adherence(op, await shifts.week(op, { weekStart: ADH }), now), 403);
    // Before the week begins there is nothing to measure.
    expect([...(await shifts.adherence(sv, grid, jst('2027-04-04', '12:00'))).values()].flat().every((c) => c === null)).toBe(true);
  });
});

let seq = 0;
/** An operator of town A, disabled (now, or when `disable` is called). */
async function disabledOperator(now = true) {
  const accountId = crypto.randomUUID();
  await t.ctx.database.db.insert(schema.account).values({
    id: accountId,
    loginId: `gone-${seq++}`,
    passwordHash: 'x',
    displayName: '退職予定',
    role: 'operator',
    disabled: now,
  });
  await t.ctx.database.db.insert(schema.accountMunicipality).values({ accountId, municipalityId: t.municipalityA.municipalityId });
  const disable = () => t.ctx.database.db.update(schema.account).set({ disabled: true }).where(eq(schema.account.id, accountId));
  return { accountId, disable };
}
