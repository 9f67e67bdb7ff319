import { describe, expect, it } from 'vitest';
import { safeRedirect } from './safe-redirect';

describe('safeRedirect', () => {
  it.each([
    ['/console', '/console'],
    ['/admin/booths?cursor=abc', '/admin/booths?cursor=abc'],
    ['/admin/faq?q=%E7%AA%93%E5%8F%A3&page=2', '/admin/faq?q=%E7%AA%93%E5%8F%A3&page=2'],
    ['/staff/reports/東員町', '/staff/reports/%E6%9D%B1%E5%93%A1%E7%94%BA'],
    ['/admin/./accounts/../booths', '/admin/booths'],
    ['/a/b/../c?x=1#frag', '/a/c?x=1'],
    ['/https://evil.example/', '/https://evil.example/'],
    ['/login?redirectTo=%2F%2Fevil.example', '/login?redirectTo=%2F%2Fevil.example'],
  ])('keeps the same-origin path %j as %j', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['console'],
    // Absolute and protocol-relative URLs.
    ['https://evil.example/'],
    ['http:/evil.example'],
    ['javascript:alert(1)'],
    ['//evil.example/'],
    ['///evil.example/'],
    // Dot segments that resolve to `//` (issue 11, defect 1).
    ['/..//evil.example'],
    ['/./..//evil.example'],
    ['/a/../..//evil.example'],
    ['/a/b/../../..//evil.example?x=1'],
    ['/%2e%2e//evil.example'],
    ['/%2E%2E//evil.example'],
    ['/.%2e//evil.example'],
    // Backslashes, raw and encoded, which browsers read as `/`.
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/\\/evil.example'],
    ['/%5Cevil.example'],
    ['/%5cevil.example'],
    ['/a/..%5C..%5Cevil.example'],
    // Encoded slashes that decode to `//`, also twice encoded and behind dot segments.
    ['/%2Fevil.example'],
    ['/%2f%2fevil.example'],
    ['/%252F%252Fevil.example'],
    ['/%2e%2e%2f%2fevil.example'],
    ['/a%2F..%2F..%2F%2Fevil.example'],
    // Tabs, newlines and other control characters, raw and encoded.
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r\n/evil.example'],
    ['/%09/evil.example'],
    ['/%0a/evil.example'],
    ['/%00'],
    ['/\x7f'],
    // Not decodable.
    ['/%E0%A4%A'],
  ])('turns %j into /', (input) => {
    expect(safeRedirect(input)).toBe('/');
  });

  it('never answers with a path that a browser could read as another host', () => {
    const pieces = ['/', '//', '\\', '.', '..', '%2e', '%2f', '%5c', '%252f', 'evil.example', '\t', '?', '#', 'a'];
    // Every sequence of up to four pieces, each answer checked against the promise.
    const walk = (prefix: string, depth: number): void => {
      const answer = safeRedirect(prefix);
      expect(answer.startsWith('/') && !answer.startsWith('//') && !answer.startsWith('/\\'), `${JSON.stringify(prefix)} → ${answer}`).toBe(
        true,
      );
      expect(new URL(answer, 'https://madoguchi.example').origin).toBe('https://madoguchi.example');
      if (depth < 4) for (const piece of pieces) walk(prefix + piece, depth + 1);
    };
    walk('/', 0);
  });
});
