/**
 * Request ids are ours. A caller's X-Request-Id would land in the audit log and the logs, so it is
 * taken only from our own reverse proxy (TRUST_PROXY) and only in a strict shape: a UUID or 32 hex
 * digits (nginx's $request_id), with at least one letter so that no run of decimal digits (a My
 * Number, a phone number) can pass as an id.
 */
const PROXY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;

export function requestIdFor(
  incoming: string | undefined,
  trustProxy: boolean,
  generate: () => string = () => crypto.randomUUID(),
): string {
  if (trustProxy && incoming && PROXY_ID.test(incoming) && /[a-f]/i.test(incoming)) return incoming.toLowerCase();
  return generate();
}
