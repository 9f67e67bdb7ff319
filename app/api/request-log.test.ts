/**
 * `npm start` on a terminal wrote a JSON line per request, mostly heartbeats (issue 12, defect 10):
 * routine booth requests are debug now; what people do stays at info.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/platform/logger';
import { bodyOf, createTestApp, type TestApp } from '../test/test-context';
import { createApi } from './create-api';
import { requestLogLevel } from './request-log';

describe('requestLogLevel', () => {
  it.each([
    ['POST', '/v1/booth/heartbeat', 200, 'debug'],
    ['GET', '/v1/booth/me', 200, 'debug'],
    ['GET', '/api/v1/booth/me', 200, 'debug'],
    ['GET', '/v1/booth/sessions/:sessionId/queue', 200, 'debug'],
    ['GET', '/v1/console/stream', 200, 'debug'],
    ['POST', '/v1/booth/sessions', 201, 'info'],
    ['POST', '/v1/console/sessions/:sessionId/photos/:photoId/approve', 200, 'info'],
    ['GET', '/v1/booth/me', 401, 'info'],
    ['POST', '/v1/booth/heartbeat', 400, 'info'],
    ['POST', '/v1/booth/heartbeat', 503, 'warn'],
    ['GET', '/v1/reports/daily', 500, 'warn'],
  ] as const)('%s %s %i → %s', (method, route, status, level) => {
    expect(requestLogLevel(method, route, status)).toBe(level);
  });
});

describe('the request log through the real API', () => {
  let t: TestApp;
  const lines: { level: number; msg: string; method?: string; route?: string; status?: number }[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    t.ctx.logger = createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line)) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('heartbeats, /me and the queue poll are debug; a refusal and an ordinary request are info', async () => {
    const beat = { appVersion: '0.1.0', camera: 'ok', microphone: 'ok', speaker: 'unknown', livekit: 'idle', network: { rttMs: 12 } };
    expect((await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/heartbeat', beat)).status).toBe(200);
    expect((await t.asBooth(t.municipalityA.boothCredential, 'GET', '/v1/booth/me')).status).toBe(200);
    const booth = t.booth(t.municipalityA.boothCredential);
    const call = await booth.v1.booth.sessions.$post({ json: { procedure: 'health_insurance', language: 'ja' } });
    expect(call.status).toBe(201);
    const { sessionId } = await bodyOf(call, 201);
    expect((await t.asBooth(t.municipalityA.boothCredential, 'GET', `/v1/booth/sessions/${sessionId}/queue`)).status).toBe(200);
    expect((await t.asBooth(t.municipalityA.boothCredential, 'GET', `/v1/booth/sessions/${randomUUID()}/queue`)).status).toBe(404);
    const logged = lines
      .filter((l) => l.msg === 'api request')
      .map((l) => `${l.level === 20 ? 'debug' : l.level === 30 ? 'info' : l.level} ${l.method} ${l.route} ${l.status}`);
    expect(logged).toEqual([
      'debug POST /v1/booth/heartbeat 200',
      'debug GET /v1/booth/me 200',
      'info POST /v1/booth/sessions 201',
      'debug GET /v1/booth/sessions/:sessionId/queue 200',
      'info GET /v1/booth/sessions/:sessionId/queue 404',
    ]);
  });

  it("booth replies say the API's own time (Server-Timing), account replies do not", async () => {
    const beat = { appVersion: '0.1.0', camera: 'ok', microphone: 'ok', speaker: 'unknown', livekit: 'idle', network: { rttMs: 12 } };
    const booth = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/heartbeat', beat);
    expect(booth.headers.get('Server-Timing')).toMatch(/^app;dur=\d+\.\d$/);
    // Mounted at /api as the server does (its route paths carry the prefix there).
    const mounted = new Hono().route('/api', createApi(t.ctx));
    const viaServer = await mounted.request('/api/v1/booth/heartbeat', {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.municipalityA.boothCredential}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(beat),
    });
    expect(viaServer.status).toBe(200);
    expect(viaServer.headers.get('Server-Timing')).toMatch(/^app;dur=\d+\.\d$/);
    const staff = await (await t.as('admin')).v1.booths.$get({ query: {} });
    expect(staff.status).toBe(200);
    expect(staff.headers.get('Server-Timing')).toBeNull();
  });
});
