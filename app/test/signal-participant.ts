import { DisconnectReason, LeaveRequest, SignalRequest, SignalResponse } from '@livekit/protocol';
import WebSocket from 'ws';

/**
 * A participant that joins a LiveKit room through the signalling connection alone, as a browser's
 * first step does: livekit-server lists it in the room (RoomService) from its join, without WebRTC.
 * Enough for tests of who is in a room; publishing media needs a real client (the e2e's Chromium).
 */
export interface SignalParticipant {
  /** Leaves the way a client does (LeaveRequest), so LiveKit removes it at once. */
  leave(): Promise<void>;
  close(): void;
}

export async function joinBySignal(wsUrl: string, token: string, timeoutMs = 5_000): Promise<SignalParticipant> {
  const url = `${wsUrl.replace(/\/$/, '')}/rtc?access_token=${encodeURIComponent(token)}&protocol=16&sdk=js&auto_subscribe=0`;
  const ws = new WebSocket(url);
  ws.binaryType = 'nodebuffer';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no join response from LiveKit')), timeoutMs);
    ws.on('message', (data: Buffer) => {
      const response = SignalResponse.fromBinary(new Uint8Array(data));
      if (response.message.case === 'join') {
        clearTimeout(timer);
        resolve();
      }
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return {
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
