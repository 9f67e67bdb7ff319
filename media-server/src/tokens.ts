import { AccessToken, TrackSource } from 'livekit-server-sdk';
import type { LiveKitCredentials } from './credentials';

/** Long enough to connect; LiveKit refreshes the token of a connected participant itself. */
export const TOKEN_TTL_SECONDS = 5 * 60;

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

export const boothIdentity = (boothId: string) => `booth:${boothId}`;
export const operatorIdentity = (operatorId: string) => `operator:${operatorId}`;

/**
 * Booth: its own room only; publishes camera and microphone (no screen share), sends data, and
 * subscribes to the operator. It cannot create or list rooms, or change its own metadata.
 */
export async function mintBoothToken(credentials: LiveKitCredentials, request: BoothTokenRequest): Promise<string> {
  const token = new AccessToken(credentials.apiKey, credentials.apiSecret, {
    identity: boothIdentity(request.boothId),
    name: request.name,
    ttl: TOKEN_TTL_SECONDS,
  });
  token.addGrant({
    room: request.roomName,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    canPublishData: true,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
  });
  return token.toJwt();
}

/** Operator: the assigned room only; publishes camera/microphone, subscribes, sends data. */
export async function mintOperatorToken(
  credentials: LiveKitCredentials,
  request: OperatorTokenRequest,
): Promise<string> {
  const token = new AccessToken(credentials.apiKey, credentials.apiSecret, {
    identity: operatorIdentity(request.operatorId),
    name: request.displayName,
    ttl: TOKEN_TTL_SECONDS,
  });
  token.addGrant({
    room: request.roomName,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    canPublishData: true,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
  });
  return token.toJwt();
}
