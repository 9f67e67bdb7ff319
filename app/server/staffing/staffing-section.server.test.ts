/**
 * The monthly report's staffing section against a real libSQL file: a window, a shift, the
 * operator's status history and sessions on one Monday of a past month, read back through the report.
 */
import { randomUUID } from 'node:crypto';
import { schema } from '@madoguchi/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv } from '../../domain/reports/report';
import { createTestApp, type TestApp } from '../../test/test-context';
import { recordOperatorStatus } from './operator-status.server';

let t: TestApp;
const month = '2026-10';
const monday = '2026-10-05';
const at = (hhmm: string) => new Date(`${monday}T${hhmm}:00+09:00`);

beforeAll(async () => {
  t = await createTestApp({}, { onDuty: false });
  const db = t.ctx.database.db;
  const A = t.municipalityA.municipalityId;
  const opA = t.accountIds['op-a']!;
  const admin = t.accountIds.admin!;
  // Mondays 09:00–12:00: at least 2.
  await db.insert(schema.minimumWindow).values({
    id: randomUUID(),
    municipalityId: A,
    weekdays: [1],
    startMinute: 540,
    endMinute: 720,
    operators: 2,
    updatedBy: admin,
    updatedAt: new Date(),
  });
  // op-a planned 09:00–11:00 on that Monday, with no break.
  await db.insert(schema.shift).values({
    id: randomUUID(),
    accountId: opA,
    date: monday,
    startMinute: 540,
    endMinute: 660,
    breakStartMinute: null,
    breakEndMinute: null,
    municipalityIds: [A],
    languages: ['ja'],
    procedures: ['renewal'],
    updatedBy: admin,
    updatedAt: new Date(),
  });
  // …and on duty 09:15–10:00, then on a break.
  await recordOperatorStatus(db, opA, 'available', at('09:15'));
  await recordOperatorStatus(db, opA, 'break', at('10:00'));
  // 12 calls at 10:00–10:30, answered after 30 s, 300 s each.
  for (let i = 0; i < 12; i++) {
    const requestedAt = new Date(at('10:00').getTime() + i * 60_000);
    await db.insert(schema.session).values({
      id: randomUUID(),
      boothId: t.municipalityA.boothId,
      municipalityId: A,
      roomName: `room-${randomUUID()}`,
      status: 'ended',
      requestedAt,
      answeredAt: new Date(requestedAt.getTime() + 30_000),
      endedAt: new Date(requestedAt.getTime() + 330_000),
      outcome: 'completed',
    });
  }
});
afterAll(() => t.close());

describe('the monthly staffing section', () => {
  it('required, planned and actual per Monday interval; the rest of the month in the averages', async () => {
    const report = await t.ctx.reports.report(await t.principal('staff-a'), 'monthly', month, {
      municipalityId: t.municipalityA.municipalityId,
    });
    const mondays = report.staffing!.rows.filter((r) => r.dayKind === 1);
    const row = (start: string) => mondays.find((r) => r.start === start)!;
    // October 2026 has 4 Mondays, one of them a national holiday (スポーツの日, 10/12): 3 Mondays, averaged.
    expect(row('09:00')).toMatchObject({ days: 3, required: 2, requiredBy: 'minimum', planned: 0.33, actual: 0.17 });
    expect(row('09:30')).toMatchObject({ planned: 0.33, actual: 0.33 });
    expect(report.staffing!.rows.some((r) => r.dayKind === 7)).toBe(false); // the holiday: nothing required, planned or done
    // 12 calls of 300 s in one interval on one Monday: 4 calls a Monday on average.
    expect(row('10:00')).toMatchObject({ calls: 4, avgHandlingSeconds: 300, offered: 12, planned: 0.33, actual: 0, serviceLevel: 1 });
    expect(row('10:00').required).toBeGreaterThanOrEqual(2);
    expect(row('11:30')).toMatchObject({ required: 2, planned: 0, planGap: -2 });
    expect(mondays.some((r) => r.start === '12:00')).toBe(false);
  });

  it('is in the town staff’s CSV; the daily report has none', async () => {
    const staff = await t.principal('staff-a');
    const monthly = await t.ctx.reports.report(staff, 'monthly', month, { municipalityId: t.municipalityA.municipalityId });
    expect(reportCsv(monthly, 'ja')).toContain('# 人員配置（必要・計画・実績）');
    expect((await t.ctx.reports.report(staff, 'daily', monday, { municipalityId: t.municipalityA.municipalityId })).staffing).toBeNull();
  });
});
