import { RoomServiceClient } from 'livekit-server-sdk';
import type { LiveKitCredentials } from './credentials';

function roomService(httpUrl: string, credentials: LiveKitCredentials) {
  return new RoomServiceClient(httpUrl, credentials.apiKey, credentials.apiSecret);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  ]);
}

/** True when livekit-server answers an authenticated API call (so the keys match too). */
export async function livekitReachable(httpUrl: string, credentials: LiveKitCredentials, timeoutMs = 2000) {
  const started = Date.now();
  try {
    await withTimeout(roomService(httpUrl, credentials).listRooms([]), timeoutMs);
    return { ok: true as const, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false as const, error: (error as Error).message };
  }
}

/** Ends a call for everyone in it: LiveKit disconnects both booth and operator. */
export async function closeRoom(httpUrl: string, credentials: LiveKitCredentials, roomName: string, timeoutMs = 3000) {
  try {
    await withTimeout(roomService(httpUrl, credentials).deleteRoom(roomName), timeoutMs);
  } catch (error) {
    // A room nobody joined yet does not exist; that is fine.
    if (!/not found|does not exist/i.test((error as Error).message)) throw error;
  }
}
