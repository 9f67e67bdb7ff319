import { randomUUID } from 'node:crypto';
import { WebhookEvent, type WebhookEventNames } from 'livekit-server-sdk';

/**
 * A webhook as livekit-server delivers it (verified), for tests that hand it to
 * `sessions.recordLiveKitEvent` as the webhook route does. Dated now, to LiveKit's second.
 */
export function livekitEvent(event: WebhookEventNames, roomName: string, participantIdentity?: string): WebhookEvent {
  const delivered = new WebhookEvent({
    id: `EV_${randomUUID()}`,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    room: { name: roomName },
    ...(participantIdentity ? { participant: { identity: participantIdentity } } : {}),
  });
  delivered.event = event;
  return delivered;
}
