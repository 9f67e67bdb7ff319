import { setTimeout as sleep } from 'node:timers/promises';
import { boothIdentity } from '@madoguchi/db/call-contract';
import { afterEach, describe, expect, it } from 'vitest';
import { livekitEvent } from '../../test/livekit-events';
import { memoryRooms } from '../../test/memory-rooms';
import { bodyOf, type CallRequest, createTestApp, type TestApp } from '../../test/test-context';
import { operatorTopic } from './push.server';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

async function callFromBoothA(json?: CallRequest) {
  return (await t.openCall(undefined, json)).sessionId;
}

async function events(sessionId: string) {
  const rows = await t.ctx.database.client.execute({
    sql: 'SELECT type, actor_id FROM session_event WHERE session_id = ? ORDER BY id',
    args: [sessionId],
  });
  return rows.rows.map((r) => String(r.type));
}

/** A second operator for town A (renewal only unless told), logged in. */
async function secondOperatorA(skills: { languages?: ('ja' | 'en' | 'vi')[] } = {}) {
  const created = await t.ctx.accountAdmin.create(await t.principal('admin'), {
    loginId: 'op-a2',
    password: 'a long enough password',
    displayName: 'オペレーター A2',
    role: 'operator',
    municipalityIds: [t.municipalityA.municipalityId],
    languages: skills.languages ?? ['ja'],
    procedures: ['renewal'],
  });
  const cookie = (await t.ctx.accounts.commit(new Request('http://127.0.0.1/'), created.id)).split(';')[0]!;
  return (await t.ctx.accounts.fromRequest(new Request('http://127.0.0.1/', { headers: { Cookie: cookie } })))!;
}

/**
 * Puts `operator` on a call from town A's second booth (op-a on a break meanwhile, so it rings at
 * them), then op-a back to where it was: someone on duty who cannot take the next call now.
 */
async function busyWith(operator: Awaited<ReturnType<typeof secondOperatorA>>) {
  const opA = await t.principal('op-a');
  const opAStatus = (await t.ctx.queue.state(opA.accountId)).status;
  await t.ctx.queue.setStatus(opA, 'break');
  await t.ctx.queue.setStatus(operator, 'available');
  const { sessionId } = await t.openCall((await t.addBooth()).credential);
  await t.ctx.queue.accept(operator, sessionId);
  if (opAStatus === 'available') await t.ctx.queue.setStatus(opA, 'available');
  return sessionId;
}

async function roomOf(sessionId: string) {
  return String(
    (await t.ctx.database.client.execute({ sql: 'SELECT room_name FROM session WHERE id = ?', args: [sessionId] })).rows[0]!.room_name,
  );
}

const until = async (check: () => boolean | Promise<boolean>, ms = 8000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the live queue (real libSQL file, real router)', () => {
  it('offers a waiting call to an available operator, who accepts it; the booth sees the operator', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const sessionId = await callFromBoothA();
    const state = await t.ctx.queue.state(operator.accountId);
    expect(state.status).toBe('offered');
    expect(state.offer).toMatchObject({ sessionId, boothName: 'A 役場ブース', procedure: 'renewal', language: 'ja' });

    const waiting = await (await t.asBooth(t.municipalityA.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/queue`)).json();
    expect(waiting).toMatchObject({ status: 'waiting', position: 1 });

    expect((await t.ctx.queue.accept(operator, sessionId)).activeSessionId).toBe(sessionId);
    const answered = await (await t.asBooth(t.municipalityA.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/queue`)).json();
    expect(answered).toMatchObject({ status: 'active', operatorName: 'オペレーター A', position: null });
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'accepted']);

    const ended = await t.ctx.queue.endCall(operator, sessionId, 'completed', 'photo-retake');
    expect(ended.status).toBe('wrap_up');
    const row = (
      await t.ctx.database.client.execute({
        sql: 'SELECT status, outcome, offered_at, answered_at FROM session WHERE id = ?',
        args: [sessionId],
      })
    ).rows[0]!;
    expect(row).toMatchObject({ status: 'ended', outcome: 'completed' });
    expect(row.offered_at).not.toBeNull();
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'accepted', 'outcome', 'ended']);
  });

  it("does not offer a call to an operator who lacks the call's language; while one who has it is busy, the call waits for them", async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a'); // languages: ja
    const speaker = await secondOperatorA({ languages: ['ja', 'vi'] });
    await busyWith(speaker);
    const sessionId = await callFromBoothA({ procedure: 'renewal', language: 'vi' });
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'available', offer: null });
    expect(await events(sessionId)).toEqual(['requested']);
  });

  it('an administrator adding a language to an available operator makes a waiting call ring at once; disabling takes them out', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a'); // languages: ja
    await busyWith(await secondOperatorA({ languages: ['ja', 'vi'] }));
    const sessionId = await callFromBoothA({ procedure: 'renewal', language: 'vi' });
    expect((await t.ctx.queue.state(operator.accountId)).offer).toBeNull();

    const admin = await t.principal('admin');
    await t.ctx.accountAdmin.update(admin, operator.accountId, { languages: ['ja', 'vi'] });
    expect((await t.ctx.queue.state(operator.accountId)).offer).toMatchObject({ sessionId, language: 'vi' });
    expect(await events(sessionId)).toEqual(['requested', 'offered']);

    await t.ctx.accountAdmin.update(admin, operator.accountId, { disabled: true });
    expect((await t.ctx.queue.state(operator.accountId)).status).toBe('offline');
    expect((await t.ctx.queue.state(operator.accountId)).offer).toBeNull();
  });

  it('passes an unanswered offer to the next operator after the timeout; the first goes away', async () => {
    t = await createTestApp({ OFFER_TIMEOUT_MS: '3000' });
    const first = await t.principal('op-a');
    await new Promise((r) => setTimeout(r, 20));
    const secondPrincipal = await secondOperatorA();
    const second = { id: secondPrincipal.accountId };
    await t.ctx.queue.setStatus(secondPrincipal, 'available');
    const sessionId = await callFromBoothA();
    // The one idle longest rings first.
    expect((await t.ctx.queue.state(first.accountId)).offer?.sessionId).toBe(sessionId);
    await until(async () => (await t.ctx.queue.state(second.id)).offer?.sessionId === sessionId);
    expect((await t.ctx.queue.state(first.accountId)).status).toBe('away');
    await expect(t.ctx.queue.accept(first, sessionId)).rejects.toMatchObject({ status: 409 });
    await t.ctx.queue.accept(secondPrincipal, sessionId);
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'timed-out', 'offered', 'accepted']);
  });

  it('records a resident who cancels while waiting as abandoned, with the wait, and withdraws the offer', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const sessionId = await callFromBoothA();
    expect((await t.ctx.queue.state(operator.accountId)).status).toBe('offered');
    const cancelled = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'available', offer: null });
    const row = (
      await t.ctx.database.client.execute({
        sql: "SELECT s.status, s.operator_id, e.detail FROM session s JOIN session_event e ON e.session_id = s.id AND e.type = 'abandoned' WHERE s.id = ?",
        args: [sessionId],
      })
    ).rows[0]!;
    expect(row.status).toBe('ended');
    expect(row.operator_id).toBeNull();
    expect(JSON.parse(String(row.detail)).waitMs).toBeGreaterThanOrEqual(0);
    // A second cancel is a conflict, not a second record.
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/cancel`)).status).toBe(409);
  });

  it('drops a superseded session from the queue when the kiosk restarts and calls again', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    const first = await callFromBoothA();
    expect((await t.ctx.queue.state(operator.accountId)).offer?.sessionId).toBe(first);
    const second = await callFromBoothA();
    expect((await t.ctx.queue.state(operator.accountId)).offer?.sessionId).toBe(second);
    expect((await t.ctx.queue.state(operator.accountId)).waitingCount).toBe(1);
    expect(await events(first)).toEqual(['requested', 'offered', 'ended']);
  });

  it('treats a booth that left its room while waiting as abandoned; the operator it rang for keeps their place', async () => {
    t = await createTestApp();
    const sessionId = await callFromBoothA();
    const operator = await t.principal('op-a');
    expect((await t.ctx.queue.state(operator.accountId)).offer?.sessionId).toBe(sessionId);
    await t.ctx.sessions.recordLiveKitEvent(
      livekitEvent('participant_left', await roomOf(sessionId), boothIdentity(t.municipalityA.boothId)),
    );
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'available', offer: null, waitingCount: 0 });
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'livekit.participant_left', 'abandoned']);
  });

  it('refuses a call outside opening hours, and records a referral without operator time', async () => {
    t = await createTestApp();
    await t.ctx.database.client.execute({ sql: "UPDATE booth SET calendar = '{}' WHERE id = ?", args: [t.municipalityA.boothId] });
    const booth = t.booth(t.municipalityA.boothCredential);
    const closed = await booth.v1.booth.sessions.$post({ json: { procedure: 'renewal', language: 'ja' } });
    expect((await bodyOf(closed, 409)).code).toBe('closed');
    const referred = await booth.v1.booth.referrals.$post({ json: { procedure: 'renewal', language: 'en', questionId: 'has-form' } });
    const { sessionId } = await bodyOf(referred, 201);
    const row = (
      await t.ctx.database.client.execute({ sql: 'SELECT status, outcome, operator_id FROM session WHERE id = ?', args: [sessionId] })
    ).rows[0]!;
    expect(row).toMatchObject({ status: 'ended', outcome: 'referred', operator_id: null });
  });

  it('after a restart, an operator who was available gets the waiting call, and it rings its full time', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    const sessionId = await callFromBoothA(); // rings now…
    expect((await t.ctx.queue.state(operator.accountId)).offer?.sessionId).toBe(sessionId);
    t.ctx.dispatcher()?.stop(); // …and the app stops.
    const restarted = await t.restart();
    const state = await restarted.queue.state(operator.accountId);
    expect(state.status).toBe('offered');
    expect(state.offer?.sessionId).toBe(sessionId);
    expect(new Date(state.offer!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 15_000);
    await new Promise((r) => setTimeout(r, 600)); // a few ticks
    expect((await restarted.queue.state(operator.accountId)).status).toBe('offered');
  });

  it('a take-over after the offer rang out on the old dispatcher: the operator is away, nothing rings until they are back (the rule)', async () => {
    // The multi-node suite's failed failover (decision 0029): the kill came 20 s after the offer, as it rang out.
    t = await createTestApp({ OFFER_TIMEOUT_MS: '3000' });
    const operator = await t.principal('op-a');
    const sessionId = await callFromBoothA();
    await until(async () => (await t.ctx.queue.state(operator.accountId)).status === 'away');
    t.ctx.dispatcher()?.stop();
    const restarted = await t.restart({ OFFER_TIMEOUT_MS: '3000' });
    expect(await restarted.queue.state(operator.accountId)).toMatchObject({ status: 'away', offer: null, waitingCount: 1 });
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'timed-out']);
    await restarted.queue.setStatus(operator, 'available');
    expect((await restarted.queue.state(operator.accountId)).offer?.sessionId).toBe(sessionId);
  });

  it('after a restart, waiting calls keep their place and are offered again', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'break');
    // Someone on duty, busy: the calls are taken and wait.
    await busyWith(await secondOperatorA());
    const older = await callFromBoothA();
    // Another booth in town A calls later.
    const extra = await t.addBooth();
    const newer = (await t.openCall(extra.credential)).sessionId;
    await t.ctx.queue.setStatus(operator, 'available');
    expect((await t.ctx.queue.state(operator.accountId)).offer?.sessionId).toBe(older);
    await t.ctx.queue.setStatus(operator, 'break');

    // "Restart": a second app on the same database file, the first one stopped.
    t.ctx.dispatcher()?.stop();
    const restarted = await t.restart();
    await restarted.queue.setStatus(operator, 'available');
    expect((await restarted.queue.state(operator.accountId)).offer?.sessionId).toBe(older);
    await restarted.queue.decline(operator, older);
    expect((await restarted.queue.state(operator.accountId)).status).toBe('away');
    const position = await restarted.queue.position(
      { kind: 'booth', boothId: extra.boothId, boothName: 'A 2号機', municipalityId: t.municipalityA.municipalityId },
      newer,
    );
    expect(position).toMatchObject({ status: 'waiting', position: 2 });
  });
});

describe('however a call ends, its operator goes to after-call work, then to a status they choose (issue 12, defect 1)', () => {
  /** op-a on a call with booth A: its session id and room. */
  async function answeredCall(env: Record<string, string> = {}, rooms = memoryRooms()) {
    t = await createTestApp(env, { rooms });
    const operator = await t.principal('op-a');
    const sessionId = await callFromBoothA();
    await t.ctx.queue.accept(operator, sessionId);
    expect(await t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'on_call', activeSessionId: sessionId });
    return { operator, sessionId, room: await roomOf(sessionId), rooms };
  }

  const sessionRow = async (id: string) =>
    (await t.ctx.database.client.execute({ sql: 'SELECT status, outcome FROM session WHERE id = ?', args: [id] })).rows[0]!;

  const paths: [string, (call: Awaited<ReturnType<typeof answeredCall>>) => Promise<unknown>][] = [
    ['the booth ends it', ({ sessionId }) => t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/end`)],
    [
      'LiveKit closes the room (both browsers gone: room_finished)',
      ({ room }) =>
        t.ctx.sessions.recordLiveKitEvent({
          id: 'EV_finished',
          event: 'room_finished',
          createdAt: BigInt(Math.floor(Date.now() / 1000)),
          room: { name: room },
        } as never),
    ],
    [
      'the booth leaves the room for good (participant_left, a crashed kiosk)',
      ({ room }) => t.ctx.sessions.recordLiveKitEvent(livekitEvent('participant_left', room, boothIdentity(t.municipalityA.boothId))),
    ],
    ['the kiosk restarts and calls again (superseded)', () => callFromBoothA()],
    [
      'the room is gone without a webhook (the sweep finds it)',
      async ({ room, rooms }) => {
        rooms.names.delete(room);
        expect((await t.ctx.sessions.sweepRooms()).ended).toHaveLength(1);
      },
    ],
    [
      'the record says ended but the queue was never told (the check against the record)',
      async ({ sessionId }) => {
        await t.ctx.database.client.execute({
          sql: "UPDATE session SET status = 'ended', ended_at = ? WHERE id = ?",
          args: [Date.now(), sessionId],
        });
        expect(await t.ctx.queue.reconcile()).toEqual([sessionId]);
      },
    ],
  ];

  it.each(paths)(
    '%s: after-call work for that call, open; the outcome is recorded in it; then a status of their choosing',
    async (_name, endIt) => {
      const call = await answeredCall({ WRAP_UP_MS: '60000' });
      await endIt(call);
      expect((await sessionRow(call.sessionId)).status).toBe('ended');
      // What a console that reloads, or logs in again, is told.
      const state = await t.ctx.queue.state(call.operator.accountId);
      expect(state).toMatchObject({ status: 'wrap_up', activeSessionId: null, afterCall: { sessionId: call.sessionId, until: null } });
      // No timer takes them anywhere meanwhile.
      await new Promise((r) => setTimeout(r, 600));
      expect((await t.ctx.queue.state(call.operator.accountId)).status).toBe('wrap_up');
      // The operator records the outcome of the call that ended: after-call work until 60 s after its end.
      const recorded = await t.ctx.queue.endCall(call.operator, call.sessionId, 'incomplete', 'technical-issue');
      expect(recorded).toMatchObject({ status: 'wrap_up', afterCall: { sessionId: call.sessionId } });
      expect(recorded.afterCall?.until).not.toBeNull();
      expect(await sessionRow(call.sessionId)).toMatchObject({ status: 'ended', outcome: 'incomplete' });
      // A recorded outcome is not rewritten.
      await expect(t.ctx.queue.endCall(call.operator, call.sessionId, 'completed', null)).rejects.toMatchObject({ status: 409 });
      // Then a status of their choosing, at once.
      expect((await t.ctx.queue.setStatus(call.operator, 'break')).status).toBe('break');
      expect((await t.ctx.queue.setStatus(call.operator, 'available')).status).toMatch(/available|offered/);
    },
  );

  it('the operator’s own end: after-call work for WRAP_UP_MS, then available by itself', async () => {
    const call = await answeredCall({ WRAP_UP_MS: '1000' });
    const ended = await t.ctx.queue.endCall(call.operator, call.sessionId, 'completed', null);
    expect(ended).toMatchObject({ status: 'wrap_up', afterCall: { sessionId: call.sessionId } });
    expect(ended.afterCall?.until).not.toBeNull();
    await until(async () => (await t.ctx.queue.state(call.operator.accountId)).status === 'available', 4000);
  });

  it('the outcome of a call that is not their after-call work is refused', async () => {
    const call = await answeredCall();
    await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${call.sessionId}/end`);
    await t.ctx.queue.setStatus(call.operator, 'available');
    await expect(t.ctx.queue.endCall(call.operator, call.sessionId, 'completed', null)).rejects.toMatchObject({ status: 409 });
    expect((await sessionRow(call.sessionId)).outcome).toBeNull();
  });

  it('no console anywhere for CONSOLE_GRACE_MS: offline — but not while the call goes on; once it has ended, yes', async () => {
    const call = await answeredCall({ CONSOLE_GRACE_MS: '1000' });
    const dispatcher = t.ctx.dispatcher();
    if (!dispatcher) throw new Error('one node: it runs the dispatcher');
    const id = call.operator.accountId;
    // A console connected: never taken offline (other operators of the test town have none).
    const off = t.ctx.push.subscribe(operatorTopic(id), () => undefined);
    await dispatcher.checkConsoles();
    await sleep(1_100);
    expect(await dispatcher.checkConsoles()).not.toContain(id);
    off();
    // Gone: the grace counts from the first look that finds no console; on a call, it stays.
    expect(await dispatcher.checkConsoles()).not.toContain(id);
    await sleep(1_100);
    expect(await dispatcher.checkConsoles()).not.toContain(id);
    expect((await t.ctx.queue.state(id)).status).toBe('on_call');
    await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${call.sessionId}/end`);
    expect(await dispatcher.checkConsoles()).toContain(id);
    expect((await t.ctx.queue.state(id)).status).toBe('offline');
  });

  it.each<[string, 'ended-while-down' | 'after-call-work']>([
    ['the session ended while the app was down', 'ended-while-down'],
    ['they were in open after-call work', 'after-call-work'],
  ])('after a restart (%s): open after-call work for that call, not "on a call", not available', async (_name, when) => {
    const call = await answeredCall();
    if (when === 'after-call-work') {
      await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${call.sessionId}/end`);
      t.ctx.dispatcher()?.stop();
    } else {
      t.ctx.dispatcher()?.stop();
      await t.ctx.database.client.execute({
        sql: "UPDATE session SET status = 'ended', ended_at = ? WHERE id = ?",
        args: [Date.now(), call.sessionId],
      });
    }
    const restarted = await t.restart();
    expect(await restarted.queue.state(call.operator.accountId)).toMatchObject({
      status: 'wrap_up',
      afterCall: { sessionId: call.sessionId, until: null },
    });
  });
});
