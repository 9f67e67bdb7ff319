import {
  boothIdentity,
  interpreterIdentity,
  operatorIdentity,
  type ParticipantAttributes,
  supervisorIdentity,
} from '@madoguchi/db/call-contract';
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
export { boothIdentity, interpreterIdentity, operatorIdentity, supervisorIdentity };

export interface InterpreterTokenRequest {
  roomName: string;
  interpreterId: string;
  /** The interpreter's display name (a work name): the booth shows it beside the operator's. */
  displayName: string;
}

/** Who a call token is for, and the least it may do in that one room. */
interface CallGrant {
  identity: string;
  name: string;
  roomName: string;
  /** `role` and `workName`, read by the booth's "people in this call" strip (none: not shown there). */
  attributes?: ParticipantAttributes;
  /** What it may publish (never a screen share); none: subscribe only. */
  sources: TrackSource[];
  /** Data, hence RPC to the booth and photo commands: the booth's and the operator's alone. */
  data: boolean;
  /** Hidden from the room's list (a listening supervisor); left out of the grant when not said. */
  hidden?: boolean;
}

/**
 * Every token of a call room: that one room, subscribe to the others, publish only `sources`; no
 * participant may create, list or administer rooms, record, or change their own metadata.
 */
function mintCallToken(credentials: LiveKitCredentials, grant: CallGrant): Promise<string> {
  const { identity, name, roomName, attributes, sources, data, hidden } = grant;
  const token = new AccessToken(credentials.apiKey, credentials.apiSecret, { identity, name, ttl: TOKEN_TTL_SECONDS, attributes });
  token.addGrant({
    room: roomName,
    roomJoin: true,
    canPublish: sources.length > 0,
    ...(sources.length > 0 ? { canPublishSources: sources } : {}),
    canPublishData: data,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
    ...(hidden === undefined ? {} : { hidden }),
  });
  return token.toJwt();
}

const CAMERA_AND_MICROPHONE = [TrackSource.CAMERA, TrackSource.MICROPHONE];

/** The booth, named for the operator by its location — never by anything about the resident. */
export function mintBoothToken(credentials: LiveKitCredentials, request: BoothTokenRequest): Promise<string> {
  return mintCallToken(credentials, {
    identity: boothIdentity(request.boothId),
    name: request.name,
    roomName: request.roomName,
    sources: CAMERA_AND_MICROPHONE,
    data: true,
  });
}

/** The operator who answered, under the display name the resident must see. */
export function mintOperatorToken(credentials: LiveKitCredentials, request: OperatorTokenRequest): Promise<string> {
  return mintCallToken(credentials, {
    identity: operatorIdentity(request.operatorId),
    name: request.displayName,
    roomName: request.roomName,
    attributes: { role: 'operator', workName: request.displayName },
    sources: CAMERA_AND_MICROPHONE,
    data: true,
  });
}

/**
 * The interpreter the operator asked for (issue 18, decision 0036): that one room; hear and see
 * the others (subscribe), speak and be seen (microphone and camera, nothing else — no screen
 * share); no data, hence no RPC to the booth and no photo commands; no metadata or attribute
 * changes of their own. Named and marked `role: interpreter` for the booth's strip.
 */
export function mintInterpreterToken(credentials: LiveKitCredentials, request: InterpreterTokenRequest): Promise<string> {
  return mintCallToken(credentials, {
    identity: interpreterIdentity(request.interpreterId),
    name: request.displayName,
    roomName: request.roomName,
    attributes: { role: 'interpreter', workName: request.displayName },
    sources: CAMERA_AND_MICROPHONE,
    data: false,
  });
}

export interface SupervisorTokenRequest {
  roomName: string;
  supervisorId: string;
  /** The supervisor's work name (the account's display name): shown to the resident once they join. */
  workName: string;
}

/**
 * A supervisor's way into someone else's call (issue 18, decision 0037), one token per mode, each
 * the least it needs; none may send data (the booth's RPC and commands are the operator's), share
 * a screen, change its own metadata or administer rooms. Every participant but the booth carries
 * the attributes `role` and `workName` (the booth's "people in this call" strip reads them),
 * except the coach, who must not appear on the booth at all.
 */
function mintSupervisorToken(
  credentials: LiveKitCredentials,
  request: SupervisorTokenRequest,
  mode: { hidden: boolean; sources: TrackSource[]; shown: boolean },
) {
  return mintCallToken(credentials, {
    identity: supervisorIdentity(request.supervisorId),
    name: request.workName,
    roomName: request.roomName,
    ...(mode.shown ? { attributes: { role: 'supervisor', workName: request.workName } } : {}),
    sources: mode.sources,
    data: false,
    hidden: mode.hidden,
  });
}

/** Listening in: hidden from everyone in the room (booth and operator alike), subscribe only. */
export function mintSupervisorListenToken(credentials: LiveKitCredentials, request: SupervisorTokenRequest): Promise<string> {
  return mintSupervisorToken(credentials, request, { hidden: true, sources: [], shown: true });
}

/**
 * Coaching: the microphone only. LiveKit does not let a hidden participant publish, so the coach
 * is in the room's list, without the `role` attribute (the booth shows nobody without it); the
 * coach's client allows only the operator to subscribe (`setTrackSubscriptionPermissions`), so
 * the booth can never receive the coach's voice.
 */
export function mintSupervisorCoachToken(credentials: LiveKitCredentials, request: SupervisorTokenRequest): Promise<string> {
  return mintSupervisorToken(credentials, request, { hidden: false, sources: [TrackSource.MICROPHONE], shown: false });
}

/** Joined: seen and heard by the resident, shown on the booth as a supervisor by work name. */
export function mintSupervisorJoinToken(credentials: LiveKitCredentials, request: SupervisorTokenRequest): Promise<string> {
  return mintSupervisorToken(credentials, request, {
    hidden: false,
    sources: CAMERA_AND_MICROPHONE,
    shown: true,
  });
}
