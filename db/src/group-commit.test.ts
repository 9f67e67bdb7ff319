import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Database, openDatabase } from './client';
import { createGroupCommit, groupCommitOf } from './group-commit';

let database: Database | undefined;
afterEach(() => database?.close());

async function fresh() {
  database = await openDatabase({ url: `file:${path.join(mkdtempSync(path.join(tmpdir(), 'gc-')), 'gc.db')}` });
  await database.client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  return database;
}

async function committedCount(db: Database) {
  // A second connection sees only what was committed.
  const reader = await openDatabase({ url: db.url });
  try {
    return Number((await reader.client.execute('SELECT count(*) FROM t')).rows[0]?.[0]);
  } finally {
    reader.close();
  }
}

describe('createGroupCommit (real libSQL file)', () => {
  it('commits concurrent writes together and answers each with its own result, after the commit', async () => {
    const db = await fresh();
    const writer = createGroupCommit(db.client);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => writer.write({ sql: 'INSERT INTO t (v) VALUES (?)', args: [`v${i}`] })),
    );
    expect(results.every((r) => r.rowsAffected === 1)).toBe(true);
    expect(new Set(results.map((r) => r.lastInsertRowid)).size).toBe(200);
    expect(await committedCount(db)).toBe(200);
  });

  it('fails only the bad statement of a group; its neighbours are committed', async () => {
    const db = await fresh();
    const writer = createGroupCommit(db.client);
    const outcomes = await Promise.allSettled([
      writer.write({ sql: 'INSERT INTO t (v) VALUES (?)', args: ['a'] }),
      writer.write({ sql: 'INSERT INTO t (v) VALUES (?)', args: ['a'] }), // duplicate
      writer.write({ sql: 'INSERT INTO t (v) VALUES (?)', args: ['b'] }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await committedCount(db)).toBe(2);
  });

  it('commits a unit of several statements together or not at all; a failing unit fails alone', async () => {
    const db = await fresh();
    const writer = createGroupCommit(db.client);
    const insert = (v: string) => ({ sql: 'INSERT INTO t (v) VALUES (?)', args: [v] });
    const outcomes = await Promise.allSettled([
      writer.writeAll([insert('a'), insert('b')]),
      writer.writeAll([insert('x'), insert('a')]), // its second statement fails: 'x' is not kept either
      writer.write(insert('c')),
      writer.writeAll([{ sql: 'SELECT count(*) AS n FROM t', args: [] }, insert('d')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const [ab, , , counted] = outcomes as PromiseFulfilledResult<import('@libsql/client').ResultSet[]>[];
    expect(ab!.value.map((r) => r.rowsAffected)).toEqual([1, 1]);
    // A unit's statements run back to back in the transaction: the count sees a, b and c before d.
    expect(Number(counted!.value[0]!.rows[0]!.n)).toBe(3);
    expect(await committedCount(db)).toBe(4);
    expect((await db.client.execute("SELECT count(*) FROM t WHERE v = 'x'")).rows[0]?.[0]).toBe(0);
  });

  it('splits a queue longer than the group limit and keeps arrival order', async () => {
    const db = await fresh();
    const writer = createGroupCommit(db.client, { maxGroup: 7 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => writer.write({ sql: 'INSERT INTO t (v) VALUES (?)', args: [`x${i}`] })),
    );
    const ids = results.map((r) => Number(r.lastInsertRowid));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(await committedCount(db)).toBe(50);
  });
});

describe('groupCommitOf (real libSQL file)', () => {
  it('gives every service on a connection the same group commit: their writes arriving together share one commit', async () => {
    const db = await fresh();
    const other = await openDatabase({ url: db.url });
    try {
      // Two services (say session events and bookings) each ask for the connection's group commit.
      const [sessions, bookings] = [groupCommitOf(db.client), groupCommitOf(db.client)];
      expect(sessions).toBe(bookings);
      expect(groupCommitOf(other.client)).not.toBe(sessions);
      const batches = vi.spyOn(db.client, 'batch');
      await Promise.all([
        sessions.write({ sql: 'INSERT INTO t (v) VALUES (?)', args: ['event'] }),
        bookings.writeAll([{ sql: 'INSERT INTO t (v) VALUES (?)', args: ['booking'] }]),
      ]);
      expect(batches).toHaveBeenCalledTimes(1);
      expect(await committedCount(db)).toBe(2);
    } finally {
      other.close();
    }
  });
});
