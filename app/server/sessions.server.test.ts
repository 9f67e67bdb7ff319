import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '@madoguchi/db';
import { createSessionService } from './sessions.server';
import { createTestApp, type TestApp } from '../test/test-context';
import { memoryRooms } from '../test/memory-rooms';

/*
 * The end of a session and the event that says why are one write: whoever hears of the end (the
 * queue freeing the operator, the photos' deletion, a report read at that moment) finds both.
 */

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A second session service on the same real libSQL file, whose end listener reads the record. */
function listeningService(app: TestApp, seen: { status: unknown; events: unknown[] }[]) {
  const { db, client } = app.ctx.database;
  return createSessionService({
    db,
    groupCommit: createGroupCommit(client),
    livekit: app.ctx.livekit,
    rooms: memoryRooms(),
    onEnded: async (sessionId) => {
      const status = (await client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [sessionId] })).rows[0]?.status;
      const events = (await client.execute({ sql: 'SELECT type FROM session_event WHERE session_id = ? ORDER BY id', args: [sessionId] })).rows.map((r) => r.type);
      seen.push({ status, events });
    },
  });
}

describe('a session that ends is recorded in one write', () => {
  it('a resident who gives up waiting: the end listener already finds the abandoned event', async () => {
    t = await createTestApp();
    const seen: { status: unknown; events: unknown[] }[] = [];
    const sessions = listeningService(t, seen);
    const response = await t.asBooth(t.townA.boothCredential, 'POST', '/v1/booth/sessions', { procedure: 'renewal', language: 'ja' });
    expect(response.status).toBe(201);
    const { sessionId } = (await response.json()) as { sessionId: string };
    // The booth left its room while waiting (LiveKit's word): abandoned, by the system.
    await sessions.abandon(null, sessionId);
    expect(seen).toEqual([{ status: 'ended', events: expect.arrayContaining(['abandoned']) }]);
    // A second give-up finds it ended: a conflict, and still one abandoned event.
    await expect(sessions.abandon(null, sessionId)).rejects.toMatchObject({ status: 409 });
    const abandoned = await t.ctx.database.client.execute({ sql: "SELECT count(*) AS n FROM session_event WHERE session_id = ? AND type = 'abandoned'", args: [sessionId] });
    expect(Number(abandoned.rows[0]!.n)).toBe(1);
  });
});
