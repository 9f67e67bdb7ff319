/**
 * The booth check the pop-up writes read under the write lock (boothsFreeSql) is the domain's
 * boothConflicts in SQL: on a real libSQL file, random stored events and random candidates get the
 * same verdict from both (same date, overlapping hours; touching hours, other dates, other booths
 * and the event itself do not count).
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@madoguchi/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boothConflicts, normaliseDays, type PopupDay, PopupDays } from '../../domain/popups/popup-events';
import { createTestApp, type TestApp } from '../../test/test-context';
import { boothsFreeSql } from './popups.server';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(async () => t?.close());

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return (((x ^ (x >>> 14)) >>> 0) % n) as number;
  };
}

const clock = (halfHours: number) => `${String(Math.floor(halfHours / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;

/** 1–2 days among eight dates, each with 1–2 ranges on the half hour (up to 24:00), valid by the domain's schema. */
function randomDays(pick: (n: number) => number): PopupDay[] {
  for (;;) {
    const dates = [...new Set(Array.from({ length: 1 + pick(2) }, () => `2033-01-0${1 + pick(8)}`))];
    const days = dates.map((date) => {
      const ranges = [];
      let from = 12 + pick(30); // 06:00–20:30
      for (let i = 0; i < 1 + pick(2) && from < 47; i++) {
        const to = Math.min(48, from + 1 + pick(8));
        ranges.push({ start: clock(from), end: clock(to) });
        from = to + pick(3); // the next range may touch this one
      }
      return { date, ranges };
    });
    const parsed = PopupDays.safeParse(days);
    if (parsed.success) return normaliseDays(parsed.data);
  }
}

describe('boothsFreeSql', () => {
  it('agrees with boothConflicts on 400 random candidates against 12 random stored events', async () => {
    const pick = random(17);
    const [booth, other] = [(await t.addPortableBooth('可搬 照合 1')).boothId, (await t.addPortableBooth('可搬 照合 2')).boothId];
    const db = t.ctx.database.db;
    const stored: { id: string; days: PopupDay[]; boothId: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const days = randomDays(pick);
      const id = randomUUID();
      const boothId = i % 3 === 2 ? other : booth;
      // Written directly: stored events may overlap each other, as data written before a check could.
      await db.insert(schema.popupEvent).values({
        id,
        municipalityId: t.municipalityA.municipalityId,
        siteName: `照合 ${i}`,
        siteKind: 'mall',
        days,
        firstDate: days[0]!.date,
        lastDate: days.at(-1)!.date,
        procedures: ['renewal'],
        state: (['planned', 'agreed', 'held', 'reported'] as const)[i % 4]!,
        createdBy: t.accountIds.supervisor!,
        updatedAt: new Date(),
      });
      await db.insert(schema.popupEventBooth).values({ eventId: id, boothId });
      stored.push({ id, days, boothId });
    }
    let busy = 0;
    for (let i = 0; i < 400; i++) {
      const candidate = randomDays(pick);
      // Half the time the candidate is one of the stored events being changed: it does not clash with itself.
      const self = pick(2) ? stored[pick(stored.length)]!.id : randomUUID();
      const others = stored.filter((e) => e.boothId === booth && e.id !== self);
      const expected = boothConflicts(candidate, others).length === 0;
      const row = await db.get<{ ok: number }>(sql`SELECT (${boothsFreeSql(sql`${JSON.stringify(candidate)}`, [booth], self)}) AS ok`);
      expect({ candidate, self, free: row.ok === 1 }).toEqual({ candidate, self, free: expected });
      if (!expected) busy++;
    }
    // Both verdicts were exercised.
    expect(busy).toBeGreaterThan(50);
    expect(busy).toBeLessThan(350);
    // No booth, or a booth with no events: free.
    expect((await db.get<{ ok: number }>(sql`SELECT (${boothsFreeSql(sql`${JSON.stringify(stored[0]!.days)}`, [], 'x')}) AS ok`)).ok).toBe(
      1,
    );
  });
});
