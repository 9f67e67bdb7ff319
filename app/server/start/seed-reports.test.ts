import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figuresFromRows } from '../../domain/reports/aggregate';
import { seededRandom } from '../../domain/seeded-random';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import { generatedSession, pastMonth, seedDemoHistory } from './seed-reports';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('report seeds', () => {
  it('pastMonth is two calendar months back in Japan time, across the year end', () => {
    expect(pastMonth(new Date('2026-11-22T02:00:00Z'))).toBe('2026-09');
    expect(pastMonth(new Date('2026-01-31T16:00:00Z'))).toBe('2025-12'); // 1 Feb 01:00 JST
    expect(pastMonth(new Date('2026-01-10T00:00:00Z'))).toBe('2025-11');
  });

  it('the generator is deterministic and has every kind of session', () => {
    const make = () => {
      const random = seededRandom(3);
      return Array.from({ length: 2000 }, (_, i) =>
        generatedSession(random, { municipalityId: 'm', boothId: 'b' }, 1_700_000_000_000 + i * 60_000),
      );
    };
    const a = make();
    expect(make().map((s) => [s.outcome, s.answeredAt, s.endedAt])).toEqual(a.map((s) => [s.outcome, s.answeredAt, s.endedAt]));
    const f = figuresFromRows(
      a.map((s) => ({
        boothId: 'b',
        procedure: s.procedure ?? null,
        language: s.language ?? null,
        outcome: s.outcome ?? null,
        requestedAt: s.requestedAt,
        answeredAt: s.answeredAt ?? null,
        endedAt: s.endedAt ?? null,
      })),
    );
    expect(f.totals.answered).toBeGreaterThan(1500);
    expect(f.totals.abandoned).toBeGreaterThan(50);
    expect(f.totals.referredAtBooth).toBeGreaterThan(50);
    expect(f.queue.serviceLevel).toBeGreaterThan(0.5);
    expect(f.queue.serviceLevel).toBeLessThan(1);
  });

  it('the demo history lies in the past weekdays, office hours, JST', async () => {
    const now = new Date('2026-11-20T03:00:00Z');
    const n = await seedDemoHistory(
      t.ctx.database.db,
      { municipalityId: t.municipalityB.municipalityId, boothIds: [t.municipalityB.boothId] },
      now,
      30,
    );
    expect(n).toBeGreaterThan(50);
    expect(await count(t.ctx, 'SELECT count(*) FROM session WHERE municipality_id = ?', [t.municipalityB.municipalityId])).toBe(n);
    expect(
      await count(t.ctx, 'SELECT count(*) FROM session WHERE municipality_id = ? AND requested_at >= ?', [
        t.municipalityB.municipalityId,
        Date.parse('2026-11-20T00:00:00+09:00'),
      ]),
    ).toBe(0);
    // Saturdays and Sundays (JST day of week 6 and 0) have none; hours 9–16 JST only.
    expect(
      await count(
        t.ctx,
        "SELECT count(*) FROM session WHERE municipality_id = ? AND strftime('%w', (requested_at + 32400000) / 1000, 'unixepoch') IN ('0', '6')",
        [t.municipalityB.municipalityId],
      ),
    ).toBe(0);
    expect(
      await count(
        t.ctx,
        'SELECT count(*) FROM session WHERE municipality_id = ? AND ((requested_at + 32400000) / 3600000) % 24 NOT BETWEEN 9 AND 16',
        [t.municipalityB.municipalityId],
      ),
    ).toBe(0);
  });
});
