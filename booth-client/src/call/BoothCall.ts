/**
 * One call at the booth, from joining the LiveKit room (right after the session is created, while
 * the resident waits) to leaving it. Owns the Room: publishes camera and microphone, answers the
 * operator's RPCs (guidance cards, PIN privacy), falls back to low-resolution video on a poor
 * link, records what happened as session events, follows the session's state on the server, and
 * hands React a snapshot to render (useSyncExternalStore).
 *
 * PIN privacy: while `pinPrivacy` is on the camera track is unpublished and stopped, and any
 * camera publication that appears anyway (a publish still in flight, a reconnect) is unpublished
 * at once — the operator receives no video frames until the resident taps "done" or the operator
 * ends the PIN step. The booth never asks for, shows or stores a PIN.
 */

import type { PhotoInstruction } from '@madoguchi/db/call-contract';
import type { LinkView } from '@madoguchi/media-server/call-link';
import { currentToken, disconnectReasonName, publishAgain, rejoinRoom, watchMediaServer } from '@madoguchi/media-server/call-link-room';
import { callConnectOptions, callIsOver, callReconnectPolicy, rejoins } from '@madoguchi/media-server/call-reconnect';
import {
  ConnectionQuality,
  DisconnectReason,
  type LocalTrack,
  LocalTrackPublication,
  Participant,
  RemoteParticipant,
  Room,
  RoomEvent,
  type RoomEventCallbacks,
  type RoomOptions,
  RpcError,
  Track,
  VideoPresets,
} from 'livekit-client';
import type { BoothEventType, ConnectionDetails, EventDetail, QueueState } from '../api';
import { announceLinkBack } from '../health/link-back';
import type { GuidanceCardKey } from '../journey/vocabulary';
import { repeatAfter } from '../repeat';
import { BoothLink } from './link';
import { cameraCapture, takeBoothMedia } from './local-media';
import { initialPhotoState, type PhotoApi, type PhotoState, PhotoStep } from './photo/PhotoStep';
import {
  cameraSample,
  initialLayerWatch,
  initialQuality,
  type LayerWatch,
  type LiveKitQuality,
  layersAtDegrade,
  layersAtRecover,
  onLayerSample,
  onQuality,
  type QualityState,
  type SenderStatEntry,
} from './quality';
import {
  boothMethods,
  captureAnswer,
  operatorMethods,
  parseCapturePayload,
  parseGuidancePayload,
  parsePhotoModePayload,
  parsePhotoShowPayload,
  photoGuidancePayload,
  pickOperator,
  qualityPayload,
} from './rpc';

/**
 * How a session the server ended shows on the booth: after the call as the operator's end; before
 * an operator ever came (the server gave the booth up) as a lost link.
 */
export const endOfSession = (snapshot: Pick<CallSnapshot, 'operator'>): 'ended' | 'lost' => (snapshot.operator === null ? 'lost' : 'ended');

/**
 * How a room closed by the server (the session ended) shows on the booth: the operator's end,
 * unless nobody answered or the operator's media never connected (the booth already says so,
 * link.ts `failed`): then a lost link, not a finished call.
 */
export const endOfRoom = (snapshot: Pick<CallSnapshot, 'link'>): 'ended' | 'lost' =>
  snapshot.link === null || snapshot.link.status === 'failed' ? 'lost' : 'ended';

/**
 * What the booth publishes again after joining its room again (a livekit-server restart): the
 * microphone always, the camera never while the PIN step is on — it comes back when the step ends.
 */
export const rejoinPublishes = (snapshot: Pick<CallSnapshot, 'pinPrivacy'>): ('microphone' | 'camera')[] =>
  snapshot.pinPrivacy ? ['microphone'] : ['microphone', 'camera'];

export interface CallSnapshot {
  connection: 'connecting' | 'connected' | 'reconnecting' | 'ended';
  quality: LiveKitQuality;
  degraded: boolean;
  pinPrivacy: boolean;
  guidance: GuidanceCardKey | null;
  /** The session's state on the server, last asked (place in the queue while waiting). */
  queue: QueueState | null;
  /** The operator once they have joined; kept (name shown) for the whole call even if they drop. */
  operator: { identity: string; name: string } | null;
  operatorPresent: boolean;
  /** The photo step (photo/PhotoStep.ts). */
  photo: PhotoState;
  /** The call's connection (link.ts) once the operator has answered; null before. */
  link: LinkView | null;
}

/** While waiting: the place in the queue, asked every 2 s. */
export const QUEUE_POLL_MS = 2_000;
/** In the call, while the operator is missing from the room: is the session still on? */
export const SESSION_CHECK_MS = 3_000;

/**
 * How often the booth asks the server for its session's state (null: not now). While waiting, for
 * the place in the queue; in the call only while the operator is missing from the room — the
 * room's end normally tells the booth at once, but a reconnection as the session ends can land in
 * a fresh, empty room. Either way the server's `ended` ends the call on the booth.
 */
export function sessionPollMs(snapshot: Pick<CallSnapshot, 'connection' | 'operator' | 'operatorPresent'>): number | null {
  if (snapshot.connection === 'ended') return null;
  if (snapshot.operator === null) return QUEUE_POLL_MS;
  return snapshot.operatorPresent ? null : SESSION_CHECK_MS;
}

export interface BoothCallOptions {
  connection: ConnectionDetails;
  /** Record a session event (fire and forget). */
  record: (type: BoothEventType, detail?: EventDetail) => void;
  /** The room is gone: `ended` when the operator/server closed it, `lost` when the link failed. */
  onEnded: (how: 'ended' | 'lost') => void;
  /** Upload and fetch of the application photo for this session. */
  photos?: PhotoApi;
  /** The session's state on the server (GET …/queue). */
  session?: () => Promise<QueueState>;
  now?: () => number;
}

const roomOptions: RoomOptions = {
  // The operator's layer follows the element's size and LiveKit's congestion control of this
  // booth's downlink. Measured (bench:call, decision 0020): without it the first frame's tail was
  // longer — forwarding began at once and more often on a frame the decoder could not start from,
  // costing a keyframe request.
  adaptiveStream: true,
  // Off: the booth sends every layer its bandwidth allows, whatever the console asks for. The
  // fallback no longer switches layers off (an encoder limited to its lowest layer kept WebRTC's
  // estimate at ~180 kbit/s on a good line, decision 0020); a booth call has one subscriber anyway.
  dynacast: false,
  videoCaptureDefaults: cameraCapture,
  publishDefaults: { simulcast: true, videoSimulcastLayers: [VideoPresets.h180, VideoPresets.h360] },
  // Retries about a second apart for as long as the call survives a cut (call-reconnect.ts).
  reconnectPolicy: callReconnectPolicy,
  // When livekit-client gives up on the room (a livekit-server restart) the call joins it again
  // and publishes the same camera and microphone: they must outlive that disconnect. Every
  // deliberate unpublish (PIN privacy) and every end stops them itself.
  stopLocalTrackOnUnpublish: false,
};

const RPC_BAD_PAYLOAD = 2400;

export class BoothCall {
  readonly room = new Room(roomOptions);
  private snapshot: CallSnapshot = {
    connection: 'connecting',
    quality: 'unknown',
    degraded: false,
    pinPrivacy: false,
    guidance: null,
    queue: null,
    operator: null,
    operatorPresent: false,
    photo: initialPhotoState,
    link: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];
  private quality: QualityState = initialQuality;
  /** Samples the camera's sent layers every second, from a fallback until the top layer flows again. */
  private layerTimer: ReturnType<typeof setInterval> | null = null;
  private layers: LayerWatch = initialLayerWatch;
  private stopped = false;
  /** Joining the room again after livekit-client gave up (handleDisconnected). */
  private rejoining = false;
  /**
   * The microphone and camera last published, by source: a disconnect takes them out of the
   * room's publications (handleDisconnect) but, not stopped, they can be published again.
   */
  private readonly published = new Map<Track.Source, LocalTrack>();
  private readonly now: () => number;
  /** The running poll of the session's state, and its interval. */
  private watch: { ms: number; stop: () => void } | null = null;

  private readonly photo: PhotoStep | null;
  private readonly link: BoothLink;

  constructor(private readonly options: BoothCallOptions) {
    this.now = options.now ?? Date.now;
    this.link = new BoothLink(this.room, this.now, (link) => {
      this.set({ link });
      // Cut or never connected for the whole limit: the call is over (recorded as dropped).
      if (link.giveUp && !this.stopped && this.snapshot.connection !== 'ended') this.end('lost');
    });
    this.photo = options.photos
      ? new PhotoStep({
          api: options.photos,
          // The camera's own track, not what the WebRTC sender makes of it.
          cameraTrack: () => this.room.localParticipant.getTrackPublication(Track.Source.Camera)?.track?.mediaStreamTrack,
          cameraBlocked: () => this.snapshot.pinPrivacy,
          onChange: (photo) => this.set({ photo }),
        })
      : null;
  }

  // --- React ------------------------------------------------------------------------------------

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private set(patch: Partial<CallSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    this.followSession();
    for (const listener of this.listeners) listener();
  }

  // --- the session on the server ----------------------------------------------------------------

  /** Starts, changes or stops the poll of the session's state to match sessionPollMs. */
  followSession() {
    const ms = this.stopped || !this.options.session ? null : sessionPollMs(this.snapshot);
    if (this.watch?.ms === ms) return;
    this.watch?.stop();
    this.watch = null;
    if (ms === null) return;
    const ask = this.options.session!;
    this.watch = {
      ms,
      stop: repeatAfter(async (alive) => {
        try {
          const state = await ask();
          if (!alive()) return null;
          if (state.status === 'ended') {
            this.sessionEnded();
            return null;
          }
          // Answered: the operator's media is expected from now on.
          if (state.status === 'active') this.link.start();
          this.set({ queue: state });
        } catch {
          // unreachable for now: ask again
        }
        return ms;
      }),
    };
  }

  // --- lifecycle --------------------------------------------------------------------------------

  async start(): Promise<void> {
    const { room } = this;
    this.followSession();
    room.registerRpcMethod(boothMethods.guidanceShow, async ({ payload }) => {
      const card = parseGuidancePayload(payload);
      if (!card) throw new RpcError(RPC_BAD_PAYLOAD, 'unknown guidance card');
      this.set({ guidance: card });
      this.options.record('guidance-shown', { card });
      return 'ok';
    });
    room.registerRpcMethod(boothMethods.pinStart, async () => {
      await this.startPinPrivacy();
      return 'ok';
    });
    room.registerRpcMethod(boothMethods.pinEnd, async () => {
      await this.finishPin('operator');
      return 'ok';
    });
    room.registerRpcMethod(boothMethods.photoMode, async ({ payload }) => {
      const on = parsePhotoModePayload(payload);
      if (on === null || !this.photo) throw new RpcError(RPC_BAD_PAYLOAD, 'bad photo mode');
      this.photo.setMode(on);
      if (on) this.set({ guidance: null });
      return 'ok';
    });
    room.registerRpcMethod(boothMethods.photoCapture, async ({ payload }) => {
      const request = parseCapturePayload(payload);
      if (!request || !this.photo) throw new RpcError(RPC_BAD_PAYLOAD, 'bad capture request');
      return captureAnswer(await this.photo.capture(request.countdownSeconds));
    });
    room.registerRpcMethod(boothMethods.photoShow, async ({ payload }) => {
      const photoId = parsePhotoShowPayload(payload);
      if (!photoId || !this.photo) throw new RpcError(RPC_BAD_PAYLOAD, 'bad photo id');
      await this.photo.show(photoId);
      return 'ok';
    });
    this.unsubscribe.push(() => {
      for (const method of Object.values(boothMethods)) room.unregisterRpcMethod(method);
    });

    this.on(RoomEvent.Reconnecting, () => {
      this.set({ connection: 'reconnecting' });
      this.options.record('reconnecting');
    });
    this.on(RoomEvent.Reconnected, () => {
      this.set({ connection: 'connected' });
      this.options.record('reconnected');
      // The link is back: the heartbeat goes now, not at its next interval (health/beats.ts).
      announceLinkBack('livekit');
    });
    this.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => this.handleDisconnected(reason));
    this.on(RoomEvent.ConnectionQualityChanged, (quality: ConnectionQuality, participant: Participant) => {
      if (participant.isLocal) this.handleQuality(quality as LiveKitQuality);
    });
    this.on(RoomEvent.ParticipantConnected, () => this.updateOperator());
    this.on(RoomEvent.ParticipantDisconnected, () => this.updateOperator());
    this.on(RoomEvent.ParticipantNameChanged, () => this.updateOperator());
    this.on(RoomEvent.LocalTrackPublished, (publication: LocalTrackPublication) => {
      if (publication.track) this.published.set(publication.source, publication.track);
      this.guardPublication(publication);
    });

    // Camera and microphone (opened as the call was requested) are published as the room connects:
    // livekit-client holds them until the signalling is up. Each on its own: a missing camera must
    // not keep the microphone off, nor the other way round.
    const media = takeBoothMedia();
    const joined = room.connect(this.options.connection.serverUrl, this.options.connection.participantToken, callConnectOptions);
    void media.then((tracks) => this.publishLocal(tracks));
    try {
      await joined;
    } catch {
      if (!this.stopped) this.end('lost');
      return;
    }
    if (this.stopped) return;
    this.set({ connection: 'connected' });
    this.options.record('connected');
    this.updateOperator();
    // Its LiveKit node dead while the signalling still looks alive: reconnect now (call-reconnect.ts).
    this.unsubscribe.push(watchMediaServer(room, { serverUrl: this.options.connection.serverUrl }));
  }

  private async publishLocal(tracks: LocalTrack[]) {
    if (this.stopped) {
      for (const track of tracks) track.stop();
      return;
    }
    await Promise.allSettled(tracks.map((track) => this.room.localParticipant.publishTrack(track)));
    // Left while publishing: nothing may keep the camera on.
    if (this.stopped) for (const track of tracks) track.stop();
  }

  /** The server says the session is over while the room still looks open (endOfSession says how). */
  sessionEnded(): void {
    if (this.stopped || this.snapshot.connection === 'ended') return;
    this.end(endOfSession(this.snapshot));
  }

  /** Leave the room and release camera and microphone. Nothing is reported after this. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.followSession();
    this.link.stop();
    this.stopLayerWatch();
    this.photo?.dispose();
    for (const off of this.unsubscribe.splice(0)) off();
    this.listeners.clear();
    await this.room.disconnect(true).catch(() => undefined);
    this.stopLocalTracks();
  }

  private on<E extends keyof RoomEventCallbacks>(event: E, handler: RoomEventCallbacks[E]) {
    this.room.on(event, handler);
    this.unsubscribe.push(() => this.room.off(event, handler));
  }

  private stopLocalTracks() {
    for (const publication of this.room.localParticipant.trackPublications.values()) publication.track?.stop();
    // Those a disconnect unpublished without stopping them (stopLocalTrackOnUnpublish: false).
    for (const track of this.published.values()) track.stop();
    this.published.clear();
  }

  private handleDisconnected(reason: DisconnectReason | undefined) {
    // A failed attempt of the rejoin below: the rejoin decides.
    if (this.stopped || this.rejoining || this.snapshot.connection === 'ended') return;
    const name = disconnectReasonName(reason);
    // The server takes LiveKit's reason names or 'unknown' only (decision 0017): never a bare number.
    this.options.record('disconnected', { reason: name ?? 'unknown' });
    // Only a room that was joined is joined again: a first join that fails ends as before (start).
    if (rejoins(name) && this.snapshot.connection !== 'connecting') {
      void this.rejoin(name);
      return;
    }
    this.end(callIsOver(name) ? endOfRoom(this.snapshot) : 'lost');
  }

  /**
   * livekit-client gave up on the room for a reason that may pass: after a livekit-server restart
   * its reconnect is refused until the app has created the room again. The call is not over: join
   * again about every second (call-reconnect.ts) while saying "reconnecting"; end it as lost only
   * when that fails for CALL_REJOIN.limitMs (or the link's own limit ends it first).
   */
  private async rejoin(reason: string | undefined) {
    this.rejoining = true;
    this.set({ connection: 'reconnecting' });
    const cancelled = () => this.stopped || this.snapshot.connection === 'ended';
    const joined = await rejoinRoom(this.room, {
      url: this.options.connection.serverUrl,
      token: currentToken(this.room, this.options.connection.participantToken),
      reason,
      disconnectedAt: this.now(),
      cancelled,
      connectOptions: callConnectOptions,
      now: this.now,
    });
    this.rejoining = false;
    if (cancelled()) return;
    if (!joined) {
      this.end('lost');
      return;
    }
    this.set({ connection: 'connected' });
    this.options.record('reconnected');
    announceLinkBack('livekit');
    this.updateOperator();
    await this.republish();
  }

  /**
   * After a rejoin the room has no publication of ours: the microphone, and the camera unless the
   * PIN step is on (it stays off until the step ends, which publishes it, finishPin). A track that
   * was stopped meanwhile is opened again.
   */
  private async republish() {
    await publishAgain(this.room, [...this.published.values()], rejoinPublishes(this.snapshot));
    if (this.stopped) this.stopLocalTracks();
  }

  private end(how: 'ended' | 'lost') {
    this.link.stop();
    this.stopLayerWatch();
    this.photo?.dispose();
    this.stopLocalTracks();
    this.set({ connection: 'ended', photo: initialPhotoState });
    this.options.onEnded(how);
  }

  // --- the operator -----------------------------------------------------------------------------

  private operatorParticipant(): RemoteParticipant | undefined {
    return pickOperator(this.room.remoteParticipants.values());
  }

  private updateOperator() {
    const operator = this.operatorParticipant();
    if (operator) {
      this.link.start();
      // A new operator (one who came, or a supervisor who took the call over): named from now on.
      const joined = !this.snapshot.operatorPresent || this.snapshot.operator?.identity !== operator.identity;
      this.set({ operator: { identity: operator.identity, name: operator.name || '' }, operatorPresent: true });
      // Someone who joins a degraded call (or one still climbing back to its top layer) hears of it at once.
      if (joined && this.quality.reported !== null && (this.quality.reported !== 'good' || this.layers.sending !== null))
        this.tellOperatorQuality();
    } else if (this.snapshot.operatorPresent) {
      this.set({ operatorPresent: false });
    }
  }

  private async callOperator(method: string, payload = '') {
    const operator = this.operatorParticipant();
    if (!operator || this.stopped) return;
    await this.room.localParticipant.performRpc({ destinationIdentity: operator.identity, method, payload }).catch(() => undefined);
  }

  private tellOperatorQuality() {
    const reported = this.quality.reported;
    if (reported)
      void this.callOperator(operatorMethods.qualityChanged, qualityPayload(reported, this.quality.degraded, this.layers.sending));
  }

  /** The photo step's preview guidance (photo/guidance.ts) changed: the operator's ready light follows it. */
  tellPhotoGuidance = (instruction: PhotoInstruction) => {
    void this.callOperator(operatorMethods.photoGuidance, photoGuidancePayload(instruction));
  };

  // --- guidance cards ---------------------------------------------------------------------------

  dismissGuidance = () => this.set({ guidance: null });

  // --- PIN privacy ------------------------------------------------------------------------------

  private async startPinPrivacy() {
    if (this.snapshot.pinPrivacy) return;
    // The flag first: from now on any camera publication is taken down (guardPublication).
    this.set({ pinPrivacy: true, guidance: null });
    await this.unpublishCamera();
    this.options.record('pin-privacy-on');
  }

  /** The resident tapped "done" (tells the operator) or the operator ended the PIN step. */
  finishPin = async (by: 'resident' | 'operator') => {
    if (!this.snapshot.pinPrivacy || this.stopped) return;
    this.set({ pinPrivacy: false });
    await this.room.localParticipant.setCameraEnabled(true).catch(() => undefined);
    if (by === 'resident') await this.callOperator(operatorMethods.pinDone);
    this.options.record('pin-privacy-off', { by });
  };

  private async unpublishCamera() {
    const publication = this.room.localParticipant.getTrackPublication(Track.Source.Camera);
    if (publication?.track) {
      await this.room.localParticipant.unpublishTrack(publication.track, true).catch(() => {
        // Could not unpublish: at least stop the camera so no frame can be sent.
        publication.track?.stop();
      });
    }
  }

  private guardPublication(publication: LocalTrackPublication) {
    if (publication.source !== Track.Source.Camera) return;
    if (this.snapshot.pinPrivacy) {
      void this.unpublishCamera();
      return;
    }
  }

  // --- connection quality -----------------------------------------------------------------------

  private handleQuality(quality: LiveKitQuality | null, estimateKbps: number | null = null) {
    if (this.stopped) return;
    const decision = onQuality(this.quality, quality, this.now(), estimateKbps);
    this.quality = decision.state;
    if (quality !== null) this.set({ quality });
    if (decision.degrade) {
      this.layers = layersAtDegrade(this.layers);
      this.link.setDegraded(true);
      this.set({ degraded: true });
      this.options.record('degraded', { quality: decision.state.reported ?? 'unknown' });
    }
    if (decision.recover) {
      // The console asks for the layer that flows now, not the top one (quality.ts).
      this.layers = layersAtRecover(this.layers);
      this.link.setDegraded(false);
      this.set({ degraded: false });
      this.options.record('recovered');
    }
    if (decision.qualityChanged) this.options.record('quality-changed', { quality: decision.state.reported ?? 'unknown' });
    if (decision.qualityChanged || decision.degrade || decision.recover) this.tellOperatorQuality();
    // While degraded look again every second (recovery needs the link good for a while); after it,
    // follow the layers until the top one flows (layerTick stops the watch).
    if (this.quality.degraded) this.layerTimer ??= setInterval(() => void this.layerTick(), 1000);
  }

  private stopLayerWatch() {
    if (this.layerTimer) clearInterval(this.layerTimer);
    this.layerTimer = null;
  }

  private async layerTick() {
    const sample = await this.cameraSample();
    if (this.stopped) return;
    const { watch, tell, stop } = onLayerSample(this.layers, sample?.layers ?? null, this.quality.degraded);
    this.layers = watch;
    if (this.quality.degraded) return this.handleQuality(null, sample?.estimateKbps ?? null);
    if (tell) this.tellOperatorQuality();
    if (stop) this.stopLayerWatch();
  }

  /**
   * The camera sender's simulcast layers (frames sent so far) and WebRTC's estimate of what the
   * booth can send; no layers with no camera published, null when its stats cannot be read.
   */
  private async cameraSample(): Promise<ReturnType<typeof cameraSample> | null> {
    const sender = this.room.localParticipant.getTrackPublication(Track.Source.Camera)?.videoTrack?.sender;
    if (!sender) return { layers: [], estimateKbps: null };
    try {
      const entries: SenderStatEntry[] = [];
      (await sender.getStats()).forEach((entry: SenderStatEntry) => entries.push(entry));
      return cameraSample(entries);
    } catch {
      return null;
    }
  }
}
