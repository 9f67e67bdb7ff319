/**
 * How loud each API request is in the log. A booth beats every 10 s, asks /me every minute and
 * polls its queue place every 2 s: answered normally, those are routine (debug), so the terminal
 * of `npm start` shows what people did, not the kiosks' clockwork. Refusals stay at info, server
 * errors at warn (their cause is logged with the error).
 */
export type RequestLogLevel = 'debug' | 'info' | 'warn';

/** Route patterns (Hono's, `:param`) a booth calls on a timer. */
const ROUTINE: readonly string[] = [
  'POST /v1/booth/heartbeat',
  'GET /v1/booth/me',
  'GET /v1/booth/sessions/:sessionId/queue',
  'GET /v1/console/stream',
];

export function requestLogLevel(method: string, route: string, status: number): RequestLogLevel {
  if (status >= 500) return 'warn';
  if (status >= 400) return 'info';
  // The API is mounted at /api: its route paths may carry the prefix.
  const path = route.startsWith('/api/') ? route.slice(4) : route;
  return ROUTINE.includes(`${method.toUpperCase()} ${path}`) ? 'debug' : 'info';
}
