/**
 * Interpreter requests survive a restart or a dispatcher failover (issue 18): the new dispatcher
 * rebuilds them from the session events on the same libSQL file. A request still looking for
 * someone rings again; a joined interpreter stays on their call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOf, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const call = async (loginId: string, method: string, path: string, body?: unknown) =>
  t.api.request(path, {
    method,
    headers: { Cookie: await t.cookieFor(loginId), Origin: 'http://localhost', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function interpreter(loginId: string, displayName: string) {
  const created = await t.ctx.accountAdmin.create(await t.principal('admin'), {
    loginId,
    password: `pw-${loginId}-123456`,
    displayName,
    role: 'interpreter',
    municipalityIds: [],
    languages: ['en'],
    procedures: [],
  });
  t.accountIds[loginId] = created.id;
  return created.id;
}

/** A call op-a (town A) or op-b (town B) answers. */
async function answeredCall(operator: 'op-a' | 'op-b') {
  await t.ctx.queue.setStatus(await t.principal(operator), 'available').catch(() => undefined);
  const credential = operator === 'op-a' ? t.municipalityA.boothCredential : t.municipalityB.boothCredential;
  const opened = await t.booth(credential).v1.booth.sessions.$post({ json: { procedure: 'renewal', language: 'ja' } });
  const { sessionId } = await bodyOf(opened, 201);
  expect((await call(operator, 'POST', `/v1/console/offers/${sessionId}/accept`)).status).toBe(200);
  return sessionId;
}

async function eventTypes(sessionId: string) {
  const rows = await t.ctx.database.client.execute({
    sql: "SELECT type FROM session_event WHERE session_id = ? AND type LIKE 'interpreter-%' ORDER BY id",
    args: [sessionId],
  });
  return rows.rows.map((r) => String(r.type));
}

describe('interpreter requests after a restart or a dispatcher failover', () => {
  it('a pending request rings again on the new dispatcher; a joined interpreter stays on their call', async () => {
    t = await createTestApp();
    const first = await interpreter('int-1', '通訳 Smith');
    const second = await interpreter('int-2', '通訳 Jones');
    // int-1 joins op-b's call; then int-2 alone is free and op-a's request rings at them.
    expect((await call('int-1', 'PUT', '/v1/interpreting/status', { status: 'available' })).status).toBe(200);
    const joinedCall = await answeredCall('op-b');
    const joined = (await (await call('op-b', 'POST', `/v1/console/sessions/${joinedCall}/interpreter`, { language: 'en' })).json()) as {
      requestId: string;
    };
    expect((await call('int-1', 'POST', `/v1/interpreting/offers/${joined.requestId}/accept`)).status).toBe(200);
    expect((await call('int-2', 'PUT', '/v1/interpreting/status', { status: 'available' })).status).toBe(200);
    const pendingCall = await answeredCall('op-a');
    const pending = (await (await call('op-a', 'POST', `/v1/console/sessions/${pendingCall}/interpreter`, { language: 'en' })).json()) as {
      requestId: string;
      status: string;
    };
    expect(pending.status).toBe('ringing');
    expect((await t.ctx.queue.interpreterState(second)).offer?.requestId).toBe(pending.requestId);

    t.ctx.dispatcher()?.stop(); // The dispatcher goes; another takes over on the same database.
    const restarted = await t.restart();
    // The pending request rings again, its full time, and the operator sees it.
    const ringing = await restarted.queue.interpreterState(second);
    expect(ringing).toMatchObject({
      status: 'offered',
      offer: { requestId: pending.requestId, language: 'en', boothName: 'A 役場ブース' },
    });
    expect(new Date(ringing.offer!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 15_000);
    const opA = await t.principal('op-a');
    expect(await restarted.queue.interpreterRequest(opA, pendingCall)).toMatchObject({ requestId: pending.requestId, status: 'ringing' });
    expect(await eventTypes(pendingCall)).toEqual(['interpreter-requested', 'interpreter-rung', 'interpreter-rung']);

    // The joined one: its interpreter is still on that call (offered nothing), and leaving ends it.
    const opB = await t.principal('op-b');
    expect(await restarted.queue.interpreterState(first)).toMatchObject({
      status: 'on_call',
      offer: null,
      call: { requestId: joined.requestId, sessionId: joinedCall },
    });
    expect(await restarted.queue.interpreterRequest(opB, joinedCall)).toMatchObject({ status: 'joined', interpreterName: '通訳 Smith' });
    expect(await restarted.queue.interpreterLeave(await t.principal('int-1'))).toMatchObject({ status: 'available', call: null });
    expect(await eventTypes(joinedCall)).toEqual(['interpreter-requested', 'interpreter-rung', 'interpreter-joined', 'interpreter-left']);

    // Accepting on the new dispatcher works as before.
    expect(await restarted.queue.interpreterAccept(await t.principal('int-2'), pending.requestId)).toMatchObject({
      status: 'on_call',
      call: { sessionId: pendingCall },
    });
  });
});
