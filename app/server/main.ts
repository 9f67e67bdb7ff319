import { serve } from '@hono/node-server';
import { createAppContext } from './platform/context';
import { parseEnv } from './platform/env';
import { createHttpApp } from './platform/http';

/**
 * How long a connection may take to send its request (issue 13). Node's defaults (60 s for the
 * headers, 300 s for the whole request, checked every 30 s) let a half-open booth connection — cut
 * mid-request — hold its socket for minutes; a kiosk on a working link sends a request, photo
 * included, in well under these. Idle keep-alive sockets close after Node's 5 s as before; open
 * responses (the console's event stream) are not bounded here.
 */
export const HTTP_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 } as const;

/** Starts the app (API + booth + Remix). LiveKit runs beside it (scripts/run.ts or your own). */
export async function startApp(env = parseEnv()) {
  const ctx = await createAppContext(env);
  const app = await createHttpApp(ctx);
  const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT, serverOptions: HTTP_TIMEOUTS });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  ctx.logger.info({ host: env.HOST, port: env.PORT }, 'madoguchi app listening');
  // Load the face model in the background (≈ 1 s) so the first photo of the day is not the slow one.
  void ctx.photos.pipeline.warmUp?.().catch((err: unknown) => ctx.logger.warn({ err }, 'face model warm-up failed'));
  return {
    ctx,
    url: `http://${env.HOST}:${env.PORT}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open SSE streams and keep-alive sockets would hold close() forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await ctx.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await startApp();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void running.stop().then(() => process.exit(0));
    });
  }
}
