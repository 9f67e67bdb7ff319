import { createWebhookVerifier, WebhookSignatureError } from '@madoguchi/media-server';
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
    // off); like every end, that takes it out of the live queue and frees its operator. A booth's
    // participant_left starts its rejoin grace (sessions.server.ts).
    await ctx.sessions.recordLiveKitEvent(event);
    return c.json({ received: event.id });
  });
}
