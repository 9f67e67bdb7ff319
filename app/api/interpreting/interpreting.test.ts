import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitEvent } from '../../test/livekit-events';
import { bodyOf, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ INTERPRETER_WAIT_MS: '1000' });
  const admin = await t.principal('admin');
  // An English interpreter for every town, a Portuguese one for town B only.
  const en = await t.ctx.accountAdmin.create(admin, {
    loginId: 'int-en',
    password: 'pw-int-en-123456',
    displayName: '通訳 Smith',
    role: 'interpreter',
    municipalityIds: [],
    languages: ['en'],
    procedures: [],
  });
  const pt = await t.ctx.accountAdmin.create(admin, {
    loginId: 'int-pt',
    password: 'pw-int-pt-123456',
    displayName: '通訳 Silva',
    role: 'interpreter',
    municipalityIds: [t.municipalityB.municipalityId],
    languages: ['pt'],
    procedures: [],
  });
  t.accountIds['int-en'] = en.id;
  t.accountIds['int-pt'] = pt.id;
});
afterAll(async () => {
  await t.close();
});

const call = async (loginId: string, method: string, path: string, body?: unknown) =>
  t.api.request(path, {
    method,
    headers: { Cookie: await t.cookieFor(loginId), Origin: 'http://localhost', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A call op-a answers (op-a speaks Japanese only: the interpreter is for "another language"). */
async function answeredCall() {
  const language = 'ja';
  await t.ctx.queue.setStatus(await t.principal('op-a'), 'available').catch(() => undefined);
  const opened = await t.booth(t.municipalityA.boothCredential).v1.booth.sessions.$post({ json: { procedure: 'renewal', language } });
  const { sessionId, connection } = await bodyOf(opened, 201);
  const accepted = await call('op-a', 'POST', `/v1/console/offers/${sessionId}/accept`);
  expect(accepted.status).toBe(200);
  return { sessionId, roomName: connection.roomName };
}

async function eventTypes(sessionId: string) {
  const rows = await t.ctx.database.client.execute({
    sql: "SELECT type FROM session_event WHERE session_id = ? AND type LIKE 'interpreter-%' ORDER BY id",
    args: [sessionId],
  });
  return rows.rows.map((r) => String(r.type));
}

describe('interpreters in a call (issue 18)', () => {
  it('rings an interpreter of the language, joins them with a hear-see-speak token, and the call goes on when they leave', async () => {
    expect((await call('int-en', 'PUT', '/v1/interpreting/status', { status: 'available' })).status).toBe(200);
    expect((await call('int-pt', 'PUT', '/v1/interpreting/status', { status: 'available' })).status).toBe(200);
    const { sessionId, roomName } = await answeredCall();

    const asked = await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/interpreter`, { language: 'en' });
    expect(asked.status).toBe(200);
    const request = (await asked.json()) as { requestId: string; status: string };
    expect(request.status).toBe('ringing');
    // A second request while this one lives: refused.
    expect((await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/interpreter`, { language: 'en' })).status).toBe(409);

    const en = await t.ctx.queue.interpreterState(t.accountIds['int-en']!);
    expect(en.offer).toMatchObject({ requestId: request.requestId, language: 'en', boothName: 'A 役場ブース' });
    expect((await t.ctx.queue.interpreterState(t.accountIds['int-pt']!)).offer).toBeNull();

    // Wrong callers: another operator does not see the call's request; roles do not cross.
    expect((await call('op-b', 'GET', `/v1/console/sessions/${sessionId}/interpreter`)).status).toBe(404);
    expect((await call('int-en', 'GET', `/v1/console/sessions/${sessionId}/interpreter`)).status).toBe(403);
    expect((await call('op-a', 'PUT', '/v1/interpreting/status', { status: 'available' })).status).toBe(403);
    expect((await call('int-pt', 'POST', `/v1/interpreting/offers/${request.requestId}/accept`)).status).toBe(409);

    const accepted = await call('int-en', 'POST', `/v1/interpreting/offers/${request.requestId}/accept`);
    expect(accepted.status).toBe(200);
    const body = (await accepted.json()) as {
      status: string;
      call: { sessionId: string };
      connection: { participantToken: string; roomName: string };
    };
    expect(body).toMatchObject({ status: 'on_call', call: { sessionId } });
    expect(body.connection.roomName).toBe(roomName);
    const claims = await new TokenVerifier(t.ctx.livekit.apiKey, t.ctx.livekit.apiSecret).verify(body.connection.participantToken);
    expect(claims.sub).toBe(`interpreter:${t.accountIds['int-en']}`);
    expect(claims.attributes).toEqual({ role: 'interpreter', workName: '通訳 Smith' });
    expect(claims.video).toMatchObject({ room: roomName, canPublishData: false, canPublishSources: ['camera', 'microphone'] });

    // Privacy: the interpreter is refused the face photos (list, image), like the session's record.
    for (const path of [
      `/v1/console/sessions/${sessionId}/photos`,
      `/v1/console/sessions/${sessionId}/photos/${crypto.randomUUID()}/image`,
      `/v1/sessions/${sessionId}`,
    ]) {
      const refused = await call('int-en', 'GET', path);
      expect([403, 404], path).toContain(refused.status);
      expect(refused.headers.get('content-type') ?? '', path).not.toMatch(/image/);
    }

    const seen = await call('op-a', 'GET', `/v1/console/sessions/${sessionId}/interpreter`);
    expect(await seen.json()).toMatchObject({ status: 'joined', interpreterName: '通訳 Smith', notFound: false });

    // LiveKit reports a departure from before this join (a late webhook): nothing changes.
    const stale = livekitEvent('participant_left', roomName, `interpreter:${t.accountIds['int-en']}`);
    stale.createdAt = BigInt(Math.floor(Date.now() / 1000) - 60);
    await t.ctx.sessions.recordLiveKitEvent(stale);
    expect(await (await call('op-a', 'GET', `/v1/console/sessions/${sessionId}/interpreter`)).json()).toMatchObject({ status: 'joined' });

    const left = await call('int-en', 'POST', '/v1/interpreting/leave');
    expect(await left.json()).toMatchObject({ status: 'available', call: null });
    expect(await (await call('op-a', 'GET', `/v1/console/sessions/${sessionId}/interpreter`)).json()).toMatchObject({ status: 'left' });
    const session = await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [sessionId] });
    expect(session.rows[0]?.status).toBe('active');

    // Another one joins, then drops (LiveKit's participant_left): their part ends, the call goes on.
    const second = (await (await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/interpreter`, { language: 'en' })).json()) as {
      requestId: string;
    };
    expect((await call('int-en', 'POST', `/v1/interpreting/offers/${second.requestId}/accept`)).status).toBe(200);
    await t.ctx.sessions.recordLiveKitEvent(livekitEvent('participant_left', roomName, `interpreter:${t.accountIds['int-en']}`));
    expect(await (await call('op-a', 'GET', `/v1/console/sessions/${sessionId}/interpreter`)).json()).toMatchObject({ status: 'left' });
    expect((await t.ctx.queue.interpreterState(t.accountIds['int-en']!)).status).toBe('available');
    const dropped = await t.ctx.database.client.execute({
      sql: "SELECT detail FROM session_event WHERE session_id = ? AND type = 'interpreter-left' ORDER BY id DESC LIMIT 1",
      args: [sessionId],
    });
    expect(JSON.parse(String(dropped.rows[0]?.detail))).toMatchObject({ reason: 'dropped' });

    // The operator may ask for another; then give it up.
    const again = await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/interpreter`, { language: 'en' });
    expect(await again.json()).toMatchObject({ status: 'ringing' });
    expect(await (await call('op-a', 'DELETE', `/v1/console/sessions/${sessionId}/interpreter`)).json()).toMatchObject({
      status: 'cancelled',
    });
    expect((await t.ctx.queue.interpreterState(t.accountIds['int-en']!)).status).toBe('available');

    expect(await eventTypes(sessionId)).toEqual([
      'interpreter-requested',
      'interpreter-rung',
      'interpreter-joined',
      'interpreter-left',
      'interpreter-requested',
      'interpreter-rung',
      'interpreter-joined',
      'interpreter-left',
      'interpreter-requested',
      'interpreter-rung',
      'interpreter-cancelled',
    ]);
    expect((await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/end`, { outcome: 'completed' })).status).toBe(200);
  });

  it('tells the operator when nobody is found within the wait; they may keep waiting', async () => {
    // Town A has no Portuguese interpreter (int-pt serves town B only).
    const { sessionId } = await answeredCall();
    const asked = await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/interpreter`, { language: 'pt' });
    expect(await asked.json()).toMatchObject({ status: 'waiting', notFound: false });
    const deadline = Date.now() + 5_000;
    let view: { notFound?: boolean } = {};
    while (Date.now() < deadline && !view.notFound) {
      await new Promise((r) => setTimeout(r, 200));
      view = (await (await call('op-a', 'GET', `/v1/console/sessions/${sessionId}/interpreter`)).json()) as { notFound: boolean };
    }
    expect(view.notFound).toBe(true);
    expect(await eventTypes(sessionId)).toEqual(['interpreter-requested', 'interpreter-not-found']);
    const kept = await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/interpreter/keep-waiting`);
    expect(await kept.json()).toMatchObject({ status: 'waiting', notFound: false });
    // The call ends: the request goes with it.
    expect((await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/end`, { outcome: 'completed' })).status).toBe(200);
    expect(await eventTypes(sessionId)).toEqual(['interpreter-requested', 'interpreter-not-found', 'interpreter-cancelled']);
  });
  it("waits the municipality's own time (15–600 s) before telling the operator, instead of the server's", async () => {
    const patch = async (interpreterWaitSeconds: number | null) =>
      (await t.as('admin')).v1.municipalities[':id'].$patch({
        param: { id: t.municipalityA.municipalityId },
        json: { interpreterWaitSeconds },
      });
    // Out of bounds: refused.
    for (const seconds of [5, 601]) expect((await patch(seconds)).status).toBe(400);
    expect(await bodyOf(await patch(15), 200)).toMatchObject({ interpreterWaitSeconds: 15 });
    try {
      const { sessionId } = await answeredCall();
      await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/interpreter`, { language: 'pt' });
      // The server's wait (1 s here) has passed twice over: town A's own 15 s has not.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await (await call('op-a', 'GET', `/v1/console/sessions/${sessionId}/interpreter`)).json()).toMatchObject({ notFound: false });
      expect(await eventTypes(sessionId)).toEqual(['interpreter-requested']);
      expect((await call('op-a', 'POST', `/v1/console/sessions/${sessionId}/end`, { outcome: 'completed' })).status).toBe(200);
    } finally {
      expect(await bodyOf(await patch(null), 200)).toMatchObject({ interpreterWaitSeconds: null });
    }
  });
});
