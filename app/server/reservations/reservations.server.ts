/**
 * Reservations (issue 17, decision 0034): slots with their places left, booking by residents and
 * by staff, cancel and move by code, check-in at the booth, and the periodic no-show release.
 *
 * Never overbooked: a booking (and a move) is ONE conditional statement,
 *   INSERT … SELECT … WHERE (booked in the town's slot) < town capacity AND (booked at the site) < site capacity,
 * so the count and the insert happen under SQLite's write lock together. A write statement takes
 * that lock before it reads (a batch through the group commit starts with BEGIN IMMEDIATE), so no
 * other connection — in this process or another sharing the file — can insert between the count
 * and the insert. A full slot inserts nothing: 409 `slot_full`.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Client, InStatement } from '@libsql/client';
import { type Db, groupCommitOf, type Language, type Procedure, schema } from '@madoguchi/db';
import type { CheckInRefusal } from '@madoguchi/db/reservation-contract';
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { jstInstant, type OpeningCalendar } from '../../domain/calendar';
import { localDate } from '../../domain/japan-time';
import { type Reach, reaches } from '../../domain/permissions';
import { effectiveCalendar } from '../../domain/popups/popup-events';
import { addressPrefix } from '../../domain/rate-limit';
import { checkInWindow, evaluateWindow, localClock } from '../../domain/reservations/check-in';
import { formatCode, newCode, parseCode } from '../../domain/reservations/code';
import { type Site, type SiteBooth, sitesOf } from '../../domain/reservations/sites';
import { capacityPerSlot, defaultPolicy, type ReservationPolicy, remaining, siteCapacity, slotsOn } from '../../domain/reservations/slots';
import { nextFreeSlots, slotAt, WALK_IN_OFFERS, walkInDecision } from '../../domain/reservations/walk-in';
import { addDays } from '../../domain/staffing/shifts';
import { municipalityFilter, requirePermission } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import type { BoothPrincipal } from '../booths/booth-auth.server';
import { calendarOf } from '../booths/booths.server';
import { createAddressBudget, type SharedBudget } from '../platform/address-budget.server';
import { during } from '../platform/loop-monitor';
import { Problem } from '../platform/problems';
import { ttlCache } from '../platform/ttl-cache';
import { createPopupService } from '../popups/popups.server';
import { recordAccountAudit } from '../records/audit.server';
import type { ProofOfWork } from './proof-of-work.server';

const { reservation, reservationPolicy, booth, municipality, shift } = schema;
export type ReservationRow = typeof reservation.$inferSelect;

/** States that hold a place in their slot. */
export const HOLDING = ['booked', 'checked_in', 'served'] as const;
const HOLDING_SQL = `('booked','checked_in','served')`;

/** The most days ahead a slot list or a booking may reach. */
export const MAX_DAYS_AHEAD = 62;
export const MAX_DAYS_PER_LIST = 14;

type SiteWithCalendar = Site<SiteBooth & { calendar: OpeningCalendar }>;

/** How long a municipality's reservation policy and sites are kept in memory. */
export const CONFIG_TTL_MS = 2_000;

export interface SlotView {
  start: Date;
  end: Date;
  remaining: number;
}

export interface SiteDays {
  key: string;
  name: string;
  days: { date: string; slots: SlotView[] }[];
}

/** A walk-in at a booth (reservation-only town): call them in now, or the next free slots at the booth's site. */
export type WalkInResult =
  | { decision: 'walk_in' }
  | { decision: 'book'; siteKey: string; slots: (SlotView & { comeAt: { date: string | null; time: string } })[] };

/**
 * How many days ahead the booth looks for free slots for a walk-in: as far as residents can book
 * (MAX_DAYS_PER_LIST), so a town hall's year-end closure (12/29–1/3 with its weekends, up to 9
 * days) or Golden Week still leaves slots to offer; the first WALK_IN_OFFERS free ones are shown.
 */
export const WALK_IN_DAYS = MAX_DAYS_PER_LIST;

export type CheckInResult =
  | { outcome: 'checked_in'; reservation: ReservationRow }
  | {
      outcome: 'refused';
      reason: CheckInRefusal;
      opensAt: Date | null;
      closesAt: Date | null;
      /** When the window opens, in Japan time: `HH:MM`, and the date when it is not today. */
      comeAt: { date: string | null; time: string } | null;
    };

const notFound = () =>
  new Problem(404, 'reservation_not_found', {
    ja: 'その予約番号の予約は見つかりません。番号をお確かめください。',
    en: 'No reservation has this code. Please check the code.',
  });
const municipalityNotFound = () =>
  new Problem(404, 'municipality_not_found', { ja: 'その自治体は見つかりません。', en: 'No such municipality.' });
const siteNotFound = () => new Problem(404, 'site_not_found', { ja: 'その会場は見つかりません。', en: 'No such site.' });
const notASlot = () =>
  new Problem(400, 'not_a_slot', {
    ja: 'その時刻は予約枠ではありません（受付時間外か、枠の開始時刻ではありません）。',
    en: 'That time is not a reservation slot (outside opening hours, or not the start of a slot).',
  });
const slotPast = () => new Problem(409, 'slot_past', { ja: 'その予約枠はすでに始まっています。', en: 'That slot has already started.' });
const slotFull = () =>
  new Problem(409, 'slot_full', {
    ja: 'その予約枠は満席になりました。別の時間をお選びください。',
    en: 'That slot is now full. Please choose another time.',
  });
const notChangeable = (state: string) =>
  new Problem(409, 'reservation_not_changeable', {
    ja: `この予約は現在「${state}」のため、変更・取消できません。`,
    en: `This reservation is ${state.replace('_', ' ')}, so it cannot be changed or cancelled.`,
  });
const procedureNotOffered = () =>
  new Problem(400, 'procedure_not_offered', {
    ja: 'この自治体ではその手続を受け付けていません。',
    en: 'This municipality does not offer that procedure.',
  });

export interface ReservationServiceDeps {
  db: Db;
  client: Client;
  now?: () => Date;
  /** How often the dispatcher's node releases no-shows and marks answered calls served. */
  sweepMs?: number;
  onError?: (error: unknown, message: string) => void;
  /** The public routes' proof-of-work (proof-of-work.server.ts). */
  proofOfWork: ProofOfWork;
  /** Per address prefix: public requests per minute, and bookings and moves per hour. */
  budgets?: { requestsPerMinute: number; bookingsPerHour: number };
  /** Key of the HMAC that hides address prefixes in Redis (derived from the session secret). */
  budgetKey: Buffer;
  /** Several nodes: the budgets in Redis, shared by all of them (else each node has its own). */
  shared?: SharedBudget | undefined;
}

export function createReservationService({
  db,
  client,
  now = () => new Date(),
  sweepMs = 60_000,
  onError,
  proofOfWork,
  budgets = { requestsPerMinute: 120, bookingsPerHour: 10 },
  budgetKey,
  shared,
}: ReservationServiceDeps) {
  // The API's public routes and the public page share them (decision 0034).
  const counters = {
    request: createAddressBudget({
      name: 'reserve:request',
      limit: budgets.requestsPerMinute,
      windowMs: 60_000,
      hmacKey: budgetKey,
      shared,
    }),
    booking: createAddressBudget({
      name: 'reserve:booking',
      limit: budgets.bookingsPerHour,
      windowMs: 3_600_000,
      hmacKey: budgetKey,
      shared,
    }),
  };
  // Bookings arriving together share one commit (one fsync); each stays its own conditional statement.
  const writes = groupCommitOf(client);
  let timer: NodeJS.Timeout | undefined;

  /**
   * Policies and sites (with their booths' calendars parsed) change rarely and are read by every
   * booking and slot list: kept for CONFIG_TTL_MS, so a change shows within that.
   */
  const policies = ttlCache<ReservationPolicy>(
    CONFIG_TTL_MS,
    () => Date.now(),
    async (municipalityId) => {
      const row = await db.query.reservationPolicy.findFirst({ where: eq(reservationPolicy.municipalityId, municipalityId) });
      return row
        ? {
            slotMinutes: row.slotMinutes,
            walkInSharePercent: row.walkInSharePercent,
            fixedCapacity: row.fixedCapacity,
            checkInEarlyMinutes: row.checkInEarlyMinutes,
            checkInLateMinutes: row.checkInLateMinutes,
            reservationOnly: row.reservationOnly,
          }
        : defaultPolicy;
    },
  );
  const policyOf = async (municipalityId: string) => (await policies.get(municipalityId))!;

  async function townById(id: string) {
    const row = await db.query.municipality.findFirst({ where: eq(municipality.id, id) });
    if (!row) throw municipalityNotFound();
    return row;
  }

  async function municipalityByCode(code: string) {
    const row = await db.query.municipality.findFirst({ where: eq(municipality.code, code) });
    if (!row) throw municipalityNotFound();
    return row;
  }

  const popups = createPopupService(db, { clock: () => now().getTime() });
  const sites = ttlCache<SiteWithCalendar[]>(
    CONFIG_TTL_MS,
    () => Date.now(),
    async (municipalityId) => {
      const booths = await db
        .select({
          id: booth.id,
          name: booth.name,
          location: booth.location,
          enabled: booth.enabled,
          kind: booth.kind,
          calendar: booth.calendar,
        })
        .from(booth)
        .where(eq(booth.municipalityId, municipalityId));
      // A portable booth is open at the hours of the pop-up events the town agreed to (decision 0035): residents book there then.
      const events = await popups.boothsEvents(
        booths.filter((b) => b.enabled && b.kind === 'popup').map((b) => b.id),
        now(),
      );
      return sitesOf(booths.map(({ kind: _, ...b }) => ({ ...b, calendar: effectiveCalendar(calendarOf(b), events.get(b.id) ?? []) })));
    },
  );
  const sitesOfTown = async (municipalityId: string) => (await sites.get(municipalityId))!;
  /** The site of a booth (its enabled booths sharing a location); 404 for a disabled booth. */
  async function boothSite(principal: BoothPrincipal): Promise<SiteWithCalendar> {
    const site = (await sitesOfTown(principal.municipalityId)).find((s) => s.booths.some((b) => b.id === principal.boothId));
    if (!site) throw siteNotFound();
    return site;
  }
  /** A site's distinct calendars (its booths usually share one): what slotsOn evaluates. */
  const distinctCalendars = new WeakMap<SiteWithCalendar, OpeningCalendar[]>();
  const calendarsOf = (site: SiteWithCalendar) => {
    let calendars = distinctCalendars.get(site);
    if (!calendars) {
      const byText = new Map(site.booths.map((b) => [JSON.stringify(b.calendar), b.calendar]));
      calendars = [...byText.values()];
      distinctCalendars.set(site, calendars);
    }
    return calendars;
  };

  /**
   * The town's capacity per slot start minute on each of `dates`, from one read of those days'
   * shifts. A disabled account's shifts plan nobody (as on the shift page and in the reports).
   */
  async function townCapacity(
    municipalityId: string,
    dates: readonly string[],
    policy: ReservationPolicy,
  ): Promise<Map<string, Map<number, number>>> {
    const shifts = await db
      .select({
        date: shift.date,
        startMinute: shift.startMinute,
        endMinute: shift.endMinute,
        breakStartMinute: shift.breakStartMinute,
        breakEndMinute: shift.breakEndMinute,
        municipalityIds: shift.municipalityIds,
      })
      .from(shift)
      .innerJoin(schema.account, eq(schema.account.id, shift.accountId))
      .where(and(inArray(shift.date, [...dates]), eq(schema.account.disabled, false)));
    return new Map(dates.map((date) => [date, capacityPerSlot(shifts, date, municipalityId, policy)]));
  }

  /** Places held per slot start (ms): in the town, and per site. */
  async function holding(municipalityId: string, from: Date, to: Date) {
    const rows = await db
      .select({ siteKey: reservation.siteKey, slotStart: reservation.slotStart })
      .from(reservation)
      .where(
        and(
          eq(reservation.municipalityId, municipalityId),
          gte(reservation.slotStart, from),
          lt(reservation.slotStart, to),
          inArray(reservation.state, [...HOLDING]),
        ),
      );
    const town = new Map<number, number>();
    const site = new Map<string, number>();
    for (const r of rows) {
      const t = r.slotStart.getTime();
      town.set(t, (town.get(t) ?? 0) + 1);
      site.set(`${r.siteKey}|${t}`, (site.get(`${r.siteKey}|${t}`) ?? 0) + 1);
    }
    return { town, site };
  }

  /** The slots of `days` local days from `from` at the town's sites (or one), with the places left; started slots left out. */
  async function slots(municipalityId: string, query: { from: string; days: number; site?: string | undefined }) {
    const policy = await policyOf(municipalityId);
    let sites = await sitesOfTown(municipalityId);
    if (query.site) {
      sites = sites.filter((s) => s.key === query.site);
      if (sites.length === 0) throw siteNotFound();
    }
    const at = now();
    const dates = Array.from({ length: query.days }, (_, i) => addDays(query.from, i));
    const held = await holding(municipalityId, jstInstant(dates[0]!, '00:00'), jstInstant(dates.at(-1)!, '24:00'));
    const capacities = await townCapacity(municipalityId, dates, policy);
    const result: SiteDays[] = sites.map((s) => ({ key: s.key, name: s.name, days: [] }));
    for (const date of dates) {
      const capacity = capacities.get(date)!;
      sites.forEach((site, i) => {
        const perSite = siteCapacity(site.booths.length, policy.slotMinutes);
        const daySlots = slotsOn(calendarsOf(site), date, policy.slotMinutes)
          .filter((slot) => slot.start.getTime() > at.getTime())
          .map((slot) => ({
            start: slot.start,
            end: slot.end,
            remaining: remaining(
              { town: capacity.get(slot.startMinute) ?? 0, site: perSite },
              { town: held.town.get(slot.start.getTime()) ?? 0, site: held.site.get(`${site.key}|${slot.start.getTime()}`) ?? 0 },
            ),
          }));
        result[i]!.days.push({ date, slots: daySlots });
      });
    }
    return { policy, sites: result };
  }

  /** The slot starting at `slotStart` at that site, with its limits; 404/400/409 when it is none, or over. */
  async function resolveSlot(municipalityId: string, siteKey: string, slotStart: Date) {
    const policy = await policyOf(municipalityId);
    const site = (await sitesOfTown(municipalityId)).find((s) => s.key === siteKey);
    if (!site) throw siteNotFound();
    const date = localDate(slotStart);
    const slot = slotsOn(calendarsOf(site), date, policy.slotMinutes).find((s) => s.start.getTime() === slotStart.getTime());
    if (!slot) throw notASlot();
    const at = now();
    if (slot.start.getTime() <= at.getTime()) throw slotPast();
    if (slot.start.getTime() > at.getTime() + MAX_DAYS_AHEAD * 86_400_000) throw notASlot();
    const capacity = (await townCapacity(municipalityId, [date], policy)).get(date)!;
    return {
      site,
      slot,
      policy,
      townCapacity: capacity.get(slot.startMinute) ?? 0,
      siteCapacity: siteCapacity(site.booths.length, policy.slotMinutes),
    };
  }

  /** The conditions that keep a slot within both capacities, for a row other than `exceptId`. */
  function capacityCondition(
    municipalityId: string,
    siteKey: string,
    slotStart: number,
    townCapacity: number,
    siteCap: number,
    exceptId: string,
  ) {
    return {
      sql: `(SELECT count(*) FROM reservation WHERE municipality_id = ? AND slot_start = ? AND state IN ${HOLDING_SQL} AND id <> ?) < ?
        AND (SELECT count(*) FROM reservation WHERE municipality_id = ? AND site_key = ? AND slot_start = ? AND state IN ${HOLDING_SQL} AND id <> ?) < ?`,
      args: [municipalityId, slotStart, exceptId, townCapacity, municipalityId, siteKey, slotStart, exceptId, siteCap],
    };
  }

  async function byId(id: string) {
    return (await db.query.reservation.findFirst({ where: eq(reservation.id, id) })) ?? null;
  }

  async function byCodeRow(code: string) {
    const parsed = parseCode(code);
    if (!parsed) return null;
    return (await db.query.reservation.findFirst({ where: eq(reservation.code, parsed) })) ?? null;
  }

  async function book(input: {
    municipalityId: string;
    siteKey: string;
    slotStart: Date;
    procedure: Procedure;
    language: Language;
    bookedBy: { kind: 'resident' } | { kind: 'booth' } | { kind: 'staff'; accountId: string };
  }): Promise<ReservationRow> {
    const town = await db.query.municipality.findFirst({ where: eq(municipality.id, input.municipalityId) });
    if (!town) throw municipalityNotFound();
    if (!town.procedures.includes(input.procedure)) throw procedureNotOffered();
    const resolved = await resolveSlot(input.municipalityId, input.siteKey, input.slotStart);
    const start = resolved.slot.start.getTime();
    const id = randomUUID();
    const bookedAt = now().getTime();
    for (let attempt = 0; ; attempt++) {
      const code = newCode((n) => randomInt(n));
      const condition = capacityCondition(input.municipalityId, input.siteKey, start, resolved.townCapacity, resolved.siteCapacity, id);
      const statement: InStatement = {
        sql: `INSERT INTO reservation (id, municipality_id, site_key, procedure, language, slot_start, slot_end, code, state, booked_by, booked_by_account_id, booked_at)
          SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ? WHERE ${condition.sql}`,
        args: [
          id,
          input.municipalityId,
          input.siteKey,
          input.procedure,
          input.language,
          start,
          resolved.slot.end.getTime(),
          code,
          input.bookedBy.kind,
          input.bookedBy.kind === 'staff' ? input.bookedBy.accountId : null,
          bookedAt,
          ...condition.args,
        ],
      };
      try {
        const result = await writes.write(statement);
        if (result.rowsAffected === 0) throw slotFull();
        return (await byId(id))!;
      } catch (error) {
        // A code already taken (1 in ~10¹⁰ per live reservation): draw another.
        if (attempt < 3 && /UNIQUE constraint failed: reservation\.code/.test(String(error))) continue;
        throw error;
      }
    }
  }

  async function cancelRow(row: ReservationRow): Promise<ReservationRow> {
    const result = await writes.write({
      sql: `UPDATE reservation SET state = 'cancelled', cancelled_at = ? WHERE id = ? AND state = 'booked'`,
      args: [now().getTime(), row.id],
    });
    const fresh = (await byId(row.id))!;
    if (result.rowsAffected === 0 && fresh.state !== 'cancelled') throw notChangeable(fresh.state);
    return fresh;
  }

  /** A booked reservation whose window has not passed; otherwise 409 (a code is useless after its window). */
  async function changeable(row: ReservationRow | null): Promise<ReservationRow> {
    if (!row) throw notFound();
    if (row.state !== 'booked') throw notChangeable(row.state);
    const verdict = evaluateWindow(row.slotStart, await policyOf(row.municipalityId), now());
    if (verdict.kind === 'late' || verdict.kind === 'expired') throw notChangeable('no_show');
    return row;
  }

  async function moveRow(row: ReservationRow, to: { siteKey: string; slotStart: Date }): Promise<ReservationRow> {
    const resolved = await resolveSlot(row.municipalityId, to.siteKey, to.slotStart);
    const start = resolved.slot.start.getTime();
    const condition = capacityCondition(row.municipalityId, to.siteKey, start, resolved.townCapacity, resolved.siteCapacity, row.id);
    const result = await writes.write({
      sql: `UPDATE reservation SET site_key = ?, slot_start = ?, slot_end = ? WHERE id = ? AND state = 'booked' AND ${condition.sql}`,
      args: [to.siteKey, start, resolved.slot.end.getTime(), row.id, ...condition.args],
    });
    const fresh = (await byId(row.id))!;
    if (result.rowsAffected === 0) throw fresh.state === 'booked' ? slotFull() : notChangeable(fresh.state);
    return fresh;
  }

  /** Releases no-shows (booked, window closed) and marks checked-in reservations whose call was answered as served. */
  async function sweep(): Promise<{ noShows: number; served: number }> {
    const at = now().getTime();
    const [noShows, served] = await client.batch(
      [
        {
          sql: `UPDATE reservation SET state = 'no_show', no_show_at = ?
            WHERE state = 'booked' AND slot_start < ? - 60000 * coalesce(
              (SELECT check_in_late_minutes FROM reservation_policy p WHERE p.municipality_id = reservation.municipality_id), ?)`,
          args: [at, at, defaultPolicy.checkInLateMinutes],
        },
        {
          sql: `UPDATE reservation SET state = 'served',
              served_at = (SELECT answered_at FROM session s WHERE s.id = reservation.session_id)
            WHERE state = 'checked_in' AND session_id IN (SELECT id FROM session WHERE reservation_id IS NOT NULL AND answered_at IS NOT NULL)`,
          args: [],
        },
      ],
      'write',
    );
    return { noShows: noShows!.rowsAffected, served: served!.rowsAffected };
  }

  return {
    proofOfWork,
    /**
     * Counts one public request (or booking) from `clientAddress`'s prefix; 429 with the seconds to
     * wait once over the budget.
     */
    async admit(clientAddress: string, kind: 'request' | 'booking'): Promise<void> {
      const waitMs = await counters[kind].take(addressPrefix(clientAddress), now().getTime());
      if (waitMs === 0) return;
      throw Object.assign(
        new Problem(429, 'too_many_requests', {
          ja: 'このネットワークからのリクエストが多すぎます。しばらくしてからお試しください。',
          en: 'Too many requests from this network. Please try again later.',
        }),
        { retryAfterSeconds: Math.ceil(waitMs / 1000) },
      );
    },
    policyOf,

    /** A town's policy for the admin page (the defaults when none was set). */
    async policyFor(account: AccountPrincipal, municipalityId: string): Promise<ReservationPolicy> {
      if (!reaches(requirePermission(account, 'read:municipality'), municipalityId)) throw municipalityNotFound();
      await townById(municipalityId);
      return policyOf(municipalityId);
    },

    /**
     * An admin sets a town's policy (input checked by ReservationPolicyInput, and by the table's
     * CHECKs). Existing reservations keep their slots; this node reads the new policy at once, the
     * others within CONFIG_TTL_MS. Audited with the fields that changed.
     */
    async setPolicy(account: AccountPrincipal, municipalityId: string, input: ReservationPolicy, requestId?: string) {
      if (!reaches(requirePermission(account, 'write:municipality'), municipalityId)) throw municipalityNotFound();
      await townById(municipalityId);
      const before = await db.query.reservationPolicy.findFirst({ where: eq(reservationPolicy.municipalityId, municipalityId) });
      const old: ReservationPolicy = before ?? defaultPolicy;
      const row = { ...input, updatedAt: now() };
      await db
        .insert(reservationPolicy)
        .values({ municipalityId, ...row })
        .onConflictDoUpdate({ target: reservationPolicy.municipalityId, set: row });
      policies.forget(municipalityId);
      const changed = (Object.keys(input) as (keyof ReservationPolicy)[]).filter((k) => input[k] !== old[k]);
      await recordAccountAudit(db, account, {
        action: 'reservation_policy.updated',
        targetType: 'municipality',
        targetId: municipalityId,
        municipalityId,
        requestId,
        detail: { fields: changed.join(',') },
      });
      return policyOf(municipalityId);
    },
    municipalityByCode,
    sitesOfTown,
    slots,
    byCode: byCodeRow,
    sweep,

    /** A resident books on the public page (the municipality by its code). */
    async bookAsResident(municipalityCode: string, input: { siteKey: string; slotStart: Date; procedure: Procedure; language: Language }) {
      const town = await municipalityByCode(municipalityCode);
      return book({ ...input, municipalityId: town.id, bookedBy: { kind: 'resident' } });
    },

    /** Staff book for a resident on the phone: recorded as booked by staff, with their account. */
    async bookAsStaff(
      account: AccountPrincipal,
      input: { municipalityId: string; siteKey: string; slotStart: Date; procedure: Procedure; language: Language },
    ) {
      const reach = requirePermission(account, 'write:reservation');
      if (!reaches(reach, input.municipalityId)) throw municipalityNotFound();
      return book({ ...input, bookedBy: { kind: 'staff', accountId: account.accountId } });
    },

    async staffSlots(account: AccountPrincipal, query: { municipalityId: string; from: string; days: number; site?: string | undefined }) {
      const reach = requirePermission(account, 'read:reservation');
      if (!reaches(reach, query.municipalityId)) throw municipalityNotFound();
      return slots(query.municipalityId, query);
    },

    async list(account: AccountPrincipal, query: { municipalityId?: string | undefined; from: string; days: number }) {
      const reach: Reach = requirePermission(account, 'read:reservation');
      const allowed = municipalityFilter(reach);
      if (query.municipalityId && allowed && !allowed.includes(query.municipalityId)) throw municipalityNotFound();
      const towns = query.municipalityId ? [query.municipalityId] : allowed;
      return db
        .select()
        .from(reservation)
        .where(
          and(
            towns ? inArray(reservation.municipalityId, [...towns]) : undefined,
            gte(reservation.slotStart, jstInstant(query.from, '00:00')),
            lt(reservation.slotStart, jstInstant(addDays(query.from, query.days - 1), '24:00')),
          ),
        )
        .orderBy(asc(reservation.slotStart), asc(reservation.id))
        .limit(5_000);
    },

    async cancelAsStaff(account: AccountPrincipal, id: string) {
      const reach = requirePermission(account, 'write:reservation');
      const row = await byId(id);
      if (!row || !reaches(reach, row.municipalityId)) throw notFound();
      return cancelRow(row);
    },

    async cancelByCode(code: string) {
      const row = await byCodeRow(code);
      if (!row) throw notFound();
      return cancelRow(row);
    },

    async moveByCode(code: string, to: { siteKey: string; slotStart: Date }) {
      return moveRow(await changeable(await byCodeRow(code)), to);
    },

    /**
     * A walk-in at a booth of a reservation-only town (decision 0034): called in when no reservation
     * is due in the slot running now at the booth's site (domain/reservations/walk-in.ts), otherwise
     * the next free slots at that site (today and the next days), with their time in Japan.
     */
    async walkIn(principal: BoothPrincipal): Promise<WalkInResult> {
      const site = await boothSite(principal);
      const policy = await policyOf(principal.municipalityId);
      const at = now();
      const today = localDate(at);
      const current = slotAt(slotsOn(calendarsOf(site), today, policy.slotMinutes), at);
      if (current) {
        const due = await db
          .select({ siteKey: reservation.siteKey })
          .from(reservation)
          .where(
            and(
              eq(reservation.municipalityId, principal.municipalityId),
              eq(reservation.slotStart, current.start),
              inArray(reservation.state, ['booked', 'checked_in']),
            ),
          );
        const townCap = (await townCapacity(principal.municipalityId, [today], policy)).get(today)!.get(current.startMinute) ?? 0;
        const decision = walkInDecision({
          capacity: { town: townCap, site: siteCapacity(site.booths.length, policy.slotMinutes) },
          due: { town: due.length, site: due.filter((r) => r.siteKey === site.key).length },
        });
        if (decision === 'walk_in') return { decision };
      }
      const listed = await slots(principal.municipalityId, { from: today, days: WALK_IN_DAYS, site: site.key });
      const free = nextFreeSlots(listed.sites[0]?.days ?? [], WALK_IN_OFFERS);
      return { decision: 'book', siteKey: site.key, slots: free.map((s) => ({ ...s, comeAt: localClock(s.start, at) })) };
    },

    /**
     * A walk-in books one of the offered slots on the booth (touch only): the booth's own site only
     * (another site, or another town's, is 404), through the same conditional insert as every
     * booking; recorded as booked at the booth.
     */
    async bookAtBooth(principal: BoothPrincipal, input: { siteKey: string; slotStart: Date; procedure: Procedure; language: Language }) {
      const site = await boothSite(principal);
      if (input.siteKey !== site.key) throw siteNotFound();
      return book({ ...input, municipalityId: principal.municipalityId, bookedBy: { kind: 'booth' } });
    },

    checkInWindowOf: async (row: ReservationRow) => checkInWindow(row.slotStart, await policyOf(row.municipalityId)),

    /**
     * The booth reads a code (QR or keypad): within the window the reservation is checked in (a
     * repeat by a booth of the same town before the call starts is answered the same), otherwise
     * why not and when to come.
     */
    async checkIn(principal: BoothPrincipal, code: string): Promise<CheckInResult> {
      const at = now();
      const refused = (reason: CheckInRefusal, window?: { opensAt: Date; closesAt: Date }) =>
        ({
          outcome: 'refused',
          reason,
          opensAt: window?.opensAt ?? null,
          closesAt: window?.closesAt ?? null,
          comeAt: window && reason === 'early' ? localClock(window.opensAt, at) : null,
        }) as const;
      if (!parseCode(code)) return refused('mistyped');
      const row = await byCodeRow(code);
      if (!row) return refused('unknown');
      if (row.municipalityId !== principal.municipalityId) return refused('other_municipality');
      const policy = await policyOf(row.municipalityId);
      const verdict = evaluateWindow(row.slotStart, policy, at);
      if (row.state === 'cancelled') return refused('cancelled');
      if (row.state === 'no_show') return refused('expired', verdict);
      if (row.state === 'served' || (row.state === 'checked_in' && row.sessionId !== null)) return refused('already_used');
      if (verdict.kind !== 'ok') return refused(verdict.kind, verdict);
      if (row.state === 'checked_in') return { outcome: 'checked_in', reservation: row };
      const result = await writes.write({
        sql: `UPDATE reservation SET state = 'checked_in', checked_in_at = ? WHERE id = ? AND state = 'booked'`,
        args: [at.getTime(), row.id],
      });
      const fresh = (await byId(row.id))!;
      if (result.rowsAffected === 0 && fresh.state !== 'checked_in') return refused('already_used');
      return { outcome: 'checked_in', reservation: fresh };
    },

    /**
     * What a booth's call with `reservationId` carries: the reservation must be checked in, in the
     * booth's town, and not yet linked to a call. 409 otherwise.
     */
    async forCall(principal: BoothPrincipal, reservationId: string): Promise<{ procedure: Procedure; language: Language }> {
      const row = await byId(reservationId);
      if (!row || row.municipalityId !== principal.municipalityId || row.state !== 'checked_in' || row.sessionId !== null) {
        throw new Problem(409, 'reservation_not_checked_in', {
          ja: 'この予約はチェックインされていないか、すでに使われています。',
          en: 'This reservation is not checked in, or has already been used.',
        });
      }
      return { procedure: row.procedure, language: row.language };
    },

    start() {
      if (timer || sweepMs <= 0) return;
      timer = setInterval(() => {
        during('reservation-sweep', sweep).catch((error: unknown) => onError?.(error, 'reservation sweep failed; the next one retries'));
      }, sweepMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export type ReservationService = ReturnType<typeof createReservationService>;

/** A reservation as anyone holding its code sees it: no account ids. */
export function publicView(row: ReservationRow, window: { opensAt: Date; closesAt: Date }, site: { key: string; name: string } | null) {
  return {
    code: formatCode(row.code),
    municipalityId: row.municipalityId,
    site: site ?? { key: row.siteKey, name: '' },
    procedure: row.procedure,
    language: row.language,
    slotStart: row.slotStart.toISOString(),
    slotEnd: row.slotEnd.toISOString(),
    state: row.state,
    checkInOpensAt: window.opensAt.toISOString(),
    checkInClosesAt: window.closesAt.toISOString(),
  };
}
