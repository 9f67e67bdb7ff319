/**
 * The one fetch every booth request goes through (issue 13): each is aborted when the server has
 * not answered — body included — within a bound shorter than the heartbeat. Without it a request
 * sent during a cut stayed pending until TCP gave up (minutes), and the requests after it waited
 * behind it for one of the browser's few connections to the server: after a 90–180 s cut the booth
 * was shown offline 8.8–40 s after its link was back. An aborted request closes its socket, so the
 * next one opens a fresh connection instead of writing into a dead one.
 */

/** The bound when nothing else is said: the default heartbeat (10 s) gives 5 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
/** Photo uploads carry a JPEG and answer once processed: a longer bound of their own. */
export const UPLOAD_TIMEOUT_MS = 20_000;

/**
 * The bound for a heartbeat of `heartbeatMs`: 80 % of it, between 2 s and 5 s — always shorter
 * than the beat, so a beat never waits behind the one before; not under 2 s, so a slow moment of
 * a busy kiosk is not taken for an outage.
 */
export function requestTimeoutMs(heartbeatMs: number): number {
  return Math.min(DEFAULT_REQUEST_TIMEOUT_MS, Math.max(2_000, Math.floor(heartbeatMs * 0.8)));
}

/** An abort because the bound passed (not the caller's own abort). */
export class RequestTimeout extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/**
 * fetch(), aborted after `timeoutMs` or when `signal` aborts (a newer heartbeat replacing a hung
 * one). The returned body must be read with the same bound in force: call `read` on it, which
 * fails with RequestTimeout as the fetch does.
 */
export async function boundedFetch<T>(
  input: RequestInfo | URL,
  init: RequestInit,
  timeoutMs: number,
  read: (response: Response) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RequestTimeout(timeoutMs)), timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetch(input, { ...init, signal: controller.signal });
    return await read(response);
  } catch (error) {
    // fetch rejects with the abort's reason; a body read may reject with a generic AbortError.
    if (controller.signal.aborted) throw controller.signal.reason instanceof Error ? controller.signal.reason : error;
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
