/**
 * The operator's LiveKit connection for one call, made before the call page needs it (decision
 * 0020). While an offer rings, the console gets ready with what needs no token: the Room, a warm
 * connection to LiveKit (`prepareConnection`), and its own camera and microphone (local only:
 * nothing is sent before the accept). The accept's answer carries the join details, so the room
 * connects and publishes while the page changes; the call page takes the connection over. After a
 * reload there is none, and the call page makes its own from its loader's details.
 */

import { isBoothIdentity, operatorMethods, parseQualityPayload } from '@madoguchi/db/call-contract';
import { currentToken, disconnectReasonName, publishAgain, rejoinRoom, watchMediaServer } from '@madoguchi/media-server/call-link-room';
import { callConnectOptions, callReconnectPolicy, rejoins } from '@madoguchi/media-server/call-reconnect';
import {
  createLocalTracks,
  DisconnectReason,
  type LocalTrack,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  Room,
  RoomEvent,
  type RoomOptions,
  Track,
  VideoQuality,
} from 'livekit-client';

export interface ConnectionDetails {
  serverUrl: string;
  participantToken: string;
}

// One large video, shown at once: adaptiveStream would hold the subscription until the element is
// measured, delaying the first frame after accept (decision 0010). dynacast: the operator's camera
// sends only the layers the booth asks for (its fallback asks for the lowest).
// Retries about a second apart for as long as the call survives a cut (call-reconnect.ts).
// The local tracks outlive a disconnect: after livekit-client gave up on the room (a livekit-server
// restart) the connection joins again and publishes the same ones (rejoin); dispose stops them.
const roomOptions: RoomOptions = {
  adaptiveStream: false,
  dynacast: true,
  reconnectPolicy: callReconnectPolicy,
  stopLocalTrackOnUnpublish: false,
};

/** Camera and microphone together (one permission prompt), or each alone when one of them is missing. */
async function localTracks(): Promise<LocalTrack[]> {
  try {
    return await createLocalTracks({ audio: true, video: true });
  } catch {
    const each = await Promise.allSettled([createLocalTracks({ audio: true }), createLocalTracks({ video: true })]);
    return each.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }
}

const isBooth = (p: RemoteParticipant) => isBoothIdentity(p.identity);
/** The booth's `sending` in `quality.changed` (@madoguchi/db/call-contract). */
const layerQuality = { low: VideoQuality.LOW, medium: VideoQuality.MEDIUM, high: VideoQuality.HIGH } as const;

export class CallConnection {
  readonly room = new Room(roomOptions);
  private tracks: Promise<LocalTrack[]> | null = null;
  private started: Promise<void> | null = null;
  private disposed = false;
  /** The details the room was joined with, once it was: a rejoin uses them. */
  private joinedWith: ConnectionDetails | null = null;
  private rejoining = false;
  /** Stops the watch on the media server (a LiveKit node that died under the call: watchMediaServer). */
  private stopMediaServerWatch: (() => void) | null = null;
  /** The operator pressed accept: kept even if the offer disappears before the answer comes. */
  held = false;
  /** The booth's fallback (its `quality.changed` RPC), and who wants to hear of it. */
  private boothDegraded = false;
  /** After a fallback, the layer the booth's camera sends until its top one flows again. */
  private boothSending: VideoQuality | null = null;
  private readonly degradedListeners = new Set<(degraded: boolean) => void>();

  constructor(readonly sessionId: string) {
    // Registered before joining: the booth tells a joining operator of its fallback at once.
    this.room.registerRpcMethod(operatorMethods.qualityChanged, async ({ payload }) => {
      const reported = parseQualityPayload(payload);
      if (!reported) throw new Error('quality.changed: not a JSON object');
      this.boothSending = reported.sending ? layerQuality[reported.sending] : null;
      this.setBoothDegraded(reported.degraded);
      return 'ok';
    });
    this.room.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => void this.rejoin(reason));
    this.room.on(RoomEvent.TrackSubscribed, (_track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant) => {
      if (isBooth(participant) && publication.kind === Track.Kind.Video) this.applyBoothVideoQuality();
    });
  }

  /**
   * In its fallback the booth may send only its lowest layer; the operator asks for just that one,
   * and after it for the layer the booth says it sends, until its top one flows again. LiveKit
   * scores a publisher's link against the highest layer its subscribers ask for, so a booth short
   * of the layer asked for was scored `poor` however good its link: the fallback never ended, or
   * came straight back while WebRTC's estimate climbed after the loss (decision 0020).
   */
  private setBoothDegraded(degraded: boolean) {
    this.boothDegraded = degraded;
    this.applyBoothVideoQuality();
    for (const listener of this.degradedListeners) listener(degraded);
  }

  private applyBoothVideoQuality() {
    for (const participant of this.room.remoteParticipants.values()) {
      if (!isBooth(participant)) continue;
      for (const publication of participant.videoTrackPublications.values()) {
        if (publication.isSubscribed)
          publication.setVideoQuality(this.boothDegraded ? VideoQuality.LOW : (this.boothSending ?? VideoQuality.HIGH));
      }
    }
  }

  /** Tells `listener` the booth's fallback now and on every change; returns the unsubscribe. */
  onBoothDegraded(listener: (degraded: boolean) => void): () => void {
    this.degradedListeners.add(listener);
    listener(this.boothDegraded);
    return () => this.degradedListeners.delete(listener);
  }

  /** Everything that needs no token: safe before the operator has answered. */
  prepare(serverUrl?: string): this {
    this.tracks ??= localTracks();
    if (serverUrl) void this.room.prepareConnection(serverUrl).catch(() => undefined);
    return this;
  }

  /** The camera track prepared for this call, once ready (for a preview). */
  async cameraTrack(): Promise<LocalTrack | undefined> {
    return (await (this.tracks ?? Promise.resolve([]))).find((t) => t.kind === 'video');
  }

  /**
   * Joins and publishes at the same time: livekit-client holds the publications until the
   * signalling is up and negotiates them as the peer connection forms. Resolves when connected;
   * rejects when the room cannot be joined (the call page shows it and offers a retry).
   */
  connect(details: ConnectionDetails): Promise<void> {
    this.started ??= (async () => {
      this.prepare();
      const joined = this.room.connect(details.serverUrl, details.participantToken, callConnectOptions);
      const published = this.tracks!.then((tracks) =>
        Promise.allSettled(tracks.map((track) => this.room.localParticipant.publishTrack(track))),
      );
      await joined;
      this.joinedWith = details;
      if (!this.disposed) this.stopMediaServerWatch = watchMediaServer(this.room, { serverUrl: details.serverUrl });
      void published;
    })();
    return this.started;
  }

  /**
   * livekit-client gave up on a joined room for a reason that may pass (after a livekit-server
   * restart its reconnect is refused until the app has created the room again): join again about
   * every second for CALL_REJOIN.limitMs (call-reconnect.ts) and publish the operator's tracks
   * again. Meanwhile the link says reconnecting (call-link-room.ts); the call page gives up on the
   * link's own limit (lostMs). Each failed attempt's own Disconnected is ignored while this runs.
   */
  private async rejoin(reason: DisconnectReason | undefined) {
    const name = disconnectReasonName(reason);
    const details = this.joinedWith;
    if (this.disposed || this.rejoining || !details || !rejoins(name)) return;
    this.rejoining = true;
    const joined = await rejoinRoom(this.room, {
      url: details.serverUrl,
      token: currentToken(this.room, details.participantToken),
      reason: name,
      disconnectedAt: Date.now(),
      cancelled: () => this.disposed,
      connectOptions: callConnectOptions,
    });
    this.rejoining = false;
    if (!joined || this.disposed) return;
    await publishAgain(this.room, await (this.tracks ?? Promise.resolve([])));
  }

  /** Whether connect() has been called (the accept went through). */
  get isStarted(): boolean {
    return this.started !== null;
  }

  /** Leave the room and release camera and microphone. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.stopMediaServerWatch?.();
    await this.room.disconnect(true).catch(() => undefined);
    for (const track of await (this.tracks ?? Promise.resolve([]))) track.stop();
  }
}

/** At most one: the offer ringing now, or the call being answered. */
let current: CallConnection | null = null;

/** While an offer rings: get ready for it (and let go of an earlier one that was not answered). */
export function prepareCall(sessionId: string, serverUrl: string): CallConnection {
  if (current?.sessionId === sessionId) return current;
  if (current && !current.isStarted) void current.dispose();
  current = new CallConnection(sessionId).prepare(serverUrl);
  return current;
}

/** The accept went through: join now with its details. */
export function startCall(sessionId: string, details: ConnectionDetails): CallConnection {
  if (current?.sessionId !== sessionId) {
    if (current && !current.isStarted) void current.dispose();
    current = new CallConnection(sessionId);
  }
  void current.connect(details).catch(() => undefined);
  return current;
}

/** The operator is accepting this offer: the offer may vanish from the state before the answer comes. */
export function holdCall(sessionId: string): void {
  if (current?.sessionId === sessionId) current.held = true;
}

/**
 * The offer went away unanswered (declined, rang out, taken by someone else), or the accept
 * failed (`force`): release the camera.
 */
export function dropPreparedCall(sessionId: string, { force = false } = {}): void {
  if (current?.sessionId === sessionId && !current.isStarted && (force || !current.held)) {
    void current.dispose();
    current = null;
  }
}

/** The call page takes the connection started for its session (null after a reload). */
export function takeCall(sessionId: string): CallConnection | null {
  if (current?.sessionId !== sessionId) return null;
  const call = current;
  current = null;
  return call;
}
