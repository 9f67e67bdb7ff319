import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, boothApi } from './api';
import { RequestTimeout } from './request';

/** What the typed client hands to fetch, and what it answers. */
interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
  cache: RequestCache | undefined;
}

const credential = `mdgb_${'A'.repeat(43)}`;
let sent: Sent[];
let answer: (request: Sent, signal: AbortSignal) => Promise<Response>;

beforeEach(() => {
  sent = [];
  vi.stubGlobal('document', { documentElement: { lang: 'vi' } });
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      cache: init.cache,
    };
    sent.push(request);
    return answer(request, init.signal!);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
const sessionId = '0b7c6a4e-2f7d-4c61-9a57-3d1f0e9b8a21';

describe("the booth's API client (hono's typed client over the API's routes)", () => {
  it('sends what the API expects: path, method, credential, language, JSON body, no caching', async () => {
    answer = async () => json({ status: 'online', maintenance: false, heartbeatMs: 10_000, commands: [] });
    const beat = { appVersion: '1.0.0', camera: 'ok', microphone: 'ok', speaker: 'ok', livekit: 'idle', network: {} } as const;
    expect(await boothApi(credential).heartbeat(beat)).toEqual({ status: 'online', maintenance: false, heartbeatMs: 10_000, commands: [] });
    const [request] = sent;
    expect(request).toMatchObject({ url: '/api/v1/booth/heartbeat', method: 'POST', cache: 'no-store' });
    expect(request!.headers.get('authorization')).toBe(`Bearer ${credential}`);
    expect(request!.headers.get('accept-language')).toBe('vi');
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(request!.body!)).toEqual(beat);
  });

  it('puts the session in the path and sends no body where the route takes none', async () => {
    answer = async () => json({ status: 'waiting', position: 1, estimatedWaitSeconds: 0, operatorName: null, noOperator: null });
    await boothApi(credential).queue(sessionId);
    expect(sent[0]).toMatchObject({ url: `/api/v1/booth/sessions/${sessionId}/queue`, method: 'GET', body: undefined });
    expect(sent[0]!.headers.get('content-type')).toBeNull();
  });

  it('ends a session with its reason, or none', async () => {
    answer = async () => json({ sessionId, status: 'ended' });
    const api = boothApi(credential);
    await api.end(sessionId, 'connection-lost');
    await api.end(sessionId);
    expect(sent.map((r) => [r.url, JSON.parse(r.body!)])).toEqual([
      [`/api/v1/booth/sessions/${sessionId}/end`, { reason: 'connection-lost' }],
      [`/api/v1/booth/sessions/${sessionId}/end`, {}],
    ]);
  });

  it("turns a refusal into ApiError with the problem's code and detail", async () => {
    answer = async () => json({ code: 'consent_outdated', detail: 'Accept the current versions.' }, 409, 'application/problem+json');
    const error = await boothApi(credential)
      .requestCall({ procedure: 'renewal', language: 'en' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'consent_outdated', message: 'Accept the current versions.' });
    answer = async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const badGateway = await boothApi(credential)
      .me()
      .catch((e: unknown) => e);
    expect(badGateway).toMatchObject({ status: 502, code: 'unknown', message: 'Bad Gateway' });
  });

  it('bounds every request by the heartbeat, its body included, and a newer beat aborts a hung one', async () => {
    // As fetch does: rejects with the abort's reason, at once if the signal is aborted already.
    const hang = (_request: Sent, signal: AbortSignal) =>
      new Promise<Response>((_resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    answer = hang;
    const api = boothApi(credential);
    api.configure(2_500);
    expect(api.timeoutMs()).toBe(2_000);
    const started = performance.now();
    expect(await api.me().catch((e: unknown) => e)).toBeInstanceOf(RequestTimeout);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);

    // The headers come, the body never does: the same bound.
    const bodyNeverComes = (signal: AbortSignal) =>
      new ReadableStream({ start: (controller) => signal.addEventListener('abort', () => controller.error(signal.reason)) });
    answer = async (_request, signal) => new Response(bodyNeverComes(signal), { status: 200 });
    expect(await api.me().catch((e: unknown) => e)).toBeInstanceOf(RequestTimeout);

    answer = hang;
    const newer = new AbortController();
    const beat = { appVersion: '1.0.0', camera: 'ok', microphone: 'ok', speaker: 'ok', livekit: 'idle', network: {} } as const;
    const pending = api.heartbeat(beat, newer.signal).catch((e: unknown) => e);
    newer.abort(new Error('replaced'));
    expect(await pending).toMatchObject({ message: 'replaced' });
  });
});
