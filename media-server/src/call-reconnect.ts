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
  /**
   * A LiveKit node that died (cluster): until LiveKit counts it dead — at most 5 s after the kill,
   * when its stats in Redis are 5 s old — a resume for a room it hosted is relayed to it and refused
   * after 3 s (LiveKit's relay timeout, cluster.ts LIVEKIT_RELAY_TRY_MS). A first attempt refused
   * after `relayRefusedMs` or more, but before this side's own limit, is that: the next one waits
   * until `placeableMs` after the loss, when LiveKit places the room on a live node, rather than
   * being relayed to the dead node once more for 3 s (then kill → both see each other 10.2 s).
   */
  relayRefusedMs: 2_500,
  placeableMs: 5_200,
} as const;

/** The delay before retry number `retryCount` (0-based), or null: stop, the call is over. */
export function retryDelayMs(context: RetryContext, limits = CALL_RECONNECT): number | null {
  if (context.elapsedMs >= limits.giveUpMs) return null;
  const delay = limits.firstDelaysMs[context.retryCount] ?? limits.retryMs;
  // The first attempt went at once, so the time elapsed is how long it took to be refused.
  const relayRefused =
    context.retryCount === 1 && context.elapsedMs >= limits.relayRefusedMs && context.elapsedMs < limits.websocketTimeoutMs;
  return relayRefused ? Math.max(delay, limits.placeableMs - context.elapsedMs) : delay;
}

/** A livekit-client ReconnectPolicy (Room option `reconnectPolicy`). */
export const callReconnectPolicy = { nextRetryDelayInMs: (context: RetryContext) => retryDelayMs(context) };

/** livekit-client Room.connect options: signalling attempts (reconnections included) bounded. */
export const callConnectOptions = { websocketTimeout: CALL_RECONNECT.websocketTimeoutMs };

/**
 * When livekit-client's own reconnection fails it leaves the room for good (RoomEvent.Disconnected):
 * after a livekit-server restart both the resume and the full reconnect find a server that has
 * forgotten the room, and a participant whose reconnect arrives before the app has created the
 * room again is refused ("requested room does not exist"). The call is not over: the side joins
 * again with `room.connect` about every `everyMs`, for `limitMs` from that disconnect — the time
 * the booth gives an interrupted call anyway (call-link.ts `lostMs`) — and only then gives up.
 */
export const CALL_REJOIN = {
  everyMs: 1_000,
  limitMs: CALL_LINK_LIMITS.lostMs,
} as const;
export type CallRejoinLimits = { readonly [K in keyof typeof CALL_REJOIN]: number };

/**
 * livekit-client's DisconnectReason names after which joining again is wrong or pointless: we left
 * (CLIENT_INITIATED), the session ended (the app deleted the room, ROOM_DELETED; LiveKit closed it
 * empty, ROOM_CLOSED), we were removed (PARTICIPANT_REMOVED), or the same identity joined elsewhere
 * (DUPLICATE_IDENTITY: a rejoin would throw that one out in turn). Every other reason — none
 * (the reconnection gave up), UNKNOWN_REASON, SIGNAL_CLOSE, SERVER_SHUTDOWN, JOIN_FAILURE (server
 * unreachable), USER_REJECTED (a 404 "room does not exist" while the app re-creates it; also a
 * 401, which the limit ends), STATE_MISMATCH, CONNECTION_TIMEOUT, MEDIA_FAILURE… — is a link or a
 * server that may come back.
 */
const FINAL_DISCONNECT_REASONS: ReadonlySet<string> = new Set([
  'CLIENT_INITIATED',
  'ROOM_DELETED',
  'ROOM_CLOSED',
  'PARTICIPANT_REMOVED',
  'DUPLICATE_IDENTITY',
]);

/**
 * Of those, the ones that say the call itself is over (the room closed, this side removed), not a
 * lost link: both screens show the call ended (call-link-room.ts) and the booth ends it as such.
 */
const CALL_OVER_REASONS: ReadonlySet<string> = new Set(['ROOM_DELETED', 'ROOM_CLOSED', 'PARTICIPANT_REMOVED']);
export const callIsOver = (reason: string | undefined): boolean => reason !== undefined && CALL_OVER_REASONS.has(reason);

/** Whether a Disconnected with this reason (its DisconnectReason name; undefined: none given) is worth joining again. */
export const rejoins = (reason: string | undefined): boolean => reason === undefined || !FINAL_DISCONNECT_REASONS.has(reason);

/**
 * The wait before join attempt number `attempt` (0-based) after a Disconnected with `reason` at
 * `disconnectedAt`, or null: give up (a final reason, or `limitMs` passed). The first attempt goes
 * at once; later ones `everyMs` after the previous one failed.
 */
export function rejoinDelayMs(
  { reason, disconnectedAt, attempt, now }: { reason: string | undefined; disconnectedAt: number; attempt: number; now: number },
  limits: CallRejoinLimits = CALL_REJOIN,
): number | null {
  if (!rejoins(reason)) return null;
  const left = disconnectedAt + limits.limitMs - now;
  if (left <= 0) return null;
  return attempt === 0 ? 0 : Math.min(limits.everyMs, left);
}

/**
 * A LiveKit node that dies (kill -9, a crashed host) in a cluster: a side whose signalling runs
 * through the node that died sees its WebSocket close and reconnects at once, but a side whose
 * signalling a surviving node relays to it hears nothing: that node gives up on the relay only
 * after `signal_relay.retry_timeout` (7.5 s) once the client next sends something (a ping every 5 s),
 * so up to 12.5 s, measured 7.7–8.0 s. Its media tells sooner: the SFU answers every packet a
 * publisher sends (receiver reports, congestion feedback several times a second, ICE checks), so a
 * side that keeps sending while nothing at all comes back from the SFU for `silentMs` has lost
 * its media server (or its own link), and reconnects fully rather than waiting (call-link-room.ts
 * `watchMediaServer`). LiveKit places the room on a live node as it rejoins (it considers a node
 * dead 5 s after its last stats update, every 2 s: measured 2.7–5 s after the kill).
 */
export const MEDIA_SERVER_WATCH = {
  /** How often the publisher's sent and received bytes are sampled. */
  sampleMs: 500,
  /**
   * Sending, and nothing received from the SFU, this long: gone. Feedback on a sending video track
   * comes every ~100 ms and ICE consent checks every few seconds, so a healthy link is never silent
   * this long. Not sooner either: until LiveKit counts the node dead (up to 5 s after the kill) a
   * join is relayed to the dead node and hangs 3 s before it is refused. Measured with two Chromiums
   * and two nodes, kill → both see each other again: 3 s here 5.6–10.6 s, 5 s here 5.8–7.4 s.
   */
  silentMs: 5_000,
  /** How long the LiveKit URL may take to answer the check that tells a dead node from a cut line. */
  probeMs: 2_000,
} as const;
export type MediaServerWatchLimits = { readonly [K in keyof typeof MEDIA_SERVER_WATCH]: number };

/** Bytes this side's publisher connection has sent (media) and received (anything from the SFU) so far. */
export interface PublisherSample {
  at: number;
  sentBytes: number;
  receivedBytes: number;
}

/**
 * Whether the SFU is silent: among `samples` (oldest first, one connection's), the last one and the
 * newest one taken at least `silentMs` before it show media sent and nothing received. A counter
 * that went down (a new connection) never counts as silence.
 */
export function mediaServerSilent(samples: readonly PublisherSample[], limits: MediaServerWatchLimits = MEDIA_SERVER_WATCH): boolean {
  const last = samples.at(-1);
  if (!last) return false;
  let base: PublisherSample | undefined;
  for (const sample of samples) {
    if (last.at - sample.at >= limits.silentMs) base = sample;
    else break;
  }
  if (!base) return false;
  return last.sentBytes > base.sentBytes && last.receivedBytes === base.receivedBytes;
}

/** The HTTP URL of a LiveKit WebSocket URL (ws → http, wss → https): what answers a plain GET. */
export function livekitHttpUrlOf(serverUrl: string): string {
  return serverUrl.replace(/^ws(s?):\/\//i, 'http$1://');
}
