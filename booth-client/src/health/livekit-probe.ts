/**
 * Does LiveKit answer at all? Used by the link check (health/link.ts, at the heartbeat's pace)
 * and the remote self-test. One GET of LiveKit's HTTP root, which answers 200 "OK"; no-cors: the
 * booth learns only that it answered, which is the point. Nothing goes to Madoguchi's server.
 */

/** LiveKit's HTTP address for its ws:// or wss:// URL, or null for anything else. */
export function livekitHttpUrl(livekitUrl: string): string | null {
  return /^wss?:\/\//.test(livekitUrl) ? livekitUrl.replace(/^ws/, 'http') : null;
}

/** Resolves with the HTTP status (0 for an opaque answer); rejects without an answer within `timeoutMs`. */
export async function probeLiveKit(httpUrl: string, timeoutMs: number): Promise<number> {
  const response = await fetch(httpUrl, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
  return response.status;
}
