import { randomUUID } from 'node:crypto';
import type { Language } from '@madoguchi/db';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { everyDayCalendar } from '../../domain/calendar';
import { seedMunicipality } from '../../server/start/seed';
import { bodyOf, count, createTestApp, problemOf, type TestApp } from '../../test/test-context';
import { RecordedEvent } from './booth-events';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A booth event as the kiosk sends it: its own client id, occurred and sent now (booth clock = ours). */
function boothEvent(body: Record<string, unknown>, envelope: Partial<Record<'clientId' | 'occurredAt' | 'sentAt', string>> = {}) {
  const now = new Date().toISOString();
  return { ...body, clientId: randomUUID(), occurredAt: now, sentAt: now, ...envelope };
}

async function openSession(credential: string) {
  const response = await t.booth(credential).v1.booth.sessions.$post({ json: {} });
  expect(response.status).toBe(201);
  return bodyOf(response, 201);
}

describe('POST /v1/booth/sessions', () => {
  it('refuses a caller without a device credential, in Japanese by default', async () => {
    const response = await t.asBooth(null, 'POST', '/v1/booth/sessions');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = await problemOf(response);
    expect(body.code).toBe('unauthenticated');
    expect(body.detail).toMatch(/認証されていません/);
    expect(body.messages.en).toMatch(/Not authenticated/);
  });

  it('answers in English when the caller prefers it', async () => {
    const response = await t.asBooth(null, 'POST', '/v1/booth/sessions', undefined, { 'Accept-Language': 'en-GB,ja;q=0.5' });
    expect((await problemOf(response)).detail).toMatch(/Not authenticated/);
  });

  it('refuses an unknown or malformed credential', async () => {
    const forged = `mdgb_${'A'.repeat(43)}`;
    expect((await t.asBooth(forged, 'POST', '/v1/booth/sessions')).status).toBe(401);
    expect((await t.asBooth('not-a-credential', 'POST', '/v1/booth/sessions')).status).toBe(401);
  });

  it('opens a waiting session and returns join details for that room only', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM session');
    const opened = await openSession(t.municipalityA.boothCredential);
    expect(opened.status).toBe('waiting');
    expect(opened.connection.roomName).toMatch(/^mdg-[A-Za-z0-9_-]{22}$/);
    expect(opened.connection.serverUrl).toMatch(/^ws:\/\//);
    expect(await count(t.ctx, 'SELECT count(*) FROM session')).toBe(before + 1);
    expect(await count(t.ctx, "SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'requested'", [opened.sessionId])).toBe(
      1,
    );

    const claims = await new TokenVerifier(t.ctx.livekit.apiKey, t.ctx.livekit.apiSecret).verify(opened.connection.participantToken);
    expect(claims.sub).toBe(`booth:${t.municipalityA.boothId}`);
    expect(claims.video).toMatchObject({ room: opened.connection.roomName, roomJoin: true, canPublish: true, canSubscribe: true });
    expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
    expect(claims.video?.roomCreate ?? false).toBe(false);
    expect(claims.video?.roomAdmin ?? false).toBe(false);
  });

  it("closes the booth's earlier open session when it asks again (kiosk restarted)", async () => {
    const first = await openSession(t.municipalityA.boothCredential);
    const second = await openSession(t.municipalityA.boothCredential);
    expect(second.sessionId).not.toBe(first.sessionId);
    const row = await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [first.sessionId] });
    expect(row.rows[0]?.status).toBe('ended');
  });

  it('refuses a booth that has been disabled', async () => {
    expect((await t.asBooth(t.municipalityB.boothCredential, 'POST', '/v1/booth/sessions')).status).toBe(201);
    await t.ctx.database.client.execute({ sql: 'UPDATE booth SET enabled = 0 WHERE id = ?', args: [t.municipalityB.boothId] });
    t.ctx.boothAuth.forget();
    try {
      expect((await t.asBooth(t.municipalityB.boothCredential, 'POST', '/v1/booth/sessions')).status).toBe(401);
    } finally {
      await t.ctx.database.client.execute({ sql: 'UPDATE booth SET enabled = 1 WHERE id = ?', args: [t.municipalityB.boothId] });
    }
  });
});

describe('the consent a session records (issue 12)', () => {
  it('names, per document, the language the booth showed it in: own language, やさしい日本語 or Japanese', async () => {
    const municipality = await seedMunicipality(t.ctx.database.db, {
      code: '272221',
      name: '羽曳野市',
      boothName: 'D ブース',
      procedures: ['health_insurance'],
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
      consent: {
        terms: { ja: '利用規約', 'ja-x-easy': 'つかうときの きまり', vi: 'Điều khoản sử dụng' },
        privacy: { ja: '個人情報の取扱い', vi: 'Chính sách bảo mật', en: 'Privacy policy' },
      },
      // Someone on duty who speaks every language asked below, or the call is refused before it opens.
      logins: [{ loginId: 'op-d', role: 'operator', displayName: 'D', languages: ['ja', 'en', 'vi', 'pt'] }],
    });
    const opD = String((await t.ctx.database.client.execute({ sql: "SELECT id FROM account WHERE login_id = 'op-d'" })).rows[0]!.id);
    const cookie = (await t.ctx.accounts.commit(new Request('http://127.0.0.1/'), opD)).split(';')[0]!;
    await t.ctx.queue.setStatus(
      (await t.ctx.accounts.fromRequest(new Request('http://127.0.0.1/', { headers: { Cookie: cookie } })))!,
      'available',
    );
    const recorded = async (language: Language) => {
      const json = { procedure: 'health_insurance', language, consent: { terms: 1, privacy: 1 } } as const;
      const opened = await t.booth(municipality.boothCredential).v1.booth.sessions.$post({ json });
      expect(opened.status).toBe(201);
      const { sessionId } = await bodyOf(opened, 201);
      const row = await t.ctx.database.client.execute({ sql: 'SELECT consent_version FROM session WHERE id = ?', args: [sessionId] });
      return row.rows[0]?.consent_version;
    };
    expect(await recorded('vi')).toBe('terms:1:vi,privacy:1:vi');
    expect(await recorded('en')).toBe('terms:1:ja-x-easy,privacy:1:en');
    expect(await recorded('pt')).toBe('terms:1:ja-x-easy,privacy:1:ja');
    expect(await recorded('ja')).toBe('terms:1:ja,privacy:1:ja');
  });
});

describe('POST /v1/booth/sessions/{id}/events', () => {
  it('stores a valid event durably and returns its id', async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const response = await t.asBooth(
      t.municipalityA.boothCredential,
      'POST',
      `/v1/booth/sessions/${sessionId}/events`,
      boothEvent({
        type: 'guidance-shown',
        detail: { card: 'scan-qr' },
      }),
    );
    expect(response.status).toBe(201);
    const body = RecordedEvent.parse(await response.json());
    const stored = await t.ctx.database.client.execute({ sql: 'SELECT type, detail FROM session_event WHERE id = ?', args: [body.id] });
    expect(stored.rows[0]).toMatchObject({ type: 'guidance-shown' });
    expect(JSON.parse(String(stored.rows[0]?.detail))).toEqual({ card: 'scan-qr' });
  });

  it('records a resent event once and answers the resend as it answered the first (issue 13)', async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const event = boothEvent({ type: 'pin-privacy-on' });
    const post = () => t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/events`, event);
    const first = await post();
    expect(first.status).toBe(201);
    const firstBody: unknown = await first.json();
    // The booth did not get the answer and sends again, even twice at once.
    const [again, concurrent] = await Promise.all([post(), post()]);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(firstBody);
    expect(await concurrent.json()).toEqual(firstBody);
    expect(await count(t.ctx, "SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'pin-privacy-on'", [sessionId])).toBe(1);
    // The same client id on another session is another event; a new client id is a new event.
    const other = await openSession(t.municipalityA.boothCredential);
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${other.sessionId}/events`, event)).status).toBe(
      201,
    );
    expect(
      (
        await t.asBooth(
          t.municipalityA.boothCredential,
          'POST',
          `/v1/booth/sessions/${sessionId}/events`,
          boothEvent({ type: 'pin-privacy-on' }),
        )
      ).status,
    ).toBe(201);
    expect(await count(t.ctx, "SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'pin-privacy-on'", [sessionId])).toBe(2);
  });

  it("does not reveal another booth's event through a resend: 404", async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const event = boothEvent({ type: 'connected' });
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/events`, event)).status).toBe(201);
    expect((await t.asBooth(t.municipalityB.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/events`, event)).status).toBe(404);
  });

  it('dates the event when it happened on the booth, corrected by its clock skew, beside when it arrived (issue 13)', async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    // The booth's clock is 10 minutes fast; the event happened 80 s before it was sent.
    const skew = 10 * 60_000;
    const sent = Date.now() + skew;
    const response = await t.asBooth(
      t.municipalityA.boothCredential,
      'POST',
      `/v1/booth/sessions/${sessionId}/events`,
      boothEvent({ type: 'reconnecting' }, { occurredAt: new Date(sent - 80_000).toISOString(), sentAt: new Date(sent).toISOString() }),
    );
    expect(response.status).toBe(201);
    const body = RecordedEvent.parse(await response.json());
    const arrived = Date.parse(body.at);
    expect(arrived - Date.parse(body.occurredAt)).toBeGreaterThanOrEqual(79_000);
    expect(arrived - Date.parse(body.occurredAt)).toBeLessThanOrEqual(81_000);
    const row = (
      await t.ctx.database.client.execute({ sql: 'SELECT at, occurred_at, clock_skew_ms FROM session_event WHERE id = ?', args: [body.id] })
    ).rows[0]!;
    expect(Number(row.at)).toBe(arrived);
    expect(Number(row.occurred_at)).toBe(Date.parse(body.occurredAt));
    expect(Math.abs(Number(row.clock_skew_ms) - skew)).toBeLessThan(1_000);
  });

  it("orders the session's history by occurrence: an event that arrived late sits where it happened (issue 13)", async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const now = Date.now();
    const post = (type: string, occurredAgoMs: number) =>
      t.asBooth(
        t.municipalityA.boothCredential,
        'POST',
        `/v1/booth/sessions/${sessionId}/events`,
        boothEvent({ type }, { occurredAt: new Date(now - occurredAgoMs).toISOString(), sentAt: new Date(now).toISOString() }),
      );
    // Sent first, happened last; the reconnection 78 s earlier arrives after it: it waited in the outbox.
    expect((await post('reconnected', 1_000)).status).toBe(201);
    expect((await post('reconnecting', 78_000)).status).toBe(201);
    const response = await (await t.as('supervisor')).v1.sessions[':id'].$get({ param: { id: sessionId } });
    expect(response.status).toBe(200);
    const { events } = await bodyOf(response, 200);
    expect(events.filter((e) => e.type.startsWith('reconnect')).map((e) => e.type)).toEqual(['reconnecting', 'reconnected']);
    expect(events.find((e) => e.type === 'requested')!.clockSkewMs).toBeNull();
    expect(events.find((e) => e.type === 'reconnecting')!.clockSkewMs).not.toBeNull();
  });

  it('never dates a booth event after its arrival', async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const now = Date.now();
    const response = await t.asBooth(
      t.municipalityA.boothCredential,
      'POST',
      `/v1/booth/sessions/${sessionId}/events`,
      boothEvent({ type: 'recovered' }, { occurredAt: new Date(now + 3_600_000).toISOString(), sentAt: new Date(now).toISOString() }),
    );
    const body = RecordedEvent.parse(await response.json());
    expect(body.occurredAt).toBe(body.at);
  });

  const invalid: [string, unknown][] = (
    [
      ['an unknown event type', { type: 'launch-missiles' }],
      ['free text in a detail value', { type: 'connected', detail: { note: 'Taro Yamada, born 1950' } }],
      ['digits where a code belongs (a PIN, a My Number)', { type: 'disconnected', detail: { reason: '123456789012' } }],
      // The reason is one of LiveKit's DisconnectReason names (decision 0017), nothing else.
      ['a name-shaped disconnect reason', { type: 'disconnected', detail: { reason: 'YAMADA_TARO' } }],
      ['a disconnect reason LiveKit does not have', { type: 'disconnected', detail: { reason: 'PIN_IS_4829' } }],
      ['a number where only an enumerated value fits', { type: 'pin-privacy-off', detail: { by: 1234 } }],
      ['a detail field the event does not have', { type: 'quality-changed', detail: { quality: 'good', pin: '1234' } }],
      ['a nested detail', { type: 'connected', detail: { a: { b: 1 } } }],
      ['too many detail keys', { type: 'connected', detail: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i])) }],
      ['unexpected fields', { type: 'connected', name: 'Taro' }],
      ['a missing type', {}],
    ] as [string, unknown][]
  ).map(([what, body]) => [what, boothEvent(body as Record<string, unknown>)]);
  invalid.push(
    ['a missing client id', { type: 'connected', occurredAt: new Date().toISOString(), sentAt: new Date().toISOString() }],
    ['a client id that is not a UUID', boothEvent({ type: 'connected' }, { clientId: 'Taro Yamada' })],
    ['a missing time of occurrence', { type: 'connected', clientId: randomUUID(), sentAt: new Date().toISOString() }],
    ['a time that is not ISO 8601', boothEvent({ type: 'connected' }, { occurredAt: 'yesterday' })],
  );
  it.each(invalid)('rejects %s with 400 and stores nothing', async (_, body) => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const before = await count(t.ctx, 'SELECT count(*) FROM session_event');
    const response = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/events`, body);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('invalid_request');
    expect(problem.messages.ja).toMatch(/正しくありません/);
    expect((problem.errors ?? []).length).toBeGreaterThan(0);
    expect(await count(t.ctx, 'SELECT count(*) FROM session_event')).toBe(before);
  });

  it('rejects malformed JSON and a malformed session id with 400', async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const malformed = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/events`, '{"type":');
    expect(malformed.status).toBe(400);
    const badId = await t.asBooth(
      t.municipalityA.boothCredential,
      'POST',
      '/v1/booth/sessions/not-a-uuid/events',
      boothEvent({ type: 'connected' }),
    );
    expect(badId.status).toBe(400);
  });

  it("cannot touch another booth's session: 404, nothing stored", async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    const before = await count(t.ctx, 'SELECT count(*) FROM session_event');
    const response = await t.asBooth(
      t.municipalityB.boothCredential,
      'POST',
      `/v1/booth/sessions/${sessionId}/events`,
      boothEvent({ type: 'connected' }),
    );
    expect(response.status).toBe(404);
    const end = await t.asBooth(t.municipalityB.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/end`);
    expect(end.status).toBe(404);
    expect(await count(t.ctx, 'SELECT count(*) FROM session_event')).toBe(before);
    const row = await t.ctx.database.client.execute({ sql: 'SELECT status FROM session WHERE id = ?', args: [sessionId] });
    expect(row.rows[0]?.status).toBe('waiting');
  });
});

describe('POST /v1/booth/sessions/{id}/end', () => {
  it('ends the session once, and a repeat changes nothing', async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    for (let i = 0; i < 2; i++) {
      const response = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/end`);
      expect(response.status).toBe(200);
    }
    expect(await count(t.ctx, "SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'ended'", [sessionId])).toBe(1);
    const row = await t.ctx.database.client.execute({ sql: 'SELECT status, ended_at FROM session WHERE id = ?', args: [sessionId] });
    expect(row.rows[0]?.status).toBe('ended');
    expect(row.rows[0]?.ended_at).not.toBeNull();
  });
});

describe('POST /v1/booth/sessions/{id}/end with a reason', () => {
  /** A call from town A's booth, answered by op-a. */
  async function answeredCall() {
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    await t.ctx.queue.callRequested(sessionId);
    await t.ctx.queue.accept(operator, sessionId);
    return sessionId;
  }
  const outcomeOf = async (sessionId: string) =>
    (await t.ctx.database.client.execute({ sql: 'SELECT status, outcome FROM session WHERE id = ?', args: [sessionId] })).rows[0];

  it('an answered call the booth gives up on (its link lost) is recorded as dropped', async () => {
    const sessionId = await answeredCall();
    const response = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/end`, {
      reason: 'connection-lost',
    });
    expect(response.status).toBe(200);
    expect(await outcomeOf(sessionId)).toMatchObject({ status: 'ended', outcome: 'dropped' });
    const [ended] = (
      await t.ctx.database.client.execute({
        sql: "SELECT detail FROM session_event WHERE session_id = ? AND type = 'ended'",
        args: [sessionId],
      })
    ).rows;
    expect(JSON.parse(String(ended?.detail))).toEqual({ reason: 'connection-lost' });
  });

  it('the resident ending an answered call leaves the outcome to the operator; a waiting call is never dropped', async () => {
    const answered = await answeredCall();
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/sessions/${answered}/end`)).status).toBe(200);
    expect(await outcomeOf(answered)).toMatchObject({ status: 'ended', outcome: null });
    const { sessionId: waiting } = await openSession(t.municipalityB.boothCredential);
    expect(
      (await t.asBooth(t.municipalityB.boothCredential, 'POST', `/v1/booth/sessions/${waiting}/end`, { reason: 'connection-lost' })).status,
    ).toBe(200);
    expect(await outcomeOf(waiting)).toMatchObject({ status: 'ended', outcome: null });
  });

  it('takes only the reasons it knows (a closed field), and changes nothing otherwise', async () => {
    const { sessionId } = await openSession(t.municipalityB.boothCredential);
    for (const body of [{ reason: 'resident-was-rude' }, { reason: 'connection-lost', note: 'x' }]) {
      const response = await t.asBooth(t.municipalityB.boothCredential, 'POST', `/v1/booth/sessions/${sessionId}/end`, body);
      expect(response.status).toBe(400);
    }
    expect(await outcomeOf(sessionId)).toMatchObject({ status: 'waiting' });
  });
});

describe('the API as a whole', () => {
  it('publishes an OpenAPI document', async () => {
    const response = await t.api.request('/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = z.object({ paths: z.record(z.string(), z.unknown()) }).parse(await response.json());
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/booth/sessions', '/v1/booth/sessions/{sessionId}/events', '/health']),
    );
  });

  it('serves the API reference page and its assets from this server', async () => {
    const page = await t.api.request('/v1/reference');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/v1/reference/init.js');
    expect(await (await t.api.request('/v1/reference/init.js')).text()).toContain('/api/v1/openapi.json');
    const bundle = await t.api.request('/v1/reference/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await t.api.request('/v1/reference/../../etc/passwd')).status).toBe(404);
  });

  it('answers unknown paths with a 404 problem', async () => {
    const response = await t.api.request('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('not_found');
  });

  it('reports LiveKit as unreachable in /health when it is down, with the database fine', async () => {
    const response = await t.booth(null).health.$get();
    expect(response.status).toBe(503);
    const body = await bodyOf(response, 503);
    expect(body).toMatchObject({ status: 'degraded', database: { ok: true }, livekit: { ok: false } });
  });
});

describe('booth-originated fields are closed (decision 0017)', () => {
  it('stores a disconnect reason that is one of LiveKit’s names', async () => {
    const { sessionId } = await openSession(t.municipalityA.boothCredential);
    for (const reason of ['CLIENT_INITIATED', 'ROOM_DELETED', 'unknown']) {
      const response = await t.asBooth(
        t.municipalityA.boothCredential,
        'POST',
        `/v1/booth/sessions/${sessionId}/events`,
        boothEvent({ type: 'disconnected', detail: { reason } }),
      );
      expect(response.status).toBe(201);
    }
  });

  it('a referral names one of the town’s own questions for that procedure, or is refused and stores nothing', async () => {
    const referrals = () => count(t.ctx, "SELECT count(*) FROM session_event WHERE type = 'referred'");
    const before = await referrals();
    const refused: [string, Record<string, string>][] = [
      ['a question the town does not have', { procedure: 'renewal', language: 'ja', questionId: 'yamada-taro-4829' }],
      ['a question of another procedure', { procedure: 'health_insurance', language: 'ja', questionId: 'has-form' }],
      ['a procedure the town does not offer', { procedure: 'bank_account', language: 'ja', questionId: 'has-form' }],
    ];
    for (const [what, body] of refused) {
      const response = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/referrals', body, { 'Accept-Language': 'en' });
      expect(response.status, what).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe('unknown_question');
      expect(problem.detail).toMatch(/no such question/);
      expect(problem.messages.ja).toMatch(/質問はありません/);
    }
    expect(await referrals()).toBe(before);
    // One of the town's questions for a procedure it offers is recorded.
    const ok = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/referrals', {
      procedure: 'renewal',
      language: 'ja',
      questionId: 'has-form',
    });
    expect(ok.status).toBe(201);
    expect(await referrals()).toBe(before + 1);
  });
});
