import { randomBytes } from 'node:crypto';

/** 128 random bits: room names cannot be guessed or enumerated. */
export function newRoomName(): string {
  return `mdg-${randomBytes(16).toString('base64url')}`;
}
