import { describe, expect, it } from 'vitest';
import { useRealServer } from '../real-server';
import { rawRequest } from './http-client';

const directive = (policy: string | undefined, name: string) =>
  (policy ?? '')
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1);

/** Issue 11 (9, and 4's request ids): CSP everywhere, nonces on every inline script, HSTS over https. */
describe('response headers, through the real server', () => {
  const server = useRealServer();
  const https = useRealServer({ PUBLIC_ORIGIN: 'https://madoguchi.example.lg.jp', LIVEKIT_PUBLIC_URL: 'wss://media.example.lg.jp' });

  it('a Remix page: a fresh nonce per response, on every inline script, and no other inline script', async () => {
    const first = await rawRequest(`${server().url}/login`, {});
    const second = await rawRequest(`${server().url}/login`, {});
    const policy = first.headers['content-security-policy'] as string;
    const nonce = directive(policy, 'script-src')
      ?.find((s) => s.startsWith("'nonce-"))
      ?.slice(7, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(second.headers['content-security-policy']).not.toContain(nonce);
    const scripts = [...first.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", `ws://127.0.0.1:9`, 'http://127.0.0.1:9']);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(first.headers['strict-transport-security']).toBeUndefined();
  });

  it('the booth kiosk: its own bundle only, and LiveKit for media', async () => {
    const res = await rawRequest(`${https().url}/booth/`, {});
    const policy = res.headers['content-security-policy'] as string;
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'wss://media.example.lg.jp', 'https://media.example.lg.jp']);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('the API and its reference', async () => {
    const api = await rawRequest(`${server().url}/api/v1/openapi.json`, {});
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    const reference = await rawRequest(`${server().url}/api/v1/reference`, {});
    expect(directive(reference.headers['content-security-policy'] as string, 'script-src')).toEqual(["'self'"]);
    expect(reference.body).not.toMatch(/<script>(?!<\/script>)/);
    const problem = await rawRequest(`${https().url}/api/v1/nowhere`, {});
    expect(problem.status).toBe(404);
    expect(problem.headers['content-security-policy']).toContain("default-src 'none'");
    expect(problem.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('a caller’s X-Request-Id is not taken: ours is answered, logged and audited', async () => {
    const res = await rawRequest(`${server().url}/api/v1/openapi.json`, { headers: { 'X-Request-Id': 'yamada-taro-090-1234-5678' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const page = await rawRequest(`${server().url}/login`, { headers: { 'X-Request-Id': 'yamada-taro' } });
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
