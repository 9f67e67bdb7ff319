/**
 * What one side of a call knows about the call's connection, from LiveKit's own signals: its own
 * room connection, and the other participant (the booth on the console, the operator at the
 * booth) — in the room or not, LiveKit's connection quality for them, whether their media still
 * reaches us, whether the SFU paused their video for our bandwidth — and the booth's own fallback
 * to low-resolution video. Pure: events with their time go in (`onLinkEvent`), and `linkView`
 * says, for a given time, what both screens show. Booth and console read the same view
 * (call-link.test.ts), so they never disagree about what is happening.
 *
 * LiveKit says nothing to the others while a participant's link is merely cut: its connection
 * quality turns `lost` only at the next 5 s scoring window with no packets, and the participant
 * leaves the room only after a stale timeout of 20–30 s. Inbound media falling silent is the
 * first sign, so the caller samples how many bytes the other side's tracks have delivered (about
 * every second) and a silence of `stallMs` counts as an interruption.
 */

/** LiveKit's ConnectionQuality values. */
export type LinkQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

export const CALL_LINK_LIMITS = {
  /** Inbound media from the other side silent this long: interrupted. */
  stallMs: 2_000,
  /** Media from the other side has not arrived this long after the call began: failed. */
  connectMs: 15_000,
  /** Interrupted this long: lost (the booth then ends the call; the console offers to end it). */
  lostMs: 60_000,
} as const;
export type CallLinkLimits = { readonly [K in keyof typeof CALL_LINK_LIMITS]: number };

/**
 * How often each side samples the other's inbound bytes and redraws its view. A stall is seen
 * `stallMs` after the last sample that saw bytes grow, and shown at the next redraw: between
 * stallMs and stallMs + 2 × LINK_SAMPLE_MS after media stops (with 1 s it was 3.5–4.3 s on the
 * console under a real cut; the goal is ~3 s).
 */
export const LINK_SAMPLE_MS = 500;

export type LinkEvent =
  /** This side starts (or retries) joining the room. */
  | { type: 'connecting'; at: number }
  /** This side's room is connected (joined, or back after a reconnection). */
  | { type: 'connected'; at: number }
  /** This side's room is reconnecting by itself (LiveKit's Reconnecting / SignalReconnecting). */
  | { type: 'reconnecting'; at: number }
  /** This side's room could not connect at all (Room.connect rejected). */
  | { type: 'connect-failed'; at: number }
  /** This side left the room for good: `ended` when the room was closed (the session ended), else the link was lost. */
  | { type: 'disconnected'; ended: boolean; at: number }
  | { type: 'peer-joined'; at: number }
  | { type: 'peer-left'; at: number }
  /** LiveKit's connection quality for the other participant (or for this side, `self: true`). */
  | { type: 'quality'; self: boolean; quality: LinkQuality; at: number }
  /** A sample: bytes received so far from the other side's subscribed tracks, and how many tracks. */
  | { type: 'inbound'; bytes: number; tracks: number; at: number }
  /** The SFU paused (or resumed) the other side's video for this side's bandwidth (TrackStreamStateChanged). */
  | { type: 'video-paused'; paused: boolean; at: number }
  /** The booth's own fallback to audio and low-resolution video, on or off. */
  | { type: 'degraded'; degraded: boolean; at: number }
  /** Only time passes. */
  | { type: 'tick'; at: number };

type SelfState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'lost' | 'ended';

export interface LinkState {
  /** When this side began (or last retried) joining; the connect limit counts from here. */
  startedAt: number;
  self: SelfState;
  selfSince: number;
  selfQuality: LinkQuality;
  peerPresent: boolean;
  /** When the other side left the room (while it is away), else null. */
  peerLeftAt: number | null;
  peerQuality: LinkQuality;
  /** When LiveKit turned the other side's quality `lost` (while it is), else null. */
  peerLostAt: number | null;
  /** The last inbound sample that changed, or null before any media arrived. */
  inbound: { bytes: number; tracks: number; changedAt: number } | null;
  videoPaused: boolean;
  degraded: boolean;
}

export function initialLink(at: number): LinkState {
  return {
    startedAt: at,
    self: 'connecting',
    selfSince: at,
    selfQuality: 'unknown',
    peerPresent: false,
    peerLeftAt: null,
    peerQuality: 'unknown',
    peerLostAt: null,
    inbound: null,
    videoPaused: false,
    degraded: false,
  };
}

const final = (self: SelfState) => self === 'ended' || self === 'failed' || self === 'lost';

function withSelf(state: LinkState, self: SelfState, at: number): LinkState {
  return state.self === self ? state : { ...state, self, selfSince: at };
}

/** The state after one event (the same object when nothing changed). */
export function onLinkEvent(state: LinkState, event: LinkEvent): LinkState {
  const { at } = event;
  switch (event.type) {
    case 'connecting':
      // A retry starts the count again and forgets what the last attempt saw.
      return { ...initialLink(at), degraded: state.degraded };
    case 'connected':
      return state.self === 'ended' ? state : withSelf(state, 'connected', at);
    case 'reconnecting':
      return final(state.self) ? state : withSelf(state, 'reconnecting', at);
    case 'connect-failed':
      return state.self === 'ended' ? state : withSelf(state, 'failed', at);
    case 'disconnected':
      if (state.self === 'ended') return state;
      // Gone before it ever connected: it could not connect, rather than a link that was lost.
      return withSelf(state, event.ended ? 'ended' : state.self === 'connecting' || state.self === 'failed' ? 'failed' : 'lost', at);
    case 'peer-joined':
      return state.peerPresent ? state : { ...state, peerPresent: true, peerLeftAt: null };
    case 'peer-left':
      // Whatever was flowing stopped with it; its next media counts as new.
      return state.peerPresent
        ? { ...state, peerPresent: false, peerLeftAt: at, peerQuality: 'unknown', peerLostAt: null, videoPaused: false }
        : state;
    case 'quality': {
      if (event.self) return state.selfQuality === event.quality ? state : { ...state, selfQuality: event.quality };
      if (state.peerQuality === event.quality) return state;
      const peerLostAt = event.quality === 'lost' ? (state.peerLostAt ?? at) : null;
      return { ...state, peerQuality: event.quality, peerLostAt };
    }
    case 'inbound': {
      const last = state.inbound;
      // No track to receive (e.g. nothing published): no media is expected, so none is missing.
      if (event.tracks === 0) return last === null ? state : { ...state, inbound: { bytes: last.bytes, tracks: 0, changedAt: at } };
      if (last === null)
        return event.bytes > 0 ? { ...state, inbound: { bytes: event.bytes, tracks: event.tracks, changedAt: at } } : state;
      // Any change counts as media: a re-subscribed track starts its counter again.
      if (event.bytes !== last.bytes || last.tracks === 0)
        return { ...state, inbound: { bytes: event.bytes, tracks: event.tracks, changedAt: at } };
      return state;
    }
    case 'video-paused':
      return state.videoPaused === event.paused ? state : { ...state, videoPaused: event.paused };
    case 'degraded':
      return state.degraded === event.degraded ? state : { ...state, degraded: event.degraded };
    case 'tick':
      return state;
  }
}

export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'lost' | 'failed' | 'ended';

export interface LinkView {
  status: LinkStatus;
  /** Whose link it is about: this side's own (`self`) or the other side's (`peer`); null when connected. */
  cause: 'self' | 'peer' | null;
  /** Since when the status holds (reconnecting and lost: when the interruption began). */
  since: number;
  /** Whole seconds since then. */
  seconds: number;
  /** LiveKit's quality for each side as it may be shown: never better than `lost` while that side is interrupted. */
  selfQuality: LinkQuality;
  peerQuality: LinkQuality;
  /** The call's quality in one word (the worse of the two known ones). */
  callQuality: LinkQuality;
  /** The booth's fallback notice: only while connected (an interruption says more). */
  degraded: boolean;
  /** The SFU holds the other side's video back for this side's bandwidth (audio goes on). */
  videoPaused: boolean;
  /**
   * Time to give the call up and end it as dropped: the other side interrupted for `lostMs`, this
   * side's room gone for `lostMs` (a retry may still bring it back), or still without media
   * `lostMs` after this side began joining.
   */
  giveUp: boolean;
}

const rank: Record<LinkQuality, number> = { excellent: 4, good: 3, poor: 2, lost: 1, unknown: 5 };
const worse = (a: LinkQuality, b: LinkQuality): LinkQuality => (rank[a] <= rank[b] ? a : b);

/** When the current interruption began, and whose it is, or null when media flows. */
function interruption(state: LinkState, now: number, limits: CallLinkLimits): { since: number; cause: 'self' | 'peer' } | null {
  if (state.self === 'reconnecting') return { since: state.selfSince, cause: 'self' };
  const starts: number[] = [];
  if (!state.peerPresent && state.peerLeftAt !== null) starts.push(state.peerLeftAt);
  if (state.peerLostAt !== null) starts.push(state.peerLostAt);
  const inbound = state.inbound;
  if (inbound && inbound.tracks > 0 && now - inbound.changedAt >= limits.stallMs) starts.push(inbound.changedAt);
  return starts.length > 0 ? { since: Math.min(...starts), cause: 'peer' } : null;
}

/** What to show at `now`. */
export function linkView(state: LinkState, now: number, limits: CallLinkLimits = CALL_LINK_LIMITS): LinkView {
  const seconds = (since: number) => Math.max(0, Math.floor((now - since) / 1000));
  const view = (status: LinkStatus, cause: LinkView['cause'], since: number): LinkView => {
    const interrupted = status === 'reconnecting' || status === 'lost' || status === 'failed';
    const selfQuality = interrupted && cause === 'self' ? 'lost' : status === 'connecting' ? 'unknown' : state.selfQuality;
    const peerQuality = interrupted && cause === 'peer' ? 'lost' : status === 'connecting' ? 'unknown' : state.peerQuality;
    return {
      status,
      cause,
      since,
      seconds: seconds(since),
      selfQuality,
      peerQuality,
      callQuality: interrupted ? 'lost' : worse(selfQuality, peerQuality),
      degraded: status === 'connected' && state.degraded,
      videoPaused: status === 'connected' && state.videoPaused,
      giveUp:
        (status === 'lost' && (cause === 'peer' || now - state.selfSince >= limits.lostMs)) ||
        (status === 'failed' && now - state.startedAt >= limits.lostMs),
    };
  };

  if (state.self === 'ended') return view('ended', null, state.selfSince);
  if (state.self === 'failed') return view('failed', 'self', state.selfSince);
  if (state.self === 'lost') return view('lost', 'self', state.selfSince);
  if (state.inbound === null) {
    // Nothing from the other side yet: connecting, until the limit says it is not going to work.
    const cause = state.self === 'connected' ? 'peer' : 'self';
    return now - state.startedAt >= limits.connectMs ? view('failed', cause, state.startedAt) : view('connecting', null, state.startedAt);
  }
  const cut = interruption(state, now, limits);
  if (cut) return view(now - cut.since >= limits.lostMs ? 'lost' : 'reconnecting', cut.cause, cut.since);
  return view('connected', null, state.selfSince);
}
