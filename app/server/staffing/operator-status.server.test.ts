import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-context';
import { recordOperatorStatus, statusSpans } from './operator-status.server';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { onDuty: false });
});
afterAll(() => t.close());

async function history(accountId: string) {
  const rows = await t.ctx.database.client.execute({
    sql: 'SELECT status, started_at, ended_at FROM operator_status_interval WHERE account_id = ? ORDER BY id',
    args: [accountId],
  });
  return rows.rows.map((r) => ({
    status: String(r.status),
    start: Number(r.started_at),
    end: r.ended_at === null ? null : Number(r.ended_at),
  }));
}

describe('operator status history', () => {
  it('keeps a row per change through the queue, the last one open, next to the current status', async () => {
    const opB = await t.principal('op-b');
    await t.ctx.queue.setStatus(opB, 'available');
    await t.ctx.queue.setStatus(opB, 'break');
    await t.ctx.queue.setStatus(opB, 'available');
    const rows = await history(opB.accountId);
    expect(rows.map((r) => r.status)).toEqual(['available', 'break', 'available']);
    expect(rows.slice(0, -1).every((r, i) => r.end === rows[i + 1]!.start)).toBe(true);
    expect(rows.at(-1)!.end).toBeNull();
    const presence = await t.ctx.database.client.execute({
      sql: 'SELECT status FROM operator_presence WHERE account_id = ?',
      args: [opB.accountId],
    });
    expect(presence.rows[0]!.status).toBe('available');
  });

  it('adds nothing when the same status is decided again, and spans clip to the range', async () => {
    const id = t.accountIds['op-a']!;
    const db = t.ctx.database.db;
    const base = Date.UTC(2026, 11, 1, 0, 0);
    await recordOperatorStatus(db, id, 'available', new Date(base));
    await recordOperatorStatus(db, id, 'available', new Date(base + 60_000));
    await recordOperatorStatus(db, id, 'on_call', new Date(base + 10 * 60_000));
    await recordOperatorStatus(db, id, 'wrap_up', new Date(base + 20 * 60_000));
    expect((await history(id)).map((r) => [r.status, r.start - base])).toEqual([
      ['available', 0],
      ['on_call', 600_000],
      ['wrap_up', 1_200_000],
    ]);
    const spans = await statusSpans(
      db,
      { from: new Date(base + 5 * 60_000), to: new Date(base + 30 * 60_000) },
      new Date(base + 25 * 60_000),
      [id],
    );
    expect(spans.map((s) => [s.status, s.start - base, s.end - base])).toEqual([
      ['available', 300_000, 600_000],
      ['on_call', 600_000, 1_200_000],
      // Open: counted up to now, not to the end of the range.
      ['wrap_up', 1_200_000, 1_500_000],
    ]);
  });
});
