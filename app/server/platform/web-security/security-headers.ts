/**
 * Content-Security-Policy per kind of response, and HSTS. Pure: the server passes the nonce and
 * the LiveKit origin in. The values are listed in docs/security.md.
 */
export type ResponseKind = 'page' | 'booth' | 'booth-worker' | 'api-reference' | 'api';

export interface PolicyInputs {
  /** Per-request nonce for Remix's inline scripts (pages only). */
  nonce?: string;
  /** ws(s):// URL of LiveKit as the browser reaches it (pages that join calls, and the booth). */
  livekitUrl?: string;
}

/** The http(s) twin of a ws(s) URL: livekit-client also calls /rtc/validate over HTTP. */
function livekitSources(livekitUrl: string | undefined): string[] {
  if (!livekitUrl) return [];
  try {
    const ws = new URL(livekitUrl);
    const http = new URL(livekitUrl);
    http.protocol = ws.protocol === 'wss:' ? 'https:' : 'http:';
    return [ws.origin.replace(/^http/, 'ws'), http.origin];
  } catch {
    return [];
  }
}

function serialise(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/** Nothing may frame us, plug-ins are off, and <base> cannot re-point relative URLs. */
const common = {
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function contentSecurityPolicy(kind: ResponseKind, inputs: PolicyInputs = {}): string {
  if (kind === 'api') return serialise({ 'default-src': ["'none'"], ...common });
  const media = livekitSources(inputs.livekitUrl);
  if (kind === 'api-reference') {
    // swagger-ui styles its widgets inline; its script is served from here (no inline script).
    return serialise({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'form-action': ["'self'"],
      ...common,
    });
  }
  // React's style={{…}} props are style attributes: allowed; scripts are not.
  const base = {
    'default-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'connect-src': ["'self'", ...media],
    'worker-src': ["'self'", 'blob:'],
    'form-action': ["'self'"],
    ...common,
  };
  if (kind === 'booth') return serialise({ ...base, 'script-src': ["'self'"] });
  // The booth's face-preview worker compiles onnxruntime-web's WebAssembly; a worker runs under
  // the policy of its own script's response, so only it may (decision 0038).
  if (kind === 'booth-worker') return serialise({ ...base, 'script-src': ["'self'", "'wasm-unsafe-eval'"] });
  if (!inputs.nonce) throw new Error('a page policy needs a nonce');
  return serialise({ ...base, 'script-src': ["'self'", `'nonce-${inputs.nonce}'`] });
}

/** HSTS only when people reach us over https; one year, this host only (a town's other hosts are theirs). */
export function strictTransportSecurity(publicOrigin: string | undefined): string | null {
  return publicOrigin?.startsWith('https://') ? 'max-age=31536000' : null;
}

/** Which policy a path gets. */
export function responseKindOf(path: string): ResponseKind {
  if (path === '/api/v1/reference' || path.startsWith('/api/v1/reference/')) return 'api-reference';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  if (path.startsWith('/booth/assets/face-preview-') && path.endsWith('.js')) return 'booth-worker';
  if (path === '/booth' || path.startsWith('/booth/')) return 'booth';
  return 'page';
}
