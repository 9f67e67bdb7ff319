/**
 * How both sides of a call reconnect to LiveKit after their link was cut (issue 13 item 6), for
 * booth and console alike. livekit-client's DefaultReconnectPolicy retries after 0, 0.3, 1.2, 2.7,
 * 4.8 s and then every 7 s, and each attempt waits up to its 15 s signalling timeout on a dead link
 * (a TCP connect whose SYNs go nowhere): a link back in the middle of that waited for the attempt
 * to time out and then for the next delay — after 90 s cuts the booth decoded the operator 5.8–9.7 s
 * after the restore, after 180 s 10–12 s. Here attempts stay about a second apart and each gives
 * up after 4 s, so the first attempt on a restored link starts within about 2 s of it.
 *
 * For as long as the call survives: the booth ends a call interrupted for `lostMs` (60 s,
 * call-link.ts) as dropped, so retrying stops a little after that (the console, whose operator
 * may wait for the booth longer, retries as long). Pure, so unit-tested (call-reconnect.test.ts).
 */
import { CALL_LINK_LIMITS } from './call-link';

/** livekit-client's ReconnectContext / ReconnectPolicy, structurally (no import of the client here). */
export interface RetryContext {
  readonly retryCount: number;
  readonly elapsedMs: number;
}

export const CALL_RECONNECT = {
  /** Delays of the first retries; every later one waits `retryMs`. */
  firstDelaysMs: [0, 300] as readonly number[],
  retryMs: 1_000,
  /** No retry starts after this long since the link was lost. */
  giveUpMs: CALL_LINK_LIMITS.lostMs + 15_000,
  /**
   * One signalling attempt's limit (livekit-client: 15 s): a connect sent on a dead link is given
   * up before the kernel's SYN retries (1, 3, 7 s…) space out. A working link answers in well under
   * a second, a poor one (300 kbit/s, 10 % loss) in under 2 s.
   */
  websocketTimeoutMs: 4_000,
} as const;

/** The delay before retry number `retryCount` (0-based), or null: stop, the call is over. */
export function retryDelayMs(context: RetryContext, limits = CALL_RECONNECT): number | null {
  if (context.elapsedMs >= limits.giveUpMs) return null;
  return limits.firstDelaysMs[context.retryCount] ?? limits.retryMs;
}

/** A livekit-client ReconnectPolicy (Room option `reconnectPolicy`). */
export const callReconnectPolicy = { nextRetryDelayInMs: (context: RetryContext) => retryDelayMs(context) };

/** livekit-client Room.connect options: signalling attempts (reconnections included) bounded. */
export const callConnectOptions = { websocketTimeout: CALL_RECONNECT.websocketTimeoutMs };
