import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from './client';
import { ensureDataDir } from './paths';

/** A second process that takes the write lock, says so, and lets it go 300 ms later. */
const HOLD_LOCK = `
import { createClient } from '@libsql/client';
const c = createClient({ url: process.argv[1] });
const t = await c.transaction('write');
process.stdout.write('held\\n');
await new Promise((r) => setTimeout(r, 300));
await t.rollback();
c.close();`;

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

  it('commits durably by default (synchronous FULL); a telemetry connection asks for NORMAL, also after its connection is replaced', async () => {
    const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), 'mdgdb-')), 'sync.db')}`;
    const synchronousOf = async (c: { execute(sql: string): Promise<{ rows: ArrayLike<ArrayLike<unknown>> }> }) =>
      Number((await c.execute('PRAGMA synchronous')).rows[0]?.[0]);
    const durable = await openDatabase({ url });
    const telemetry = await openDatabase({ url, synchronous: 'normal', busyTimeoutMs: 200 });
    try {
      await migrateDatabase(durable);
      // SQLite's levels: 1 = NORMAL, 2 = FULL.
      expect(await synchronousOf(durable.client)).toBe(2);
      expect(await synchronousOf(telemetry.client)).toBe(1);
      // A write that fails busy replaces the connection (BusyResetClient): the setting comes along.
      const holder = await durable.client.transaction('write');
      await expect(telemetry.client.execute("INSERT INTO municipality (id, code, name) VALUES ('m', 'm', 'm')")).rejects.toThrow(
        /SQLITE_BUSY/,
      );
      await holder.rollback();
      expect(await synchronousOf(telemetry.client)).toBe(1);
    } finally {
      telemetry.close();
      durable.close();
    }
  });

  it('ensureDataDir makes the data folder 0700, also one created wider before', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'mdgdb-')), 'data');
    expect(modeOf(ensureDataDir(dir))).toBe(0o700);
    chmodSync(dir, 0o755);
    expect(modeOf(ensureDataDir(dir))).toBe(0o700);
  });

  it("waits out another connection's write lock (busy timeout in ms), and a write that still fails busy loses no later write", async () => {
    const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), 'mdgdb-')), 'busy.db')}`;
    const database = await openDatabase({ url, busyTimeoutMs: 1_000 });
    await migrateDatabase(database);
    const other = createClient({ url });
    const insert = (id: string) =>
      database.client.execute({ sql: 'INSERT INTO municipality (id, code, name) VALUES (?, ?, ?)', args: [id, id, id] });
    try {
      // Another process holds the write lock for less than the busy timeout: the write waits.
      const child = spawn(process.execPath, ['--input-type=module', '-e', HOLD_LOCK, url], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await insert('100005');
      await new Promise((resolve) => child.once('exit', resolve));
      // Another connection holds it for longer: the write fails busy, in the batch form the group commit uses.
      // It holds it for longer: the write fails busy, in the batch form the group commit uses.
      const holder = await other.transaction('write');
      await expect(
        database.client.batch([{ sql: 'INSERT INTO municipality (id, code, name) VALUES (?, ?, ?)', args: ['x', 'x', 'x'] }], 'write'),
      ).rejects.toThrow(/SQLITE_BUSY/);
      await holder.rollback();
      // The next acknowledged writes on the same client are committed: another connection sees them.
      await insert('200000');
      await database.client.batch(
        [{ sql: 'INSERT INTO municipality (id, code, name) VALUES (?, ?, ?)', args: ['300004', 'c', 'c'] }],
        'write',
      );
      const seen = await other.execute('SELECT id FROM municipality ORDER BY id');
      expect(seen.rows.map((r) => r.id)).toEqual(['100005', '200000', '300004']);
      // Foreign keys are still on, on the replaced connection.
      await expect(
        database.client.execute("INSERT INTO booth (id, municipality_id, name, kind) VALUES ('b', 'missing', 'x', 'mall')"),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      other.close();
      database.close();
    }
  });
});
