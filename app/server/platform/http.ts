import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import { Hono } from 'hono';
import { createApi } from '../../api/create-api';
import { clientAddressOf } from './client-address';
import type { AppContext } from './context';
import { metricsRoute } from './metrics.server';
import { bodyLimits, closeUnreadBodies, requestIds, sameOriginWrites, securityHeaders } from './web-security/middleware';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const remixBuildDir = path.join(appRoot, 'build');
const boothDist = path.resolve(appRoot, '..', 'booth-client', 'dist');

/**
 * One Node server: the Hono API under /api, the booth kiosk under /booth, and the Remix operator
 * console and staff dashboard for everything else.
 */
export async function createHttpApp(ctx: AppContext) {
  const app = new Hono<{ Variables: { requestId: string; cspNonce?: string } }>();

  // The guards every route shares (web-security/): one id per request, the connection closed when a
  // body is refused unread, CSP and the other headers on every response, writes only from our own
  // origin, and every body bounded before anything parses it.
  app.use('*', requestIds(ctx.env.TRUST_PROXY));
  app.use('*', closeUnreadBodies());
  app.use('*', securityHeaders({ publicOrigin: ctx.env.PUBLIC_ORIGIN, livekitUrlFor: (url) => ctx.livekitUrlFor(url) }));
  app.use('*', sameOriginWrites(ctx.env.PUBLIC_ORIGIN));
  app.use('*', bodyLimits());

  app.route('/api', createApi(ctx));
  app.route('/metrics', metricsRoute(ctx.metrics, ctx.env.METRICS_TOKEN));

  const boothIndex = path.join(boothDist, 'index.html');
  if (!existsSync(boothIndex)) {
    throw new Error('booth-client is not built: run "npm run build" first.');
  }
  const boothHtml = readFileSync(boothIndex, 'utf8');
  app.get('/booth', (c) => c.redirect('/booth/'));
  app.use('/booth/assets/*', serveStatic({ root: boothDist, rewriteRequestPath: (p) => p.replace(/^\/booth/, '') }), async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  // The kiosk is one page; the booth must never show a stale one after an update.
  app.get('/booth/*', (c) => c.html(boothHtml, 200, { 'Cache-Control': 'no-store' }));

  const serverBuildFile = path.join(remixBuildDir, 'server', 'index.js');
  if (!existsSync(serverBuildFile)) {
    throw new Error('The Remix app is not built: run "npm run build" first.');
  }
  const build = (await import(pathToFileURL(serverBuildFile).href)) as ServerBuild;
  const clientDir = path.join(remixBuildDir, 'client');
  app.use('/assets/*', serveStatic({ root: clientDir }), async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/favicon.svg', serveStatic({ root: clientDir }));
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));
  const handleRemix = createRequestHandler(build, 'production');
  app.all('*', (c) =>
    handleRemix(forRemix(c.req.raw), {
      app: ctx,
      clientAddress: clientAddressOf(c, ctx.env.TRUST_PROXY),
      requestId: c.get('requestId'),
      cspNonce: c.get('cspNonce') ?? '',
    }),
  );
  return app;
}

/**
 * Remix runs its own origin check on document form posts: Origin's host must equal X-Forwarded-Host
 * or Host, so behind a proxy that rewrites Host every legitimate post would be a 500. Our guard
 * (sameOriginWrites) has already accepted this Origin (PUBLIC_ORIGIN or the request's own), so
 * Remix is told the host it was accepted for; a client's own X-Forwarded-Host never reaches it.
 */
function forRemix(request: Request): Request {
  request.headers.delete('x-forwarded-host');
  const origin = request.headers.get('origin');
  if (origin && origin !== 'null' && !['GET', 'HEAD'].includes(request.method)) {
    try {
      request.headers.set('x-forwarded-host', new URL(origin).host);
    } catch {
      // An unparsable Origin was refused by the guard before it got here.
    }
  }
  return request;
}
