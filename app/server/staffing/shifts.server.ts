/**
 * The shift table (シフト表) as people use it: a week of shifts (supervisors and admins: every
 * operator, or those of one municipality; operators: their own), one shift planned, changed or
 * removed, a week copied onto another, and the operators planned per interval. Every write is
 * audited. A shift holds times and codes only — no free text, so no personal data can be typed in.
 */
import { randomUUID } from 'node:crypto';
import { type Db, type Language, type Procedure, schema } from '@madoguchi/db';
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { groupBy } from '../../domain/group-by';
import { DAY_MS, localDate } from '../../domain/japan-time';
import type { Reach } from '../../domain/permissions';
import { type Adherence, adherenceOf, plannedSpans } from '../../domain/staffing/adherence';
import { dayOfDate, intervalStartMs } from '../../domain/staffing/forecast';
import {
  type CopySkipReason,
  copyWeek,
  type IntervalCount,
  isWeekStart,
  plannedPerInterval,
  type ShiftCoverage,
  type ShiftDraft,
  type ShiftIssue,
  type ShiftIssueCode,
  type ShiftTimes,
  shiftIssues,
  type WeekGrid,
  weekDates,
  weekGrid,
} from '../../domain/staffing/shifts';
import { requirePermission } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { requireMunicipality } from '../municipalities/municipalities.server';
import type { AppContext } from '../platform/context';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';
import { statusSpans } from './operator-status.server';

const { shift, account, accountMunicipality } = schema;

export type ShiftRow = typeof shift.$inferSelect;

const issueMessages: Record<ShiftIssueCode, { ja: string; en: string }> = {
  date: { ja: '日付は実在する日付（YYYY-MM-DD）で入力してください。', en: 'The date must be an existing date, YYYY-MM-DD.' },
  time_range: { ja: '時刻は 00:00〜24:00 の範囲で入力してください。', en: 'Times must lie between 00:00 and 24:00.' },
  time_order: { ja: '終了時刻は開始時刻より後にしてください。', en: 'The end must come after the start.' },
  time_grid: {
    ja: '時刻は15分単位（00・15・30・45分）で入力してください。',
    en: 'Times must be on the quarter hour (:00, :15, :30 or :45).',
  },
  break_pair: { ja: '休憩は開始と終了の両方を入力するか、両方を空にしてください。', en: 'Give both ends of the break, or neither.' },
  break_inside: {
    ja: '休憩は勤務時間の内側（開始より後、終了より前）に収めてください。',
    en: 'The break must lie inside the shift: after its start and before its end.',
  },
  no_municipality: { ja: '担当する自治体を1つ以上選んでください。', en: 'Choose at least one municipality.' },
  no_language: { ja: '対応する言語を1つ以上選んでください。', en: 'Choose at least one language.' },
  not_served: {
    ja: 'このオペレーターが担当していない自治体・言語・手続は選べません（アカウントの設定を先に変更してください）。',
    en: 'Only the municipalities, languages and procedures the operator serves can be chosen (change the account first).',
  },
};

export const shiftProblems = {
  invalid: (issues: readonly ShiftIssue[]) => {
    const codes = [...new Set(issues.map((i) => i.code))];
    return new Problem(
      400,
      'invalid_shift',
      { ja: codes.map((c) => issueMessages[c].ja).join(''), en: codes.map((c) => issueMessages[c].en).join(' ') },
      issues.map((i) => ({ path: i.path, message: i.code })),
    );
  },
  notFound: () => new Problem(404, 'shift_not_found', { ja: '指定されたシフトは存在しません。', en: 'No such shift.' }),
  operatorNotFound: () =>
    new Problem(404, 'shift_operator_not_found', { ja: '指定されたオペレーターは存在しません。', en: 'No such operator.' }),
  operatorDisabled: () =>
    new Problem(409, 'shift_operator_disabled', {
      ja: 'このオペレーターのアカウントは無効です。シフトは組めません。',
      en: 'This operator’s account is disabled: no shift can be planned.',
    }),
  exists: () =>
    new Problem(409, 'shift_exists', {
      ja: 'このオペレーターのこの日のシフトはすでにあります。既存のシフトを変更してください。',
      en: 'This operator already has a shift that day: change that one instead.',
    }),
  notWeekStart: (path: string) =>
    new Problem(400, 'not_week_start', { ja: '週は月曜日の日付で指定してください。', en: 'A week is given by its Monday’s date.' }, [
      { path, message: 'must be a Monday, YYYY-MM-DD' },
    ]),
};

/** An operator as the shift table knows them: work name (shown to residents anyway) and what they serve. */
export interface ShiftOperator {
  accountId: string;
  displayName: string;
  disabled: boolean;
  municipalityIds: string[];
  languages: Language[];
  procedures: Procedure[];
}

const isUniqueViolation = (error: unknown) => `${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}`.includes('UNIQUE');

const draftOf = (r: ShiftRow): ShiftDraft => ({
  accountId: r.accountId,
  date: r.date,
  startMinute: r.startMinute,
  endMinute: r.endMinute,
  breakStartMinute: r.breakStartMinute,
  breakEndMinute: r.breakEndMinute,
  municipalityIds: r.municipalityIds,
  languages: r.languages,
  procedures: r.procedures,
});

/** Whether a reach lets its holder see (or plan) this shift: all, their own, or a shift touching their municipalities. */
function reachesShift(reach: Reach, actor: AccountPrincipal, s: { accountId: string; municipalityIds: readonly string[] }) {
  if (reach.kind === 'any') return true;
  if (reach.kind === 'self') return s.accountId === actor.accountId;
  return s.municipalityIds.some((m) => reach.ids.includes(m));
}

export function createShiftService(db: Db) {
  /** Operators (role operator) with what they serve; `ids` limits the list, `municipalityId` keeps those serving it. */
  async function operators(q: { ids?: readonly string[]; municipalityId?: string | undefined } = {}): Promise<ShiftOperator[]> {
    if (q.ids?.length === 0) return [];
    const rows = await db
      .select({
        accountId: account.id,
        displayName: account.displayName,
        disabled: account.disabled,
        languages: account.languages,
        procedures: account.procedures,
      })
      .from(account)
      .where(and(eq(account.role, 'operator'), q.ids ? inArray(account.id, [...q.ids]) : undefined));
    if (rows.length === 0) return [];
    const links = await db
      .select()
      .from(accountMunicipality)
      .where(
        inArray(
          accountMunicipality.accountId,
          rows.map((r) => r.accountId),
        ),
      );
    const served = groupBy(links, (l) => l.accountId);
    return rows
      .map((r) => ({ ...r, municipalityIds: (served.get(r.accountId) ?? []).map((l) => l.municipalityId) }))
      .filter((o) => !q.municipalityId || o.municipalityIds.includes(q.municipalityId));
  }

  /** Shifts between two dates (both included) within the reader's reach. */
  async function shiftsBetween(reach: Reach, actor: AccountPrincipal, from: string, to: string, municipalityId?: string) {
    const rows = await db
      .select()
      .from(shift)
      .where(and(gte(shift.date, from), lte(shift.date, to), reach.kind === 'self' ? eq(shift.accountId, actor.accountId) : undefined))
      .orderBy(asc(shift.date), asc(shift.accountId));
    return rows.filter((r) => reachesShift(reach, actor, r) && (!municipalityId || r.municipalityIds.includes(municipalityId)));
  }

  async function requireOperator(accountId: string): Promise<ShiftOperator> {
    const [operator] = await operators({ ids: [accountId] });
    if (!operator) throw shiftProblems.operatorNotFound();
    if (operator.disabled) throw shiftProblems.operatorDisabled();
    return operator;
  }

  async function findShift(reach: Reach, actor: AccountPrincipal, id: string) {
    const row = await db.query.shift.findFirst({ where: eq(shift.id, id) });
    if (!row || !reachesShift(reach, actor, row)) throw shiftProblems.notFound();
    return row;
  }

  function check(draft: ShiftDraft, operator: ShiftOperator, reach: Reach, actor: AccountPrincipal) {
    if (!reachesShift(reach, actor, draft)) throw shiftProblems.notFound();
    const issues = shiftIssues(draft, operator);
    if (issues.length > 0) throw shiftProblems.invalid(issues);
  }

  return {
    operators,

    /**
     * The week grid: every operator (of `municipalityId`, when given) × the seven days from Monday
     * `weekStart`. An operator (self reach) gets their own row only. A municipality filter keeps the
     * operators serving it, with all their shifts (a day planned for another town is not free).
     */
    async week(actor: AccountPrincipal, q: { weekStart: string; municipalityId?: string | undefined }): Promise<WeekGrid<ShiftRow>> {
      const reach = requirePermission(actor, 'read:shift');
      if (!isWeekStart(q.weekStart)) throw shiftProblems.notWeekStart('weekStart');
      if (q.municipalityId && reach.kind !== 'self') await requireMunicipality(db, reach, q.municipalityId);
      const days = weekDates(q.weekStart);
      const shifts = await shiftsBetween(reach, actor, days[0]!, days[6]!);
      const listed =
        reach.kind === 'self'
          ? (await operators({ ids: [actor.accountId] })).filter((o) => !o.disabled)
          : (await operators({ municipalityId: q.municipalityId })).filter((o) => !o.disabled);
      const rowIds = new Set(listed.map((o) => o.accountId));
      const kept = shifts.filter((s) => rowIds.has(s.accountId) || !q.municipalityId || s.municipalityIds.includes(q.municipalityId));
      const others = await operators({ ids: kept.filter((s) => !rowIds.has(s.accountId)).map((s) => s.accountId) });
      const names = new Map([...listed, ...others].map((o) => [o.accountId, o.displayName]));
      return weekGrid(q.weekStart, listed, kept, (id) => names.get(id) ?? '—');
    },

    /** Shifts between two dates (both included), for the exports; operators get their own. */
    async list(actor: AccountPrincipal, q: { from: string; to: string; municipalityId?: string | undefined }) {
      const reach = requirePermission(actor, 'read:shift');
      if (q.municipalityId && reach.kind !== 'self') await requireMunicipality(db, reach, q.municipalityId);
      const rows = await shiftsBetween(reach, actor, q.from, q.to, q.municipalityId);
      const names = new Map(
        (await operators({ ids: [...new Set(rows.map((r) => r.accountId))] })).map((o) => [o.accountId, o.displayName]),
      );
      return { shifts: rows, operatorName: (id: string) => names.get(id) ?? '—' };
    },

    /** One shift for an operator and date; what it covers defaults to everything the operator serves. */
    async create(
      actor: AccountPrincipal,
      input: ShiftTimes & { accountId: string; date: string } & Partial<ShiftCoverage>,
      requestId?: string,
    ): Promise<ShiftRow> {
      const reach = requirePermission(actor, 'write:shift');
      const operator = await requireOperator(input.accountId);
      const draft: ShiftDraft = {
        accountId: input.accountId,
        date: input.date,
        startMinute: input.startMinute,
        endMinute: input.endMinute,
        breakStartMinute: input.breakStartMinute,
        breakEndMinute: input.breakEndMinute,
        municipalityIds: input.municipalityIds ?? [...operator.municipalityIds],
        languages: input.languages ?? [...operator.languages],
        procedures: input.procedures ?? [...operator.procedures],
      };
      check(draft, operator, reach, actor);
      const row: ShiftRow = { id: randomUUID(), ...draft, updatedBy: actor.accountId, updatedAt: new Date() };
      try {
        await db.insert(shift).values(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw shiftProblems.exists();
        throw error;
      }
      await recordAccountAudit(db, actor, {
        action: 'shift.planned',
        targetType: 'shift',
        targetId: row.id,
        municipalityId: null,
        requestId,
        detail: { accountId: row.accountId, date: row.date },
      });
      return row;
    },

    /** New times and coverage for a shift (its operator and date stay: moving it is removing and planning anew). */
    async update(actor: AccountPrincipal, id: string, input: ShiftTimes & ShiftCoverage, requestId?: string): Promise<ShiftRow> {
      const reach = requirePermission(actor, 'write:shift');
      const before = await findShift(reach, actor, id);
      const operator = await requireOperator(before.accountId);
      const draft: ShiftDraft = { ...input, accountId: before.accountId, date: before.date };
      check(draft, operator, reach, actor);
      const row: ShiftRow = { ...before, ...draft, updatedBy: actor.accountId, updatedAt: new Date() };
      await db.update(shift).set(row).where(eq(shift.id, id));
      await recordAccountAudit(db, actor, {
        action: 'shift.changed',
        targetType: 'shift',
        targetId: id,
        municipalityId: null,
        requestId,
        detail: { accountId: row.accountId, date: row.date },
      });
      return row;
    },

    async remove(actor: AccountPrincipal, id: string, requestId?: string): Promise<void> {
      const reach = requirePermission(actor, 'write:shift');
      const before = await findShift(reach, actor, id);
      await db.delete(shift).where(eq(shift.id, id));
      await recordAccountAudit(db, actor, {
        action: 'shift.removed',
        targetType: 'shift',
        targetId: id,
        municipalityId: null,
        requestId,
        detail: { accountId: before.accountId, date: before.date },
      });
    },

    /**
     * The shifts of week `fromWeek` copied to week `toWeek` (both Mondays), each to the same weekday
     * (domain copyWeek: never overwrites; disabled operators skipped). `municipalityId`: only the
     * shifts covering it. One audit entry for the copy, with its counts.
     */
    async copyWeek(
      actor: AccountPrincipal,
      q: { fromWeek: string; toWeek: string; municipalityId?: string | undefined },
      requestId?: string,
    ): Promise<{ created: ShiftRow[]; skipped: { accountId: string; displayName: string; date: string; reason: CopySkipReason }[] }> {
      const reach = requirePermission(actor, 'write:shift');
      if (!isWeekStart(q.fromWeek)) throw shiftProblems.notWeekStart('fromWeek');
      if (!isWeekStart(q.toWeek)) throw shiftProblems.notWeekStart('toWeek');
      if (q.municipalityId && reach.kind !== 'self') await requireMunicipality(db, reach, q.municipalityId);
      const from = weekDates(q.fromWeek);
      const to = weekDates(q.toWeek);
      const source = await shiftsBetween(reach, actor, from[0]!, from[6]!, q.municipalityId);
      // Every shift already in the target week blocks its day, whoever may see it.
      const planned = await db
        .select({ accountId: shift.accountId, date: shift.date })
        .from(shift)
        .where(and(gte(shift.date, to[0]!), lte(shift.date, to[6]!)));
      const candidates = await operators({ ids: [...new Set(source.map((s) => s.accountId))] });
      const plan = copyWeek(source.map(draftOf), q.fromWeek, q.toWeek, candidates, planned);
      const now = new Date();
      const created: ShiftRow[] = plan.create
        .filter((d) => reachesShift(reach, actor, d))
        .map((d) => ({ id: randomUUID(), ...d, updatedBy: actor.accountId, updatedAt: now }));
      if (created.length > 0) {
        try {
          await db.insert(shift).values(created);
        } catch (error) {
          // Someone planned one of these days meanwhile: nothing of the copy is kept; copying again skips it.
          if (isUniqueViolation(error)) throw shiftProblems.exists();
          throw error;
        }
      }
      await recordAccountAudit(db, actor, {
        action: 'shift.week_copied',
        targetType: 'shift',
        targetId: null,
        municipalityId: q.municipalityId ?? null,
        requestId,
        detail: { fromWeek: q.fromWeek, toWeek: q.toWeek, created: created.length, skipped: plan.skipped.length },
      });
      const names = new Map(candidates.map((c) => [c.accountId, c.displayName]));
      return { created, skipped: plan.skipped.map((s) => ({ ...s, displayName: names.get(s.accountId) ?? '—' })) };
    },

    /**
     * Schedule adherence (domain adherenceOf) for each shift of a week grid on a day up to `now`:
     * on duty (available, ringing, on a call, after-call work) within the shift less its break ÷
     * that planned time, from the status history (operator_status_interval, one query for the week).
     * Today counts up to `now`; a shift not yet begun, or a later day, is null. A staffing figure:
     * read:staffing (supervisors, admins) — an operator's own grid gets none.
     */
    async adherence(actor: AccountPrincipal, grid: WeekGrid<ShiftRow>, now: Date): Promise<Map<string, (Adherence | null)[]>> {
      const reach = requirePermission(actor, 'read:staffing');
      const dayStart = (date: string) => intervalStartMs(dayOfDate(date), 0);
      const today = localDate(now);
      const from = dayStart(grid.days[0]!);
      const to = Math.min(now.getTime(), dayStart(grid.days[6]!) + DAY_MS);
      const result = new Map<string, (Adherence | null)[]>(grid.rows.map((r) => [r.accountId, r.cells.map(() => null)]));
      if (to <= from) return result;
      const spans = await statusSpans(
        db,
        { from: new Date(from), to: new Date(to) },
        now,
        grid.rows.map((r) => r.accountId),
      );
      const byAccount = groupBy(spans, (s) => s.accountId);
      for (const row of grid.rows) {
        const cells = result.get(row.accountId)!;
        row.cells.forEach((cell, i) => {
          if (!cell || cell.date > today || !reachesShift(reach, actor, cell)) return;
          const start = dayStart(cell.date);
          const a = adherenceOf(
            plannedSpans(start, cell),
            byAccount.get(row.accountId) ?? [],
            start,
            Math.min(start + DAY_MS, now.getTime()),
          );
          cells[i] = a.adherence === null ? null : a;
        });
      }
      return result;
    },

    /**
     * Operators planned per 30-minute interval of `date` for `municipalityId` (domain
     * plannedPerInterval), disabled accounts left out. A staffing figure: read:staffing (supervisors,
     * admins, the town's staff), not read:shift — an operator sees their own shifts, not how many
     * colleagues are planned.
     */
    async planned(actor: AccountPrincipal, q: { date: string; municipalityId: string }): Promise<IntervalCount[]> {
      const reach = requirePermission(actor, 'read:staffing');
      await requireMunicipality(db, reach, q.municipalityId);
      // A disabled account's shifts stay in the table (the grid shows them) but plan nobody.
      const rows = await db
        .select({ shift })
        .from(shift)
        .innerJoin(account, eq(account.id, shift.accountId))
        .where(and(eq(shift.date, q.date), eq(account.disabled, false)));
      return plannedPerInterval(
        rows.map((r) => r.shift),
        q.date,
        q.municipalityId,
      );
    },
  };
}

export type ShiftService = ReturnType<typeof createShiftService>;

const services = new WeakMap<AppContext, ShiftService>();
/** The shift service of an app context (it holds no state but the database, so one per context is made on first use). */
export function shiftsOf(ctx: AppContext): ShiftService {
  let service = services.get(ctx);
  if (!service) {
    service = createShiftService(ctx.database.db);
    services.set(ctx, service);
  }
  return service;
}
