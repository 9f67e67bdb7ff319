import type { CallRooms, RoomParticipant } from '@madoguchi/media-server';

export interface MemoryRooms extends CallRooms {
  /** The rooms that exist: created and not deleted since. */
  readonly names: Set<string>;
  /** When each room was created (ms); a test may date one back. */
  readonly createdAt: Map<string, number>;
  /** Who is in each room, as a test puts them there (LiveKit's participants and their tracks). */
  readonly people: Map<string, RoomParticipant[]>;
  /** While true, every call is refused, as when LiveKit is down. */
  failing: boolean;
}

/**
 * LiveKit's rooms held in memory, for tests that run without a media server. The real RoomService
 * is exercised against livekit-server in app/server/calls/session-rooms.test.ts.
 */
export function memoryRooms(): MemoryRooms {
  const rooms: MemoryRooms = {
    names: new Set<string>(),
    createdAt: new Map(),
    people: new Map(),
    failing: false,
    async create(roomName) {
      refuse();
      if (!rooms.names.has(roomName)) rooms.createdAt.set(roomName, Date.now());
      rooms.names.add(roomName);
    },
    async delete(roomName) {
      refuse();
      rooms.names.delete(roomName);
      rooms.createdAt.delete(roomName);
      rooms.people.delete(roomName);
    },
    async list() {
      refuse();
      return [...rooms.names].map((name) => ({ name, createdAt: rooms.createdAt.get(name) ?? 0 }));
    },
    async participants(roomName) {
      refuse();
      return rooms.names.has(roomName) ? (rooms.people.get(roomName) ?? []) : [];
    },
    async removeParticipant(roomName, identity) {
      refuse();
      const people = rooms.people.get(roomName);
      if (people)
        rooms.people.set(
          roomName,
          people.filter((p) => p.identity !== identity),
        );
    },
  };
  const refuse = () => {
    if (rooms.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:9');
  };
  return rooms;
}
