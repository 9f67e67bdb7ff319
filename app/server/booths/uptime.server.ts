/**
 * Booth health as staff read it: uptime within each booth's opening hours (domain/uptime.ts), the
 * booths with their health today and this month, one booth's detail, and the booths offline in
 * opening hours right now (the dashboard banner). Reports use `uptimeFor` too.
 */

import { type Db, schema } from '@madoguchi/db';
import { and, eq, inArray, min } from 'drizzle-orm';
import { isOpen, type OpeningCalendar } from '../../domain/calendar';
import { localDate } from '../../domain/japan-time';
import { effectiveCalendar } from '../../domain/popups/popup-events';
import { currentPeriods } from '../../domain/reports/periods';
import { type Uptime, uptimeWithinOpening } from '../../domain/uptime';
import { municipalityFilter, municipalityIn, readableMunicipalities, requirePermission } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import type { PopupService } from '../popups/popups.server';
import { boothWithin, calendarOf } from './booths.server';
import { type BoothMeta, type BoothStateReader, presentHealth } from './health-state';
import { statusIntervalsOf } from './status-intervals.server';

const { booth, boothStatusInterval, municipality } = schema;

export interface BoothHealthReadDeps {
  db: Db;
  clock: () => number;
  /** The booths' current health: this node's memory, or Redis (several nodes). */
  states: BoothStateReader;
  /** Booths' names and calendars, cached per node; the uncached ones read a slice per query. */
  metaOfMany: (boothIds: Iterable<string>) => Promise<ReadonlyMap<string, BoothMeta>>;
  /** The pop-up events portable booths followed (their effective calendars). */
  popups: Pick<PopupService, 'agreedEventsOfBooths'>;
}

export function createBoothHealthReads({ db, clock, states, metaOfMany, popups }: BoothHealthReadDeps) {
  /**
   * Uptime within each booth's opening hours over the range (up to now). Time before the booth
   * existed is not counted: the range starts no earlier than its creation or its first status
   * interval, whichever is earlier (seeded history keeps its intervals). Unknown ids are left out.
   */
  async function uptimeFor(boothIds: readonly string[], range: { from: Date; to: Date }): Promise<Map<string, Uptime>> {
    const result = new Map<string, Uptime>();
    if (boothIds.length === 0) return result;
    const booths = new Map<string, { calendar: OpeningCalendar; since: number }>();
    for (let i = 0; i < boothIds.length; i += 500) {
      const ids = boothIds.slice(i, i + 500);
      const rows = await db
        .select({ id: booth.id, calendar: booth.calendar, createdAt: booth.createdAt })
        .from(booth)
        .where(inArray(booth.id, ids));
      const firsts = await db
        .select({ boothId: boothStatusInterval.boothId, first: min(boothStatusInterval.startedAt) })
        .from(boothStatusInterval)
        .where(inArray(boothStatusInterval.boothId, ids))
        .groupBy(boothStatusInterval.boothId);
      const firstOf = new Map(firsts.map((f) => [f.boothId, f.first]));
      for (const r of rows) {
        const first = firstOf.get(r.id);
        booths.set(r.id, { calendar: calendarOf(r), since: Math.min(r.createdAt.getTime(), first ? first.getTime() : Infinity) });
      }
    }
    // Portable booths were open at their pop-up events' hours (decision 0035): count those.
    const events = await popups.agreedEventsOfBooths([...booths.keys()], localDate(range.from), localDate(range.to));
    for (const [id, list] of events) {
      const b = booths.get(id);
      if (b) b.calendar = effectiveCalendar(b.calendar, list);
    }
    const intervals = await statusIntervalsOf(db, [...booths.keys()], range);
    const now = new Date(clock());
    for (const [id, b] of booths) {
      const from = new Date(Math.max(range.from.getTime(), b.since));
      result.set(id, uptimeWithinOpening(b.calendar, intervals.get(id) ?? [], { from, to: range.to }, now));
    }
    return result;
  }

  return {
    uptimeFor,

    /** Booths within the actor's reach, with their health, uptime today and this month, and current outage. */
    async list(actor: AccountPrincipal, filter: { municipalityId?: string | undefined } = {}) {
      const ids = readableMunicipalities(actor, 'read:diagnostics');
      const rows = await db
        .select({
          id: booth.id,
          name: booth.name,
          kind: booth.kind,
          location: booth.location,
          municipalityId: booth.municipalityId,
          municipalityName: municipality.name,
          maintenance: booth.maintenance,
          calendar: booth.calendar,
        })
        .from(booth)
        .innerJoin(municipality, eq(municipality.id, booth.municipalityId))
        .where(
          and(
            municipalityIn(ids, booth.municipalityId),
            filter.municipalityId ? eq(booth.municipalityId, filter.municipalityId) : undefined,
          ),
        )
        .orderBy(municipality.name, booth.name);
      const now = new Date(clock());
      const { today: day, month } = currentPeriods(now);
      const boothIds = rows.map((r) => r.id);
      const monthUptime = await uptimeFor(boothIds, month);
      const todayUptime = await uptimeFor(boothIds, day);
      const health = await states.get(boothIds);
      return rows.map(({ calendar, ...r }) => {
        const s = health.get(r.id);
        return {
          ...r,
          open: isOpen(calendarOf({ calendar }), now),
          health: presentHealth(s),
          today: todayUptime.get(r.id)!,
          month: monthUptime.get(r.id)!,
        };
      });
    },

    /** One booth: health, uptime today and this month, and this month's outages. */
    async detail(actor: AccountPrincipal, boothId: string) {
      const row = await boothWithin(db, actor, 'read:diagnostics', boothId);
      const now = new Date(clock());
      const { today: day, month } = currentPeriods(now);
      const today = (await uptimeFor([boothId], day)).get(boothId)!;
      const thisMonth = (await uptimeFor([boothId], month)).get(boothId)!;
      return {
        booth: {
          id: row.id,
          name: row.name,
          kind: row.kind,
          location: row.location,
          municipalityId: row.municipalityId,
          maintenance: row.maintenance,
        },
        open: isOpen(calendarOf(row), now),
        health: presentHealth((await states.get([boothId])).get(boothId)),
        today,
        month: thisMonth,
      };
    },

    /** Booths offline right now during their opening hours, within the actor's reach (the dashboard banner). */
    async offlineInOpening(actor: AccountPrincipal) {
      const reach = requirePermission(actor, 'read:diagnostics');
      const ids = municipalityFilter(reach);
      const at = clock();
      const out: { boothId: string; name: string; municipalityId: string; since: Date; alerted: boolean }[] = [];
      const offline = [...(await states.offline())].filter((s) => s.status === 'offline' && (!ids || ids.includes(s.municipalityId)));
      // In a few queries, not one per booth: at night every booth may be offline (thousands).
      const metas = await metaOfMany(offline.map((s) => s.boothId));
      for (const s of offline) {
        const meta = metas.get(s.boothId);
        if (!meta || !isOpen(meta.calendar, new Date(at))) continue;
        out.push({
          boothId: s.boothId,
          name: meta.name,
          municipalityId: s.municipalityId,
          since: new Date(s.since),
          alerted: s.alertedAt !== null,
        });
      }
      return out.sort((a, b) => a.since.getTime() - b.since.getTime());
    },
  };
}
