import { requestId } from 'hono/request-id';
import { createRouter, handleError, problemResponse } from './router';
import { problems } from '../server/problems';
import type { AppContext } from '../server/context';
import { healthRouter } from './health/health.index';
import { boothSessionsRouter } from './booth-sessions/booth-sessions.index';
import { livekitWebhookRouter } from './livekit-webhook/livekit-webhook.index';

/** The Hono API, mounted at /api by the server. */
export function createApi(ctx: AppContext) {
  const api = createRouter();
  api.use(requestId());
  api.use(async (c, next) => {
    const started = performance.now();
    await next();
    ctx.logger.info(
      { requestId: c.get('requestId'), method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started) },
      'api request',
    );
  });
  api.onError(handleError(ctx));
  api.notFound((c) => problemResponse(c, problems.notFound()));

  api.route('/', healthRouter(ctx));
  api.route('/', boothSessionsRouter(ctx));
  api.route('/', livekitWebhookRouter(ctx));

  api.openAPIRegistry.registerComponent('securitySchemes', 'boothCredential', {
    type: 'http',
    scheme: 'bearer',
    description: 'Device credential provisioned for one booth (mdgb_…).',
  });
  api.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Madoguchi API', version: '0.1.0', description: 'Session metadata only; never personal data.' },
    servers: [{ url: '/api' }],
  });
  return api;
}
