import { type Procedure, procedureLabels } from '@madoguchi/db';
import type { Context } from 'hono';
import { createEvent } from 'ics';
import QRCode from 'qrcode';
import { localClock } from '../../domain/reservations/check-in';
import { clientAddressOf } from '../../server/platform/client-address';
import type { AppContext } from '../../server/platform/context';
import { Problem } from '../../server/platform/problems';
import { publicView, type ReservationRow } from '../../server/reservations/reservations.server';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './reservations.routes';

const staffView = (r: ReservationRow) => ({
  id: r.id,
  code: `${r.code.slice(0, 4)}-${r.code.slice(4)}`,
  municipalityId: r.municipalityId,
  siteKey: r.siteKey,
  procedure: r.procedure,
  language: r.language,
  slotStart: r.slotStart.toISOString(),
  slotEnd: r.slotEnd.toISOString(),
  state: r.state,
  bookedBy: r.bookedBy,
  bookedByAccountId: r.bookedByAccountId,
  bookedAt: r.bookedAt.toISOString(),
  checkedInAt: iso(r.checkedInAt),
  servedAt: iso(r.servedAt),
  noShowAt: iso(r.noShowAt),
  cancelledAt: iso(r.cancelledAt),
  sessionId: r.sessionId,
});

const presentSlots = (
  town: { id: string; code: string; name: string; procedures: Procedure[] },
  result: Awaited<ReturnType<AppContext['reservations']['slots']>>,
) => ({
  municipality: { id: town.id, code: town.code, name: town.name, procedures: town.procedures },
  policy: {
    slotMinutes: result.policy.slotMinutes,
    checkInEarlyMinutes: result.policy.checkInEarlyMinutes,
    checkInLateMinutes: result.policy.checkInLateMinutes,
    reservationOnly: result.policy.reservationOnly,
  },
  sites: result.sites.map((s) => ({
    key: s.key,
    name: s.name,
    days: s.days.map((d) => ({
      date: d.date,
      slots: d.slots.map((slot) => ({ start: slot.start.toISOString(), end: slot.end.toISOString(), remaining: slot.remaining })),
    })),
  })),
});

export function reservationsRouter(ctx: AppContext) {
  const service = ctx.reservations;
  const pow = service.proofOfWork;
  /** The per-address budgets (decision 0034); a refusal says when to come back (Retry-After). */
  async function limit(c: Context, kind: 'request' | 'booking') {
    try {
      await service.admit(clientAddressOf(c, ctx.env.TRUST_PROXY), kind);
    } catch (error) {
      const retry = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retry) c.header('Retry-After', String(retry));
      throw error;
    }
  }

  async function view(row: ReservationRow) {
    const town = (await ctx.database.db.query.municipality.findFirst({ where: (m, { eq }) => eq(m.id, row.municipalityId) }))!;
    const site = (await service.sitesOfTown(row.municipalityId)).find((s) => s.key === row.siteKey);
    const { municipalityId: _, ...rest } = publicView(
      row,
      await service.checkInWindowOf(row),
      site ? { key: site.key, name: site.name } : null,
    );
    return { ...rest, municipality: { code: town.code, name: town.name } };
  }

  async function byCode(code: string) {
    const row = await service.byCode(code);
    if (!row) {
      throw new Problem(404, 'reservation_not_found', {
        ja: 'その予約番号の予約は見つかりません。番号をお確かめください。',
        en: 'No reservation has this code. Please check the code.',
      });
    }
    return row;
  }

  return (
    createRouter()
      // --- public ---
      .openapi(routes.publicSlots, async (c) => {
        await limit(c, 'request');
        const { municipalityCode } = c.req.valid('param');
        const town = await service.municipalityByCode(municipalityCode);
        const result = await service.slots(town.id, c.req.valid('query'));
        c.header('Cache-Control', 'no-store');
        return c.json(presentSlots(town, result), 200);
      })
      .openapi(routes.challenge, async (c) => {
        await limit(c, 'request');
        c.header('Cache-Control', 'no-store');
        if (pow.maxNumber === 0) return c.json({ algorithm: 'SHA-256', challenge: '', maxnumber: 0, salt: '', signature: '' }, 200);
        return c.json(await pow.challenge(), 200);
      })
      .openapi(routes.publicBook, async (c) => {
        await limit(c, 'request');
        const body = c.req.valid('json');
        await pow.verify(body.altcha, Date.now());
        await limit(c, 'booking');
        const row = await service.bookAsResident(c.req.valid('param').municipalityCode, {
          siteKey: body.siteKey,
          slotStart: new Date(body.slotStart),
          procedure: body.procedure,
          language: body.language,
        });
        return c.json(await view(row), 201);
      })
      .openapi(routes.publicGet, async (c) => {
        await limit(c, 'request');
        c.header('Cache-Control', 'no-store');
        return c.json(await view(await byCode(c.req.valid('param').code)), 200);
      })
      .openapi(routes.publicIcs, async (c) => {
        await limit(c, 'request');
        const row = await byCode(c.req.valid('param').code);
        const v = await view(row);
        const start = row.slotStart;
        const toArray = (d: Date) =>
          [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()] as [
            number,
            number,
            number,
            number,
            number,
          ];
        const label = procedureLabels[row.procedure];
        const { error, value } = createEvent({
          uid: `${row.id}@madoguchi`,
          start: toArray(start),
          startInputType: 'utc',
          startOutputType: 'utc',
          end: toArray(row.slotEnd),
          endInputType: 'utc',
          endOutputType: 'utc',
          title: `${v.municipality.name} ${label.ja} / ${label.en}`,
          location: v.site.name || v.municipality.name,
          description: `予約番号 / Reservation code: ${v.code}`,
          productId: 'madoguchi/reservations',
        });
        if (error || !value) throw error ?? new Error('ics');
        return c.body(value, 200, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': `attachment; filename="reservation-${row.code}.ics"`,
          'Cache-Control': 'no-store',
        }) as never;
      })
      .openapi(routes.publicCancel, async (c) => {
        await limit(c, 'request');
        return c.json(await view(await service.cancelByCode(c.req.valid('param').code)), 200);
      })
      .openapi(routes.publicMove, async (c) => {
        await limit(c, 'request');
        const body = c.req.valid('json');
        await pow.verify(body.altcha, Date.now());
        await limit(c, 'booking');
        const row = await service.moveByCode(c.req.valid('param').code, { siteKey: body.siteKey, slotStart: new Date(body.slotStart) });
        return c.json(await view(row), 200);
      })
      // --- staff ---
      .openapi(routes.staffList, async (c) => {
        const rows = await service.list(c.get('account'), c.req.valid('query'));
        return c.json({ items: rows.map(staffView) }, 200);
      })
      .openapi(routes.staffSlots, async (c) => {
        const q = c.req.valid('query');
        const result = await service.staffSlots(c.get('account'), q);
        const town = (await ctx.database.db.query.municipality.findFirst({ where: (m, { eq }) => eq(m.id, q.municipalityId) }))!;
        return c.json(presentSlots(town, result), 200);
      })
      .openapi(routes.staffBook, async (c) => {
        const body = c.req.valid('json');
        const row = await service.bookAsStaff(c.get('account'), { ...body, slotStart: new Date(body.slotStart) });
        return c.json(staffView(row), 201);
      })
      .openapi(routes.staffCancel, async (c) =>
        c.json(staffView(await service.cancelAsStaff(c.get('account'), c.req.valid('param').id)), 200),
      )
      // --- policy ---
      .openapi(routes.policyGet, async (c) => c.json(await service.policyFor(c.get('account'), c.req.valid('param').id), 200))
      .openapi(routes.policyPut, async (c) =>
        c.json(await service.setPolicy(c.get('account'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
      )
      // --- booth ---
      .openapi(routes.boothWalkIn, async (c) => {
        c.header('Cache-Control', 'no-store');
        const result = await service.walkIn(c.get('booth'));
        if (result.decision === 'walk_in') return c.json({ decision: 'walk_in' as const }, 200);
        return c.json(
          {
            decision: 'book' as const,
            siteKey: result.siteKey,
            slots: result.slots.map((s) => ({
              start: s.start.toISOString(),
              end: s.end.toISOString(),
              remaining: s.remaining,
              comeAt: s.comeAt,
            })),
          },
          200,
        );
      })
      .openapi(routes.boothBook, async (c) => {
        const body = c.req.valid('json');
        const row = await service.bookAtBooth(c.get('booth'), { ...body, slotStart: new Date(body.slotStart) });
        const window = await service.checkInWindowOf(row);
        const code = publicView(row, window, null).code;
        return c.json(
          {
            code,
            slotStart: row.slotStart.toISOString(),
            slotEnd: row.slotEnd.toISOString(),
            checkInOpensAt: window.opensAt.toISOString(),
            checkInClosesAt: window.closesAt.toISOString(),
            comeAt: localClock(row.slotStart, new Date()),
            qr: await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
          },
          201,
        );
      })
      .openapi(routes.boothCheckIn, async (c) => {
        const result = await service.checkIn(c.get('booth'), c.req.valid('json').code);
        if (result.outcome === 'checked_in') {
          const r = result.reservation;
          return c.json(
            {
              outcome: 'checked_in' as const,
              reservationId: r.id,
              procedure: r.procedure,
              language: r.language,
              slotStart: r.slotStart.toISOString(),
              slotEnd: r.slotEnd.toISOString(),
            },
            200,
          );
        }
        return c.json(
          {
            outcome: 'refused' as const,
            reason: result.reason,
            opensAt: iso(result.opensAt),
            closesAt: iso(result.closesAt),
            comeAt: result.comeAt,
          },
          200,
        );
      })
  );
}
