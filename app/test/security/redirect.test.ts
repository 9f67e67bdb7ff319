import { describe, expect, it } from 'vitest';
import { useRealServer } from '../real-server';
import { rawRequest } from './http-client';

/** Issue 11 (1): the login page never sends anyone off-site, whatever redirectTo says. */
describe('redirect after login, through the real server', () => {
  const server = useRealServer();

  const attacks = [
    '/..//evil.example',
    '/./..//evil.example',
    '/a/../..//evil.example',
    '/%2e%2e//evil.example',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/',
  ];

  const expectSameSite = (location: string | undefined) => {
    expect(location).toBeDefined();
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(new URL(location!, 'http://madoguchi.invalid').origin).toBe('http://madoguchi.invalid');
  };

  it('when already logged in (GET /login?redirectTo=…)', async () => {
    const cookie = await server().cookieFor('admin');
    for (const target of attacks) {
      const res = await rawRequest(`${server().url}/login?redirectTo=${encodeURIComponent(target)}`, { headers: { Cookie: cookie } });
      expect(res.status, target).toBe(302);
      expectSameSite(res.headers.location);
    }
    const fine = await rawRequest(`${server().url}/login?redirectTo=${encodeURIComponent('/staff/reports?month=2026-11')}`, {
      headers: { Cookie: cookie },
    });
    expect(fine.headers.location).toBe('/staff/reports?month=2026-11');
  });

  it('through the login form', async () => {
    for (const target of attacks) {
      const res = await rawRequest(`${server().url}/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server().url },
        body: new URLSearchParams({ loginId: 'staff', password: 'pw-staff-123456', redirectTo: target }).toString(),
      });
      expect(res.status, target).toBe(302);
      expectSameSite(res.headers.location);
    }
  });
});
