/**
 * Reservations (issue 17, decision 0034). Three audiences:
 * - public, no login (`/v1/public/…`): slots with places left, book, and look up / cancel / move
 *   by code; per-address budgets and a proof-of-work on booking and moving;
 * - staff (`/v1/reservations…`, read/write:reservation): list, slots, book for a resident on the
 *   phone, cancel;
 * - booth (`/v1/booth/reservations…`, the device credential): check a code in; for a walk-in at a
 *   reservation-only town, whether to call them in now or which slots to offer, and book one.
 * No request or answer holds a name, phone number, e-mail or free text.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  checkInRefusals,
  RESERVATION_CODE_LENGTH,
  RESERVATION_POLICY_BOUNDS,
  RESERVATION_SLOT_LENGTHS,
} from '@madoguchi/db/reservation-contract';
import { reservationBookers, reservationStates } from '@madoguchi/db/schema';
import { isValidLocalDate } from '../../domain/calendar';
import { SITE_KEY_PATTERN } from '../../domain/reservations/sites';
import { accountErrors, accountSecurity, boothErrors, boothSecurity, jsonContent, problem } from '../router';
import { IdParams, LanguageSchema, MunicipalityCode, ProcedureSchema, Timestamp } from '../schemas';

const LocalDay = z.string().refine(isValidLocalDate, 'YYYY-MM-DD (a real date)');
const SiteKey = z.string().regex(SITE_KEY_PATTERN, 'a site key (l-/b- and 12 hex characters)');
/** As shown (`XXXX-XXXX`) or typed: bounded before any parsing. */
const CodeInput = z.string().min(RESERVATION_CODE_LENGTH).max(24);

const bounded = ({ min, max }: { min: number; max: number }) => z.number().int().min(min).max(max);
/**
 * A municipality's reservation policy as an admin sets it (decision 0034): the contract's slot
 * lengths and bounds (db/src/reservation-contract.ts). No free text.
 */
export const ReservationPolicyInput = z
  .object({
    slotMinutes: z.literal(RESERVATION_SLOT_LENGTHS),
    walkInSharePercent: bounded(RESERVATION_POLICY_BOUNDS.walkInSharePercent),
    fixedCapacity: bounded(RESERVATION_POLICY_BOUNDS.fixedCapacity),
    checkInEarlyMinutes: bounded(RESERVATION_POLICY_BOUNDS.checkInEarlyMinutes),
    checkInLateMinutes: bounded(RESERVATION_POLICY_BOUNDS.checkInLateMinutes),
    reservationOnly: z.boolean(),
  })
  .strict()
  .openapi('ReservationPolicy');
/** The policy as stored: a row may hold a slot length the table allows that the contract no longer offers. */
const ReservationPolicy = ReservationPolicyInput.extend({ slotMinutes: z.number().int() }).openapi('ReservationPolicyStored');

export const ReservationStateSchema = z.enum(reservationStates).openapi('ReservationState');

const SlotSchema = z.object({ start: Timestamp, end: Timestamp, remaining: z.number().int() }).openapi('ReservationSlot');
export const SlotList = z
  .object({
    municipality: z.object({ id: z.uuid(), code: z.string(), name: z.string(), procedures: z.array(ProcedureSchema) }),
    policy: z.object({
      slotMinutes: z.number().int(),
      checkInEarlyMinutes: z.number().int(),
      checkInLateMinutes: z.number().int(),
      reservationOnly: z.boolean(),
    }),
    sites: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        days: z.array(z.object({ date: z.string(), slots: z.array(SlotSchema) })),
      }),
    ),
  })
  .openapi('ReservationSlots');

export const PublicReservation = z
  .object({
    code: z.string(),
    municipality: z.object({ code: z.string(), name: z.string() }),
    site: z.object({ key: z.string(), name: z.string() }),
    procedure: ProcedureSchema,
    language: LanguageSchema,
    slotStart: Timestamp,
    slotEnd: Timestamp,
    state: ReservationStateSchema,
    checkInOpensAt: Timestamp,
    checkInClosesAt: Timestamp,
  })
  .openapi('PublicReservation');

export const StaffReservation = z
  .object({
    id: z.uuid(),
    code: z.string(),
    municipalityId: z.uuid(),
    siteKey: z.string(),
    procedure: ProcedureSchema,
    language: LanguageSchema,
    slotStart: Timestamp,
    slotEnd: Timestamp,
    state: ReservationStateSchema,
    bookedBy: z.enum(reservationBookers),
    bookedByAccountId: z.uuid().nullable(),
    bookedAt: Timestamp,
    checkedInAt: Timestamp.nullable(),
    servedAt: Timestamp.nullable(),
    noShowAt: Timestamp.nullable(),
    cancelledAt: Timestamp.nullable(),
    sessionId: z.uuid().nullable(),
  })
  .openapi('StaffReservation');

const DayRange = z.object({
  from: LocalDay,
  days: z.coerce.number().int().min(1).max(14).default(7),
});

const publicErrors = {
  400: problem('Invalid request (or proof-of-work missing or invalid)'),
  404: problem('No such municipality, site or reservation'),
  409: problem('`slot_full`, `slot_past`, or the reservation cannot be changed now'),
  429: problem('Too many requests from this network; try again later (Retry-After)'),
};

const CodeParams = z.object({ code: CodeInput.openapi({ param: { name: 'code', in: 'path' } }) });
const TownParams = z.object({ municipalityCode: MunicipalityCode.openapi({ param: { name: 'municipalityCode', in: 'path' } }) });

/** The proof-of-work (altcha payload, base64) — required unless the server runs without it. */
const ProofOfWorkField = z.string().max(4_000).optional();

export const BookRequest = z
  .object({
    siteKey: SiteKey,
    slotStart: Timestamp,
    procedure: ProcedureSchema,
    language: LanguageSchema,
    altcha: ProofOfWorkField,
  })
  .strict()
  .openapi('BookReservation');

export const MoveRequest = z
  .object({ siteKey: SiteKey, slotStart: Timestamp, altcha: ProofOfWorkField })
  .strict()
  .openapi('MoveReservation');

export const publicSlots = createRoute({
  method: 'get',
  path: '/v1/public/municipalities/{municipalityCode}/reservation-slots',
  tags: ['reservations'],
  summary: 'Public: the sites and slots of a municipality for a range of days, with places left (no login)',
  request: { params: TownParams, query: DayRange.extend({ site: SiteKey.optional() }) },
  responses: { 200: jsonContent(SlotList, 'Sites and slots'), ...publicErrors },
});

export const challenge = createRoute({
  method: 'get',
  path: '/v1/public/reservation-challenge',
  tags: ['reservations'],
  summary: 'Public: a proof-of-work challenge (altcha) for one booking or move; `maxnumber` 0 means none is needed',
  responses: {
    200: jsonContent(
      z.object({
        algorithm: z.string(),
        challenge: z.string(),
        maxnumber: z.number().int().optional(),
        salt: z.string(),
        signature: z.string(),
      }),
      'The challenge, as the altcha widget reads it',
    ),
    429: publicErrors[429],
  },
});

export const publicBook = createRoute({
  method: 'post',
  path: '/v1/public/municipalities/{municipalityCode}/reservations',
  tags: ['reservations'],
  summary: 'Public: book a slot (no login, no personal data): answers the code',
  request: { params: TownParams, body: { required: true, content: { 'application/json': { schema: BookRequest } } } },
  responses: { 201: jsonContent(PublicReservation, 'Booked'), ...publicErrors },
});

export const publicGet = createRoute({
  method: 'get',
  path: '/v1/public/reservations/{code}',
  tags: ['reservations'],
  summary: 'Public: the reservation with this code',
  request: { params: CodeParams },
  responses: { 200: jsonContent(PublicReservation, 'The reservation'), ...publicErrors },
});

export const publicIcs = createRoute({
  method: 'get',
  path: '/v1/public/reservations/{code}/calendar.ics',
  tags: ['reservations'],
  summary: 'Public: the reservation as an iCalendar event (place, time, code; nothing personal)',
  request: { params: CodeParams },
  responses: {
    200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } },
    ...publicErrors,
  },
});

export const publicCancel = createRoute({
  method: 'post',
  path: '/v1/public/reservations/{code}/cancel',
  tags: ['reservations'],
  summary: 'Public: cancel by code (the place is free again at once; repeating it answers the same)',
  request: { params: CodeParams },
  responses: { 200: jsonContent(PublicReservation, 'Cancelled'), ...publicErrors },
});

export const publicMove = createRoute({
  method: 'post',
  path: '/v1/public/reservations/{code}/move',
  tags: ['reservations'],
  summary: 'Public: move to another slot (same code); the new slot must have a place',
  request: { params: CodeParams, body: { required: true, content: { 'application/json': { schema: MoveRequest } } } },
  responses: { 200: jsonContent(PublicReservation, 'Moved'), ...publicErrors },
});

// --- staff ------------------------------------------------------------------------------------

export const staffList = createRoute({
  method: 'get',
  path: '/v1/reservations',
  tags: ['reservations'],
  summary: 'Reservations of the municipalities the caller may read, for a range of days',
  security: accountSecurity,
  request: { query: DayRange.extend({ municipalityId: z.uuid().optional() }) },
  responses: { 200: jsonContent(z.object({ items: z.array(StaffReservation) }), 'Reservations by slot'), ...accountErrors },
});

export const staffSlots = createRoute({
  method: 'get',
  path: '/v1/reservations/slots',
  tags: ['reservations'],
  summary: "A municipality's sites and slots with places left (staff booking for a resident on the phone)",
  security: accountSecurity,
  request: { query: DayRange.extend({ municipalityId: z.uuid(), site: SiteKey.optional() }) },
  responses: { 200: jsonContent(SlotList, 'Sites and slots'), ...accountErrors },
});

export const StaffBookRequest = z
  .object({ municipalityId: z.uuid(), siteKey: SiteKey, slotStart: Timestamp, procedure: ProcedureSchema, language: LanguageSchema })
  .strict()
  .openapi('StaffBookReservation');

export const staffBook = createRoute({
  method: 'post',
  path: '/v1/reservations',
  tags: ['reservations'],
  summary: 'Book for a resident on the phone (recorded as booked by staff, with the account); tell them the code',
  security: accountSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: StaffBookRequest } } } },
  responses: { 201: jsonContent(StaffReservation, 'Booked'), ...accountErrors },
});

export const staffCancel = createRoute({
  method: 'post',
  path: '/v1/reservations/{id}/cancel',
  tags: ['reservations'],
  summary: 'Cancel a reservation (the place is free again at once)',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(StaffReservation, 'Cancelled'), ...accountErrors },
});

// --- booth ------------------------------------------------------------------------------------

export const CheckInRequestSchema = z
  .object({ code: z.string().min(1).max(64) })
  .strict()
  .openapi('ReservationCheckInRequest');
export const CheckInResponseSchema = z
  .discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('checked_in'),
      reservationId: z.uuid(),
      procedure: ProcedureSchema,
      language: LanguageSchema,
      slotStart: Timestamp,
      slotEnd: Timestamp,
    }),
    z.object({
      outcome: z.literal('refused'),
      reason: z.enum(checkInRefusals),
      opensAt: Timestamp.nullable(),
      closesAt: Timestamp.nullable(),
      comeAt: z.object({ date: z.string().nullable(), time: z.string() }).nullable(),
    }),
  ])
  .openapi('ReservationCheckIn');

export const boothCheckIn = createRoute({
  method: 'post',
  path: '/v1/booth/reservations/check-in',
  tags: ['booth', 'reservations'],
  summary:
    'The booth read a reservation code (QR or keypad): within its window it is checked in and the answer carries its procedure, language and `reservationId` (pass it to POST /v1/booth/sessions); otherwise why not and when to come',
  security: boothSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: CheckInRequestSchema } } } },
  responses: { 200: jsonContent(CheckInResponseSchema, 'Checked in, or refused with the reason'), ...boothErrors },
});

// --- policy -----------------------------------------------------------------------------------

export const policyGet = createRoute({
  method: 'get',
  path: '/v1/municipalities/{id}/reservation-policy',
  tags: ['reservations'],
  summary: "A municipality's reservation policy (the defaults when none was set)",
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(ReservationPolicy, 'The policy'), ...accountErrors },
});

export const policyPut = createRoute({
  method: 'put',
  path: '/v1/municipalities/{id}/reservation-policy',
  tags: ['reservations'],
  summary: "Set a municipality's reservation policy (admins; audited). Reservations already made keep their slots",
  security: accountSecurity,
  request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: ReservationPolicyInput } } } },
  responses: { 200: jsonContent(ReservationPolicy, 'The policy as saved'), ...accountErrors },
});

/** When to come, Japan time: `HH:MM`, and the date (`YYYY-MM-DD`) when it is not today. */
const ComeAt = z.object({ date: z.string().nullable(), time: z.string() });

export const WalkInResponseSchema = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('walk_in') }),
    z.object({
      decision: z.literal('book'),
      siteKey: z.string(),
      slots: z.array(z.object({ start: Timestamp, end: Timestamp, remaining: z.number().int(), comeAt: ComeAt })),
    }),
  ])
  .openapi('ReservationWalkIn');

export const boothWalkIn = createRoute({
  method: 'get',
  path: '/v1/booth/reservations/walk-in',
  tags: ['booth', 'reservations'],
  summary:
    "A walk-in at a reservation-only town: `walk_in` when no reservation is due in the slot running now at this booth's site (call them in), otherwise `book` with the next free slots there (today and the next days) to offer",
  security: boothSecurity,
  responses: {
    200: jsonContent(WalkInResponseSchema, 'Call in now, or the slots to offer'),
    ...boothErrors,
    404: problem('The booth belongs to no site (disabled)'),
  },
});

export const BoothBookRequest = z
  .object({ siteKey: SiteKey, slotStart: Timestamp, procedure: ProcedureSchema, language: LanguageSchema })
  .strict()
  .openapi('BoothBookReservation');

export const BoothBooked = z
  .object({
    code: z.string(),
    slotStart: Timestamp,
    slotEnd: Timestamp,
    checkInOpensAt: Timestamp,
    checkInClosesAt: Timestamp,
    /** When to come back: the slot's start, Japan time (the date when not today). */
    comeAt: ComeAt,
    /** The code as a QR code (SVG, made by the server from the code alone), as the public page shows it. */
    qr: z.string(),
  })
  .openapi('BoothBookedReservation');

export const boothBook = createRoute({
  method: 'post',
  path: '/v1/booth/reservations',
  tags: ['booth', 'reservations'],
  summary:
    "A walk-in books one of the offered slots at this booth's site (touch only, no personal data): the same conditional insert as every booking, recorded as booked at the booth",
  security: boothSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: BoothBookRequest } } } },
  responses: {
    201: jsonContent(BoothBooked, 'Booked: the code to keep, and when to come'),
    ...boothErrors,
    404: problem("Not this booth's site"),
    409: problem('`slot_full` or `slot_past`: offer the slots again'),
  },
});
