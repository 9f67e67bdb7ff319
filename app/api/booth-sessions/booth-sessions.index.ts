import { schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { consentRecord } from '../../domain/consent';
import { cachedOpeningState } from '../../server/booths/booths.server';
import type { AppContext } from '../../server/platform/context';
import { Problem } from '../../server/platform/problems';
import { popupsOf } from '../../server/popups/popups.server';
import { presentOpening } from '../booths/booths.index';
import { createRouter } from '../router';
import { appendEvent, cancel, endSession, me, queue, refer, requestCall } from './booth-sessions.routes';

type ConsentDoc = { id: string; kind: 'terms' | 'privacy'; version: number; texts: { ja: string }; publishedAt: Date } | null;
const presentConsent = (d: ConsentDoc) => (d ? { ...d, publishedAt: d.publishedAt.toISOString() } : null);

/** Refusals the booth shows in the resident's language (it reads the code); recorded as a referral. */
function noOperator(reason: 'not-served' | 'none-on-duty') {
  return reason === 'not-served'
    ? new Problem(409, 'no_operator_for_call', {
        ja: 'この言語・手続に対応できるオペレーターがいないため、ビデオ通話では受け付けられません。窓口へお越しください。',
        en: 'No operator can take a call in this language for this procedure here. Please go to the counter.',
      })
    : new Problem(409, 'no_operator_on_duty', {
        ja: 'ただいま対応できるオペレーターがいません（休憩中・不在）。時間をおいてお試しいただくか、窓口へお越しください。',
        en: 'No operator who can take this call is available now. Please try again later, or go to the counter.',
      });
}

export function boothSessionsRouter(ctx: AppContext) {
  return createRouter()
    .openapi(me, async (c) => {
      const principal = c.get('booth');
      const db = ctx.database.db;
      const booth = (await db.query.booth.findFirst({ where: eq(schema.booth.id, principal.boothId) }))!;
      const municipality = (await db.query.municipality.findFirst({ where: eq(schema.municipality.id, principal.municipalityId) }))!;
      const consent = await ctx.municipalities.currentConsent(municipality.id);
      // While assigned to a pop-up event the booth follows the event's hours and shows its site.
      const popup = await popupsOf(ctx).forBooth(booth);
      return c.json(
        {
          booth: { id: booth.id, name: booth.name, kind: booth.kind, location: booth.location },
          municipality: {
            id: municipality.id,
            name: municipality.name,
            procedures: municipality.procedures,
            eligibility: municipality.eligibility as Record<string, never[]>,
            counterGuidance: municipality.counterGuidance ?? null,
            listenInNotice: municipality.listenInAllowed && municipality.listenInNotice,
            reservationOnly: (await ctx.reservations.policyOf(municipality.id)).reservationOnly,
          },
          consent: { terms: presentConsent(consent.terms), privacy: presentConsent(consent.privacy) },
          opening: presentOpening(cachedOpeningState(popup.calendar, new Date())),
          popup: popup.shown && {
            eventId: popup.shown.id,
            siteName: popup.shown.siteName,
            siteKind: popup.shown.siteKind,
            days: popup.shown.days,
          },
          heartbeatMs: ctx.env.HEARTBEAT_MS,
          maintenance: await ctx.boothHealth.inMaintenance(booth.id),
          livekitUrl: ctx.livekitUrlFor(c.req.url),
          waitingCheck: { askAfterMs: ctx.env.WAITING_CHECK_AFTER_MS, answerWithinMs: ctx.env.WAITING_CHECK_ANSWER_MS },
        },
        200,
      );
    })
    .openapi(requestCall, async (c) => {
      const principal = c.get('booth');
      const sent = c.req.valid('json') ?? {};
      // A checked-in reservation decides the procedure and language (decision 0034).
      const reserved = sent.reservationId ? await ctx.reservations.forCall(principal, sent.reservationId) : null;
      const body = reserved ? { ...sent, ...reserved } : sent;
      // Staff put the booth in maintenance (decision 0014): no calls until they switch it off.
      if (await ctx.boothHealth.inMaintenance(principal.boothId)) {
        throw new Problem(409, 'maintenance', {
          ja: 'ただいまメンテナンス中です。しばらくお待ちください。',
          en: 'The booth is under maintenance. Please wait a moment.',
        });
      }
      // The resident must have accepted the versions that are current now.
      const current = await ctx.municipalities.currentConsent(principal.municipalityId);
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
      // The versions accepted, and the language the booth showed each in (the same rule as the booth's).
      const consentVersion =
        body.consent && current.terms && current.privacy
          ? consentRecord({ terms: current.terms, privacy: current.privacy }, body.language ?? 'ja')
          : undefined;
      // Outside opening hours nobody is there to answer.
      const booth = (await ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, principal.boothId) }))!;
      const popup = await popupsOf(ctx).forBooth(booth);
      const opening = cachedOpeningState(popup.calendar, new Date());
      if (!opening.open) {
        throw new Problem(409, 'closed', {
          ja: `ただいま受付時間外です。${opening.nextOpening ? `次の受付開始は ${opening.nextOpening.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })} です。` : ''}`,
          en: `The counter is closed now.${opening.nextOpening ? ` It opens again at ${opening.nextOpening.toISOString()}.` : ''}`,
        });
      }
      // Nobody who could take this call is on duty: say so now, before the resident waits (decision 0009).
      const availability = await ctx.queue.availability(principal, { language: body.language ?? null, procedure: body.procedure ?? null });
      if (availability.kind === 'nobody') {
        await ctx.sessions.recordNoOperator(principal, {
          procedure: body.procedure ?? null,
          language: body.language ?? null,
          consentVersion: consentVersion ?? null,
          reason: availability.reason,
          popupEventId: popup.openEventId,
        });
        throw noOperator(availability.reason);
      }
      // A kiosk that restarted left its earlier session behind: it ends (and leaves the live queue) first.
      const { session, connection } = await ctx.sessions.request(principal, ctx.livekitUrlFor(c.req.url), {
        ...(body.procedure ? { procedure: body.procedure } : {}),
        ...(body.language ? { language: body.language } : {}),
        ...(consentVersion ? { consentVersion } : {}),
        popupEventId: popup.openEventId,
        ...(body.reservationId ? { reservationId: body.reservationId } : {}),
      });
      await ctx.queue.callRequested(session.id);
      return c.json({ sessionId: session.id, status: session.status, connection }, 201);
    })
    .openapi(refer, async (c) => {
      const principal = c.get('booth');
      const booth = (await ctx.database.db.query.booth.findFirst({ where: eq(schema.booth.id, principal.boothId) }))!;
      const { openEventId } = await popupsOf(ctx).forBooth(booth);
      return c.json(await ctx.sessions.refer(principal, c.req.valid('json'), openEventId), 201);
    })
    .openapi(queue, async (c) => c.json(await ctx.queue.position(c.get('booth'), c.req.valid('param').sessionId), 200))
    .openapi(cancel, async (c) => {
      const { waitMs } = await ctx.sessions.abandon(c.get('booth'), c.req.valid('param').sessionId);
      return c.json({ waitSeconds: Math.round(waitMs / 1000) }, 200);
    })
    .openapi(appendEvent, async (c) => {
      const { sessionId } = c.req.valid('param');
      const body = c.req.valid('json');
      const event = await ctx.sessions.appendBoothEvent(c.get('booth'), sessionId, body);
      return c.json({ id: event.id, at: event.at.toISOString(), occurredAt: event.occurredAt.toISOString() }, 201);
    })
    .openapi(endSession, async (c) => {
      const { sessionId } = c.req.valid('param');
      const { reason } = c.req.valid('json') ?? {};
      await ctx.sessions.endByBooth(c.get('booth'), sessionId, reason);
      return c.json({ sessionId, status: 'ended' as const }, 200);
    });
}
