import { randomBytes } from 'node:crypto';

/** Every room the app creates is named with this prefix; rooms without it are not ours to delete. */
export const ROOM_PREFIX = 'mdg-';

/** 128 random bits: room names cannot be guessed or enumerated. */
export function newRoomName(): string {
  return `${ROOM_PREFIX}${randomBytes(16).toString('base64url')}`;
}

export function isCallRoom(name: string): boolean {
  return name.startsWith(ROOM_PREFIX);
}
