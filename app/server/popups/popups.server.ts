/**
 * Pop-up application sites as people use them: supervisors plan events, assign portable booths,
 * mark them held and reported; town staff of that town agree to them (and see only their town:
 * another town's event is 404). Every write is audited. The booth side reads the events assigned to
 * a booth (its effective calendar, what its attract screen shows, the event its sessions carry);
 * residents read a town's upcoming agreed events without a login.
 *
 * A booth is never at two events whose hours overlap, also when two supervisors save at once (on
 * one node or two sharing the file): the check is read again by the write itself, inside one write
 * transaction of the group commit (BEGIN IMMEDIATE), as reservations keep their capacity. A plan,
 * change or assignment is written only while its booths are free (boothsFreeSql) and the event is
 * in the state it was read in; otherwise nothing is written and it is checked again, so the loser
 * gets the 409 naming the event that took the booth.
 *
 * No personal data: a site name is a place, the rest are dates, times and codes.
 */
import { randomUUID } from 'node:crypto';
import type { InArgs, InStatement } from '@libsql/client';
import { type Db, groupCommitOf, type PopupSiteKind, type PopupState, type Procedure, schema } from '@madoguchi/db';
import { and, asc, count, eq, gte, inArray, isNotNull, lt, lte, ne, not, type SQL, sql } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { groupBy } from '../../domain/group-by';
import { localDate } from '../../domain/japan-time';
import { type EventFigures, eventFigures, reservationsAtEvent } from '../../domain/popups/event-report';
import {
  boothConflicts,
  checkTransition,
  dateSpan,
  editableStates,
  effectiveCalendar,
  eventBounds,
  eventCalendar,
  eventOpenAt,
  eventShownAt,
  liveStates,
  normaliseDays,
  type PopupAction,
  type PopupDay,
  PopupDays,
  popupTransitions,
  stateAfterEdit,
} from '../../domain/popups/popup-events';
import { DEFAULT_TARGET, type YearPlan, yearPlan } from '../../domain/popups/year-plan';
import { siteKeyOf } from '../../domain/reservations/sites';
import { uptimeWithinOpening } from '../../domain/uptime';
import { municipalityIn, readableMunicipalities, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { calendarOf } from '../booths/booths.server';
import { statusIntervalsOf } from '../booths/status-intervals.server';
import { requireMunicipality } from '../municipalities/municipalities.server';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from '../records/audit.server';

const { popupEvent, popupEventBooth, booth, municipality, session, reservation } = schema;

export type PopupEventRow = typeof popupEvent.$inferSelect;
export type PopupEvent = PopupEventRow & { boothIds: string[] };

export interface PopupInput {
  municipalityId: string;
  siteName: string;
  siteKind: PopupSiteKind;
  days: PopupDay[];
  procedures: Procedure[];
}

export const popupProblems = {
  notFound: () => new Problem(404, 'popup_not_found', { ja: '指定された臨時会場は存在しません。', en: 'No such pop-up event.' }),
  invalidDays: (errors: { path: string; message: string }[]) =>
    new Problem(
      400,
      'invalid_popup_days',
      {
        ja: '日程は実在する日付（1〜31日分）で、各日に重ならない時間帯（HH:MM、開始＜終了）を入れてください。',
        en: 'Give existing dates (1–31 days), each with non-overlapping times (HH:MM, start before end).',
      },
      errors,
    ),
  notEditable: (state: PopupState) =>
    new Problem(409, 'popup_not_editable', {
      ja: `この臨時会場は「${stateLabels[state].ja}」のため変更できません。`,
      en: `This pop-up event is ${stateLabels[state].en}: it can no longer be changed.`,
    }),
  transition: (reason: 'wrong_state' | 'not_started' | 'not_ended', state: PopupState) =>
    new Problem(
      409,
      `popup_${reason}`,
      reason === 'wrong_state'
        ? {
            ja: `この臨時会場は現在「${stateLabels[state].ja}」のため、この操作はできません。`,
            en: `The event is ${stateLabels[state].en}, so this cannot be done now.`,
          }
        : reason === 'not_started'
          ? {
              ja: '開催日の受付開始前は「開催済み」にできません。',
              en: 'An event can be marked held only once its first opening has begun.',
            }
          : {
              ja: '最終日の受付終了前は「報告済み」にできません。',
              en: 'An event can be marked reported only once its last opening has ended.',
            },
    ),
  boothNotPortable: () =>
    new Problem(400, 'popup_booth_not_portable', {
      ja: '臨時会場に割り当てられるのは、同じ自治体の可搬型ブース（種別「臨時会場」）だけです。',
      en: 'Only portable booths (kind “popup”) of the same municipality can be assigned to a pop-up event.',
    }),
  boothBusy: (conflicts: { boothId: string; eventId: string; date: string }[]) => {
    const dates = [...new Set(conflicts.map((c) => c.date))];
    return new Problem(
      409,
      'popup_booth_busy',
      {
        ja: `ブースは同じ時間に別の臨時会場に割り当て済みです${dates.length ? `（${dates.join('、')}）` : ''}。`,
        en: `A booth is already assigned to another pop-up event at those hours${dates.length ? ` (${dates.join(', ')})` : ''}.`,
      },
      conflicts.map((c) => ({ path: 'boothIds', message: `${c.boothId} ${c.date} ${c.eventId}` })),
    );
  },
  notDeletable: () =>
    new Problem(409, 'popup_not_deletable', {
      ja: '削除できるのは「計画中」の臨時会場だけです。',
      en: 'Only a planned pop-up event can be deleted.',
    }),
};

export const stateLabels: Record<PopupState, { ja: string; en: string }> = {
  planned: { ja: '計画中', en: 'planned' },
  agreed: { ja: '合意済み', en: 'agreed' },
  held: { ja: '開催済み', en: 'held' },
  reported: { ja: '報告済み', en: 'reported' },
};

function parseDays(days: unknown): PopupDay[] {
  const parsed = PopupDays.safeParse(days);
  if (!parsed.success) {
    throw popupProblems.invalidDays(parsed.error.issues.map((i) => ({ path: ['days', ...i.path].join('.'), message: i.message })));
  }
  return normaliseDays(parsed.data);
}

/**
 * SQL that is true while none of `boothIds` is at another event (any state, not `exceptId`) whose
 * hours overlap `days` on the same date: the domain's boothConflicts, for a write statement to
 * read under the write lock. `days` is an event's days as JSON text (a value, or the stored
 * column). Stored times are validated 'HH:MM' (zero-padded, '24:00' the latest end), so comparing
 * them as text compares the times; ranges that only touch do not overlap.
 */
export function boothsFreeSql(days: SQL, boothIds: readonly string[], exceptId: string): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM popup_event_booth pb
    JOIN popup_event e ON e.id = pb.event_id AND e.id <> ${exceptId}
    JOIN json_each(e.days) od
    JOIN json_each(${days}) cd ON json_extract(cd.value, '$.date') = json_extract(od.value, '$.date')
    JOIN json_each(od.value, '$.ranges') o
    JOIN json_each(cd.value, '$.ranges') c
    WHERE pb.booth_id IN (SELECT value FROM json_each(${JSON.stringify(boothIds)}))
      AND json_extract(c.value, '$.start') < json_extract(o.value, '$.end')
      AND json_extract(o.value, '$.start') < json_extract(c.value, '$.end'))`;
}

const dialect = new SQLiteAsyncDialect();
/** A drizzle query or SQL as the client runs it (values encoded as their columns store them). */
function statementOf(query: SQL | { toSQL(): { sql: string; params: unknown[] } }): InStatement {
  const { sql: text, params } = 'toSQL' in query ? query.toSQL() : dialect.sqlToQuery(query);
  return { sql: text, args: params as InArgs };
}

/** A check-and-write tried this often before it gives up (each loss re-reads, so it normally ends in a 409 naming the conflict). */
const WRITE_ATTEMPTS = 3;

export interface PopupServiceOptions {
  clock?: () => number;
  /** Told after a booth's events changed (booths, days or state): its cached calendar is dropped. */
  onBoothChanged?: (boothId: string) => void;
}

export function createPopupService(db: Db, { clock = () => Date.now(), onBoothChanged = () => undefined }: PopupServiceOptions = {}) {
  const boothsChanged = (...lists: readonly string[][]) => {
    for (const boothId of new Set(lists.flat())) onBoothChanged(boothId);
  };
  // The reservations' mechanism (decision 0034): conditional statements in the connection's group commit.
  const writes = groupCommitOf(db.$client);

  /**
   * Reads `condition` and runs `statements` (each of which carries it, or its negation) back to
   * back in one write transaction; true when it held. The statements change only the event's own
   * rows, which the condition leaves out (its state, which the condition may compare, is changed
   * by the last statement), so it has one value throughout: all the writes happen, or none.
   */
  async function writeIf(condition: SQL, statements: (SQL | { toSQL(): { sql: string; params: unknown[] } })[]): Promise<boolean> {
    const [verdict] = await writes.writeAll([statementOf(sql`SELECT (${condition}) AS ok`), ...statements.map(statementOf)]);
    return Number(verdict!.rows[0]!.ok) === 1;
  }

  /** Links the event to the booths when `condition` holds. */
  const linkBooths = (eventId: string, boothIds: readonly string[], condition: SQL) =>
    sql`INSERT INTO popup_event_booth (event_id, booth_id) SELECT ${eventId}, value FROM json_each(${JSON.stringify(boothIds)}) WHERE ${condition}`;

  /** The event is still in the state it was read in. */
  const stillIn = (id: string, state: PopupState) => sql`EXISTS (SELECT 1 FROM popup_event WHERE id = ${id} AND state = ${state})`;

  /** Runs a check-and-write until it is written (a value) or refused (it throws); null: lost a race, read again. */
  async function untilWritten<T>(attempt: () => Promise<T | null>): Promise<T> {
    for (let i = 0; i < WRITE_ATTEMPTS; i++) {
      const done = await attempt();
      if (done !== null) return done;
    }
    throw popupProblems.boothBusy([]);
  }

  async function withBooths(rows: PopupEventRow[]): Promise<PopupEvent[]> {
    if (rows.length === 0) return [];
    const links = await db
      .select()
      .from(popupEventBooth)
      .where(
        inArray(
          popupEventBooth.eventId,
          rows.map((r) => r.id),
        ),
      );
    const byEvent = groupBy(links, (l) => l.eventId);
    return rows.map((r) => ({ ...r, boothIds: (byEvent.get(r.id) ?? []).map((l) => l.boothId).sort() }));
  }

  async function load(id: string): Promise<PopupEvent> {
    const row = await db.query.popupEvent.findFirst({ where: eq(popupEvent.id, id) });
    if (!row) throw popupProblems.notFound();
    return (await withBooths([row]))[0]!;
  }

  async function loadWithin(actor: AccountPrincipal, need: Parameters<typeof requirePermission>[1], id: string) {
    const reach = requirePermission(actor, need);
    const row = await load(id);
    requireWithin(reach, row.municipalityId, popupProblems.notFound);
    return row;
  }

  const audit = (
    actor: AccountPrincipal,
    action: string,
    row: { id: string; municipalityId: string },
    requestId?: string,
    detail?: Record<string, string>,
  ) =>
    recordAccountAudit(db, actor, {
      action,
      targetType: 'popup_event',
      targetId: row.id,
      municipalityId: row.municipalityId,
      requestId,
      ...(detail ? { detail } : {}),
    });

  /** The events assigned to any of these booths that meet `where`, one row per booth and event, by first date. */
  async function eventsOfBooths(boothIds: readonly string[], where: SQL | undefined) {
    if (boothIds.length === 0) return [];
    return db
      .select({ event: popupEvent, boothId: popupEventBooth.boothId })
      .from(popupEventBooth)
      .innerJoin(popupEvent, eq(popupEvent.id, popupEventBooth.eventId))
      .where(and(inArray(popupEventBooth.boothId, [...boothIds]), where))
      .orderBy(asc(popupEvent.firstDate));
  }

  const byBooth = (rows: { event: PopupEventRow; boothId: string }[]): Map<string, PopupEventRow[]> =>
    new Map([...groupBy(rows, (r) => r.boothId)].map(([boothId, list]) => [boothId, list.map((r) => r.event)]));

  /** The live events of these booths that end `at`'s yesterday (Japan) or later. */
  const liveEventsOfBooths = (boothIds: readonly string[], at: Date) =>
    eventsOfBooths(
      boothIds,
      and(inArray(popupEvent.state, [...liveStates]), gte(popupEvent.lastDate, localDate(new Date(at.getTime() - 86_400_000)))),
    );

  /** Refuses booths that are not this town's portable booths, or that another event holds at the same hours. */
  async function checkBooths(municipalityId: string, days: readonly PopupDay[], boothIds: readonly string[], exceptId?: string) {
    if (boothIds.length === 0) return;
    const rows = await db
      .select({ id: booth.id, municipalityId: booth.municipalityId, kind: booth.kind })
      .from(booth)
      .where(inArray(booth.id, [...boothIds]));
    if (rows.length !== boothIds.length || rows.some((b) => b.municipalityId !== municipalityId || b.kind !== 'popup')) {
      throw popupProblems.boothNotPortable();
    }
    // Other events of these booths in any state, ending on or after this one's first day.
    const others = await eventsOfBooths(
      boothIds,
      and(gte(popupEvent.lastDate, dateSpan(days).firstDate), exceptId ? ne(popupEvent.id, exceptId) : undefined),
    );
    const conflicts = others.flatMap(({ event, boothId }) =>
      boothConflicts(days, [{ id: event.id, days: event.days }]).map((c) => ({ boothId, ...c })),
    );
    if (conflicts.length > 0) throw popupProblems.boothBusy(conflicts);
  }

  return {
    /** Events within the actor's reach, by first date; optionally one town's, one year's, or from a date on. */
    async list(
      actor: AccountPrincipal,
      q: { municipalityId?: string | undefined; year?: number | undefined; from?: string | undefined } = {},
    ) {
      const ids = readableMunicipalities(actor, 'read:popup');
      if (q.municipalityId) requireWithin(requirePermission(actor, 'read:popup'), q.municipalityId, popupProblems.notFound);
      const rows = await db
        .select()
        .from(popupEvent)
        .where(
          and(
            municipalityIn(ids, popupEvent.municipalityId),
            q.municipalityId ? eq(popupEvent.municipalityId, q.municipalityId) : undefined,
            q.year ? and(lte(popupEvent.firstDate, `${q.year}-12-31`), gte(popupEvent.lastDate, `${q.year}-01-01`)) : undefined,
            q.from ? gte(popupEvent.lastDate, q.from) : undefined,
          ),
        )
        .orderBy(asc(popupEvent.firstDate), asc(popupEvent.siteName))
        .limit(1000);
      return withBooths(rows);
    },

    async get(actor: AccountPrincipal, id: string) {
      return loadWithin(actor, 'read:popup', id);
    },

    async create(
      actor: AccountPrincipal,
      input: PopupInput & { boothIds?: string[] | undefined },
      requestId?: string,
    ): Promise<PopupEvent> {
      const reach = requirePermission(actor, 'write:popup');
      await requireMunicipality(db, reach, input.municipalityId);
      const days = parseDays(input.days);
      const boothIds = [...new Set(input.boothIds ?? [])];
      return untilWritten(async () => {
        await checkBooths(input.municipalityId, days, boothIds);
        const now = new Date(clock());
        const row = {
          id: randomUUID(),
          municipalityId: input.municipalityId,
          siteName: input.siteName,
          siteKind: input.siteKind,
          days,
          ...dateSpan(days),
          procedures: [...new Set(input.procedures)],
          state: 'planned' as const,
          createdBy: actor.accountId,
          createdAt: now,
          updatedAt: now,
        };
        const free = boothsFreeSql(sql`${JSON.stringify(days)}`, boothIds, row.id);
        // An INSERT … VALUES cannot carry a condition: the event is written, its booths linked while
        // free, and the event taken back in the same transaction when they are not (no one sees it).
        const written = await writeIf(free, [
          db.insert(popupEvent).values(row),
          linkBooths(row.id, boothIds, free),
          db.delete(popupEvent).where(and(eq(popupEvent.id, row.id), not(free))),
        ]);
        if (!written) return null;
        await audit(actor, 'popup.planned', row, requestId);
        return load(row.id);
      });
    },

    /** Change site, days, procedures and booths while planned or agreed; a changed agreed plan goes back to planned. */
    async update(
      actor: AccountPrincipal,
      id: string,
      input: Omit<PopupInput, 'municipalityId'> & { boothIds?: string[] | undefined },
      requestId?: string,
    ): Promise<PopupEvent> {
      const days = parseDays(input.days);
      return untilWritten(async () => {
        const before = await loadWithin(actor, 'write:popup', id);
        if (!editableStates.includes(before.state)) throw popupProblems.notEditable(before.state);
        const boothIds = [...new Set(input.boothIds ?? before.boothIds)];
        await checkBooths(before.municipalityId, days, boothIds, id);
        const plan = { siteName: input.siteName, siteKind: input.siteKind, days, procedures: [...new Set(input.procedures)] };
        const state = stateAfterEdit(before.state, before, plan);
        const reopened = state !== before.state;
        const ok = and(stillIn(id, before.state), boothsFreeSql(sql`${JSON.stringify(days)}`, boothIds, id))!;
        // The event's own row last: its state is part of the condition.
        const written = await writeIf(ok, [
          db.delete(popupEventBooth).where(and(eq(popupEventBooth.eventId, id), ok)),
          linkBooths(id, boothIds, ok),
          db
            .update(popupEvent)
            .set({
              ...plan,
              ...dateSpan(days),
              state,
              ...(reopened ? { agreedBy: null, agreedAt: null } : {}),
              updatedAt: new Date(clock()),
            })
            .where(and(eq(popupEvent.id, id), ok)),
        ]);
        if (!written) return null;
        boothsChanged(before.boothIds, boothIds);
        await audit(actor, 'popup.changed', before, requestId, reopened ? { state: 'planned' } : undefined);
        return load(id);
      });
    },

    /** Assign the booths (replacing the earlier ones). */
    async assignBooths(actor: AccountPrincipal, id: string, boothIds: string[], requestId?: string): Promise<PopupEvent> {
      const unique = [...new Set(boothIds)];
      return untilWritten(async () => {
        const event = await loadWithin(actor, 'write:popup', id);
        if (!editableStates.includes(event.state)) throw popupProblems.notEditable(event.state);
        await checkBooths(event.municipalityId, event.days, unique, id);
        // The hours checked are the event's as stored when the booths are written.
        const ok = and(stillIn(id, event.state), boothsFreeSql(sql`(SELECT days FROM popup_event WHERE id = ${id})`, unique, id))!;
        const written = await writeIf(ok, [
          db.delete(popupEventBooth).where(and(eq(popupEventBooth.eventId, id), ok)),
          linkBooths(id, unique, ok),
        ]);
        if (!written) return null;
        boothsChanged(event.boothIds, unique);
        await audit(actor, 'popup.booths_assigned', event, requestId, { booths: unique.join(',') });
        return load(id);
      });
    },

    /** A planned event only: nothing was agreed or held yet. */
    async remove(actor: AccountPrincipal, id: string, requestId?: string) {
      const event = await loadWithin(actor, 'write:popup', id);
      if (event.state !== 'planned') throw popupProblems.notDeletable();
      await db.delete(popupEvent).where(and(eq(popupEvent.id, id), eq(popupEvent.state, 'planned')));
      await audit(actor, 'popup.deleted', event, requestId);
    },

    /**
     * agree (town staff of that town), hold, report (supervisors): the domain's state machine; the
     * update compares and swaps on the state, so two clicks record one transition.
     */
    async transition(actor: AccountPrincipal, id: string, action: PopupAction, requestId?: string): Promise<PopupEvent> {
      const { need } = popupTransitions[action];
      const event = await loadWithin(actor, need, id);
      const now = new Date(clock());
      const checked = checkTransition(event, action, now);
      if (!checked.ok) throw popupProblems.transition(checked.reason, event.state);
      const who =
        action === 'agree'
          ? { agreedBy: actor.accountId, agreedAt: now }
          : action === 'hold'
            ? { heldBy: actor.accountId, heldAt: now }
            : { reportedBy: actor.accountId, reportedAt: now };
      const result = await db
        .update(popupEvent)
        .set({ state: checked.to, ...who, updatedAt: now })
        .where(and(eq(popupEvent.id, id), eq(popupEvent.state, event.state)));
      if (result.rowsAffected !== 1) throw popupProblems.transition('wrong_state', (await load(id)).state);
      boothsChanged(event.boothIds);
      await audit(actor, `popup.${checked.to}`, event, requestId);
      return load(id);
    },

    /** The year plan of one municipality: event days per month, weekday vs 土日祝, against the target. */
    async yearPlan(actor: AccountPrincipal, municipalityId: string, year: number, target = DEFAULT_TARGET): Promise<YearPlan> {
      requireWithin(requirePermission(actor, 'read:popup'), municipalityId, popupProblems.notFound);
      const rows = await db
        .select({ state: popupEvent.state, days: popupEvent.days })
        .from(popupEvent)
        .where(
          and(
            eq(popupEvent.municipalityId, municipalityId),
            lte(popupEvent.firstDate, `${year}-12-31`),
            gte(popupEvent.lastDate, `${year}-01-01`),
          ),
        );
      return yearPlan(rows, year, target);
    },

    /** Residents' list (no login): a town's agreed or held events that have not ended, by its code. */
    async upcoming(code: string, at = new Date(clock())) {
      const town = await db.query.municipality.findFirst({
        where: eq(municipality.code, code),
        columns: { id: true, name: true, code: true },
      });
      if (!town) return null;
      const rows = await db
        .select()
        .from(popupEvent)
        .where(
          and(eq(popupEvent.municipalityId, town.id), inArray(popupEvent.state, [...liveStates]), gte(popupEvent.lastDate, localDate(at))),
        )
        .orderBy(asc(popupEvent.firstDate))
        .limit(200);
      // Days already over are left out: residents see what is still to come.
      const today = localDate(at);
      const events = rows.map((r) => ({ ...r, days: r.days.filter((d) => d.date >= today) })).filter((r) => r.days.length > 0);
      return { municipality: town, events };
    },

    /** One public event of a town (for its .ics), or null. */
    async publicEvent(code: string, id: string) {
      const town = await db.query.municipality.findFirst({ where: eq(municipality.code, code), columns: { id: true, name: true } });
      if (!town) return null;
      const row = await db.query.popupEvent.findFirst({ where: and(eq(popupEvent.id, id), eq(popupEvent.municipalityId, town.id)) });
      return row && liveStates.includes(row.state) ? { municipality: town, event: row } : null;
    },

    /**
     * The live (agreed or held) events a booth is assigned to that end today or later (Japan): its
     * effective calendar, what its attract screen shows, and the event its sessions carry.
     */
    async boothEvents(boothId: string, at = new Date(clock())): Promise<PopupEventRow[]> {
      return (await liveEventsOfBooths([boothId], at)).map((r) => r.event);
    },

    /** boothEvents for many booths in one query (the health sweep's batched calendar reads). */
    async boothsEvents(boothIds: readonly string[], at = new Date(clock())): Promise<Map<string, PopupEventRow[]>> {
      return byBooth(await liveEventsOfBooths(boothIds, at));
    },

    /**
     * The events the town agreed to (agreed, held or reported) that each booth was assigned to with
     * a day between two dates (Japan): what its effective calendar was then, for uptime over a range.
     */
    async agreedEventsOfBooths(boothIds: readonly string[], fromDate: string, toDate: string): Promise<Map<string, PopupEventRow[]>> {
      const rows = await eventsOfBooths(
        boothIds,
        and(
          inArray(popupEvent.state, ['agreed', 'held', 'reported']),
          lte(popupEvent.firstDate, toDate),
          gte(popupEvent.lastDate, fromDate),
        ),
      );
      return byBooth(rows);
    },

    /**
     * What a booth follows now: its effective calendar (the events' hours on their days), the event
     * its attract screen shows (today's, else none), and the event open at `at` (its sessions carry it).
     */
    async forBooth(row: { id: string; calendar: unknown }, at = new Date(clock())) {
      const events = await this.boothEvents(row.id, at);
      const calendar = effectiveCalendar(calendarOf(row), events);
      return { calendar, shown: eventShownAt(events, localDate(at)), openEventId: eventOpenAt(events, at)?.id ?? null };
    },

    /** Sessions carrying each of these events (one grouped read on session_popup_event_idx). */
    async sessionCounts(eventIds: readonly string[]): Promise<Map<string, number>> {
      if (eventIds.length === 0) return new Map();
      const rows = await db
        .select({ eventId: session.popupEventId, n: count() })
        .from(session)
        .where(inArray(session.popupEventId, [...eventIds]))
        .groupBy(session.popupEventId);
      return new Map(rows.map((r) => [r.eventId!, r.n]));
    },

    /** A town's portable booths (kind popup), for the assignment choice; write:popup. */
    async portableBooths(actor: AccountPrincipal, municipalityId: string) {
      requireWithin(requirePermission(actor, 'write:popup'), municipalityId, popupProblems.notFound);
      return db
        .select({ id: booth.id, name: booth.name })
        .from(booth)
        .where(and(eq(booth.municipalityId, municipalityId), eq(booth.kind, 'popup')))
        .orderBy(asc(booth.name));
    },

    /** Figures of one event: sessions by procedure and outcome, uptime of its booths within its hours. */
    async figures(actor: AccountPrincipal, id: string): Promise<{ event: PopupEvent; figures: EventFigures }> {
      const event = await loadWithin(actor, 'read:popup', id);
      return { event, figures: (await figuresOf([event])).get(id)! };
    },

    /** The events of a month (any day in it) within reach, with their figures, for the monthly report. */
    async ofMonth(actor: AccountPrincipal | null, municipalityId: string, month: string) {
      requireWithin(requirePermission(actor, 'read:report'), municipalityId, popupProblems.notFound);
      const rows = await db
        .select()
        .from(popupEvent)
        .where(
          and(
            eq(popupEvent.municipalityId, municipalityId),
            lte(popupEvent.firstDate, `${month}-31`),
            gte(popupEvent.lastDate, `${month}-01`),
          ),
        )
        .orderBy(asc(popupEvent.firstDate));
      const events = (await withBooths(rows)).filter((e) => e.days.some((d) => d.date.startsWith(month)));
      const figures = await figuresOf(events);
      return events.map((event) => ({ event, figures: figures.get(event.id)! }));
    },
  };

  /**
   * Sessions carrying each event, uptime of its booths within the event's hours (up to now), and
   * the reservations at the event (at its booths' sites, in its hours: reservationsAtEvent).
   */
  async function figuresOf(events: readonly PopupEvent[]): Promise<Map<string, EventFigures>> {
    const out = new Map<string, EventFigures>();
    if (events.length === 0) return out;
    const sessions = await db
      .select({
        eventId: session.popupEventId,
        procedure: session.procedure,
        outcome: session.outcome,
        answeredAt: session.answeredAt,
        endedAt: session.endedAt,
      })
      .from(session)
      .where(
        and(
          isNotNull(session.popupEventId),
          inArray(
            session.popupEventId,
            events.map((e) => e.id),
          ),
        ),
      );
    const byEvent = groupBy(sessions, (s) => s.eventId!);
    const now = new Date(clock());
    const bounds = new Map(events.map((e) => [e.id, eventBounds(e.days)]));
    // One read of the status intervals of every booth over the span of all the events (not one per event).
    const started = events.filter((e) => e.boothIds.length > 0 && bounds.get(e.id)!.start < now);
    const boothIds = [...new Set(started.flatMap((e) => e.boothIds))];
    const spanStart = new Date(Math.min(...started.map((e) => bounds.get(e.id)!.start.getTime())));
    const spanEnd = new Date(Math.max(...started.map((e) => bounds.get(e.id)!.end.getTime())));
    const perBooth = await statusIntervalsOf(db, boothIds, { from: spanStart, to: spanEnd });
    const reservationsNear = await reservationsOf(events, bounds);
    for (const event of events) {
      const { start, end } = bounds.get(event.id)!;
      const calendar = eventCalendar(event.days);
      const uptimes =
        start < now
          ? event.boothIds.map((boothId) => {
              const list = perBooth.get(boothId)!.filter((i) => i.startedAt < end && (i.endedAt === null || i.endedAt > start));
              return uptimeWithinOpening(calendar, list, { from: start, to: end }, now);
            })
          : [];
      const reservations = reservationsAtEvent(
        { days: event.days, siteKeys: event.boothIds.map((id) => reservationsNear.keys.get(id)!) },
        reservationsNear.rows.filter((r) => r.municipalityId === event.municipalityId),
      );
      out.set(event.id, eventFigures(byEvent.get(event.id) ?? [], uptimes, reservations));
    }
    return out;

    /** One read of the reservations at the events' booths' sites over the span of all the events, and each booth's site key. */
    async function reservationsOf(all: readonly PopupEvent[], spans: Map<string, { start: Date; end: Date }>) {
      const ids = [...new Set(all.flatMap((e) => e.boothIds))];
      const booths = ids.length
        ? await db.select({ id: booth.id, location: booth.location }).from(booth).where(inArray(booth.id, ids))
        : [];
      const keys = new Map(booths.map((b) => [b.id, siteKeyOf(b)]));
      const withBooths = all.filter((e) => e.boothIds.length > 0);
      if (withBooths.length === 0) return { keys, rows: [] };
      const rows = await db
        .select({
          municipalityId: reservation.municipalityId,
          siteKey: reservation.siteKey,
          slotStart: reservation.slotStart,
          state: reservation.state,
        })
        .from(reservation)
        .where(
          and(
            inArray(reservation.municipalityId, [...new Set(withBooths.map((e) => e.municipalityId))]),
            inArray(reservation.siteKey, [...new Set(keys.values())]),
            gte(reservation.slotStart, new Date(Math.min(...withBooths.map((e) => spans.get(e.id)!.start.getTime())))),
            lt(reservation.slotStart, new Date(Math.max(...withBooths.map((e) => spans.get(e.id)!.end.getTime())))),
          ),
        );
      return { keys, rows };
    }
  }
}

export type PopupService = ReturnType<typeof createPopupService>;

const services = new WeakMap<object, PopupService>();
/**
 * The pop-up service of an app context (it holds no state but the database, so one per context is
 * made on first use). A change to an event drops its booths' cached calendars on this node at once.
 */
export function popupsOf(ctx: { database: { db: Db }; boothHealth: { forget(boothId: string): void } }): PopupService {
  let service = services.get(ctx);
  if (!service) {
    service = createPopupService(ctx.database.db, { onBoothChanged: (boothId) => ctx.boothHealth.forget(boothId) });
    services.set(ctx, service);
  }
  return service;
}
