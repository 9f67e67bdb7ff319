import { DisconnectReason } from '@livekit/protocol';
import { livekitRooms, type RunningLiveKit, startLiveKit } from '@madoguchi/media-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackLiveKitConfig } from '../../test/loopback-livekit';
import { joinBySignal } from '../../test/signal-participant';
import { createTestApp, type TestApp } from '../../test/test-context';

/*
 * Supervisors in a call (issue 18, decision 0037) against the real livekit-server: what the booth
 * is told of them, the room's room for them, and the operator put out on a take-over. Joins by
 * the signalling connection alone (no media: the e2e's supervisor.spec.ts has the browsers).
 */

const credentials = { apiKey: 'APIsupervise', apiSecret: 's'.repeat(43) };
const PORT = 17970;
let livekit: RunningLiveKit;
let t: TestApp;

beforeAll(async () => {
  livekit = await startLiveKit({ config: loopbackLiveKitConfig(credentials, PORT) });
  t = await createTestApp(
    { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: credentials.apiKey, LIVEKIT_API_SECRET: credentials.apiSecret },
    { rooms: livekitRooms(livekit.httpUrl, credentials) },
  );
  await t.ctx.database.client.execute({
    sql: 'UPDATE municipality SET listen_in_allowed = 1 WHERE id = ?',
    args: [t.municipalityA.municipalityId],
  });
}, 30_000);
afterAll(async () => {
  await t?.close();
  await livekit?.stop();
});

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
};

describe('supervisors in a call, on the real livekit-server', () => {
  it('the booth is never told of a listener, is told of a supervisor who joins (by role and work name), and the operator is put out on a take-over', async () => {
    const operator = await t.principal('op-a');
    const supervisor = await t.principal('supervisor');
    await t.ctx.queue.setStatus(operator, 'available');
    const { sessionId, connection } = await t.openCall();
    await t.ctx.queue.callRequested(sessionId);
    await t.ctx.queue.accept(operator, sessionId);
    const booth = await joinBySignal(livekit.url, connection.participantToken);
    const { connection: op } = await t.ctx.sessions.operatorConnection(operator, sessionId, livekit.url);
    const operatorIn = await joinBySignal(livekit.url, op.participantToken);
    const operatorIdentity = `operator:${operator.accountId}`;
    const supervisorIdentity = `supervisor:${supervisor.accountId}`;
    expect(await until(() => booth.seen.has(operatorIdentity))).toBe(true);

    // Listening: in the room (LiveKit lists it to the app), never named to the booth or the operator.
    const listen = await t.ctx.supervision.step(supervisor, sessionId, 'listen', livekit.url);
    const listener = await joinBySignal(livekit.url, listen.connection!.participantToken);
    const inRoom = await t.ctx.sessions.byRoom(connection.roomName);
    expect(inRoom?.status).toBe('active');
    await new Promise((r) => setTimeout(r, 1000));
    expect(booth.seen.has(supervisorIdentity)).toBe(false);
    expect(operatorIn.seen.has(supervisorIdentity)).toBe(false);
    await listener.leave();

    // Joined: the booth is told, with the attributes its strip reads. Booth, operator, supervisor
    // and one more fit the room (4).
    const join = await t.ctx.supervision.step(supervisor, sessionId, 'join', livekit.url);
    const joined = await joinBySignal(livekit.url, join.connection!.participantToken);
    expect(await until(() => booth.seen.has(supervisorIdentity))).toBe(true);
    expect(booth.seen.get(supervisorIdentity)).toEqual({ role: 'supervisor', workName: 'SV' });

    // Take over: the operator is put out of the room by LiveKit; the supervisor comes in as the operator.
    const taken = await t.ctx.supervision.step(supervisor, sessionId, 'take-over', livekit.url);
    expect(await until(() => operatorIn.thrownOut !== null)).toBe(true);
    expect(operatorIn.thrownOut).toBe(`leave ${DisconnectReason.PARTICIPANT_REMOVED}`);
    await joined.leave();
    const asOperator = await joinBySignal(livekit.url, taken.connection!.participantToken);
    expect(await until(() => booth.seen.has(`operator:${supervisor.accountId}`))).toBe(true);
    const people = (await livekitRooms(livekit.httpUrl, credentials).participants(connection.roomName)).map((p) => p.identity).sort();
    expect(people).toEqual([`booth:${t.municipalityA.boothId}`, `operator:${supervisor.accountId}`].sort());
    for (const p of [booth, asOperator]) p.close();
    await t.ctx.queue.endCall(supervisor, sessionId, 'completed', null);
  });
});
