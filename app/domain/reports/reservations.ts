/**
 * The reservations section of the daily and monthly reports (issue 17, decision 0034): how many
 * reservations there were for the period's slots and how each ended — booked (still open),
 * checked in, served, no-show, cancelled — per day, site, procedure and language; and the wait
 * from check-in (the call's request) to answer for reserved calls against walk-ins. Pure.
 */
import type { Language, Procedure, ReservationState } from '@madoguchi/db';

export const reservationColumns = ['total', 'booked', 'checked_in', 'served', 'no_show', 'cancelled'] as const;
export type ReservationCounts = Record<(typeof reservationColumns)[number], number>;

export interface ReservationFact {
  /** Local (Japan) date of the slot. */
  date: string;
  siteKey: string;
  procedure: Procedure;
  language: Language;
  state: ReservationState;
}

export interface AnsweredCall {
  reserved: boolean;
  waitMs: number;
}

export interface ReservationSection {
  totals: ReservationCounts;
  byDay: ({ key: string } & ReservationCounts)[];
  bySite: ({ key: string } & ReservationCounts)[];
  byProcedure: ({ key: Procedure } & ReservationCounts)[];
  byLanguage: ({ key: Language } & ReservationCounts)[];
  /** Answered calls and their mean wait in seconds (null without any), reserved and walk-in. */
  wait: { reserved: { answered: number; meanSeconds: number | null }; walkIn: { answered: number; meanSeconds: number | null } };
}

const empty = (): ReservationCounts => ({ total: 0, booked: 0, checked_in: 0, served: 0, no_show: 0, cancelled: 0 });

/** How many reservations there are and how each ended: the one count of the reports, the dashboard and the pop-up figures. */
export function reservationCounts(facts: readonly { state: ReservationState }[]): ReservationCounts {
  const counts = empty();
  for (const f of facts) {
    counts.total++;
    counts[f.state]++;
  }
  return counts;
}

function countBy<K extends string>(
  facts: readonly ReservationFact[],
  keyOf: (f: ReservationFact) => K,
): ({ key: K } & ReservationCounts)[] {
  const groups = new Map<K, ReservationFact[]>();
  for (const f of facts) {
    const key = keyOf(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => ({ key, ...reservationCounts(group) }));
}

function meanWait(calls: readonly AnsweredCall[]) {
  const answered = calls.length;
  const total = calls.reduce((sum, c) => sum + c.waitMs, 0);
  return { answered, meanSeconds: answered === 0 ? null : Math.round(total / answered / 100) / 10 };
}

export function reservationSection(facts: readonly ReservationFact[], calls: readonly AnsweredCall[]): ReservationSection {
  return {
    totals: reservationCounts(facts),
    byDay: countBy(facts, (f) => f.date),
    bySite: countBy(facts, (f) => f.siteKey),
    byProcedure: countBy(facts, (f) => f.procedure),
    byLanguage: countBy(facts, (f) => f.language),
    wait: { reserved: meanWait(calls.filter((c) => c.reserved)), walkIn: meanWait(calls.filter((c) => !c.reserved)) },
  };
}
