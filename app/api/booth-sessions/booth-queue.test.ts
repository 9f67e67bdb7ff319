import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_LEVEL_POLICY } from '../../domain/reports/aggregate';
import { memoryRooms } from '../../test/memory-rooms';
import { bodyOf, type CallRequest, count, createTestApp, refusal, type TestApp } from '../../test/test-context';

/**
 * What the booth is promised (issue 12, defect 3): POST /v1/booth/sessions refuses, and records,
 * a call nobody on duty could take; GET …/queue gives the place and the wait from the operators
 * who could take this call. AVERAGE_HANDLING_MS is 8 min by default.
 */
let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const H_SECONDS = 8 * 60;

/** A call the booth (A's unless told) is refused: 409, with the problem it is told. */
async function refused(json: CallRequest, credential = t.municipalityA.boothCredential, headers: Record<string, string> = {}) {
  return refusal(t.booth(credential, headers).v1.booth.sessions.$post({ json }), 409);
}

/** A call the booth (A's unless told) is given, a renewal in Japanese unless told: its session. */
async function call(credential?: string, json?: CallRequest) {
  return (await t.openCall(credential, json)).sessionId;
}

async function place(sessionId: string, credential = t.municipalityA.boothCredential) {
  return bodyOf(await t.booth(credential).v1.booth.sessions[':sessionId'].queue.$get({ param: { sessionId } }), 200);
}

/** The no-operator record: the latest session of booth A and its events. */
async function lastRecord() {
  const row = (
    await t.ctx.database.client.execute({
      sql: 'SELECT id, status, outcome, operator_id, language, procedure, consent_version FROM session ORDER BY requested_at DESC, rowid DESC LIMIT 1',
    })
  ).rows[0]!;
  const events = (
    await t.ctx.database.client.execute({
      sql: 'SELECT type, actor_kind, detail FROM session_event WHERE session_id = ?',
      args: [String(row.id)],
    })
  ).rows.map((e) => ({ type: e.type, actor: e.actor_kind, detail: JSON.parse(String(e.detail)) }));
  return { row, events };
}

describe('nobody who could take the call is on duty: refused before the resident waits, and recorded', () => {
  it.each<[string, CallRequest, string]>([
    ['a Vietnamese resident, and no operator speaks Vietnamese', { procedure: 'renewal', language: 'vi' }, 'no_operator_for_call'],
    ['an English resident, and no operator speaks English', { procedure: 'health_insurance', language: 'en' }, 'no_operator_for_call'],
  ])('%s: 409 %s', async (_name, body, code) => {
    const rooms = memoryRooms();
    t = await createTestApp({}, { rooms });
    const problem = await refused(body, t.municipalityA.boothCredential, { 'Accept-Language': 'en' });
    expect(problem.code).toBe(code);
    expect(problem.detail).toMatch(/counter/);
    expect(problem.messages.ja).toMatch(/窓口/);
    // No room, no waiting session, no offer: a referral at the booth with the reason.
    expect(rooms.names.size).toBe(0);
    expect(await count(t.ctx, "SELECT count(*) FROM session WHERE status <> 'ended'")).toBe(0);
    const { row, events } = await lastRecord();
    expect(row).toMatchObject({
      status: 'ended',
      outcome: 'referred',
      operator_id: null,
      language: body.language,
      procedure: body.procedure,
    });
    expect(events).toEqual([{ type: 'no-operator', actor: 'system', detail: { reason: 'not-served' } }]);
  });

  it('every operator on a break: 409 no_operator_on_duty (they exist, but are not coming), recorded', async () => {
    t = await createTestApp();
    await t.ctx.queue.setStatus(await t.principal('op-a'), 'break');
    const problem = await refused({ procedure: 'renewal', language: 'ja' });
    expect(problem.code).toBe('no_operator_on_duty');
    expect(problem.detail).toMatch(/オペレーターがいません/);
    const { row, events } = await lastRecord();
    expect(row).toMatchObject({ status: 'ended', outcome: 'referred', language: 'ja', procedure: 'renewal' });
    expect(events).toEqual([{ type: 'no-operator', actor: 'system', detail: { reason: 'none-on-duty' } }]);
    // Away (missed a call) or offline is the same.
    await t.ctx.queue.setStatus(await t.principal('op-a'), 'offline');
    expect((await refused({ procedure: 'renewal', language: 'ja' })).code).toBe('no_operator_on_duty');
  });

  it('an operator serving another town does not count', async () => {
    t = await createTestApp();
    await t.ctx.queue.setStatus(await t.principal('op-a'), 'break');
    // op-b serves town B only.
    expect((await refused({ procedure: 'renewal', language: 'ja' })).code).toBe('no_operator_on_duty');
    await call(t.municipalityB.boothCredential);
  });

  it('the reports count it among the referrals at the booth, not among the abandoned calls', async () => {
    t = await createTestApp();
    await refused({ procedure: 'renewal', language: 'vi' });
    const figures = await t.ctx.reports.figures.municipality(
      { municipalityId: t.municipalityA.municipalityId, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) },
      { policy: DEFAULT_SERVICE_LEVEL_POLICY, knownBooths: [t.municipalityA.boothId] },
    );
    expect(figures.totals).toMatchObject({ sessions: 1, referredAtBooth: 1, abandoned: 0, answered: 0 });
  });
});

/** op-a on a call from booth A, and a call from a second booth waiting for them. */
async function waitingBehindOpA() {
  const opA = await t.principal('op-a');
  const first = await call();
  await t.ctx.queue.accept(opA, first);
  const other = (await t.addBooth()).credential;
  return { opA, first, other, second: await call(other) };
}

describe('GET …/queue: the place and the wait come from the operators who could take this call', () => {
  it('ringing at an available operator: next, and no wait to speak of', async () => {
    t = await createTestApp();
    const sessionId = await call();
    expect(await place(sessionId)).toEqual({
      status: 'waiting',
      position: 1,
      estimatedWaitSeconds: 0,
      operatorName: null,
      noOperator: null,
    });
  });

  it('the one operator who could take it is on a call: next, about one average handling time', async () => {
    t = await createTestApp();
    const { second, other } = await waitingBehindOpA();
    expect(await place(second, other)).toEqual({
      status: 'waiting',
      position: 1,
      estimatedWaitSeconds: H_SECONDS,
      operatorName: null,
      noOperator: null,
    });
  });

  it('the operator goes on a break after their call while the resident waits: the booth is told nobody is on duty, no estimate', async () => {
    t = await createTestApp();
    const { opA, first, second, other } = await waitingBehindOpA();
    await t.ctx.queue.endCall(opA, first, 'completed', null);
    await t.ctx.queue.setStatus(opA, 'break');
    expect(await place(second, other)).toEqual({
      status: 'waiting',
      position: 1,
      estimatedWaitSeconds: null,
      operatorName: null,
      noOperator: 'none-on-duty',
    });
    // Back from the break: it rings at once.
    await t.ctx.queue.setStatus(opA, 'available');
    expect(await place(second, other)).toMatchObject({ position: 1, estimatedWaitSeconds: 0, noOperator: null });
  });

  it('an English call behind older Japanese calls its only English-speaking operator also takes', async () => {
    t = await createTestApp();
    const admin = await t.principal('admin');
    const opA = await t.principal('op-a');
    await t.ctx.accountAdmin.update(admin, opA.accountId, { languages: ['ja', 'en'] });
    const busy = await call();
    await t.ctx.queue.accept(opA, busy);
    const b2 = (await t.addBooth()).credential;
    const japanese = await call(b2);
    const b3 = (await t.addBooth('A 3号機')).credential;
    const english = await call(b3, { procedure: 'renewal', language: 'en' });
    expect(await place(japanese, b2)).toMatchObject({ position: 1, estimatedWaitSeconds: H_SECONDS });
    expect(await place(english, b3)).toMatchObject({ position: 2, estimatedWaitSeconds: 2 * H_SECONDS, noOperator: null });
  });

  it('answered: no place, the operator’s name', async () => {
    t = await createTestApp();
    const id = await call();
    await t.ctx.queue.accept(await t.principal('op-a'), id);
    expect(await place(id)).toEqual({
      status: 'active',
      position: null,
      estimatedWaitSeconds: null,
      operatorName: 'オペレーター A',
      noOperator: null,
    });
  });
});

describe('GET /v1/booth/me tells the booth when to ask whether the resident is still there', () => {
  it('from WAITING_CHECK_AFTER_MS and WAITING_CHECK_ANSWER_MS', async () => {
    t = await createTestApp({ WAITING_CHECK_AFTER_MS: '12000', WAITING_CHECK_ANSWER_MS: '8000' });
    const me = await bodyOf(await t.booth(t.municipalityA.boothCredential).v1.booth.me.$get(), 200);
    expect(me.waitingCheck).toEqual({ askAfterMs: 12_000, answerWithinMs: 8000 });
  });
});

describe('GET /v1/booth/me tells the booth whether its town works by reservation (issue 17)', () => {
  it("from the town's reservation policy; off without one", async () => {
    t = await createTestApp();
    const booth = t.booth(t.municipalityA.boothCredential);
    expect((await bodyOf(await booth.v1.booth.me.$get(), 200)).municipality.reservationOnly).toBe(false);
    await t.ctx.database.client.execute({
      sql: 'INSERT INTO reservation_policy (municipality_id, reservation_only) VALUES (?, 1)',
      args: [t.municipalityA.municipalityId],
    });
    await expect
      .poll(async () => (await bodyOf(await booth.v1.booth.me.$get(), 200)).municipality.reservationOnly, { timeout: 5_000 })
      .toBe(true);
  });
});
