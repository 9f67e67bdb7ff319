import { schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { operatorTopic } from '../../server/calls/push.server';
import type { SupervisionNotice } from '../../server/calls/supervision.server';
import { memoryRooms } from '../../test/memory-rooms';
import { bodyOf, createTestApp, refusal, type TestApp } from '../../test/test-context';
import type { SupervisionStep } from './supervision.routes';

let t: TestApp;
const rooms = memoryRooms();
beforeAll(async () => {
  t = await createTestApp({}, { rooms });
});
afterAll(async () => {
  await t.close();
});

const step = async (loginId: string, sessionId: string, action: string) =>
  t.api.request(`/v1/console/sessions/${sessionId}/supervision`, {
    method: 'POST',
    headers: { Cookie: await t.cookieFor(loginId), Origin: 'http://localhost', 'Content-Type': 'application/json' },
    body: JSON.stringify({ action }),
  });

/** A call in town A (or B) answered by its operator. */
async function answeredCall(town: 'A' | 'B' = 'A') {
  const operator = town === 'A' ? 'op-a' : 'op-b';
  await t.ctx.queue.setStatus(await t.principal(operator), 'available').catch(() => undefined);
  const { sessionId, connection } = await t.openCall(town === 'A' ? t.municipalityA.boothCredential : t.municipalityB.boothCredential);
  await t.ctx.queue.callRequested(sessionId);
  await t.ctx.queue.accept(await t.principal(operator), sessionId);
  return { sessionId, roomName: connection.roomName };
}

/** A step that must go through (200), with its answer. */
async function stepped(loginId: string, sessionId: string, action: string) {
  const response = await step(loginId, sessionId, action);
  expect(response.status).toBe(200);
  return (await response.json()) as z.output<typeof SupervisionStep>;
}

const allow = (municipalityId: string, listenInAllowed: boolean, listenInNotice = false) =>
  t.ctx.database.db.update(schema.municipality).set({ listenInAllowed, listenInNotice }).where(eq(schema.municipality.id, municipalityId));

const events = async (sessionId: string) =>
  (
    await t.ctx.database.db
      .select({ type: schema.sessionEvent.type, actorId: schema.sessionEvent.actorId })
      .from(schema.sessionEvent)
      .where(eq(schema.sessionEvent.sessionId, sessionId))
      .orderBy(schema.sessionEvent.id)
  ).filter((e) => e.type.startsWith('supervisor-'));

const audit = async (sessionId: string) =>
  (await t.ctx.database.db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, sessionId))).map((a) => a.action);

const claimsOf = (token: string) => new TokenVerifier(t.ctx.livekit.apiKey, t.ctx.livekit.apiSecret).verify(token);

describe('POST /v1/console/sessions/{id}/supervision', () => {
  it('is refused, in Japanese first, while the municipality does not allow listening in (off by default)', async () => {
    const { sessionId } = await answeredCall();
    const problem = await refusal(step('supervisor', sessionId, 'listen'), 403);
    expect(problem.code).toBe('listen_in_not_allowed');
    expect(problem.messages.ja).toMatch(/許可されていません/);
    expect(problem.detail.indexOf(problem.messages.ja)).toBe(0);
    expect(await events(sessionId)).toEqual([]);
    await t.ctx.queue.endCall(await t.principal('op-a'), sessionId, 'completed', null);
  });

  it('listens, coaches, joins and takes over: one event and one audit entry each, the operator told, the call theirs', async () => {
    await allow(t.municipalityA.municipalityId, true);
    const { sessionId, roomName } = await answeredCall();
    const sv = t.accountIds.supervisor!;
    const opA = t.accountIds['op-a']!;
    const told: SupervisionNotice[] = [];
    const off = t.ctx.push.subscribe(operatorTopic(opA), (event, data) => {
      if (event === 'supervision') told.push(data as SupervisionNotice);
    });
    rooms.people.set(roomName, [
      { identity: `operator:${opA}`, trackSources: [] },
      { identity: 'booth:x', trackSources: [] },
    ]);

    // Listen: hidden, subscribe only.
    const listened = await stepped('supervisor', sessionId, 'listen');
    expect(listened).toMatchObject({ mode: 'listening', operatorIdentity: `operator:${opA}`, connection: { roomName } });
    const listen = await claimsOf(listened.connection!.participantToken);
    expect(listen.sub).toBe(`supervisor:${sv}`);
    expect(listen.video).toMatchObject({ hidden: true, canPublish: false, canPublishData: false, canSubscribe: true });
    expect(await t.ctx.supervision.current(sessionId)).toEqual({ sessionId, mode: 'listening', supervisorName: 'SV' });
    // Asked again (a reload): a new token, nothing recorded twice.
    await stepped('supervisor', sessionId, 'listen');

    // Coach: the microphone only.
    const coached = await stepped('supervisor', sessionId, 'coach');
    expect((await claimsOf(coached.connection!.participantToken)).video).toMatchObject({
      canPublishSources: ['microphone'],
      hidden: false,
      canPublishData: false,
    });
    // Join: camera and microphone, named for the booth.
    const joined = await stepped('supervisor', sessionId, 'join');
    expect((await claimsOf(joined.connection!.participantToken)).attributes).toEqual({ role: 'supervisor', workName: 'SV' });

    // Nobody else may step in meanwhile, nor the operator, nor town staff.
    await refusal(step('op-a', sessionId, 'listen'), 403);
    await refusal(step('staff-a', sessionId, 'listen'), 403);

    // Take over: the supervisor's operator token, the session theirs, the operator out of the room.
    const taken = await stepped('supervisor', sessionId, 'take-over');
    expect(taken.mode).toBeNull();
    expect((await claimsOf(taken.connection!.participantToken)).sub).toBe(`operator:${sv}`);
    const row = await t.ctx.database.db.query.session.findFirst({ where: eq(schema.session.id, sessionId) });
    expect(row).toMatchObject({ status: 'active', operatorId: sv });
    expect(rooms.people.get(roomName)!.map((p) => p.identity)).toEqual(['booth:x']);
    // The operator is out of the call (after-call work for it, timed), and can no longer end it.
    expect((await t.ctx.queue.state(opA)).activeSessionId).toBeNull();
    await refusal(
      t.api.request(`/v1/console/sessions/${sessionId}/end`, {
        method: 'POST',
        headers: { Cookie: await t.cookieFor('op-a'), Origin: 'http://localhost', 'Content-Type': 'application/json' },
        body: JSON.stringify({ outcome: 'completed' }),
      }),
      404,
    );
    // The supervisor, now its operator, ends it with an outcome.
    const ended = await t.api.request(`/v1/console/sessions/${sessionId}/end`, {
      method: 'POST',
      headers: { Cookie: await t.cookieFor('supervisor'), Origin: 'http://localhost', 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'completed' }),
    });
    expect(ended.status).toBe(200);
    const over = await t.ctx.database.db.query.session.findFirst({ where: eq(schema.session.id, sessionId) });
    expect(over).toMatchObject({ status: 'ended', outcome: 'completed', operatorId: sv });

    expect(await events(sessionId)).toEqual([
      { type: 'supervisor-listening', actorId: sv },
      { type: 'supervisor-coaching', actorId: sv },
      { type: 'supervisor-joined', actorId: sv },
      { type: 'supervisor-took-over', actorId: sv },
    ]);
    expect((await audit(sessionId)).filter((a) => a.startsWith('supervision.'))).toEqual([
      'supervision.listen',
      'supervision.coach',
      'supervision.join',
      'supervision.take-over',
    ]);
    expect(told.map((n) => n.mode)).toEqual(['listening', 'coaching', 'joined', 'took-over']);
    off();
  });

  it('lets the supervisor leave: recorded, the operator told, out of the room', async () => {
    await allow(t.municipalityA.municipalityId, true);
    const { sessionId, roomName } = await answeredCall();
    const sv = t.accountIds.supervisor!;
    await stepped('supervisor', sessionId, 'listen');
    rooms.people.set(roomName, [{ identity: `supervisor:${sv}`, trackSources: [] }]);
    expect(await stepped('supervisor', sessionId, 'leave')).toEqual({
      mode: null,
      operatorIdentity: null,
      connection: null,
    });
    expect(rooms.people.get(roomName)).toEqual([]);
    expect((await events(sessionId)).map((e) => e.type)).toEqual(['supervisor-listening', 'supervisor-left']);
    expect(await t.ctx.supervision.current(sessionId)).toBeNull();
    await refusal(step('supervisor', sessionId, 'leave'), 409);
    await t.ctx.queue.endCall(await t.principal('op-a'), sessionId, 'completed', null);
  });

  it('does not reach a municipality the supervisor does not supervise (404), nor a call that is over (409)', async () => {
    await allow(t.municipalityB.municipalityId, true);
    const b = await answeredCall('B');
    await refusal(step('supervisor', b.sessionId, 'listen'), 404);
    await t.ctx.queue.endCall(await t.principal('op-b'), b.sessionId, 'completed', null);
    const a = await answeredCall();
    await t.ctx.queue.endCall(await t.principal('op-a'), a.sessionId, 'completed', null);
    await refusal(step('supervisor', a.sessionId, 'listen'), 409);
    await refusal(step('supervisor', '00000000-0000-4000-8000-000000000000', 'listen'), 404);
    await refusal(step('supervisor', a.sessionId, 'eavesdrop'), 400);
  });
});

describe('GET /v1/booth/me: the consent screen line (issue 18)', () => {
  it('says calls may be listened to only when listening in is allowed and residents are told', async () => {
    const noticeOf = async () =>
      (await bodyOf(await t.booth(t.municipalityA.boothCredential).v1.booth.me.$get(), 200)).municipality.listenInNotice;
    for (const [allowed, notice, shown] of [
      [false, false, false],
      [false, true, false],
      [true, false, false],
      [true, true, true],
    ] as const) {
      await allow(t.municipalityA.municipalityId, allowed, notice);
      expect(await noticeOf()).toBe(shown);
    }
    await allow(t.municipalityA.municipalityId, false, false);
  });
});

describe('the supervise page (supervision.view)', () => {
  it('shows the call it is about: its status, booth, municipality, procedure, language and operator', async () => {
    const { sessionId } = await answeredCall();
    const [booth] = await t.ctx.database.db
      .select({ name: schema.booth.name })
      .from(schema.booth)
      .innerJoin(schema.session, eq(schema.session.boothId, schema.booth.id))
      .where(eq(schema.session.id, sessionId));
    const [town] = await t.ctx.database.db
      .select({ name: schema.municipality.name })
      .from(schema.municipality)
      .where(eq(schema.municipality.id, t.municipalityA.municipalityId));
    expect(await t.ctx.supervision.view(await t.principal('supervisor'), sessionId)).toEqual({
      status: 'active',
      listenInAllowed: false,
      operatorName: (await t.principal('op-a')).displayName,
      procedure: 'renewal',
      language: 'ja',
      municipalityName: town!.name,
      boothName: booth!.name,
    });
    await t.ctx.queue.endCall(await t.principal('op-a'), sessionId, 'completed', null);
  });
});
