import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from './client';
import { migrationsFolder } from './paths';

describe('migration 0011 (covering index of a town’s sessions by time, real libSQL file)', () => {
  it('replaces session_municipality_idx, keeps every session, and the forecast read never touches the table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mdgdb-0011-'));
    // The migrations up to 0010, as a database written before this change has them.
    const before = path.join(dir, 'migrations');
    cpSync(migrationsFolder, before, { recursive: true });
    const journal = JSON.parse(readFileSync(path.join(before, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((e) => e.idx <= 10);
    writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify(journal));

    const database = await openDatabase({ url: `file:${path.join(dir, 'm.db')}` });
    await migrate(database.db, { migrationsFolder: before });
    const c = database.client;
    const indexes = async () =>
      (
        await c.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'session' AND sql IS NOT NULL ORDER BY name")
      ).rows.map((r) => String(r.name));
    expect(await indexes()).toContain('session_municipality_idx');
    await c.execute("INSERT INTO municipality (id, code, name) VALUES ('m', '242055', 'town')");
    await c.execute("INSERT INTO booth (id, municipality_id, name, kind) VALUES ('b', 'm', 'booth', 'mall')");
    await c.execute(
      `INSERT INTO session (id, booth_id, municipality_id, room_name, status, outcome, requested_at, answered_at, ended_at)
       VALUES ('s1', 'b', 'm', 'r1', 'ended', 'resolved', 1000, 2000, 9000), ('s2', 'b', 'm', 'r2', 'ended', NULL, 3000, NULL, 5000)`,
    );

    await migrateDatabase(database);
    const after = await indexes();
    expect(after).not.toContain('session_municipality_idx');
    expect(after).toContain('session_municipality_time_idx');
    const columns = await c.execute("SELECT name FROM pragma_index_info('session_municipality_time_idx') ORDER BY seqno");
    expect(columns.rows.map((r) => r.name)).toEqual(['municipality_id', 'requested_at', 'answered_at', 'ended_at', 'outcome']);
    const rows = await c.execute(
      "SELECT id, outcome, requested_at, answered_at, ended_at FROM session WHERE municipality_id = 'm' AND requested_at >= 0 ORDER BY requested_at",
    );
    expect(rows.rows.map((r) => [r.id, r.outcome, r.requested_at, r.answered_at, r.ended_at])).toEqual([
      ['s1', 'resolved', 1000, 2000, 9000],
      ['s2', null, 3000, null, 5000],
    ]);
    // What the forecast reads of a town's sessions (forecast.server.ts readHistories) comes from the index alone.
    const plan = await c.execute(
      `EXPLAIN QUERY PLAN SELECT count(answered_at), sum(ended_at - answered_at), coalesce(outcome, '') FROM session
       WHERE municipality_id = 'm' AND requested_at >= 0 AND requested_at < 10000`,
    );
    expect(plan.rows.map((r) => String(r.detail)).join('\n')).toMatch(/USING COVERING INDEX session_municipality_time_idx/);
    database.close();
  });
});
