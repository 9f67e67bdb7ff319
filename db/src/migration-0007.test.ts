import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from './client';
import { migrationsFolder } from './paths';

describe('migration 0007 (booth events dated by occurrence, real libSQL file)', () => {
  it('keeps every existing event, dated as it was recorded, and then records a resend once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mdgdb-0007-'));
    // The migrations up to 0006, as a database written before this change has them.
    const before = path.join(dir, 'migrations');
    cpSync(migrationsFolder, before, { recursive: true });
    const journal = JSON.parse(readFileSync(path.join(before, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((e) => e.idx <= 6);
    writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify(journal));

    const database = await openDatabase({ url: `file:${path.join(dir, 'm.db')}` });
    await migrate(database.db, { migrationsFolder: before });
    const c = database.client;
    await c.execute("INSERT INTO municipality (id, code, name) VALUES ('m', '242055', 'town')");
    await c.execute("INSERT INTO booth (id, municipality_id, name, kind) VALUES ('b', 'm', 'booth', 'mall')");
    await c.execute(
      "INSERT INTO session (id, booth_id, municipality_id, room_name, status, requested_at) VALUES ('s', 'b', 'm', 'r', 'ended', 1000)",
    );
    await c.execute(
      "INSERT INTO session_event (session_id, type, actor_kind, at) VALUES ('s', 'requested', 'booth', 1000), ('s', 'ended', 'booth', 5000)",
    );

    await migrateDatabase(database);
    const rows = await c.execute('SELECT id, type, at, occurred_at, client_id, clock_skew_ms FROM session_event ORDER BY id');
    expect(rows.rows.map((r) => [r.type, Number(r.at), Number(r.occurred_at), r.client_id, r.clock_skew_ms])).toEqual([
      ['requested', 1000, 1000, null, null],
      ['ended', 5000, 5000, null, null],
    ]);
    // Ids go on from where they were; a booth's client id is unique per session.
    await c.execute(
      "INSERT INTO session_event (session_id, type, actor_kind, at, occurred_at, client_id) VALUES ('s', 'connected', 'booth', 6000, 6000, 'x')",
    );
    expect(Number((await c.execute("SELECT id FROM session_event WHERE client_id = 'x'")).rows[0]?.[0])).toBe(3);
    await expect(
      c.execute(
        "INSERT INTO session_event (session_id, type, actor_kind, at, occurred_at, client_id) VALUES ('s', 'connected', 'booth', 7000, 7000, 'x')",
      ),
    ).rejects.toThrow(/UNIQUE/);
    await expect(
      c.execute("INSERT INTO session_event (session_id, type, actor_kind, at) VALUES ('s', 'x', 'booth', 7000)"),
    ).rejects.toThrow(/NOT NULL/);
    database.close();
  });
});
