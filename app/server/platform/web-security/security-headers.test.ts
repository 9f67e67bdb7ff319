import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, responseKindOf, strictTransportSecurity } from './security-headers';

const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1);

describe('contentSecurityPolicy', () => {
  it('pages allow our scripts and the request’s nonce, never inline or eval', () => {
    const policy = contentSecurityPolicy('page', { nonce: 'abc123', livekitUrl: 'wss://media.example.jp:7880' });
    expect(directive(policy, 'script-src')).toEqual(["'self'", "'nonce-abc123'"]);
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'wss://media.example.jp:7880', 'https://media.example.jp:7880']);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'base-uri')).toEqual(["'none'"]);
  });

  it('refuses to build a page policy without a nonce (Remix’s inline scripts would break)', () => {
    expect(() => contentSecurityPolicy('page', {})).toThrow(/nonce/);
  });

  it('the booth runs only its own bundle and reaches only us and LiveKit', () => {
    const policy = contentSecurityPolicy('booth', { livekitUrl: 'ws://10.77.0.1:7880' });
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'connect-src')).toEqual(["'self'", 'ws://10.77.0.1:7880', 'http://10.77.0.1:7880']);
    expect(directive(policy, 'media-src')).toContain('mediastream:');
  });

  it('only the booth’s face-preview worker may compile WebAssembly (onnxruntime-web)', () => {
    expect(directive(contentSecurityPolicy('booth-worker'), 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(contentSecurityPolicy('booth')).not.toContain('wasm-unsafe-eval');
    expect(contentSecurityPolicy('page', { nonce: 'n' })).not.toContain('wasm-unsafe-eval');
    expect(responseKindOf('/booth/assets/face-preview-BeNJ-jkD.js')).toBe('booth-worker');
    expect(responseKindOf('/booth/assets/face-preview-x.wasm')).toBe('booth');
    expect(responseKindOf('/booth/assets/index-x.js')).toBe('booth');
  });

  it('the API answers with nothing a browser could run', () => {
    expect(contentSecurityPolicy('api')).toBe("default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  });

  it('the API reference runs swagger-ui from here only', () => {
    const policy = contentSecurityPolicy('api-reference');
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'connect-src')).toEqual(["'self'"]);
  });

  it('an unparsable LiveKit URL adds nothing', () => {
    expect(directive(contentSecurityPolicy('booth', { livekitUrl: 'not a url' }), 'connect-src')).toEqual(["'self'"]);
  });
});

describe('responseKindOf', () => {
  it('sorts paths', () => {
    expect(responseKindOf('/api/v1/reference')).toBe('api-reference');
    expect(responseKindOf('/api/v1/reference/init.js')).toBe('api-reference');
    expect(responseKindOf('/api/v1/booth/me')).toBe('api');
    expect(responseKindOf('/api/health')).toBe('api');
    expect(responseKindOf('/booth/')).toBe('booth');
    expect(responseKindOf('/booth/assets/x.js')).toBe('booth');
    expect(responseKindOf('/boothy')).toBe('page');
    expect(responseKindOf('/console')).toBe('page');
    expect(responseKindOf('/apiary')).toBe('page');
  });
});

describe('strictTransportSecurity', () => {
  it('is sent only for an https public origin', () => {
    expect(strictTransportSecurity('https://madoguchi.example.lg.jp')).toBe('max-age=31536000');
    expect(strictTransportSecurity('http://127.0.0.1:3000')).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });
});
