import { TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const asOperator = async (loginId: string, method: string, path: string) =>
  t.api.request(path, { method, headers: { Cookie: await t.cookieFor(loginId), Origin: 'http://localhost' } });

describe('POST /v1/console/offers/{id}/accept', () => {
  it("answers with the operator's join details for that call's room, so the console connects at once (decision 0020)", async () => {
    const operator = await t.principal('op-a');
    await t.ctx.queue.setStatus(operator, 'available');
    const opened = await t
      .booth(t.municipalityA.boothCredential)
      .v1.booth.sessions.$post({ json: { procedure: 'renewal', language: 'ja' } });
    const { sessionId, connection: booth } = await bodyOf(opened, 201);
    await t.ctx.queue.callRequested(sessionId);

    const opA = await t.as('op-a', { Origin: 'http://localhost' });
    const response = await opA.v1.console.offers[':sessionId'].accept.$post({ param: { sessionId } });
    expect(response.status).toBe(200);
    const body = await bodyOf(response, 200);
    expect(body).toMatchObject({ status: 'on_call', activeSessionId: sessionId });
    expect(body.connection).toMatchObject({ roomName: booth.roomName, participantName: 'オペレーター A' });
    expect(body.connection.serverUrl).toMatch(/^ws:\/\//);
    const claims = await new TokenVerifier(t.ctx.livekit.apiKey, t.ctx.livekit.apiSecret).verify(body.connection.participantToken);
    expect(claims.sub).toBe(`operator:${t.accountIds['op-a']}`);
    expect(claims.video).toMatchObject({ room: booth.roomName, roomJoin: true });

    // The same operator again (a retry after a lost answer, or a command delivered twice across
    // nodes): the same call, no refusal, nothing changed.
    const again = await asOperator('op-a', 'POST', `/v1/console/offers/${sessionId}/accept`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'on_call', activeSessionId: sessionId, connection: { roomName: booth.roomName } });

    // Anyone else: refused, and no token.
    const other = await asOperator('op-b', 'POST', `/v1/console/offers/${sessionId}/accept`);
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.status).toBeLessThan(500);
    expect(JSON.stringify(await other.json())).not.toMatch(/participantToken/);
  });
});
