import { createRoute, z } from '@hono/zod-openapi';
import { livekitReachable } from '@madoguchi/media-server';
import type { AppContext } from '../../server/platform/context';
import { createRouter } from '../router';

const Check = z.object({ ok: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() });
const Health = z.object({ status: z.enum(['ok', 'degraded']), database: Check, livekit: Check }).openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Database and LiveKit reachability',
  responses: {
    200: { description: 'Everything answers', content: { 'application/json': { schema: Health } } },
    503: { description: 'Something does not answer', content: { 'application/json': { schema: Health } } },
  },
});

async function databaseReachable(ctx: AppContext) {
  const started = Date.now();
  try {
    await ctx.database.client.execute('SELECT 1');
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export function healthRouter(ctx: AppContext) {
  return createRouter().openapi(route, async (c) => {
    const [database, livekit] = await Promise.all([databaseReachable(ctx), livekitReachable(ctx.livekit.httpUrl, ctx.livekit)]);
    const ok = database.ok && livekit.ok;
    return c.json({ status: ok ? ('ok' as const) : ('degraded' as const), database, livekit }, ok ? 200 : 503);
  });
}
