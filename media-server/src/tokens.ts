import { boothIdentity, operatorIdentity } from '@madoguchi/db/call-contract';
import { AccessToken, TrackSource } from 'livekit-server-sdk';
import type { LiveKitCredentials } from './credentials';

/**
 * A token only has to last until its holder has connected: livekit-server hands every participant
 * a fresh token as it joins (and every 5 minutes after), which its reconnections use. A minute
 * covers a slow kiosk; a copied token is worth nothing for long, and nothing at all once the
 * session ends (its room is deleted and cannot be created again).
 */
export const TOKEN_TTL_SECONDS = 60;

export interface BoothTokenRequest {
  roomName: string;
  boothId: string;
  /** Name shown to the operator, e.g. the booth's location — never anything about the resident. */
  name: string;
}

export interface OperatorTokenRequest {
  roomName: string;
  operatorId: string;
  /** The operator's display name: residents must see it during the call. */
  displayName: string;
}

/** A call room's identities are the call contract's (the console and the kiosk tell each other apart by them). */
export { boothIdentity, operatorIdentity };

/**
 * A call has two participants, each limited to that one room: publish camera and microphone (no
 * screen share), send data, subscribe to the other side. Neither may create, list or administer
 * rooms, record, or change their own metadata.
 */
function mintCallToken(credentials: LiveKitCredentials, identity: string, name: string, roomName: string) {
  const token = new AccessToken(credentials.apiKey, credentials.apiSecret, { identity, name, ttl: TOKEN_TTL_SECONDS });
  token.addGrant({
    room: roomName,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    canPublishData: true,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
  });
  return token.toJwt();
}

/** The booth, named for the operator by its location — never by anything about the resident. */
export function mintBoothToken(credentials: LiveKitCredentials, request: BoothTokenRequest): Promise<string> {
  return mintCallToken(credentials, boothIdentity(request.boothId), request.name, request.roomName);
}

/** The operator who answered, under the display name the resident must see. */
export function mintOperatorToken(credentials: LiveKitCredentials, request: OperatorTokenRequest): Promise<string> {
  return mintCallToken(credentials, operatorIdentity(request.operatorId), request.displayName, request.roomName);
}
