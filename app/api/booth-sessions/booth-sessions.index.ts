import type { MiddlewareHandler } from 'hono';
import { createRouter, type AppBindings } from '../router';
import { problems } from '../../server/problems';
import type { AppContext } from '../../server/context';
import { appendEvent, cancel, endSession, me, queue, refer, requestCall } from './booth-sessions.routes';
import { cachedOpeningState, calendarOf } from '../../server/booths.server';
import { presentOpening } from '../booths/booths.index';
import { Problem } from '../../server/problems';
import { schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';

type ConsentDoc = { id: string; kind: 'terms' | 'privacy'; version: number; texts: { ja: string }; publishedAt: Date } | null;
const presentConsent = (d: ConsentDoc) => (d ? { ...d, publishedAt: d.publishedAt.toISOString() } : null);

/** Every booth route: a valid device credential of an enabled booth, or 401. */
export function requireBooth(ctx: AppContext): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const principal = await ctx.boothAuth.authenticate(c.req.header('authorization'));
    if (!principal) throw problems.unauthenticated();
    c.set('booth', principal);
    await next();
  };
}

export function boothSessionsRouter(ctx: AppContext) {
  const router = createRouter();
  router.use('/v1/booth/*', requireBooth(ctx));
  return router
    .openapi(me, async (c) => {
      const principal = c.get('booth');
      const db = ctx.database.db;
      const booth = (await db.query.booth.findFirst({ where: eq(schema.booth.id, principal.boothId) }))!;
      const town = (await db.query.municipality.findFirst({ where: eq(schema.municipality.id, principal.municipalityId) }))!;
      const consent = await ctx.municipalities.currentConsent(town.id);
      return c.json(
        {
          booth: { id: booth.id, name: booth.name, kind: booth.kind, location: booth.location },
          municipality: { id: town.id, name: town.name, procedures: town.procedures, eligibility: town.eligibility as Record<string, never[]> },
          consent: { terms: presentConsent(consent.terms), privacy: presentConsent(consent.privacy) },
          opening: presentOpening(cachedOpeningState(calendarOf(booth), new Date())),
          heartbeatMs: ctx.env.HEARTBEAT_MS,
          maintenance: await ctx.boothHealth.inMaintenance(booth.id),
          livekitUrl: ctx.livekitUrlFor(c.req.url),
        },
        200,
      );
    })
    .openapi(requestCall, async (c) => {
      const body = c.req.valid('json') ?? {};
      const principal = c.get('booth');
      // Staff put the booth in maintenance (decision 0014): no calls until they switch it off.
      if (await ctx.boothHealth.inMaintenance(principal.boothId)) {
        throw new Problem(409, 'maintenance', {
          ja: 'ただいまメンテナンス中です。しばらくお待ちください。',
          en: 'The booth is under maintenance. Please wait a moment.',
        });
      }
      // The resident must have accepted the versions that are current now.
      const current = await ctx.municipalities.currentConsent(principal.municipalityId);
      const consentVersion = body.consent ? `terms:${body.consent.terms},privacy:${body.consent.privacy}` : undefined;
      if (current.terms && current.privacy && !body.consent) {
        throw new Problem(400, 'consent_required', {
          ja: '利用規約とプライバシーポリシーへの同意が必要です。',
          en: 'The terms of use and privacy policy must be accepted first.',
        });
      }
      if (body.consent && (body.consent.terms !== current.terms?.version || body.consent.privacy !== current.privacy?.version)) {
        throw new Problem(409, 'consent_outdated', {
          ja: '利用規約またはプライバシーポリシーが更新されました。最新の内容に同意してください。',
          en: 'The terms or privacy policy have changed. Accept the current versions.',
        });
      }
      // Outside opening hours nobody is there to answer.
      const booth = (await ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, principal.boothId) }))!;
      const opening = cachedOpeningState(calendarOf(booth), new Date());
      if (!opening.open) {
        throw new Problem(409, 'closed', {
          ja: `ただいま受付時間外です。${opening.nextOpening ? `次の受付開始は ${opening.nextOpening.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })} です。` : ''}`,
          en: `The counter is closed now.${opening.nextOpening ? ` It opens again at ${opening.nextOpening.toISOString()}.` : ''}`,
        });
      }
      const { session, connection, superseded } = await ctx.sessions.request(principal, ctx.livekitUrlFor(c.req.url), {
        ...(body.procedure ? { procedure: body.procedure } : {}),
        ...(body.language ? { language: body.language } : {}),
        ...(consentVersion ? { consentVersion } : {}),
      });
      // A kiosk that restarted left its earlier session behind: out of the live queue too.
      for (const id of superseded) await ctx.queue.boothEnded(id);
      await ctx.queue.callRequested(session.id);
      return c.json({ sessionId: session.id, status: session.status, connection }, 201);
    })
    .openapi(refer, async (c) => c.json(await ctx.sessions.refer(c.get('booth'), c.req.valid('json')), 201))
    .openapi(queue, async (c) => c.json(await ctx.queue.position(c.get('booth'), c.req.valid('param').sessionId), 200))
    .openapi(cancel, async (c) => {
      const { waitMs } = await ctx.queue.cancel(c.get('booth'), c.req.valid('param').sessionId);
      return c.json({ waitSeconds: Math.round(waitMs / 1000) }, 200);
    })
    .openapi(appendEvent, async (c) => {
      const { sessionId } = c.req.valid('param');
      const body = c.req.valid('json');
      const event = await ctx.sessions.appendBoothEvent(c.get('booth'), sessionId, body.type, body.detail);
      return c.json({ id: event.id, at: event.at.toISOString() }, 201);
    })
    .openapi(endSession, async (c) => {
      const { sessionId } = c.req.valid('param');
      const { reason } = c.req.valid('json') ?? {};
      await ctx.sessions.endByBooth(c.get('booth'), sessionId, reason);
      await ctx.queue.boothEnded(sessionId);
      return c.json({ sessionId, status: 'ended' as const }, 200);
    });
}
