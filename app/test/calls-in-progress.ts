import { randomUUID } from 'node:crypto';
import { defaultDatabaseUrl, migrateDatabase, openDatabase } from '@madoguchi/db';
import { everyDayCalendar } from '../domain/calendar';
import { seedMunicipality } from '../server/start/seed';

/**
 * For tests that start the real app server on `dataDir` and send booth events: the database,
 * migrated, with one always-open booth and `count` calls in progress on it (inserted directly:
 * no LiveKit here, the events are what is tested).
 */
export async function seedCallsInProgress(dataDir: string, count: number) {
  const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
  try {
    await migrateDatabase(database);
    const municipality = await seedMunicipality(database.db, {
      code: '243248',
      name: '東員町',
      boothName: '役場ブース',
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
      logins: [{ loginId: 'op', role: 'operator', displayName: 'op' }],
    });
    const sessionIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      sessionIds.push(id);
      await database.client.execute({
        sql: `INSERT INTO session (id, booth_id, municipality_id, room_name, status, requested_at, answered_at) VALUES (?, ?, ?, ?, 'active', ?, ?)`,
        args: [id, municipality.boothId, municipality.municipalityId, `mdg-${randomUUID()}`, Date.now(), Date.now()],
      });
    }
    return { credential: municipality.boothCredential, sessionIds };
  } finally {
    database.close();
  }
}
