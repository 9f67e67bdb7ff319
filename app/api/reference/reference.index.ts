import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppBindings } from '../router';

const require = createRequire(import.meta.url);
const assetsDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const assets: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
};
const page = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>Madoguchi API リファレンス</title>
<link rel="stylesheet" href="/api/v1/reference/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/v1/reference/swagger-ui-bundle.js"></script>
<script src="/api/v1/reference/init.js"></script></body></html>`;
// Separate file rather than inline script, so a strict Content-Security-Policy can forbid inline code.
const init = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui', withCredentials: true });`;

/** The API reference, served entirely from this server: booth networks and LGWAN have no CDN. */
export function referenceRouter() {
  const cache = new Map<string, string>();
  return new Hono<AppBindings>()
    .get('/v1/reference', (c) => c.html(page))
    .get('/v1/reference/init.js', (c) => c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }))
    .get('/v1/reference/:asset', (c) => {
      const asset = assets[c.req.param('asset')];
      if (!asset) return c.notFound();
      let body = cache.get(asset.file);
      if (!body) cache.set(asset.file, (body = readFileSync(path.join(assetsDir, asset.file), 'utf8')));
      return c.body(body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' });
    });
}
