import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CheckpointResult, ON_LOOP_CHECKPOINT_PAGES, startCheckpointer } from './checkpointer';
import { migrateDatabase, openDatabase } from './client';

describe('startCheckpointer (real libSQL file, a worker thread)', () => {
  it("copies the WAL into the database file off the event loop, while the app's connection no longer does it at 1,000 pages", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mdgckpt-')), 'ckpt.db');
    const url = `file:${file}`;
    const database = await openDatabase({ url, synchronous: 'normal', walAutoCheckpointPages: ON_LOOP_CHECKPOINT_PAGES });
    const results: CheckpointResult[] = [];
    const errors: string[] = [];
    const checkpointer = startCheckpointer(url, { everyMs: 50, onResult: (r) => results.push(r), onError: (e) => errors.push(e) });
    try {
      await migrateDatabase(database);
      expect(Number((await database.client.execute('PRAGMA wal_autocheckpoint')).rows[0]?.[0])).toBe(ON_LOOP_CHECKPOINT_PAGES);
      const before = statSync(file).size;
      // ~1,500 pages of rows: past SQLite's own threshold, so without the raised one the commit itself would checkpoint.
      const pad = 'x'.repeat(3_000);
      for (let i = 0; i < 30; i++) {
        await database.client.batch(
          Array.from({ length: 50 }, (_, k) => ({
            sql: 'INSERT INTO municipality (id, code, name) VALUES (?, ?, ?)',
            args: [`m${i}-${k}`, `${i}-${k}`, pad],
          })),
          'write',
        );
      }
      const deadline = Date.now() + 5_000;
      while (!results.some((r) => r.log > 1_000 && r.checkpointed === r.log) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(errors).toEqual([]);
      expect(results.some((r) => r.log > 1_000 && r.checkpointed === r.log)).toBe(true);
      // The rows are in the database file itself now, not only in the WAL.
      expect(statSync(file).size).toBeGreaterThan(before + 1_000 * 4_096);
    } finally {
      await checkpointer.stop();
      database.close();
    }
  });

  it('stops while checkpointing without aborting the process', () => {
    // In a child process: the failure this guards against (terminating the thread inside libSQL)
    // kills the process that stops it.
    const script = fileURLToPath(new URL('./checkpointer-stop.fixture.mts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).not.toContain('panicked');
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('stopped');
  }, 130_000);
});
