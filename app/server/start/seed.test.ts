import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateDatabase, openDatabase } from '@madoguchi/db';
import { describe, expect, it } from 'vitest';
import { isOpen } from '../../domain/calendar';
import { calendarOf } from '../booths/booths.server';
import { seedDemo } from './seed';

describe('seedDemo (real libSQL file)', () => {
  it('seeds 東員町 once, with hours, procedures, eligibility, consent, accounts and a 24-hour demo booth', async () => {
    const database = await openDatabase({ url: `file:${path.join(mkdtempSync(path.join(tmpdir(), 'seed-')), 'seed.db')}` });
    await migrateDatabase(database);
    const demo = await seedDemo(database.db);
    expect(demo).not.toBeNull();
    expect(await seedDemo(database.db)).toBeNull();
    expect(demo!.logins.map((l) => l.role).sort()).toEqual(['admin', 'interpreter', 'operator', 'supervisor', 'town_staff']);
    const booths = await database.db.query.booth.findMany();
    const townHall = booths.find((b) => b.kind === 'town_hall')!;
    const allDay = booths.find((b) => b.id === demo!.allDayBooth.boothId)!;
    // Saturday 2026-11-28 10:00 JST: the town hall is closed, the demo booth is open.
    const saturday = new Date('2026-11-28T01:00:00Z');
    expect(isOpen(calendarOf(townHall), saturday)).toBe(false);
    expect(isOpen(calendarOf(allDay), saturday)).toBe(true);
    expect(isOpen(calendarOf(townHall), new Date('2026-11-25T01:00:00Z'))).toBe(true);
    const docs = await database.db.query.consentDocument.findMany();
    expect(docs.map((d) => `${d.kind}:${d.version}`).sort()).toEqual(['privacy:1', 'terms:1']);
    const municipality = await database.db.query.municipality.findFirst();
    expect(municipality!.procedures).toHaveLength(6);
    expect(municipality!.eligibility.renewal?.[0]?.id).toBe('has-form');
    // Staffing: one minimum window on weekdays, and the operator's weekday shifts of this week and next.
    expect(await database.db.query.minimumWindow.findMany()).toMatchObject([{ weekdays: [1, 2, 3, 4, 5], operators: 1 }]);
    const shifts = await database.db.query.shift.findMany();
    expect(shifts).toHaveLength(10);
    expect(shifts.every((s) => s.breakStartMinute === 720 && s.municipalityIds[0] === municipality!.id)).toBe(true);
    // Pop-up sites: one agreed on the coming weekend (a Saturday and Sunday) with the portable booth, one planned.
    const popups = await database.db.query.popupEvent.findMany();
    expect(popups.map((p) => p.state).sort()).toEqual(['agreed', 'planned']);
    const agreed = popups.find((p) => p.state === 'agreed')!;
    expect(agreed.days.map((d) => new Date(`${d.date}T00:00:00Z`).getUTCDay())).toEqual([6, 0]);
    const [assigned] = await database.db.query.popupEventBooth.findMany();
    expect(booths.find((b) => b.id === assigned!.boothId)?.kind).toBe('popup');
    database.close();
  });
});
