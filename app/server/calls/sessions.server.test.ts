import { createGroupCommit } from '@madoguchi/db';
import { TrackSource, WebhookEvent } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { livekitEvent } from '../../test/livekit-events';
import { memoryRooms } from '../../test/memory-rooms';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createSessionService } from './sessions.server';

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
      const events = (
        await client.execute({ sql: 'SELECT type FROM session_event WHERE session_id = ? ORDER BY id', args: [sessionId] })
      ).rows.map((r) => r.type);
      seen.push({ status, events });
    },
  });
}

/** The booth A in that room, as LiveKit lists it (no tracks). */
function boothIn(rooms: ReturnType<typeof memoryRooms>, roomName: string) {
  rooms.people.set(roomName, [{ identity: `booth:${t!.municipalityA.boothId}`, trackSources: [] }]);
}

/** The booth gone from its room, and LiveKit saying so to `heardBy` (this node's session service unless another's). */
async function boothGone(rooms: ReturnType<typeof memoryRooms>, roomName: string, heardBy = t!.ctx.sessions) {
  rooms.people.set(roomName, []);
  await heardBy.recordLiveKitEvent(livekitEvent('participant_left', roomName, `booth:${t!.municipalityA.boothId}`));
}

/** Why the session ended, as its `ended` event says. */
const endReason = async (sessionId: string) =>
  (
    await t!.ctx.database.client.execute({
      sql: "SELECT detail FROM session_event WHERE session_id = ? AND type = 'ended'",
      args: [sessionId],
    })
  ).rows[0]?.detail;

describe('a session that ends is recorded in one write', () => {
  it('a resident who gives up waiting: the end listener already finds the abandoned event', async () => {
    t = await createTestApp();
    const seen: { status: unknown; events: unknown[] }[] = [];
    const sessions = listeningService(t, seen);
    const { sessionId } = await t.openCall();
    // The booth left its room while waiting (LiveKit's word): abandoned, by the system.
    await sessions.abandon(null, sessionId);
    expect(seen).toEqual([{ status: 'ended', events: expect.arrayContaining(['abandoned']) }]);
    // A second give-up finds it ended: a conflict, and still one abandoned event.
    await expect(sessions.abandon(null, sessionId)).rejects.toMatchObject({ status: 409 });
    const abandoned = await t.ctx.database.client.execute({
      sql: "SELECT count(*) AS n FROM session_event WHERE session_id = ? AND type = 'abandoned'",
      args: [sessionId],
    });
    expect(Number(abandoned.rows[0]!.n)).toBe(1);
  });
});

describe('the sweep records track changes LiveKit could not deliver', () => {
  it("the booth's camera unpublished for the PIN while the app was down: track_unpublished, reconciled, dated when seen; then published again", async () => {
    const rooms = memoryRooms();
    t = await createTestApp({}, { rooms });
    const { sessionId, connection } = await t.openCall();
    const booth = `booth:${t.municipalityA.boothId}`;
    const CAMERA = String(TrackSource.CAMERA);
    const MIC = String(TrackSource.MICROPHONE);
    // What the webhooks said while the app was up: the booth joined and published both tracks.
    const webhook = (id: string, event: string, source?: TrackSource) => {
      const delivered = new WebhookEvent({
        id,
        createdAt: 1_700_000_000n,
        room: { name: connection.roomName },
        participant: { identity: booth },
        ...(source ? { track: { source } } : {}),
      });
      delivered.event = event as typeof delivered.event; // the constructor leaves this field alone
      return t!.ctx.sessions.recordLiveKitEvent(delivered);
    };
    await webhook('EV_j', 'participant_joined');
    await webhook('EV_c', 'track_published', TrackSource.CAMERA);
    await webhook('EV_m', 'track_published', TrackSource.MICROPHONE);
    rooms.people.set(connection.roomName, [{ identity: booth, trackSources: [CAMERA, MIC] }]);
    expect((await t.ctx.sessions.sweepRooms()).reconciled).toEqual([]);

    // The PIN step began while the app was down: the camera is unpublished, its webhook lost.
    rooms.people.set(connection.roomName, [{ identity: booth, trackSources: [MIC] }]);
    const before = Date.now();
    expect((await t.ctx.sessions.sweepRooms()).reconciled).toEqual([sessionId]);
    const events = async () =>
      (
        await t!.ctx.database.client.execute({
          sql: "SELECT type, actor_kind, at, detail FROM session_event WHERE session_id = ? AND type LIKE 'livekit.track%' ORDER BY id",
          args: [sessionId],
        })
      ).rows.map((r) => ({ type: r.type, actorKind: r.actor_kind, at: Number(r.at), detail: JSON.parse(String(r.detail)) }));
    const unpublished = (await events()).at(-1)!;
    expect(unpublished).toMatchObject({
      type: 'livekit.track_unpublished',
      actorKind: 'livekit',
      detail: { participant: booth, trackSource: CAMERA, reconciled: true },
    });
    expect(unpublished.at).toBeGreaterThanOrEqual(before);
    // Seen again: nothing more.
    expect((await t.ctx.sessions.sweepRooms()).reconciled).toEqual([]);

    // The PIN step over: the camera back.
    rooms.people.set(connection.roomName, [{ identity: booth, trackSources: [MIC, CAMERA] }]);
    await t.ctx.sessions.sweepRooms();
    expect((await events()).map((e) => `${String(e.type)} ${e.detail.trackSource}`)).toEqual([
      `livekit.track_published ${CAMERA}`,
      `livekit.track_published ${MIC}`,
      `livekit.track_unpublished ${CAMERA}`,
      `livekit.track_published ${CAMERA}`,
    ]);
    // The session is untouched: still waiting for its operator.
    expect(
      (await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [sessionId] })).rows[0]?.status,
    ).toBe('waiting');
  });

  it('LiveKit failing on one room leaves the sweep going; nothing is written for it', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({}, { rooms });
    const { sessionId, connection } = await t.openCall();
    const participants = rooms.participants;
    rooms.participants = async () => {
      throw new Error('twirp error: deadline exceeded');
    };
    boothIn(rooms, connection.roomName);
    expect(await t.ctx.sessions.sweepRooms()).toEqual({ deleted: [], ended: [], reconciled: [] });
    rooms.participants = participants;
    expect((await t.ctx.sessions.sweepRooms()).reconciled).toEqual([sessionId]);
  });
});

describe('room sweeps', () => {
  it('run one at a time: a sweep asked for while one runs shares it, and appends nothing twice', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({}, { rooms });
    const { sessionId, connection } = await t.openCall();
    boothIn(rooms, connection.roomName);
    const [a, b] = await Promise.all([t.ctx.sessions.sweepRooms(), t.ctx.sessions.sweepRooms()]);
    const joined = await t.ctx.database.client.execute({
      sql: "SELECT count(*) AS n FROM session_event WHERE session_id = ? AND type = 'livekit.participant_joined'",
      args: [sessionId],
    });
    expect(Number(joined.rows[0]!.n)).toBe(1);
    expect(a).toBe(b);
    expect(a.reconciled).toEqual([sessionId]);
  });
});

/** A call from town A's booth answered by op-a; its room in memory with the booth in it. */
async function activeCall(rooms: ReturnType<typeof memoryRooms>) {
  const { sessionId, connection } = await t!.openCall();
  await t!.ctx.queue.accept(await t!.principal('op-a'), sessionId);
  boothIn(rooms, connection.roomName);
  return { sessionId, roomName: connection.roomName };
}
const statusOf = async (sessionId: string) =>
  (await t!.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [sessionId] })).rows[0]!.status;

describe('a booth LiveKit reports gone gets time to rejoin', () => {
  it('a booth back in its room within the grace keeps its call; one still gone ends it after the grace', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '300' }, { rooms });
    const back = await activeCall(rooms);
    // Dropped by livekit-server mid-cut: the call goes on meanwhile.
    await boothGone(rooms, back.roomName);
    expect(await statusOf(back.sessionId)).toBe('active');
    // The link is back: the booth rejoins under the same identity before the grace runs out.
    boothIn(rooms, back.roomName);
    await new Promise((r) => setTimeout(r, 500));
    expect(await statusOf(back.sessionId)).toBe('active');

    await t.ctx.sessions.endByOperator(await t.principal('op-a'), back.sessionId);
    await t.ctx.queue.setStatus(await t.principal('op-a'), 'available');
    const gone = await activeCall(rooms);
    await boothGone(rooms, gone.roomName);
    expect(await statusOf(gone.sessionId)).toBe('active');
    await expect.poll(() => statusOf(gone.sessionId), { timeout: 3000 }).toBe('ended');
  });

  it('with no grace the call ends at once, as before', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '0' }, { rooms });
    const call = await activeCall(rooms);
    await boothGone(rooms, call.roomName);
    expect(await statusOf(call.sessionId)).toBe('ended');
  });
});

describe('a live call whose room LiveKit lost (a livekit-server restart)', () => {
  /** livekit-server restarted: every room is gone from its memory, with no webhook. */
  const restart = (rooms: ReturnType<typeof memoryRooms>) => {
    rooms.names.clear();
    rooms.people.clear();
  };

  it('gets its room back (same name) and keeps going when the booth rejoins within the grace', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '300' }, { rooms });
    const call = await activeCall(rooms);
    restart(rooms);
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([]);
    expect(rooms.names).toContain(call.roomName);
    expect(await statusOf(call.sessionId)).toBe('active');
    // Both sides rejoin with their tokens, which name this room.
    boothIn(rooms, call.roomName);
    await new Promise((r) => setTimeout(r, 500));
    expect(await statusOf(call.sessionId)).toBe('active');
    // Back in its room: a second restart later in the call is survived too.
    restart(rooms);
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([]);
    expect(rooms.names).toContain(call.roomName);
  });

  it('ends (room-gone) after the grace when the booth does not come back, and its room is deleted', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '300' }, { rooms });
    const call = await activeCall(rooms);
    restart(rooms);
    await t.ctx.sessions.sweepRooms();
    expect(await statusOf(call.sessionId)).toBe('active');
    await expect.poll(() => statusOf(call.sessionId), { timeout: 3000 }).toBe('ended');
    expect(JSON.parse(String(await endReason(call.sessionId)))).toEqual({ reason: 'room-gone' });
    expect(rooms.names).not.toContain(call.roomName);
    // The operator is not left "on a call".
    expect((await t.ctx.queue.state((await t.principal('op-a')).accountId)).activeSessionId).toBeNull();
  });

  it('is created again as soon as LiveKit answers after an outage, not at the next 30 s sweep', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '60000', LIVEKIT_WATCH_MS: '2000' }, { rooms });
    const call = await activeCall(rooms);
    await new Promise((r) => setTimeout(r, 2100)); // the first probe: LiveKit answers
    rooms.failing = true; // killed…
    restart(rooms);
    await new Promise((r) => setTimeout(r, 2100)); // …seen down by the next probe…
    rooms.failing = false; // …and started again
    const back = Date.now();
    await expect.poll(() => rooms.names.has(call.roomName), { timeout: 1500, interval: 20 }).toBe(true);
    // Probed every 100 ms while down, not at the next 2 s watch: well before the booth's reconnects
    // (one a second) give up. (Margin for a loaded machine's late timers.)
    expect(Date.now() - back).toBeLessThan(1500);
    expect(await statusOf(call.sessionId)).toBe('active');
  });

  it('a room lost again before the booth came back ends the session at the next sweep; so does a refused re-creation', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '60000' }, { rooms });
    const call = await activeCall(rooms);
    restart(rooms);
    await t.ctx.sessions.sweepRooms();
    expect(rooms.names).toContain(call.roomName);
    restart(rooms);
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([call.sessionId]);

    await t.ctx.queue.setStatus(await t.principal('op-a'), 'available');
    const refused = await activeCall(rooms);
    restart(rooms);
    const create = rooms.create;
    rooms.create = async () => {
      throw new Error('twirp error: room limit exceeded');
    };
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([refused.sessionId]);
    rooms.create = create;
  });
});

describe('a call whose room starts again (its LiveKit node died, or livekit-server restarted)', () => {
  it("the second room_started is marked restarted on the session's history; a replay of the first is not", async () => {
    t = await createTestApp({}, { rooms: memoryRooms() });
    const { sessionId, connection } = await t.openCall();
    const started = (id: string) => {
      const delivered = new WebhookEvent({ id, createdAt: 1_700_000_000n, room: { name: connection.roomName } });
      delivered.event = 'room_started';
      return t!.ctx.sessions.recordLiveKitEvent(delivered);
    };
    await started('EV_first');
    await started('EV_first');
    await started('EV_again');
    const rows = (
      await t.ctx.database.client.execute({
        sql: "SELECT source_event_id, detail FROM session_event WHERE session_id = ? AND type = 'livekit.room_started' ORDER BY id",
        args: [sessionId],
      })
    ).rows.map((r) => [r.source_event_id, JSON.parse(String(r.detail))]);
    expect(rows).toEqual([
      ['EV_first', {}],
      ['EV_again', { restarted: true }],
    ]);
  });
});

/*
 * Several nodes (decision 0029): a webhook reaches any node, the sweeps run on the dispatcher's.
 * What a wait for the booth needs is on the record, so a node that dies with a wait pending, or
 * the lease moving, loses nothing.
 */
describe('the booth rejoin rule across nodes (one database, one LiveKit)', () => {
  /** Another node's session service: the same database file and LiveKit, its own memory. */
  const otherNode = (rooms: ReturnType<typeof memoryRooms>, graceMs: number) =>
    createSessionService({
      db: t!.ctx.database.db,
      groupCommit: createGroupCommit(t!.ctx.database.client),
      livekit: t!.ctx.livekit,
      rooms,
      boothRejoinGraceMs: graceMs,
    });

  it("a booth's leave heard by a node that then dies: the sweep on the dispatcher's node ends the call after the grace", async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '400' }, { rooms });
    const call = await activeCall(rooms);
    const heardBy = otherNode(rooms, 400);
    await boothGone(rooms, call.roomName, heardBy);
    heardBy.stop(); // killed: its pending check is gone with it
    t.ctx.sessions.stop(); // and no check scheduled on the dispatcher's node either: only its sweep
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([]);
    expect(await statusOf(call.sessionId)).toBe('active');
    await new Promise((r) => setTimeout(r, 450));
    await t.ctx.sessions.sweepRooms();
    expect(await statusOf(call.sessionId)).toBe('ended');
    expect(JSON.parse(String(await endReason(call.sessionId)))).toEqual({ reason: 'booth-left' });
  });

  it('the booth back in its room on time keeps the call, whichever node looks', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '300' }, { rooms });
    const call = await activeCall(rooms);
    const heardBy = otherNode(rooms, 300);
    await boothGone(rooms, call.roomName, heardBy);
    boothIn(rooms, call.roomName);
    await new Promise((r) => setTimeout(r, 400));
    await t.ctx.sessions.sweepRooms();
    expect(await statusOf(call.sessionId)).toBe('active');
    heardBy.stop();
  });

  it('a room one node re-created and lost again before the booth came back: another node ends the call, not a second re-creation', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '60000' }, { rooms });
    const call = await activeCall(rooms);
    await t.ctx.sessions.recordLiveKitEvent(livekitEvent('participant_joined', call.roomName, `booth:${t.municipalityA.boothId}`));
    const before = otherNode(rooms, 60_000);
    rooms.names.clear();
    rooms.people.clear();
    expect((await before.sweepRooms()).ended).toEqual([]);
    expect(rooms.names).toContain(call.roomName);
    before.stop(); // the lease moves to the test app's node
    rooms.names.clear();
    rooms.people.clear();
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([call.sessionId]);
    expect(JSON.parse(String(await endReason(call.sessionId)))).toEqual({ reason: 'room-gone' });
    const history = await t.ctx.database.client.execute({
      sql: "SELECT type, actor_kind FROM session_event WHERE session_id = ? AND type IN ('room-recreated', 'livekit.participant_left') ORDER BY id",
      args: [call.sessionId],
    });
    expect(history.rows.map((r) => `${r.type} ${r.actor_kind}`)).toEqual(['livekit.participant_left livekit', 'room-recreated system']);
  });

  it('once the booth is back in a re-created room (its join recorded on any node), losing the room again is survived', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ BOOTH_REJOIN_GRACE_MS: '60000' }, { rooms });
    const call = await activeCall(rooms);
    const before = otherNode(rooms, 60_000);
    rooms.names.clear();
    rooms.people.clear();
    await before.sweepRooms();
    boothIn(rooms, call.roomName);
    await before.recordLiveKitEvent(livekitEvent('participant_joined', call.roomName, `booth:${t.municipalityA.boothId}`));
    before.stop();
    rooms.names.clear();
    rooms.people.clear();
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([]);
    expect(rooms.names).toContain(call.roomName);
  });

  it('a room no session knows is left alone while it is new (another node may be writing its session), then deleted', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({ UNCLAIMED_ROOM_GRACE_MS: '10000' }, { rooms });
    await rooms.create('mdg-being-opened-elsewhere');
    expect((await t.ctx.sessions.sweepRooms()).deleted).toEqual([]);
    rooms.createdAt.set('mdg-being-opened-elsewhere', Date.now() - 10_000);
    expect((await t.ctx.sessions.sweepRooms()).deleted).toEqual(['mdg-being-opened-elsewhere']);
  });
});
