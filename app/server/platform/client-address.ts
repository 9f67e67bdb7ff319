import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The caller's address, for rate limits. X-Forwarded-For only when a proxy we run sets it.
 * `unknown` when the request did not come through the Node server (tests calling the API directly).
 */
export function clientAddressOf(c: Parameters<typeof getConnInfo>[0], trustProxy: boolean): string {
  if (trustProxy) {
    // The last entry is the one our proxy added; anything left of it the client could write.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
