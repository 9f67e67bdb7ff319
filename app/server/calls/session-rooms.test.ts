import { livekitRooms, newRoomName, type RunningLiveKit, startLiveKit } from '@madoguchi/media-server';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loopbackLiveKitConfig } from '../../test/loopback-livekit';
import { memoryRooms } from '../../test/memory-rooms';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import { createAppContext } from '../platform/context';
import { parseEnv } from '../platform/env';

/*
 * A call's room exists only while its session is waiting or active (decision 0009). Against the
 * real livekit-server, started on loopback ports of its own with the config the project generates.
 */

const credentials = { apiKey: 'APIrooms', apiSecret: 'r'.repeat(43) };
const PORT = 17980;
let livekit: RunningLiveKit;
let t: TestApp | undefined;
let config: Record<string, unknown>;

beforeAll(async () => {
  config = loopbackLiveKitConfig(credentials, PORT);
  livekit = await startLiveKit({ config });
});
afterAll(async () => {
  await livekit?.stop();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const env = () => ({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: credentials.apiKey, LIVEKIT_API_SECRET: credentials.apiSecret });
const realRooms = () => livekitRooms(livekit.httpUrl, credentials);
const roomService = () => new RoomServiceClient(livekit.httpUrl, credentials.apiKey, credentials.apiSecret);
const roomNames = async () => (await roomService().listRooms()).map((room) => room.name);

/** What livekit-server answers a client about to join with this token (200 "success" lets it in). */
async function validate(token: string) {
  const response = await fetch(`${livekit.httpUrl}/rtc/validate?access_token=${encodeURIComponent(token)}`);
  return { status: response.status, body: await response.text() };
}

describe('call rooms against the real livekit-server', () => {
  it('a call ended by the operator leaves no room, and neither token gets in again; no token for the ended session', async () => {
    t = await createTestApp(env(), { rooms: realRooms() });
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const { sessionId, connection } = await t.openCall();
    // The booth can join and publish while it waits: its room is there before anyone joins.
    expect(await roomNames()).toContain(connection.roomName);
    expect(await validate(connection.participantToken)).toEqual({ status: 200, body: 'success' });

    await t.ctx.queue.accept(operator, sessionId);
    const { connection: operatorJoin } = await t.ctx.sessions.operatorConnection(operator, sessionId, livekit.url);
    expect(operatorJoin.roomName).toBe(connection.roomName);
    expect((await validate(operatorJoin.participantToken)).status).toBe(200);

    await t.ctx.queue.endCall(operator, sessionId, 'completed', null);

    expect(await roomNames()).not.toContain(connection.roomName);
    for (const token of [connection.participantToken, operatorJoin.participantToken]) {
      const answer = await validate(token);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatch(/room does not exist/);
    }
    expect(await roomNames()).not.toContain(connection.roomName);
    await expect(t.ctx.sessions.operatorConnection(operator, sessionId, livekit.url)).rejects.toMatchObject({
      status: 409,
      code: 'session_state_conflict',
    });
  });

  it('a call the booth ends, or a resident cancels while waiting, leaves no room either', async () => {
    t = await createTestApp(env(), { rooms: realRooms() });
    const cancelled = await t.openCall();
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${cancelled.sessionId}/cancel`)).status).toBe(200);
    const ended = await t.openCall();
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${ended.sessionId}/end`)).status).toBe(200);
    // A kiosk that restarts opens a new session: the one it left behind loses its room.
    const left = await t.openCall();
    const current = await t.openCall();

    const names = await roomNames();
    for (const gone of [cancelled, ended, left]) {
      expect(names).not.toContain(gone.connection.roomName);
      expect((await validate(gone.connection.participantToken)).status).toBe(404);
    }
    expect(names).toContain(current.connection.roomName);
  });

  it('after a restart, deletes the rooms of sessions that ended meanwhile and rooms no session knows once they are not new; live and foreign rooms stay', async () => {
    t = await createTestApp(env(), { rooms: realRooms() });
    const live = await t.openCall();
    const endedWhileDown = await t.openCall(t.municipalityB.boothCredential, {});
    // The app stops. Meanwhile (or just before a crash) a session ends in the database and its
    // room's delete is never sent; a crash between creating a room and recording its session
    // leaves a room no session knows; another application has a room on the same server.
    t.ctx.dispatcher()?.stop();
    t.ctx.sessions.stop();
    await t.ctx.database.client.execute({
      sql: "UPDATE session SET status = 'ended', ended_at = ? WHERE id = ?",
      args: [Date.now(), endedWhileDown.sessionId],
    });
    const orphan = newRoomName();
    await roomService().createRoom({ name: orphan });
    await roomService().createRoom({ name: 'someone-elses-room' });
    expect(await roomNames()).toEqual(expect.arrayContaining([live.connection.roomName, endedWhileDown.connection.roomName, orphan]));

    const restarted = await createAppContext(
      parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MADOGUCHI_DATA_DIR: t.dataDir, UNCLAIMED_ROOM_GRACE_MS: '3000', ...env() }),
    );
    try {
      const names = await roomNames();
      expect(names).toContain(live.connection.roomName);
      expect(names).toContain('someone-elses-room');
      expect(names).not.toContain(endedWhileDown.connection.roomName);
      // A room no session knows may be one whose row another node is writing: left alone while new
      // (LiveKit's creation time), deleted by a sweep once it is older than UNCLAIMED_ROOM_GRACE_MS.
      expect(names).toContain(orphan);
      await new Promise((r) => setTimeout(r, 1000));
      await restarted.sessions.sweepRooms();
      expect(await roomNames()).toContain(orphan);
      await new Promise((r) => setTimeout(r, 2500));
      expect((await restarted.sessions.sweepRooms()).deleted).toContain(orphan);
      expect(await roomNames()).not.toContain(orphan);
      expect((await validate(endedWhileDown.connection.participantToken)).status).toBe(404);
      expect((await validate(live.connection.participantToken)).status).toBe(200);
    } finally {
      await restarted.close();
      await roomService().deleteRoom('someone-elses-room');
      await roomService().deleteRoom(live.connection.roomName);
    }
  });

  it('refuses to start a call when LiveKit cannot create its room: 503 in Japanese and English, nothing stored', async () => {
    // The real RoomService client, pointed at a port where nothing answers.
    t = await createTestApp(env(), { rooms: livekitRooms('http://127.0.0.1:9', credentials) });
    for (const [language, message] of [
      ['ja', 'ただいまビデオ通話を開始できません。しばらくしてからもう一度お試しください。'],
      ['en', 'The video call cannot be started right now. Please try again in a moment.'],
    ] as const) {
      const response = await t.asBooth(
        t.municipalityA.boothCredential,
        'POST',
        '/v1/booth/sessions',
        { procedure: 'renewal', language: 'ja' },
        { 'Accept-Language': language },
      );
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 503, code: 'call_unavailable', detail: message });
    }
    expect(await count(t.ctx, 'SELECT count(*) FROM session')).toBe(0);
    expect(await count(t.ctx, 'SELECT count(*) FROM session_event')).toBe(0);
  });
});

describe('a livekit-server restart mid-call', () => {
  it('loses the room; the sweep creates it again under its name, and the tokens the call has get in again', async () => {
    t = await createTestApp({ ...env(), BOOTH_REJOIN_GRACE_MS: '60000' }, { rooms: realRooms() });
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const { sessionId, connection } = await t.openCall();
    await t.ctx.queue.accept(operator, sessionId);
    const { connection: operatorJoin } = await t.ctx.sessions.operatorConnection(operator, sessionId, livekit.url);

    await livekit.stop();
    livekit = await startLiveKit({ config });
    // Rooms live in livekit-server's memory: both sides' rejoins are refused (auto-create is off)…
    expect(await roomNames()).not.toContain(connection.roomName);
    expect((await validate(connection.participantToken)).body).toMatch(/room does not exist/);

    // …until the app's sweep finds the live call's room gone and creates it again.
    expect((await t.ctx.sessions.sweepRooms()).ended).toEqual([]);
    expect(await roomNames()).toContain(connection.roomName);
    for (const token of [connection.participantToken, operatorJoin.participantToken]) {
      expect(await validate(token)).toEqual({ status: 200, body: 'success' });
    }
    expect(
      (await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [sessionId] })).rows[0]?.status,
    ).toBe('active');
    // The call still ends as any call: no room left behind.
    await t.ctx.queue.endCall(operator, sessionId, 'completed', null);
    expect(await roomNames()).not.toContain(connection.roomName);
  });
});

describe('when deleting a room fails', () => {
  it('the session still ends at once, and the sweep deletes the room once LiveKit answers again', async () => {
    const rooms = memoryRooms();
    t = await createTestApp({}, { rooms });
    const { sessionId, connection } = await t.openCall();
    rooms.failing = true;
    const response = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/end`);
    expect(response.status).toBe(200);
    expect(await count(t.ctx, "SELECT count(*) FROM session WHERE id = ? AND status = 'ended'", [sessionId])).toBe(1);
    expect(rooms.names).toContain(connection.roomName);

    await expect(t.ctx.sessions.sweepRooms()).rejects.toThrow(/ECONNREFUSED/);
    rooms.failing = false;
    expect(await t.ctx.sessions.sweepRooms()).toEqual({ deleted: [connection.roomName], ended: [], reconciled: [] });
    expect(rooms.names.size).toBe(0);
  });
});
