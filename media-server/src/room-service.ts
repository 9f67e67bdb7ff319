import { RoomServiceClient } from 'livekit-server-sdk';
import type { LiveKitCredentials } from './credentials';

function roomService(httpUrl: string, credentials: LiveKitCredentials) {
  return new RoomServiceClient(httpUrl, credentials.apiKey, credentials.apiSecret);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
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

/**
 * A call's room, as the app creates it (livekit-server runs with `room.auto_create: false`, so a
 * token alone can never bring a room into being).
 */
export const CALL_ROOM = {
  /** The booth, the operator and an interpreter they asked for (issue 18); a fourth is refused. */
  maxParticipants: 3,
  /**
   * Seconds the room waits for its first participant. The booth joins as soon as it has its
   * token (TOKEN_TTL_SECONDS), so a room still empty after this belongs to a booth that never
   * came: LiveKit closes it and its room_finished webhook ends the session.
   */
  emptyTimeoutSeconds: 120,
  /** Seconds the room stays open after the last participant left: room for a reconnect. */
  departureTimeoutSeconds: 20,
} as const;

/** The rooms of calls, through LiveKit's RoomService. */
export interface CallRooms {
  /** Creates the room of a call that is starting; rejects when LiveKit cannot (the call cannot start). */
  create(roomName: string): Promise<void>;
  /** Deletes a room, disconnecting everyone in it; a room that is already gone is fine. */
  delete(roomName: string): Promise<void>;
  /** The rooms that exist now. */
  list(): Promise<ListedRoom[]>;
  /**
   * Who is in a room now and the sources of the tracks each publishes (LiveKit's TrackSource as a
   * string, as the webhooks record it); an empty list when the room is gone.
   */
  participants(roomName: string): Promise<RoomParticipant[]>;
}

export interface ListedRoom {
  name: string;
  /** When LiveKit created it, on LiveKit's clock (ms). */
  createdAt: number;
}

export interface RoomParticipant {
  identity: string;
  trackSources: string[];
}

export function livekitRooms(httpUrl: string, credentials: LiveKitCredentials, timeoutMs = 3000): CallRooms {
  const client = roomService(httpUrl, credentials);
  return {
    async create(roomName) {
      await withTimeout(
        client.createRoom({
          name: roomName,
          maxParticipants: CALL_ROOM.maxParticipants,
          emptyTimeout: CALL_ROOM.emptyTimeoutSeconds,
          departureTimeout: CALL_ROOM.departureTimeoutSeconds,
        }),
        timeoutMs,
      );
    },
    async delete(roomName) {
      const gone = (error: unknown) => /not found|does not exist/i.test((error as Error).message);
      try {
        await withTimeout(client.deleteRoom(roomName), timeoutMs);
      } catch (error) {
        // Already closed (by LiveKit's timeouts, or an earlier delete): that is the goal.
        if (gone(error)) return;
        // In a cluster, a room whose node died stays in LiveKit's shared store, and DeleteRoom goes
        // to that node until something moves the room: CreateRoom places it on a live node once
        // LiveKit counts the old one dead (5 s without stats), then it can be deleted.
        try {
          await withTimeout(client.createRoom({ name: roomName }), timeoutMs);
          await withTimeout(client.deleteRoom(roomName), timeoutMs);
        } catch (again) {
          if (!gone(again)) throw error;
        }
      }
    },
    async list() {
      return (await withTimeout(client.listRooms(), timeoutMs)).map((room) => ({
        name: room.name,
        createdAt: Number(room.creationTimeMs) || Number(room.creationTime) * 1000,
      }));
    },
    async participants(roomName) {
      try {
        const listed = await withTimeout(client.listParticipants(roomName), timeoutMs);
        return listed.map((p) => ({ identity: p.identity, trackSources: p.tracks.map((t) => String(t.source)) }));
      } catch (error) {
        if (/not found|does not exist/i.test((error as Error).message)) return [];
        throw error;
      }
    },
  };
}
