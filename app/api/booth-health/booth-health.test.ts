import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, count, createTestApp, problemOf, type TestApp } from '../../test/test-context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ HEARTBEAT_MS: '4000' });
});
afterAll(async () => {
  await t.ctx.boothHealth.stop();
  await t.close();
});

const beat = {
  appVersion: '0.1.0-rc.1',
  camera: 'ok',
  microphone: 'ok',
  speaker: 'unknown',
  livekit: 'idle',
  network: { rttMs: 12 },
} as const;
const asStaff = async (loginId: string, method: string, path: string, body?: unknown) =>
  t.api.request(path, {
    method,
    headers: { Cookie: await t.cookieFor(loginId), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('POST /v1/booth/heartbeat', () => {
  it('GET /v1/booth/me tells the booth the interval and the maintenance flag', async () => {
    const me = await bodyOf(await t.booth(t.municipalityA.boothCredential).v1.booth.me.$get(), 200);
    expect(me.heartbeatMs).toBe(4000);
    expect(me.maintenance).toBe(false);
  });

  it('records a beat: the booth is online for its staff', async () => {
    const response = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/heartbeat', beat);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'online', maintenance: false, heartbeatMs: 4000, commands: [] });
    const health = await bodyOf(
      await (await t.as('staff-a')).v1.booths[':id'].health.$get({ param: { id: t.municipalityA.boothId } }),
      200,
    );
    expect(health).toMatchObject({ status: 'online', appVersion: '0.1.0-rc.1', open: true, snapshot: { camera: 'ok', rttMs: 12 } });
    expect(health.today.ratio).not.toBeNull();
  });

  it.each([
    ['free text in a device state', { ...beat, camera: 'Yamada Taro' }],
    ['an unknown field', { ...beat, name: 'x' }],
    ['an unknown network figure', { ...beat, network: { rttMs: 1, note: 'hi' } }],
    ['a version with spaces', { ...beat, appVersion: '1.0 beta' }],
    // appVersion is a closed field (decision 0017): nothing but a version fits.
    ['a My Number as the version', { ...beat, appVersion: '123456789012' }],
    ['a name in the version', { ...beat, appVersion: '1.0.0-yamada-taro' }],
    ['build metadata', { ...beat, appVersion: '1.0.0+48291234' }],
    ['a 4-digit version part', { ...beat, appVersion: '4829.0.0' }],
    ['packet loss above 1', { ...beat, network: { packetLoss: 5 } }],
    ['a missing field', { appVersion: '1', camera: 'ok' }],
  ])('refuses %s with 400 and stores nothing', async (_name, body) => {
    const before = await count(t.ctx, 'SELECT count(*) FROM booth_status_interval');
    const response = await t.asBooth(t.municipalityB.boothCredential, 'POST', '/v1/booth/heartbeat', body);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('invalid_request');
    expect(await count(t.ctx, 'SELECT count(*) FROM booth_status_interval')).toBe(before);
    expect(t.ctx.boothHealth.stateOf(t.municipalityB.boothId)).toBeNull();
  });

  it('refuses a caller without a device credential', async () => {
    expect((await t.asBooth(null, 'POST', '/v1/booth/heartbeat', beat)).status).toBe(401);
  });
});

describe('commands over the API', () => {
  it('staff ask for a self-test, the booth gets it with its beat and reports, staff see the result', async () => {
    const staffA = await t.as('staff-a');
    const created = await staffA.v1.booths[':id'].commands.$post({ param: { id: t.municipalityA.boothId }, json: { kind: 'self_test' } });
    expect(created.status).toBe(201);
    const command = await bodyOf(created, 201);
    expect(command).toMatchObject({ status: 'pending', requestedBy: '東員町 職員' });
    const reply = await bodyOf(await t.booth(t.municipalityA.boothCredential).v1.booth.heartbeat.$post({ json: beat }), 200);
    expect(reply.commands).toEqual([{ id: command.id, kind: 'self_test' }]);
    // A result with free text is refused.
    const bad = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/commands/${command.id}/result`, {
      status: 'completed',
      note: 'ok',
    });
    expect(bad.status).toBe(400);
    const selfTest = {
      camera: { result: 'pass', variance: 310.2, width: 640, height: 480 },
      microphone: { result: 'fail', rms: 0, error: 'silent' },
      speaker: { result: 'pass', played: true },
      livekit: { result: 'pass', httpStatus: 200, ms: 4 },
      network: { result: 'pass', rttMs: 2.5, samples: 5 },
    };
    const done = await t.asBooth(t.municipalityA.boothCredential, 'POST', `/v1/booth/commands/${command.id}/result`, {
      status: 'completed',
      selfTest,
    });
    expect(done.status).toBe(200);
    const list = await bodyOf(await staffA.v1.booths[':id'].commands.$get({ param: { id: t.municipalityA.boothId } }), 200);
    expect(list.items[0]).toMatchObject({ id: command.id, status: 'completed', result: { selfTest } });
    // Town B's staff see neither the booth nor its commands.
    expect((await asStaff('staff-b', 'GET', `/v1/booths/${t.municipalityA.boothId}/commands`)).status).toBe(404);
    expect((await asStaff('staff-b', 'GET', `/v1/booths/${t.municipalityA.boothId}/health`)).status).toBe(404);
  });

  it('maintenance on refuses calls with 409 and shows in /me and the beat; off allows them again', async () => {
    expect((await asStaff('supervisor', 'POST', `/v1/booths/${t.municipalityA.boothId}/commands`, { kind: 'maintenance_on' })).status).toBe(
      201,
    );
    const refused = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/sessions');
    expect(refused.status).toBe(409);
    expect((await problemOf(refused)).code).toBe('maintenance');
    const boothA = t.booth(t.municipalityA.boothCredential);
    expect((await bodyOf(await boothA.v1.booth.me.$get(), 200)).maintenance).toBe(true);
    expect((await bodyOf(await boothA.v1.booth.heartbeat.$post({ json: beat }), 200)).maintenance).toBe(true);
    // Town B's booth is not affected.
    expect((await t.asBooth(t.municipalityB.boothCredential, 'POST', '/v1/booth/sessions')).status).toBe(201);
    expect(
      (await asStaff('supervisor', 'POST', `/v1/booths/${t.municipalityA.boothId}/commands`, { kind: 'maintenance_off' })).status,
    ).toBe(201);
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/sessions')).status).toBe(201);
    expect(
      await count(t.ctx, "SELECT count(*) FROM audit_log WHERE action = 'booth.command_requested' AND target_id = ?", [
        t.municipalityA.boothId,
      ]),
    ).toBe(3);
  });

  it('refuses reload / maintenance_on / self_test with 409 while the booth has a session; maintenance_off is allowed', async () => {
    await t.asBooth(t.municipalityB.boothCredential, 'POST', '/v1/booth/sessions');
    expect(
      await count(t.ctx, "SELECT count(*) FROM session WHERE booth_id = ? AND status IN ('waiting', 'active')", [t.municipalityB.boothId]),
    ).toBeGreaterThan(0);
    for (const kind of ['reload', 'maintenance_on', 'self_test']) {
      const refused = await asStaff('staff-b', 'POST', `/v1/booths/${t.municipalityB.boothId}/commands`, { kind });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'booth_in_call', status: 409 });
    }
    expect((await asStaff('staff-b', 'POST', `/v1/booths/${t.municipalityB.boothId}/commands`, { kind: 'maintenance_off' })).status).toBe(
      201,
    );
    expect(
      await count(t.ctx, "SELECT count(*) FROM booth_command WHERE booth_id = ? AND kind != 'maintenance_off'", [t.municipalityB.boothId]),
    ).toBe(0);
    await t.ctx.database.client.execute({
      sql: "UPDATE session SET status = 'ended', ended_at = ? WHERE booth_id = ?",
      args: [Date.now(), t.municipalityB.boothId],
    });
    expect((await asStaff('staff-b', 'POST', `/v1/booths/${t.municipalityB.boothId}/commands`, { kind: 'reload' })).status).toBe(201);
  });

  it('refuses an unknown command kind', async () => {
    expect((await asStaff('staff-a', 'POST', `/v1/booths/${t.municipalityA.boothId}/commands`, { kind: 'format_disk' })).status).toBe(400);
  });
});
