import { describe, expect, it } from 'vitest';
import { checkSameOrigin } from './same-origin';

const ours = ['https://madoguchi.example.lg.jp', 'http://127.0.0.1:3000'];
const check = (method: string, secFetchSite: string | undefined, origin: string | undefined) =>
  checkSameOrigin({ method, secFetchSite, origin }, ours);

describe('checkSameOrigin', () => {
  it('lets reads through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(check(method, 'cross-site', 'http://evil.example')).toBe('allow');
  });

  it('trusts Sec-Fetch-Site first: only same-origin writes pass', () => {
    expect(check('POST', 'same-origin', undefined)).toBe('allow');
    expect(check('POST', 'Same-Origin', 'http://evil.example')).toBe('allow');
    for (const site of ['cross-site', 'same-site', 'none', 'bogus']) {
      expect(check('POST', site, 'https://madoguchi.example.lg.jp')).toBe('refuse');
    }
  });

  it('falls back to Origin against PUBLIC_ORIGIN and the request’s own origin', () => {
    expect(check('POST', undefined, 'https://madoguchi.example.lg.jp')).toBe('allow');
    expect(check('PATCH', undefined, 'https://madoguchi.example.lg.jp:443')).toBe('allow');
    expect(check('DELETE', undefined, 'http://127.0.0.1:3000')).toBe('allow');
    expect(check('POST', undefined, 'http://evil.example')).toBe('refuse');
    expect(check('POST', undefined, 'http://madoguchi.example.lg.jp')).toBe('refuse'); // scheme differs
    expect(check('POST', undefined, 'http://127.0.0.1:3001')).toBe('refuse'); // port differs
    expect(check('PUT', undefined, 'null')).toBe('refuse');
    expect(check('POST', undefined, 'not a url')).toBe('refuse');
  });

  it('lets non-browser writes through (no Origin, no Sec-Fetch-Site): they carry no borrowed cookie', () => {
    expect(check('POST', undefined, undefined)).toBe('allow');
    expect(check('POST', '', '')).toBe('allow');
  });
});
