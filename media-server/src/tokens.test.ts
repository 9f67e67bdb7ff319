import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { CALL_ROOM } from './room-service';
import { newRoomName } from './rooms';
import {
  mintBoothToken,
  mintInterpreterToken,
  mintOperatorToken,
  mintSupervisorCoachToken,
  mintSupervisorJoinToken,
  mintSupervisorListenToken,
  TOKEN_TTL_SECONDS,
} from './tokens';

const credentials = { apiKey: 'APItest', apiSecret: 't'.repeat(43) };
const verifier = new TokenVerifier(credentials.apiKey, credentials.apiSecret);

/**
 * A call token's whole grant (compared with toEqual, so any privilege added to a minter fails):
 * that one room, subscribe, no metadata of its own; `sources` to publish (none: no publishing).
 */
const wholeGrant = (room: string, { sources, data, hidden }: { sources: string[]; data: boolean; hidden?: boolean }) => ({
  room,
  roomJoin: true,
  canPublish: sources.length > 0,
  ...(sources.length > 0 ? { canPublishSources: sources } : {}),
  canPublishData: data,
  canSubscribe: true,
  canUpdateOwnMetadata: false,
  ...(hidden === undefined ? {} : { hidden }),
});

describe('tokens', () => {
  it('lets a booth join its own room only, publish camera and microphone, send data and subscribe', async () => {
    const roomName = newRoomName();
    const claims = await verifier.verify(await mintBoothToken(credentials, { roomName, boothId: 'b1', name: 'Booth 1' }));
    expect(claims.sub).toBe('booth:b1');
    expect(claims.name).toBe('Booth 1');
    expect(claims.video).toMatchObject({ room: roomName, roomJoin: true, canPublish: true, canPublishData: true, canSubscribe: true });
    expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
    for (const admin of ['roomCreate', 'roomList', 'roomAdmin', 'roomRecord', 'ingressAdmin'] as const) {
      expect(claims.video?.[admin] ?? false).toBe(false);
    }
    expect(claims.video?.canUpdateOwnMetadata).toBe(false);
    expect(claims.video).toEqual(wholeGrant(roomName, { sources: ['camera', 'microphone'], data: true }));
    expect(claims.exp! - claims.nbf!).toBe(TOKEN_TTL_SECONDS);
  });

  it('gives the operator the assigned room and their display name for the resident to see', async () => {
    const roomName = newRoomName();
    const claims = await verifier.verify(
      await mintOperatorToken(credentials, { roomName, operatorId: 'o1', displayName: 'オペレーター 佐藤' }),
    );
    expect(claims.sub).toBe('operator:o1');
    expect(claims.name).toBe('オペレーター 佐藤');
    expect(claims.video).toMatchObject({ room: roomName, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
    expect(claims.video?.roomAdmin ?? false).toBe(false);
    expect(claims.video).toEqual(wholeGrant(roomName, { sources: ['camera', 'microphone'], data: true }));
  });

  describe('supervisor (issue 18): the least each mode needs', () => {
    const request = (roomName: string) => ({ roomName, supervisorId: 's1', workName: 'スーパーバイザー 高橋' });
    const noAdmin = { roomCreate: false, roomList: false, roomAdmin: false, roomRecord: false, ingressAdmin: false };
    const admin = (video: Record<string, unknown> | undefined) =>
      Object.fromEntries(Object.keys(noAdmin).map((k) => [k, (video?.[k] as boolean | undefined) ?? false]));

    it('listens hidden, subscribe only: no publishing, no data', async () => {
      const roomName = newRoomName();
      const claims = await verifier.verify(await mintSupervisorListenToken(credentials, request(roomName)));
      expect(claims.sub).toBe('supervisor:s1');
      expect(claims.video).toEqual(wholeGrant(roomName, { sources: [], data: false, hidden: true }));
      expect(admin(claims.video as never)).toEqual(noAdmin);
      expect(claims.attributes).toEqual({ role: 'supervisor', workName: 'スーパーバイザー 高橋' });
      expect(claims.exp! - claims.nbf!).toBe(TOKEN_TTL_SECONDS);
    });

    it('coaches with the microphone only, no data, and no role attribute (the booth shows nobody without one)', async () => {
      const roomName = newRoomName();
      const claims = await verifier.verify(await mintSupervisorCoachToken(credentials, request(roomName)));
      expect(claims.sub).toBe('supervisor:s1');
      expect(claims.video).toEqual(wholeGrant(roomName, { sources: ['microphone'], data: false, hidden: false }));
      expect(claims.attributes?.role).toBeUndefined();
    });

    it('joins visible with camera and microphone, still no data, named for the booth by role and work name', async () => {
      const roomName = newRoomName();
      const claims = await verifier.verify(await mintSupervisorJoinToken(credentials, request(roomName)));
      expect(claims.video).toEqual(wholeGrant(roomName, { sources: ['camera', 'microphone'], data: false, hidden: false }));
      expect(claims.name).toBe('スーパーバイザー 高橋');
      expect(claims.attributes).toEqual({ role: 'supervisor', workName: 'スーパーバイザー 高橋' });
    });
  });

  it('marks the operator for the booth strip: role operator and their work name', async () => {
    const claims = await verifier.verify(
      await mintOperatorToken(credentials, { roomName: newRoomName(), operatorId: 'o1', displayName: 'オペレーター 佐藤' }),
    );
    expect(claims.attributes).toEqual({ role: 'operator', workName: 'オペレーター 佐藤' });
  });

  it('lets an interpreter hear, see and speak in that one room, and nothing else', async () => {
    const roomName = newRoomName();
    const claims = await verifier.verify(
      await mintInterpreterToken(credentials, { roomName, interpreterId: 'i1', displayName: '通訳 Smith' }),
    );
    expect(claims.sub).toBe('interpreter:i1');
    expect(claims.name).toBe('通訳 Smith');
    expect(claims.attributes).toEqual({ role: 'interpreter', workName: '通訳 Smith' });
    // The whole grant, so any added privilege fails this test.
    expect(claims.video).toEqual(wholeGrant(roomName, { sources: ['camera', 'microphone'], data: false }));
    expect(claims.sip ?? {}).toEqual({});
    expect(claims.exp! - claims.nbf!).toBe(TOKEN_TTL_SECONDS);
  });

  it('lasts a minute, within the time a new room waits for its first participant', () => {
    expect(TOKEN_TTL_SECONDS).toBe(60);
    expect(TOKEN_TTL_SECONDS).toBeLessThan(CALL_ROOM.emptyTimeoutSeconds);
  });

  it('is refused by a server holding another secret', async () => {
    const token = await mintBoothToken(credentials, { roomName: newRoomName(), boothId: 'b1', name: 'B' });
    await expect(new TokenVerifier(credentials.apiKey, 'x'.repeat(43)).verify(token)).rejects.toThrow();
  });

  it('makes room names that do not repeat and carry 128 random bits', () => {
    const names = new Set(Array.from({ length: 1000 }, newRoomName));
    expect(names.size).toBe(1000);
    for (const name of names) expect(name).toMatch(/^mdg-[A-Za-z0-9_-]{22}$/);
  });
});
