import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from './client';
import { ensureDataDir } from './paths';

const modeOf = (file: string) => statSync(file).mode & 0o777;

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

  it('keeps the database, its WAL and shared-memory files to this user (0600), in a 0700 folder', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'mdgdb-')), 'data');
    const file = path.join(dir, 'madoguchi.db');
    const database = await openDatabase({ url: `file:${file}` });
    await migrateDatabase(database);
    await database.client.execute("INSERT INTO municipality (id, code, name) VALUES ('m', '243248', 'x')");
    expect(modeOf(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
    database.close();
  });

  it('tightens a database an older version left readable by others', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mdgdb-'));
    const file = path.join(dir, 'old.db');
    const first = await openDatabase({ url: `file:${file}` });
    await migrateDatabase(first);
    first.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) writeFileSync(f, '', { flag: 'a' });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    const again = await openDatabase({ url: `file:${file}` });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
    again.close();
  });

  it('ensureDataDir makes the data folder 0700, also one created wider before', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'mdgdb-')), 'data');
    expect(modeOf(ensureDataDir(dir))).toBe(0o700);
    chmodSync(dir, 0o755);
    expect(modeOf(ensureDataDir(dir))).toBe(0o700);
  });
});
