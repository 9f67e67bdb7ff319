import { isBoothIdentity } from '@madoguchi/db/call-contract';
import { createWebhookVerifier, DisconnectReason, WebhookSignatureError } from '@madoguchi/media-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../../server/platform/context';
import { Problem } from '../../server/platform/problems';
import type { AppBindings } from '../router';

/**
 * LiveKit's signed webhooks. Plain Hono rather than an OpenAPI route: the body must be read raw,
 * because the signature covers its exact bytes.
 */
export function livekitWebhookRouter(ctx: AppContext) {
  const verify = createWebhookVerifier(ctx.livekit);
  return new Hono<AppBindings>().post('/livekit/webhook', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const body = await c.req.text();
    let event: Awaited<ReturnType<typeof verify>>;
    try {
      event = await verify(body, c.req.header('authorization'));
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      ctx.logger.warn({ requestId: c.get('requestId'), reason: error.message }, 'webhook rejected');
      throw new Problem(401, 'invalid_webhook_signature', {
        ja: 'Webhook の署名を検証できません。',
        en: 'The webhook signature does not verify.',
      });
    }
    if (!event.id || !event.event) {
      throw new Problem(400, 'invalid_webhook', { ja: 'Webhook にイベント ID がありません。', en: 'The webhook has no event id.' });
    }
    // Recording room_finished ends the session it held (the room is gone for good: auto-create is
    // off); like every end, that takes it out of the live queue and frees its operator.
    await ctx.sessions.recordLiveKitEvent(event);
    // LiveKit sends this only after the booth's reconnection window: the resident is gone, waiting or in the call.
    if (
      event.event === 'participant_left' &&
      event.participant &&
      isBoothIdentity(event.participant.identity) &&
      // A full reconnect replaces the old connection under the same identity: not a departure.
      event.participant.disconnectReason !== DisconnectReason.DUPLICATE_IDENTITY &&
      event.room?.name
    ) {
      await ctx.sessions.boothLeft(event.room.name);
    }
    return c.json({ received: event.id });
  });
}
