import type { AppContext } from '../server/platform/context';
import { problems } from '../server/platform/problems';
import { requestIdFor } from '../server/platform/web-security/request-id';
import { accountsRouter } from './accounts/accounts.index';
import { boothHealthRouter } from './booth-health/booth-health.index';
import { boothSessionsRouter } from './booth-sessions/booth-sessions.index';
import { boothsRouter } from './booths/booths.index';
import { consoleRouter } from './console/console.index';
import { faqRouter } from './faq/faq.index';
import { healthRouter } from './health/health.index';
import { interpretingRouter } from './interpreting/interpreting.index';
import { livekitWebhookRouter } from './livekit-webhook/livekit-webhook.index';
import { requireAccount } from './middleware/require-account';
import { requireBooth } from './middleware/require-booth';
import { municipalitiesRouter } from './municipalities/municipalities.index';
import { photosRouter } from './photos/photos.index';
import { popupsRouter } from './popups/popups.index';
import { recordsRouter } from './records/records.index';
import { referenceRouter } from './reference/reference.index';
import { reportsRouter } from './reports/reports.index';
import { requestLogLevel } from './request-log';
import { reservationsRouter } from './reservations/reservations.index';
import { createRouter, handleError, problemResponse } from './router';
import { shiftsRouter } from './shifts/shifts.index';
import { staffingRouter } from './staffing/staffing.index';
import { supervisionRouter } from './supervision/supervision.index';

/** Resources people reach with the login cookie. */
const accountResources = [
  'interpreting',
  'municipalities',
  'booths',
  'accounts',
  'sessions',
  'incidents',
  'inquiries',
  'audit-log',
  'ledger',
  'console',
  'faq',
  'reports',
  'staffing',
  'shifts',
  'popups',
  'reservations',
];

/** The Hono API, mounted at /api by the server. */
export function createApi(ctx: AppContext) {
  const api = createRouter();
  // The server gives each request its id before the API sees it; on its own (tests) the API makes one.
  // A caller's X-Request-Id is never taken here (web-security/request-id.ts decides that).
  api.use(async (c, next) => {
    if (!c.get('requestId')) c.set('requestId', requestIdFor(undefined, false));
    c.header('X-Request-Id', c.get('requestId'));
    await next();
  });
  api.use(async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    const ms = performance.now() - started;
    // The time the API took (from the router to the reply) on the booths' routes, for a load test
    // to tell it apart from queueing before it (a blocked event loop, the load balancer, the client
    // itself). Not on account routes: a precise server time would sharpen timing guesses at logins.
    // The API is mounted at /api: its route paths may carry the prefix.
    if (/^(\/api)?\/v1\/booth\//.test(route)) c.header('Server-Timing', `app;dur=${ms.toFixed(1)}`);
    ctx.logger[requestLogLevel(c.req.method, route, c.res.status)](
      { requestId: c.get('requestId'), method: c.req.method, route, status: c.res.status, ms: Math.round(ms) },
      'api request',
    );
    ctx.metrics.http.observe({ method: c.req.method, route, status: String(c.res.status) }, ms / 1000);
  });
  api.onError(handleError(ctx));
  api.notFound((c) => problemResponse(c, problems.notFound()));

  const signedIn = requireAccount(ctx);
  for (const resource of accountResources) api.use(`/v1/${resource}`, signedIn).use(`/v1/${resource}/*`, signedIn);
  // Booths reach the API with their device credential: one guard for every booth route.
  api.use('/v1/booth/*', requireBooth(ctx));

  // Chained, so the returned app's type carries every route: the kiosk's client and the tests' are typed from it (`Api`).
  const routes = api
    .route('/', healthRouter(ctx))
    .route('/', boothSessionsRouter(ctx))
    .route('/', livekitWebhookRouter(ctx))
    .route('/', municipalitiesRouter(ctx))
    .route('/', boothsRouter(ctx))
    .route('/', accountsRouter(ctx))
    .route('/', recordsRouter(ctx))
    .route('/', referenceRouter())
    .route('/', consoleRouter(ctx))
    .route('/', interpretingRouter(ctx))
    .route('/', photosRouter(ctx))
    .route('/', faqRouter(ctx))
    .route('/', boothHealthRouter(ctx))
    .route('/', reportsRouter(ctx))
    .route('/', staffingRouter(ctx))
    .route('/', shiftsRouter(ctx))
    .route('/', popupsRouter(ctx))
    .route('/', supervisionRouter(ctx))
    .route('/', reservationsRouter(ctx));

  api.openAPIRegistry.registerComponent('securitySchemes', 'boothCredential', {
    type: 'http',
    scheme: 'bearer',
    description: 'Device credential provisioned for one booth (mdgb_…).',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: '__madoguchi',
    description: 'The login cookie set by the console (/login).',
  });
  api.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Madoguchi API', version: '0.1.0', description: 'Session metadata only; never personal data.' },
    servers: [{ url: '/api' }],
  });
  return routes;
}

/**
 * The API's routes as types, for Hono's typed client (`hc<Api>`): the kiosk imports this type only
 * (`@madoguchi/app/api`), so a route whose shape changes fails the kiosk's typecheck, and none of
 * the server reaches its bundle.
 */
export type Api = ReturnType<typeof createApi>;
