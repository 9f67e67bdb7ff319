import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, count, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
let sessionId: string;
let roomName: string;

beforeAll(async () => {
  t = await createTestApp();
  const response = await t.booth(t.municipalityA.boothCredential).v1.booth.sessions.$post({ json: {} });
  ({
    sessionId,
    connection: { roomName },
  } = await bodyOf(response, 201));
});
afterAll(async () => {
  await t.close();
});

/** Signs a body the way livekit-server does: a JWT with the body's SHA-256, from our key pair. */
async function sign(body: string, secret = t.ctx.livekit.apiSecret) {
  const token = new AccessToken(t.ctx.livekit.apiKey, secret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

function event(id: string, kind: string, createdAt: number, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ id, event: kind, createdAt: String(createdAt), room: { name: roomName }, ...extra });
}

async function deliver(body: string, authorization?: string) {
  return t.api.request('/livekit/webhook', {
    method: 'POST',
    headers: { 'Content-Type': 'application/webhook+json', ...(authorization ? { Authorization: authorization } : {}) },
    body,
  });
}

async function snapshot() {
  const session = await t.ctx.database.client.execute({ sql: 'SELECT status, ended_at FROM session WHERE id = ?', args: [sessionId] });
  const events = await t.ctx.database.client.execute({
    sql: "SELECT type, actor_id, at FROM session_event WHERE session_id = ? AND actor_kind = 'livekit' ORDER BY type",
    args: [sessionId],
  });
  return { session: session.rows[0], events: events.rows };
}

describe('POST /livekit/webhook', () => {
  it('rejects an unsigned delivery, and one signed with another secret, storing nothing', async () => {
    const body = event('EV_forged', 'room_finished', 1_700_000_000);
    expect((await deliver(body)).status).toBe(401);
    expect((await deliver(body, await sign(body, 'x'.repeat(43)))).status).toBe(401);
    // A valid signature over a different body.
    expect((await deliver(body, await sign(body.replace('room_finished', 'room_started')))).status).toBe(401);
    expect(await count(t.ctx, 'SELECT count(*) FROM livekit_event')).toBe(0);
    expect((await snapshot()).session?.status).toBe('waiting');
  });

  it('leaves the same record when deliveries are duplicated and arrive out of order', async () => {
    const joined = event('EV_join', 'participant_joined', 1_700_000_010, { participant: { identity: `booth:${t.municipalityA.boothId}` } });
    const finished = event('EV_fin', 'room_finished', 1_700_000_100);
    // Out of order (finished before joined), each delivered twice.
    for (const body of [finished, joined, finished, joined]) {
      const response = await deliver(body, await sign(body));
      expect(response.status).toBe(200);
    }
    const once = await snapshot();
    for (const body of [joined, finished]) await deliver(body, await sign(body));
    const again = await snapshot();

    expect(again).toEqual(once);
    expect(once.session).toMatchObject({ status: 'ended', ended_at: 1_700_000_100_000 });
    expect(once.events.map((e) => e.type)).toEqual(['livekit.participant_joined', 'livekit.room_finished']);
    expect(await count(t.ctx, 'SELECT count(*) FROM livekit_event')).toBe(2);
  });

  it('treats the booth leaving a waiting call as abandoned, but not a reconnect under the same identity', async () => {
    const response = await t.booth(t.municipalityA.boothCredential).v1.booth.sessions.$post({ json: {} });
    const waiting = await bodyOf(response, 201);
    const left = (id: string, disconnectReason?: number) =>
      JSON.stringify({
        id,
        event: 'participant_left',
        createdAt: '1700000500',
        room: { name: waiting.connection.roomName },
        participant: { identity: `booth:${t.municipalityA.boothId}`, ...(disconnectReason ? { disconnectReason } : {}) },
      });
    const reconnect = left('EV_dup', 2); // DUPLICATE_IDENTITY
    await deliver(reconnect, await sign(reconnect));
    const status = async () =>
      (await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [waiting.sessionId] })).rows[0]!.status;
    expect(await status()).toBe('waiting');
    const gone = left('EV_gone');
    await deliver(gone, await sign(gone));
    expect(await status()).toBe('ended');
    expect(await count(t.ctx, "SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'abandoned'", [waiting.sessionId])).toBe(
      1,
    );
  });

  it('a room LiveKit closed takes its session out of the queue and frees its operator', async () => {
    const operator = await t.principal('op-a');
    const finished = (id: string, roomName: string) =>
      JSON.stringify({ id, event: 'room_finished', createdAt: String(Math.floor(Date.now() / 1000)), room: { name: roomName } });
    const call = async () =>
      bodyOf(
        await t.booth(t.municipalityA.boothCredential).v1.booth.sessions.$post({ json: { procedure: 'renewal', language: 'ja' } }),
        201,
      );

    // Nobody joined within the room's empty timeout: the call ringing at the operator stops ringing.
    const unjoined = await call();
    expect((await t.ctx.queue.state(operator.accountId)).offer?.sessionId).toBe(unjoined.sessionId);
    const closed = finished('EV_empty', unjoined.connection.roomName);
    expect((await deliver(closed, await sign(closed))).status).toBe(200);
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'available', offer: null, waitingCount: 0 });

    // Everyone left an answered call (both browsers closed): the operator is not kept on it for
    // ever, but goes to after-call work for it, open until they record the outcome or choose.
    const answered = await call();
    await t.ctx.queue.accept(operator, answered.sessionId);
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'on_call', activeSessionId: answered.sessionId });
    const left = finished('EV_left', answered.connection.roomName);
    expect((await deliver(left, await sign(left))).status).toBe(200);
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({
      status: 'wrap_up',
      activeSessionId: null,
      afterCall: { sessionId: answered.sessionId, until: null },
    });
    // A replay of the webhook changes nothing; the operator chooses their next status.
    expect((await deliver(left, await sign(left))).status).toBe(200);
    expect((await t.ctx.queue.setStatus(operator, 'break')).status).toBe('break');
  });

  it('keeps events for rooms it does not know without touching any session', async () => {
    const body = JSON.stringify({ id: 'EV_other', event: 'room_started', createdAt: '1700000200', room: { name: 'mdg-unknown' } });
    expect((await deliver(body, await sign(body))).status).toBe(200);
    expect(await count(t.ctx, "SELECT count(*) FROM livekit_event WHERE id = 'EV_other'")).toBe(1);
  });

  it('refuses an oversized body', async () => {
    const body = event('EV_big', 'room_started', 1_700_000_300, { padding: 'x'.repeat(70 * 1024) });
    expect((await deliver(body, await sign(body))).status).toBe(413);
  });
});
