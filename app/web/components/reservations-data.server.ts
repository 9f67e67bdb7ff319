/**
 * The reservations page's loader and action (components/reservations-page.tsx), shared by
 * /console/reservations and /staff/reservations. R's service decides reach (own towns), the slot,
 * its places and the state; this only parses and presents.
 */
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node';
import { isValidLocalDate } from '../../domain/calendar';
import { localDate } from '../../domain/japan-time';
import { reachOf } from '../../domain/permissions';
import { formatCode } from '../../domain/reservations/code';
import { translatorFor } from '../i18n/language.server';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';
import { parseForm } from './forms';
import { BookReservationForm, bookingWords, CancelReservationForm } from './reservation-forms';
import { allMunicipalities, orRespond } from './route-data.server';

export async function reservationsLoader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:reservation');
  const service = context.app.reservations;
  const url = new URL(request.url);
  const municipalities = (await allMunicipalities(context, account)).map((m) => ({ id: m.id, name: m.name }));
  const asked = url.searchParams.get('municipalityId');
  const municipalityId = municipalities.find((m) => m.id === asked)?.id ?? municipalities[0]?.id ?? null;
  const rawDate = url.searchParams.get('date') ?? '';
  const date = isValidLocalDate(rawDate) ? rawDate : localDate(new Date());
  if (!municipalityId) {
    return { municipalities, municipalityId: '', date, procedures: [], sites: [], items: [], canWrite: false };
  }
  const [slots, rows, town] = await Promise.all([
    orRespond(() => service.staffSlots(account, { municipalityId, from: date, days: 1 })),
    orRespond(() => service.list(account, { municipalityId, from: date, days: 1 })),
    context.app.database.db.query.municipality.findFirst({ where: (m, { eq }) => eq(m.id, municipalityId) }),
  ]);
  const siteNames = new Map(slots.sites.map((s) => [s.key, s.name]));
  return {
    municipalities,
    municipalityId,
    date,
    procedures: town?.procedures ?? [],
    canWrite: reachOf(account, 'write:reservation') !== null,
    sites: slots.sites.map((s) => ({
      key: s.key,
      name: s.name,
      slots: s.days.flatMap((day) =>
        day.slots.map((slot) => ({ start: slot.start.toISOString(), end: slot.end.toISOString(), remaining: slot.remaining })),
      ),
    })),
    // By site, then slot (the service orders by slot).
    items: rows
      .map((r) => ({
        id: r.id,
        code: formatCode(r.code),
        siteName: siteNames.get(r.siteKey) ?? r.siteKey,
        slotStart: r.slotStart.toISOString(),
        slotEnd: r.slotEnd.toISOString(),
        procedure: r.procedure,
        language: r.language,
        state: r.state,
        bookedBy: r.bookedBy,
      }))
      .sort((a, b) => a.siteName.localeCompare(b.siteName) || a.slotStart.localeCompare(b.slotStart)),
  };
}

export async function reservationsAction({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:reservation');
  const { t } = await translatorFor(request);
  const formData = await request.formData();
  const service = context.app.reservations;
  if (formData.get('intent') === 'cancel') {
    const submission = parseForm(formData, CancelReservationForm, {});
    if (submission.status !== 'success') throw new Response(t('errors.unknownAction'), { status: 400 });
    const result = await formProblem(() => service.cancelAsStaff(account, submission.value.id));
    if (!result.ok) return data({ reply: null, booked: null, notice: null, error: result.error }, { status: result.status });
    return { reply: null, booked: null, notice: t('reservationsPage.cancelled', { code: formatCode(result.value.code) }), error: null };
  }
  const submission = parseForm(formData, BookReservationForm, bookingWords(t));
  if (submission.status !== 'success') {
    return data({ reply: submission.reply(), booked: null, notice: null, error: null }, { status: 400 });
  }
  const { municipalityId, procedure, language, slot } = submission.value;
  const [siteKey, slotStart] = slot.split('|') as [string, string];
  const result = await formProblem(() =>
    service.bookAsStaff(account, { municipalityId, siteKey, slotStart: new Date(slotStart), procedure, language }),
  );
  if (!result.ok) return data({ reply: submission.reply(), booked: null, notice: null, error: result.error }, { status: result.status });
  return { reply: submission.reply({ resetForm: true }), booked: { code: formatCode(result.value.code) }, notice: null, error: null };
}
