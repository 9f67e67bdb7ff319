/**
 * Cross-site request forgery: a write (any method but GET, HEAD, OPTIONS) is refused when the
 * browser says it comes from another site. Pure; the server passes the headers in.
 *
 * - `Sec-Fetch-Site` (every current browser sends it): only `same-origin` passes.
 * - Otherwise `Origin`: it must be one of the allowed origins (PUBLIC_ORIGIN and the request's own).
 * - Neither header: not a browser (livekit-server's webhook, scripts, benches). Such a caller holds
 *   no ambient cookie a third site could borrow, so there is nothing to forge.
 */
export type OriginVerdict = 'allow' | 'refuse';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface WriteRequest {
  method: string;
  secFetchSite: string | undefined;
  origin: string | undefined;
}

export function checkSameOrigin(request: WriteRequest, allowedOrigins: readonly string[]): OriginVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return 'allow';
  const site = request.secFetchSite?.trim().toLowerCase();
  if (site) return site === 'same-origin' ? 'allow' : 'refuse';
  const origin = request.origin?.trim();
  if (origin === undefined || origin === '') return 'allow';
  // 'null' (sandboxed frames, some redirects) is never one of ours.
  return allowedOrigins.some((allowed) => sameOrigin(allowed, origin)) ? 'allow' : 'refuse';
}

/** Origins compared as URLs: scheme, host and port, so `https://a` and `https://a:443` agree. */
function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
