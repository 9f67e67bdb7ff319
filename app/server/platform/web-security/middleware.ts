/**
 * The server's guards, mounted once in front of every route (API, booth, Remix pages): request
 * ids, the body limit, the same-origin check for writes, the security headers, and closing a
 * connection whose request body was left unread. docs/security.md lists every value.
 */

import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problemResponse } from '../problem-response';
import { Problem } from '../problems';
import { requestIdFor } from './request-id';
import { checkSameOrigin } from './same-origin';
import { contentSecurityPolicy, responseKindOf, strictTransportSecurity } from './security-headers';

/** JSON bodies and forms: far above any real request (the largest, a calendar, is a few KB). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Routes that enforce a limit of their own, sized for what they carry. */
const OWN_BODY_LIMITS: { method: string; path: RegExp; why: string }[] = [
  { method: 'POST', path: /^\/api\/v1\/booth\/sessions\/[^/]+\/photos$/, why: 'a camera still, PHOTO_MAX_BYTES' },
];

type Vars = { Variables: { requestId: string; cspNonce?: string } };

/** One id per request: ours, or our proxy's in a strict shape. */
export function requestIds(trustProxy: boolean): MiddlewareHandler<Vars> {
  return async (c, next) => {
    c.set('requestId', requestIdFor(c.req.header('x-request-id'), trustProxy));
    await next();
  };
}

/** A refusal: problem+json, or a short page in both languages when a browser navigates. */
export function refuse(c: Context, problem: Problem): Response {
  const requestId = c.get('requestId') as string | undefined;
  const wantsPage = !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html');
  if (wantsPage) {
    const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${problem.status}</title></head><body>
<main><h1>${escapeHtml(problem.messages.ja)}</h1><p lang="en">${escapeHtml(problem.messages.en)}</p>
<p><a href="/">トップへ戻る / Back to the start</a></p><p><small>${escapeHtml(requestId ?? '')}</small></p></main></body></html>`;
    return c.html(html, problem.status);
  }
  return problemResponse(c, problem);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export const bodyTooLarge = (limit: number) =>
  new Problem(413, 'payload_too_large', {
    ja: `リクエストの本文が大きすぎます（上限 ${Math.round(limit / 1024)} KB）。`,
    en: `The request body is too large (limit ${Math.round(limit / 1024)} KB).`,
  });

/**
 * Every body is bounded before anything parses it: refused from Content-Length at once, or as the
 * stream passes the limit (chunked). Routes in OWN_BODY_LIMITS check their own, larger limit.
 */
export function bodyLimits(limit = DEFAULT_BODY_LIMIT): MiddlewareHandler<Vars> {
  const guard = bodyLimit({ maxSize: limit, onError: (c) => refuse(c, bodyTooLarge(limit)) });
  return async (c, next) => {
    if (OWN_BODY_LIMITS.some((r) => r.method === c.req.method && r.path.test(c.req.path))) return next();
    return guard(c, next);
  };
}

export const crossSiteWrite = () =>
  new Problem(403, 'cross_site_request', {
    ja: 'ほかのサイトから送られた操作は受け付けられません。Madoguchi の画面から操作してください。',
    en: 'Requests sent from another site are refused. Use Madoguchi’s own pages.',
  });

/**
 * Writes must come from our own pages. The allowed origins are PUBLIC_ORIGIN (what people type,
 * behind a reverse proxy) and the request's own origin (direct access, tests, `npm start`).
 */
export function sameOriginWrites(publicOrigin: string | undefined): MiddlewareHandler<Vars> {
  return async (c, next) => {
    const own = new URL(c.req.url).origin;
    const allowed = publicOrigin ? [publicOrigin, own] : [own];
    const verdict = checkSameOrigin(
      { method: c.req.method, secFetchSite: c.req.header('sec-fetch-site'), origin: c.req.header('origin') },
      allowed,
    );
    if (verdict === 'refuse') return refuse(c, crossSiteWrite());
    await next();
  };
}

/**
 * A per-request nonce for the pages' inline scripts, set before the handler (Remix reads it from
 * the load context); the headers themselves after it, so they reach every response.
 */
export function securityHeaders(options: {
  publicOrigin: string | undefined;
  livekitUrlFor: (requestUrl: string) => string;
}): MiddlewareHandler<Vars> {
  const hsts = strictTransportSecurity(options.publicOrigin);
  return async (c, next) => {
    const kind = responseKindOf(c.req.path);
    const nonce = kind === 'page' ? Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64') : undefined;
    if (nonce) c.set('cspNonce', nonce);
    await next();
    const livekitUrl = kind === 'page' || kind === 'booth' ? options.livekitUrlFor(c.req.url) : undefined;
    c.header(
      'Content-Security-Policy',
      contentSecurityPolicy(kind, { ...(nonce ? { nonce } : {}), ...(livekitUrl ? { livekitUrl } : {}) }),
    );
    if (hsts) c.header('Strict-Transport-Security', hsts);
    c.header('X-Request-Id', c.get('requestId'));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    // Pages may use camera and microphone (the booth and the console's call); nothing else.
    c.header('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=()');
  };
}

/**
 * A response sent before its request body was read (a refusal from headers alone) closes the
 * connection deliberately. Otherwise the node adapter drains the rest for up to 0.5 s and then
 * destroys the socket under a client that was told it could reuse it, failing its next request.
 */
export function closeUnreadBodies(): MiddlewareHandler<Vars & { Bindings: { incoming?: IncomingMessage } }> {
  return async (c, next) => {
    await next();
    const incoming = c.env?.incoming;
    if (!incoming) return;
    const length = Number(incoming.headers['content-length'] ?? 0);
    const hasBody = length > 0 || incoming.headers['transfer-encoding'] !== undefined;
    if (hasBody && !incoming.readableEnded) c.header('Connection', 'close');
  };
}
