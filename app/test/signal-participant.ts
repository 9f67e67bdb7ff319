import { DisconnectReason, LeaveRequest, SignalRequest, SignalResponse } from '@livekit/protocol';
import WebSocket from 'ws';

/**
 * A participant that joins a LiveKit room through the signalling connection alone, as a browser's
 * first step does: livekit-server lists it in the room (RoomService) from its join, without WebRTC.
 * Enough for tests of who is in a room; publishing media needs a real client (the e2e's Chromium).
 */
export interface SignalParticipant {
  /** Its participant SID, from LiveKit's join response. */
  sid: string;
  /** Set once LiveKit sends a leave (e.g. DUPLICATE_IDENTITY: another join of the same identity) or closes the socket. */
  readonly thrownOut: string | null;
  /** Every other participant LiveKit has told this one of (join response and updates), by identity, with its attributes. */
  readonly seen: ReadonlyMap<string, Record<string, string>>;
  /** Leaves the way a client does (LeaveRequest), so LiveKit removes it at once. */
  leave(): Promise<void>;
  close(): void;
}

/**
 * Joins, or gives up after `timeoutMs` without LiveKit's join response and closes the socket, as
 * livekit-client does (so LiveKit sees the attempt abandoned).
 */
export async function joinBySignal(wsUrl: string, token: string, timeoutMs = 5_000): Promise<SignalParticipant> {
  const url = `${wsUrl.replace(/\/$/, '')}/rtc?access_token=${encodeURIComponent(token)}&protocol=16&sdk=js&auto_subscribe=0`;
  const ws = new WebSocket(url);
  ws.binaryType = 'nodebuffer';
  let thrownOut: string | null = null;
  const seen = new Map<string, Record<string, string>>();
  const sid = await new Promise<string>((resolve, reject) => {
    let joined = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no join response from LiveKit'));
    }, timeoutMs);
    ws.on('message', (data: Buffer) => {
      const response = SignalResponse.fromBinary(new Uint8Array(data));
      const told =
        response.message.case === 'join'
          ? response.message.value.otherParticipants
          : response.message.case === 'update'
            ? response.message.value.participants
            : [];
      for (const p of told) seen.set(p.identity, { ...p.attributes });
      if (response.message.case === 'join' && !joined) {
        joined = true;
        clearTimeout(timer);
        resolve(response.message.value.participant?.sid ?? '');
      } else if (response.message.case === 'leave' && joined) {
        thrownOut ??= `leave ${response.message.value.reason}`;
      }
    });
    ws.on('close', () => {
      clearTimeout(timer);
      if (joined) thrownOut ??= 'closed';
      else reject(new Error('closed before the join response'));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      if (!joined) reject(error);
    });
  });
  return {
    sid,
    get thrownOut() {
      return thrownOut;
    },
    seen,
    async leave() {
      const request = new SignalRequest({
        message: { case: 'leave', value: new LeaveRequest({ reason: DisconnectReason.CLIENT_INITIATED }) },
      });
      await new Promise<void>((resolve) => ws.send(request.toBinary(), () => resolve()));
      ws.close();
    },
    close() {
      ws.terminate();
    },
  };
}
