import { livekitRooms, type RunningLiveKit, startLiveKit } from '@madoguchi/media-server';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackLiveKitConfig } from '../../test/loopback-livekit';
import { joinBySignal } from '../../test/signal-participant';
import { createTestApp, type TestApp } from '../../test/test-context';
import { createAppContext } from '../platform/context';
import { parseEnv } from '../platform/env';

/*
 * Webhooks lost while the app is down (issue 13 item 1): livekit-server's webhooks go to a closed
 * port, so none is ever delivered, and the record learns who is in a room only from RoomService
 * when the app starts (and on each sweep). Against the real livekit-server on its own loopback ports.
 */

const credentials = { apiKey: 'APIrecon', apiSecret: 'q'.repeat(43) };
const PORT = 17990;
let livekit: RunningLiveKit;

beforeAll(async () => {
  livekit = await startLiveKit({ config: loopbackLiveKitConfig(credentials, PORT) });
});
afterAll(async () => {
  await livekit?.stop();
});

const env = () => ({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: credentials.apiKey, LIVEKIT_API_SECRET: credentials.apiSecret });
const roomService = () => new RoomServiceClient(livekit.httpUrl, credentials.apiKey, credentials.apiSecret);
const identities = async (room: string) => (await roomService().listParticipants(room)).map((p) => p.identity).sort();

async function until(check: () => Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The app down, then started again on the same data (its start sweeps and reconciles). */
async function restart(t: TestApp) {
  await t.ctx.close();
  // As createTestApp: a booth found gone ends its session at once (no rejoin grace).
  t.ctx = await createAppContext(
    parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MADOGUCHI_DATA_DIR: t.dataDir, BOOTH_REJOIN_GRACE_MS: '0', ...env() }),
    {
      rooms: livekitRooms(livekit.httpUrl, credentials),
    },
  );
}

async function history(t: TestApp, sessionId: string) {
  const rows = await t.ctx.database.client.execute({
    sql: "SELECT type, actor_kind, actor_id, detail FROM session_event WHERE session_id = ? AND (type LIKE 'livekit.%' OR type IN ('abandoned', 'ended')) ORDER BY id",
    args: [sessionId],
  });
  return rows.rows.map((r) => ({ type: r.type, actor: r.actor_id, detail: r.detail === null ? null : JSON.parse(String(r.detail)) }));
}

describe('after a start the app records what LiveKit could not deliver', () => {
  it('a booth that left its waiting call while the app was down: recorded as left and the call abandoned', async () => {
    const t = await createTestApp(env(), { rooms: livekitRooms(livekit.httpUrl, credentials) });
    try {
      const call = await t.openCall();
      const booth = `booth:${t.municipalityA.boothId}`;
      const kiosk = await joinBySignal(livekit.url, call.connection.participantToken);
      await until(async () => (await identities(call.connection.roomName)).includes(booth));

      // The sweep sees the booth in the room: its lost participant_joined, dated as observed.
      expect((await t.ctx.sessions.sweepRooms()).reconciled).toEqual([call.sessionId]);
      expect(await history(t, call.sessionId)).toEqual([
        { type: 'livekit.participant_joined', actor: booth, detail: { participant: booth, reconciled: true } },
      ]);
      // A second look changes nothing.
      expect((await t.ctx.sessions.sweepRooms()).reconciled).toEqual([]);

      // The app goes down; the resident walks away meanwhile; its participant_left webhook is lost.
      await t.ctx.close();
      await kiosk.leave();
      await until(async () => (await identities(call.connection.roomName)).length === 0);
      await restart(t);

      const row = (await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [call.sessionId] })).rows[0];
      expect(row?.status).toBe('ended');
      const after = await history(t, call.sessionId);
      expect(after.map((e) => `${e.type} ${e.actor ?? ''}`.trim())).toEqual([
        `livekit.participant_joined ${booth}`,
        `livekit.participant_left ${booth}`,
        'abandoned',
      ]);
      expect(after[1]?.detail).toEqual({ participant: booth, reconciled: true });
      expect(after[2]?.detail).toMatchObject({ reason: 'booth-left' });
      // The abandoned call's room is deleted, as at every end.
      expect((await roomService().listRooms()).map((r) => r.name)).not.toContain(call.connection.roomName);
    } finally {
      await t.close();
    }
  });

  it('an operator gone from an active call while the app was down is recorded as left; the booth still there keeps the call', async () => {
    const t = await createTestApp(env(), { rooms: livekitRooms(livekit.httpUrl, credentials) });
    try {
      const operator = await t.principal('op-a');
      const call = await t.openCall();
      await t.ctx.queue.accept(operator, call.sessionId);
      const { connection } = await t.ctx.sessions.operatorConnection(operator, call.sessionId, livekit.url);
      const kiosk = await joinBySignal(livekit.url, call.connection.participantToken);
      const console_ = await joinBySignal(livekit.url, connection.participantToken);
      const booth = `booth:${t.municipalityA.boothId}`;
      const op = `operator:${operator.accountId}`;
      await until(async () => (await identities(call.connection.roomName)).length === 2);

      // Both joined while the app was down: nothing on the record until it starts again.
      await t.ctx.close();
      await restart(t);
      expect((await history(t, call.sessionId)).filter((e) => String(e.type).startsWith('livekit.'))).toEqual([
        { type: 'livekit.participant_joined', actor: booth, detail: { participant: booth, reconciled: true } },
        { type: 'livekit.participant_joined', actor: op, detail: { participant: op, reconciled: true } },
      ]);

      await t.ctx.close();
      await console_.leave();
      await until(async () => (await identities(call.connection.roomName)).length === 1);
      await restart(t);
      const types = (await history(t, call.sessionId)).map((e) => `${e.type} ${e.actor ?? ''}`.trim());
      expect(types.at(-1)).toBe(`livekit.participant_left ${op}`);
      const row = (await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [call.sessionId] })).rows[0];
      expect(row?.status).toBe('active');
      kiosk.close();
    } finally {
      await t.close();
    }
  });
});
