import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from './context';
import { parseEnv } from './env';
import { createTestApp, type TestApp } from '../test/test-context';
import { everyDayCalendar } from '../domain/calendar';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

async function callFromBoothA(body: Record<string, unknown> = { procedure: 'renewal', language: 'ja' }) {
  const response = await t.asBooth(t.townA.boothCredential, 'POST', '/v1/booth/sessions', body);
  expect(response.status).toBe(201);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

async function events(sessionId: string) {
  const rows = await t.ctx.database.client.execute({ sql: 'SELECT type, actor_id FROM session_event WHERE session_id = ? ORDER BY id', args: [sessionId] });
  return rows.rows.map((r) => String(r.type));
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
    const state = t.ctx.queue.state(operator.accountId);
    expect(state.status).toBe('offered');
    expect(state.offer).toMatchObject({ sessionId, boothName: 'A 役場ブース', procedure: 'renewal', language: 'ja' });

    const waiting = await (await t.asBooth(t.townA.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/queue`)).json();
    expect(waiting).toMatchObject({ status: 'waiting', position: 1 });

    expect((await t.ctx.queue.accept(operator, sessionId)).activeSessionId).toBe(sessionId);
    const answered = await (await t.asBooth(t.townA.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/queue`)).json();
    expect(answered).toMatchObject({ status: 'active', operatorName: 'オペレーター A', position: null });
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'accepted']);

    const ended = await t.ctx.queue.endCall(operator, sessionId, 'completed', 'photo-retake');
    expect(ended.status).toBe('wrap_up');
    const row = (await t.ctx.database.client.execute({ sql: 'SELECT status, outcome, offered_at, answered_at FROM session WHERE id = ?', args: [sessionId] })).rows[0]!;
    expect(row).toMatchObject({ status: 'ended', outcome: 'completed' });
    expect(row.offered_at).not.toBeNull();
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'accepted', 'outcome', 'ended']);
  });

  it("does not offer a call to an operator who lacks the call's language, and waits for one who has it", async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a'); // languages: ja
    await t.ctx.queue.setStatus(operator, 'available');
    const sessionId = await callFromBoothA({ procedure: 'renewal', language: 'vi' });
    expect(t.ctx.queue.state(operator.accountId).offer).toBeNull();
    expect(await events(sessionId)).toEqual(['requested']);
  });

  it('an administrator adding a language to an available operator makes a waiting call ring at once; disabling takes them out', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a'); // languages: ja
    await t.ctx.queue.setStatus(operator, 'available');
    const sessionId = await callFromBoothA({ procedure: 'renewal', language: 'vi' });
    expect(t.ctx.queue.state(operator.accountId).offer).toBeNull();

    const admin = await t.principal('admin');
    await t.ctx.accountAdmin.update(admin, operator.accountId, { languages: ['ja', 'vi'] });
    expect(t.ctx.queue.state(operator.accountId).offer).toMatchObject({ sessionId, language: 'vi' });
    expect(await events(sessionId)).toEqual(['requested', 'offered']);

    await t.ctx.accountAdmin.update(admin, operator.accountId, { disabled: true });
    expect(t.ctx.queue.state(operator.accountId).status).toBe('offline');
    expect(t.ctx.queue.state(operator.accountId).offer).toBeNull();
  });

  it('passes an unanswered offer to the next operator after the timeout; the first goes away', async () => {
    t = await createTestApp({ OFFER_TIMEOUT_MS: '3000' });
    const first = await t.principal('op-a');
    await t.ctx.queue.setStatus(first, 'available');
    // A second operator for town A.
    const second = await t.ctx.accountAdmin.create(await t.principal('admin'), {
      loginId: 'op-a2',
      password: 'a long enough password',
      displayName: 'オペレーター A2',
      role: 'operator',
      municipalityIds: [t.townA.municipalityId],
      languages: ['ja'],
      procedures: ['renewal'],
    });
    const cookie = (await t.ctx.accounts.commit(new Request('http://127.0.0.1/'), second.id)).split(';')[0]!;
    const secondPrincipal = (await t.ctx.accounts.fromRequest(new Request('http://127.0.0.1/', { headers: { Cookie: cookie } })))!;
    await new Promise((r) => setTimeout(r, 20));
    await t.ctx.queue.setStatus(secondPrincipal, 'available');
    const sessionId = await callFromBoothA();
    // The one idle longest rings first.
    expect(t.ctx.queue.state(first.accountId).offer?.sessionId).toBe(sessionId);
    await until(() => t.ctx.queue.state(second.id).offer?.sessionId === sessionId);
    expect(t.ctx.queue.state(first.accountId).status).toBe('away');
    await expect(t.ctx.queue.accept(first, sessionId)).rejects.toMatchObject({ status: 409 });
    await t.ctx.queue.accept(secondPrincipal, sessionId);
    expect(await events(sessionId)).toEqual(['requested', 'offered', 'timed-out', 'offered', 'accepted']);
  });

  it('records a resident who cancels while waiting as abandoned, with the wait, and withdraws the offer', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const sessionId = await callFromBoothA();
    expect(t.ctx.queue.state(operator.accountId).status).toBe('offered');
    const cancelled = await t.asBooth(t.townA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(t.ctx.queue.state(operator.accountId)).toMatchObject({ status: 'available', offer: null });
    const row = (await t.ctx.database.client.execute({ sql: "SELECT s.status, s.operator_id, e.detail FROM session s JOIN session_event e ON e.session_id = s.id AND e.type = 'abandoned' WHERE s.id = ?", args: [sessionId] })).rows[0]!;
    expect(row.status).toBe('ended');
    expect(row.operator_id).toBeNull();
    expect(JSON.parse(String(row.detail)).waitMs).toBeGreaterThanOrEqual(0);
    // A second cancel is a conflict, not a second record.
    expect((await t.asBooth(t.townA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/cancel`)).status).toBe(409);
  });

  it('drops a superseded session from the queue when the kiosk restarts and calls again', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    const first = await callFromBoothA();
    const second = await callFromBoothA();
    await t.ctx.queue.setStatus(operator, 'available');
    expect(t.ctx.queue.state(operator.accountId).offer?.sessionId).toBe(second);
    expect(t.ctx.queue.state(operator.accountId).waitingCount).toBe(1);
    expect(await events(first)).toEqual(['requested', 'ended']);
  });

  it('treats a booth that left its room while waiting as abandoned', async () => {
    t = await createTestApp();
    const sessionId = await callFromBoothA();
    const room = (await t.ctx.database.client.execute({ sql: 'SELECT room_name FROM session WHERE id = ?', args: [sessionId] })).rows[0]!.room_name;
    await t.ctx.queue.boothLeft(String(room));
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    expect(t.ctx.queue.state(operator.accountId).offer).toBeNull();
    expect(await events(sessionId)).toEqual(['requested', 'abandoned']);
  });

  it('refuses a call outside opening hours, and records a referral without operator time', async () => {
    t = await createTestApp();
    await t.ctx.database.client.execute({ sql: "UPDATE booth SET calendar = '{}' WHERE id = ?", args: [t.townA.boothId] });
    const closed = await t.asBooth(t.townA.boothCredential, 'POST', '/v1/booth/sessions', { procedure: 'renewal', language: 'ja' });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { code: string }).code).toBe('closed');
    const referred = await t.asBooth(t.townA.boothCredential, 'POST', '/v1/booth/referrals', { procedure: 'renewal', language: 'en', questionId: 'has-form' });
    expect(referred.status).toBe(201);
    const { sessionId } = (await referred.json()) as { sessionId: string };
    const row = (await t.ctx.database.client.execute({ sql: 'SELECT status, outcome, operator_id FROM session WHERE id = ?', args: [sessionId] })).rows[0]!;
    expect(row).toMatchObject({ status: 'ended', outcome: 'referred', operator_id: null });
  });

  it('after a restart, an operator who was available gets the waiting call, and it rings its full time', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'break');
    const sessionId = await callFromBoothA();
    await t.ctx.queue.setStatus(operator, 'available'); // rings now…
    t.ctx.queue.stop(); // …and the app stops.
    const restarted = await createAppContext(parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MADOGUCHI_DATA_DIR: t.dataDir, LIVEKIT_URL: 'ws://127.0.0.1:9' }));
    try {
      const state = restarted.queue.state(operator.accountId);
      expect(state.status).toBe('offered');
      expect(state.offer?.sessionId).toBe(sessionId);
      expect(new Date(state.offer!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 15_000);
      await new Promise((r) => setTimeout(r, 600)); // a few ticks
      expect(restarted.queue.state(operator.accountId).status).toBe('offered');
    } finally {
      restarted.queue.stop();
      restarted.database.close();
    }
  });

  it('after a restart, waiting calls keep their place and are offered again', async () => {
    t = await createTestApp();
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    await t.ctx.queue.setStatus(operator, 'break');
    const older = await callFromBoothA();
    // Another booth in town A calls later.
    const extra = await t.ctx.booths.provision(await t.principal('admin'), {
      municipalityId: t.townA.municipalityId,
      name: 'A 2号機',
      kind: 'mall',
      location: '',
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    });
    const newer = ((await (await t.asBooth(extra.credential, 'POST', '/v1/booth/sessions', { procedure: 'renewal', language: 'ja' })).json()) as { sessionId: string }).sessionId;
    await t.ctx.queue.setStatus(operator, 'available');
    expect(t.ctx.queue.state(operator.accountId).offer?.sessionId).toBe(older);
    await t.ctx.queue.setStatus(operator, 'break');

    // "Restart": a second app on the same database file, the first one stopped.
    t.ctx.queue.stop();
    const restarted = await createAppContext(parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MADOGUCHI_DATA_DIR: t.dataDir, LIVEKIT_URL: 'ws://127.0.0.1:9' }));
    try {
      await restarted.queue.setStatus(operator, 'available');
      expect(restarted.queue.state(operator.accountId).offer?.sessionId).toBe(older);
      await restarted.queue.decline(operator, older);
      expect(restarted.queue.state(operator.accountId).status).toBe('away');
      const position = await restarted.queue.position({ kind: 'booth', boothId: extra.booth.id, boothName: 'A 2号機', municipalityId: t.townA.municipalityId }, newer);
      expect(position).toMatchObject({ status: 'waiting', position: 2 });
    } finally {
      restarted.queue.stop();
      restarted.database.close();
    }
  });
});

