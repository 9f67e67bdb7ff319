import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from './client';

describe('openDatabase + migrateDatabase (real libSQL file)', () => {
  it('creates the folder, turns WAL on, and migrates idempotently', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'mdgdb-')), 'nested', 'data');
    const url = `file:${path.join(dir, 'test.db')}`;
    for (let run = 0; run < 2; run++) {
      const database = await openDatabase({ url });
      await migrateDatabase(database);
      const mode = await database.client.execute('PRAGMA journal_mode');
      expect(String(mode.rows[0]?.[0])).toBe('wal');
      const tables = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      expect(tables.rows.map((r) => r.name)).toEqual(
        expect.arrayContaining(['account', 'booth', 'livekit_event', 'municipality', 'session', 'session_event']),
      );
      const applied = await database.client.execute('SELECT count(*) FROM __drizzle_migrations');
      expect(Number(applied.rows[0]?.[0])).toBeGreaterThanOrEqual(1);
      database.close();
    }
  });

  it('enforces foreign keys', async () => {
    const database = await openDatabase({ url: `file:${path.join(mkdtempSync(path.join(tmpdir(), 'mdgdb-')), 'fk.db')}` });
    await migrateDatabase(database);
    await expect(
      database.client.execute("INSERT INTO booth (id, municipality_id, name, kind) VALUES ('b', 'missing', 'x', 'mall')"),
    ).rejects.toThrow(/FOREIGN KEY/);
    database.close();
  });
});
