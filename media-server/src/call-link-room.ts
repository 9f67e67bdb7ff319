/**
 * Turns a livekit-client Room into the call-link events (call-link.ts) for one side of a call:
 * its own connection state and quality, and the other participant's presence, quality, stream
 * state and inbound bytes (sampled every `sampleMs`). Booth and console both use it, so the same
 * LiveKit signals mean the same thing on both screens.
 */
import {
  type ConnectionQuality,
  ConnectionState,
  DisconnectReason,
  type LocalTrack,
  type Participant,
  type RemoteParticipant,
  type RemoteTrackPublication,
  type Room,
  type RoomConnectOptions,
  RoomEvent,
  type RoomEventCallbacks,
  Track,
} from 'livekit-client';
import { LINK_SAMPLE_MS, type LinkEvent, type LinkQuality } from './call-link';
import {
  callIsOver,
  livekitHttpUrlOf,
  MEDIA_SERVER_WATCH,
  type MediaServerWatchLimits,
  mediaServerSilent,
  type PublisherSample,
  rejoinDelayMs,
  rejoins,
} from './call-reconnect';

/** A DisconnectReason's name (what call-reconnect.ts and the booth's events take), or undefined. */
export const disconnectReasonName = (reason: DisconnectReason | undefined): string | undefined =>
  reason === undefined ? undefined : DisconnectReason[reason];

/**
 * The token to join again with: livekit-server hands each participant a fresh one as it joins
 * (and every few minutes), kept by the room's engine; the one the call began with lasts only a
 * minute (tokens.ts). livekit-client has no public getter, so the engine's field is read.
 */
export function currentToken(room: Room, initial: string): string {
  const token = (room.engine as unknown as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' && token.length > 0 ? token : initial;
}

/**
 * Bytes received so far on the other side's subscribed tracks, and how many there are. A muted
 * track sends nothing on purpose, so it is not counted.
 */
async function inboundOf(peer: RemoteParticipant | undefined): Promise<{ bytes: number; tracks: number }> {
  if (!peer) return { bytes: 0, tracks: 0 };
  const subscribed = [...peer.trackPublications.values()].filter((p: RemoteTrackPublication) => p.isSubscribed && p.track && !p.isMuted);
  const reports = await Promise.all(subscribed.map((p) => p.track!.getRTCStatsReport().catch(() => undefined)));
  let bytes = 0;
  for (const report of reports) {
    report?.forEach((s: { type?: string; bytesReceived?: number }) => {
      if (s.type === 'inbound-rtp') bytes += s.bytesReceived ?? 0;
    });
  }
  return { bytes, tracks: subscribed.length };
}

/**
 * Watches `room` for the participant `isPeer` picks and calls `dispatch` with each event (and a
 * tick with every sample). Returns the function that stops it.
 */
export function watchCallLink(
  room: Room,
  isPeer: (participant: Participant) => boolean,
  dispatch: (event: LinkEvent) => void,
  { now = Date.now, sampleMs = LINK_SAMPLE_MS }: { now?: () => number; sampleMs?: number } = {},
): () => void {
  const peer = () => [...room.remoteParticipants.values()].find(isPeer);
  const offs: (() => void)[] = [];
  const on = <E extends keyof RoomEventCallbacks>(event: E, handler: RoomEventCallbacks[E]) => {
    room.on(event, handler);
    offs.push(() => room.off(event, handler));
  };

  on(RoomEvent.ConnectionStateChanged, (state: ConnectionState) => {
    if (state === ConnectionState.Connected) dispatch({ type: 'connected', at: now() });
    else if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting)
      dispatch({ type: 'reconnecting', at: now() });
  });
  on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
    // A reason that may pass (a livekit-server restart, a refused join while the room is being
    // created again): the side joins again by itself (call-reconnect.ts), so it is still reconnecting.
    const name = disconnectReasonName(reason);
    if (rejoins(name)) dispatch({ type: 'reconnecting', at: now() });
    // The room was closed (the session ended) or this side removed: the call is over, not cut.
    else dispatch({ type: 'disconnected', ended: callIsOver(name), at: now() });
  });
  on(RoomEvent.ParticipantConnected, (p: RemoteParticipant) => {
    if (isPeer(p)) dispatch({ type: 'peer-joined', at: now() });
  });
  on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => {
    if (isPeer(p)) dispatch({ type: 'peer-left', at: now() });
  });
  on(RoomEvent.ConnectionQualityChanged, (quality: ConnectionQuality, p: Participant) => {
    if (p.isLocal || isPeer(p)) dispatch({ type: 'quality', self: p.isLocal, quality: quality as LinkQuality, at: now() });
  });
  on(RoomEvent.TrackStreamStateChanged, (publication: RemoteTrackPublication, state: Track.StreamState, p: RemoteParticipant) => {
    if (isPeer(p) && publication.kind === Track.Kind.Video)
      dispatch({ type: 'video-paused', paused: state === Track.StreamState.Paused, at: now() });
  });

  // What is already true when the watch starts.
  if (room.state === ConnectionState.Connected) dispatch({ type: 'connected', at: now() });
  const present = peer();
  if (present) {
    dispatch({ type: 'peer-joined', at: now() });
    dispatch({ type: 'quality', self: false, quality: present.connectionQuality as LinkQuality, at: now() });
  }

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sample = async () => {
    const inbound = await inboundOf(peer());
    if (stopped) return;
    dispatch({ type: 'inbound', ...inbound, at: now() });
    timer = setTimeout(() => void sample(), sampleMs);
  };
  void sample();

  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const off of offs.splice(0)) off();
  };
}

/**
 * After livekit-client gave up on the room (a Disconnected whose reason `rejoins`): joins the same
 * Room again with `room.connect` — livekit-client allows it once the room is disconnected, with a
 * fresh engine — on call-reconnect.ts's schedule. True once joined; false when the schedule gives
 * up or `cancelled()` (the call ended meanwhile). Every failed attempt emits its own Disconnected
 * (USER_REJECTED while the room does not exist yet, JOIN_FAILURE while LiveKit does not answer):
 * the caller ignores those while this runs.
 */
export async function rejoinRoom(
  room: Room,
  {
    url,
    token,
    reason,
    disconnectedAt,
    cancelled,
    connectOptions,
    now = Date.now,
  }: {
    url: string;
    token: string;
    reason: string | undefined;
    disconnectedAt: number;
    cancelled: () => boolean;
    connectOptions?: RoomConnectOptions;
    now?: () => number;
  },
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const delay = rejoinDelayMs({ reason, disconnectedAt, attempt, now: now() });
    if (delay === null || cancelled()) return false;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (cancelled()) return false;
    try {
      await room.connect(url, token, connectOptions);
      // Joined just as the call ended: leave again, nobody is to find this side in the room.
      if (cancelled()) {
        await room.disconnect().catch(() => undefined);
        return false;
      }
      return true;
    } catch {
      // refused or unreachable: the next attempt, while the schedule allows
    }
  }
}

/**
 * After `rejoinRoom`: publish this side's microphone and camera again, each from its track when it
 * is still live, else opened anew (a track stopped meanwhile). `sources` says which: the booth
 * leaves its camera out during the PIN step.
 */
export async function publishAgain(
  room: Room,
  tracks: readonly LocalTrack[],
  sources: readonly ('microphone' | 'camera')[] = ['microphone', 'camera'],
): Promise<void> {
  const local = room.localParticipant;
  const live = (kind: Track.Kind) => tracks.find((t) => t.kind === kind && t.mediaStreamTrack.readyState === 'live');
  await Promise.allSettled(
    sources.map((source) => {
      const track = live(source === 'microphone' ? Track.Kind.Audio : Track.Kind.Video);
      if (track) return local.publishTrack(track);
      return source === 'microphone' ? local.setMicrophoneEnabled(true) : local.setCameraEnabled(true);
    }),
  );
}

/**
 * What this side's publisher connection has sent (video) and received so far, from its published
 * tracks' sender stats (each reports its outbound RTP and the transport they share), or null when
 * nothing is published. No camera published (the booth's PIN step): nothing sent, never silent.
 */
async function publisherSample(room: Room, at: number): Promise<PublisherSample | null> {
  const tracks = [...room.localParticipant.trackPublications.values()].flatMap((p) => (p.track ? [p.track] : []));
  if (tracks.length === 0) return null;
  const reports = await Promise.all(tracks.map((t) => t.getRTCStatsReport().catch(() => undefined)));
  let sentBytes = 0;
  let receivedBytes = 0;
  for (const report of reports) {
    report?.forEach((s: { type?: string; kind?: string; bytesSent?: number; bytesReceived?: number }) => {
      // Video only: the SFU answers sent video many times a second (congestion feedback), while a
      // quiet microphone (DTX) may send too little to be answered within the window.
      if (s.type === 'outbound-rtp' && s.kind === 'video') sentBytes += s.bytesSent ?? 0;
      // One transport for all of them: the same figure in every report.
      if (s.type === 'transport') receivedBytes = Math.max(receivedBytes, s.bytesReceived ?? 0);
    });
  }
  return { at, sentBytes, receivedBytes };
}

/**
 * Makes livekit-client reconnect fully (a new join, which LiveKit places on a live node) as it does
 * by itself when its signalling closes. livekit-client has no public call for it; `simulateScenario`
 * ('full-reconnect': close the signalling, join afresh on the next attempt) is its test hook,
 * marked internal, so the version is pinned and the e2e fault test runs it against a real cluster.
 */
export async function reconnectFully(room: Room): Promise<void> {
  await room.simulateScenario('full-reconnect');
}

/**
 * Whether the LiveKit URL answers a plain GET within `timeoutMs` (any answer: the response is
 * opaque across origins). Through the load balancer in front of a cluster a live node answers.
 */
export async function livekitAnswers(serverUrl: string, timeoutMs: number = MEDIA_SERVER_WATCH.probeMs): Promise<boolean> {
  try {
    // A fresh query each time: no cached answer may stand in for the network.
    const url = `${livekitHttpUrlOf(serverUrl).replace(/\/$/, '')}/?probe=${Date.now()}`;
    await fetch(url, { mode: 'no-cors', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

/**
 * Watches this side's own media connection while the room is connected: when it keeps sending
 * and the SFU stops answering for MEDIA_SERVER_WATCH.silentMs, asks whether the LiveKit URL still
 * answers. If it does, this side's line is fine and its LiveKit node is gone (the signalling,
 * relayed by another node, still looks alive): `onSilent` is called once — by default a full
 * reconnect, which LiveKit places on a live node — and the watch starts again once the room is
 * connected anew. If it does not, this side's own line is cut: livekit-client's own reconnection
 * (and the rejoin after it) is the right answer, and nothing is done. Returns the stop function.
 */
export function watchMediaServer(
  room: Room,
  {
    serverUrl,
    onSilent = (r: Room) => void reconnectFully(r).catch(() => undefined),
    reachable = livekitAnswers,
    now = Date.now,
    limits = MEDIA_SERVER_WATCH,
  }: {
    /** The URL the room was joined with. */
    serverUrl: string;
    onSilent?: (room: Room) => void;
    reachable?: (serverUrl: string) => Promise<boolean>;
    now?: () => number;
    limits?: MediaServerWatchLimits;
  },
): () => void {
  let samples: PublisherSample[] = [];
  let fired = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onState = (state: ConnectionState) => {
    // Every (re)connection is a new publisher connection: its counters start again.
    samples = [];
    if (state === ConnectionState.Connected) fired = false;
  };
  room.on(RoomEvent.ConnectionStateChanged, onState);
  const sample = async () => {
    if (room.state === ConnectionState.Connected && !fired) {
      const taken = await publisherSample(room, now());
      if (stopped) return;
      if (taken && room.state === ConnectionState.Connected) {
        samples.push(taken);
        samples = samples.filter((s) => taken.at - s.at <= limits.silentMs + limits.sampleMs);
        if (mediaServerSilent(samples, limits)) {
          // Checked again from scratch after the probe, whatever it says: a cut line is watched anew.
          samples = [];
          const nodeGone = await reachable(serverUrl);
          if (stopped) return;
          if (nodeGone && room.state === ConnectionState.Connected && !fired) {
            fired = true;
            onSilent(room);
          }
        }
      }
    }
    if (!stopped) timer = setTimeout(() => void sample(), limits.sampleMs);
  };
  timer = setTimeout(() => void sample(), limits.sampleMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
    room.off(RoomEvent.ConnectionStateChanged, onState);
  };
}
