import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useRealServer } from '../real-server';
import { chunks, rawRequest } from './http-client';

/** Issue 11 (2, 13): every body is bounded before parsing; early refusals close the connection. */
describe('request bodies, through the real server', () => {
  const server = useRealServer();

  const expectTooLarge = (res: { status: number; headers: http.IncomingHttpHeaders; body: string }) => {
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(res.body) as { code: string; messages: { ja: string; en: string }; requestId: string };
    expect(problem.code).toBe('payload_too_large');
    expect(problem.messages.ja).toContain('64 KB');
    expect(problem.requestId).toBe(res.headers['x-request-id']);
  };

  it('refuses an anonymous 50 MB login form from its Content-Length, without reading it', async () => {
    const before = process.memoryUsage().rss;
    const body = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const res = await rawRequest(`${server().url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(body.length) },
      body,
    }).catch((error: NodeJS.ErrnoException) => {
      // The server may close while 50 MB are still being written: that, too, is a refusal unread.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return null;
      throw error;
    });
    if (res) expectTooLarge(res);
    // The app runs in this process: 50 MB read would show. (Generous: the buffer itself is 50 MB.)
    expect(process.memoryUsage().rss - before).toBeLessThan(160 * 1024 * 1024);
  });

  it('refuses a chunked body as soon as it passes the limit', async () => {
    const res = await rawRequest(`${server().url}/api/v1/booth/heartbeat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server().municipality.boothCredential}` },
      body: chunks(200, 16 * 1024),
    });
    expectTooLarge(res);
  });

  it('refuses a large heartbeat and a large admin form (API and pages alike)', async () => {
    const cookie = await server().cookieFor('admin');
    const json = JSON.stringify({ appVersion: 'x'.repeat(70 * 1024) });
    expectTooLarge(
      await rawRequest(`${server().url}/api/v1/booth/heartbeat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server().municipality.boothCredential}` },
        body: json,
      }),
    );
    const form = `displayName=${'x'.repeat(70 * 1024)}`;
    expectTooLarge(
      await rawRequest(`${server().url}/admin/accounts/${server().accountIds.staff}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: server().url },
        body: form,
      }),
    );
    // Nothing changed.
    const row = await server().app.ctx.database.client.execute({
      sql: 'SELECT display_name FROM account WHERE id = ?',
      args: [server().accountIds.staff!],
    });
    expect(row.rows[0]?.display_name).toBe('職員');
  });

  it('lets a normal body through', async () => {
    const res = await rawRequest(`${server().url}/api/v1/booth/heartbeat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server().municipality.boothCredential}` },
      body: JSON.stringify({ appVersion: '1.0.0', camera: 'ok', microphone: 'ok', speaker: 'ok', network: 'ok' }),
    });
    expect(res.status).not.toBe(413);
  });

  it('keeps the photo upload’s own, larger limit', async () => {
    // 1 MB passes the 64 KB guard and reaches the photo route, which refuses an unknown session.
    const res = await rawRequest(`${server().url}/api/v1/booth/sessions/${crypto.randomUUID()}/photos`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${server().municipality.boothCredential}` },
      body: Buffer.alloc(1024 * 1024),
    });
    expect(res.status).toBe(404);
  });

  it('an early refusal closes its connection deliberately, so the pooled next request never fails', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refusals = [
        // Refused from its Content-Length by the body limit.
        { path: '/api/v1/booth/heartbeat', auth: server().municipality.boothCredential, type: 'application/json', status: 413 },
        // Refused from the headers alone (unknown credential) on the photo route, which has its own limit.
        { path: `/api/v1/booth/sessions/${crypto.randomUUID()}/photos`, auth: 'mdgb_unknown', type: 'image/jpeg', status: 401 },
      ];
      for (const refusal of refusals) {
        const refused = await rawRequest(`${server().url}${refusal.path}`, {
          method: 'POST',
          agent,
          headers: { 'Content-Type': refusal.type, Authorization: `Bearer ${refusal.auth}` },
          body: Buffer.alloc(2 * 1024 * 1024, 0x61),
        });
        expect(refused.status).toBe(refusal.status);
        expect(refused.headers.connection).toBe('close');
        // At once, and again after the adapter's 0.5 s drain (after which it would destroy a kept socket).
        expect((await rawRequest(`${server().url}/api/v1/openapi.json`, { agent })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 700));
        expect((await rawRequest(`${server().url}/api/v1/openapi.json`, { agent })).status).toBe(200);
      }
    } finally {
      agent.destroy();
    }
  });
});
