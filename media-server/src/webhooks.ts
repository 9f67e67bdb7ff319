import { type WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import type { LiveKitCredentials } from './credentials';

/** Why a participant left (the values are the same in every @livekit/protocol version). */
export { DisconnectReason } from '@livekit/protocol';
export type { WebhookEvent };

export class WebhookSignatureError extends Error {}

/**
 * Verifies a LiveKit webhook: the Authorization header is a JWT signed with our API secret whose
 * sha256 claim must match the raw body. Anything else is rejected.
 */
export function createWebhookVerifier(credentials: LiveKitCredentials) {
  const receiver = new WebhookReceiver(credentials.apiKey, credentials.apiSecret);
  return async (rawBody: string, authorization: string | undefined): Promise<WebhookEvent> => {
    if (!authorization) throw new WebhookSignatureError('missing Authorization header');
    try {
      return await receiver.receive(rawBody, authorization);
    } catch (error) {
      throw new WebhookSignatureError((error as Error).message);
    }
  };
}
