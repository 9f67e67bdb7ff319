/**
 * The booth's side of reservations (issue 17, decision 0034), written once for the API, the kiosk
 * and the console: what check-in answers and why it refuses. Pure, imports nothing at run time;
 * the API's zod schemas (app/api/reservations) are built from these constants.
 */
import type { Language, Procedure } from './vocabulary';

/** Code alphabet (no 0 O 1 I L) and length with its check character: the keypad shows only these. */
export const RESERVATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RESERVATION_CODE_LENGTH = 8;

/**
 * Why a code does not check in: `mistyped` (check character wrong: ask to retype), `unknown`,
 * `other_municipality`, `early` (come back at `comeAt`), `late` (the window passed today),
 * `expired` (its day is over, or released as a no-show), `already_used`, `cancelled`.
 */
export const checkInRefusals = [
  'mistyped',
  'unknown',
  'other_municipality',
  'early',
  'late',
  'expired',
  'already_used',
  'cancelled',
] as const;
export type CheckInRefusal = (typeof checkInRefusals)[number];

/** POST /api/v1/booth/reservations/check-in */
export interface CheckInRequest {
  /** As typed or read from the QR code (`XXXX-XXXX`; case, spaces and hyphens ignored). */
  code: string;
}

export type CheckInResponse =
  | {
      outcome: 'checked_in';
      /** Pass it as `reservationId` in POST /api/v1/booth/sessions: the call is then queued as reserved. */
      reservationId: string;
      procedure: Procedure;
      language: Language;
      slotStart: string;
      slotEnd: string;
    }
  | {
      outcome: 'refused';
      reason: CheckInRefusal;
      /** The check-in window (ISO instants) when the reservation was found. */
      opensAt: string | null;
      closesAt: string | null;
      /** `early` only: when to come, Japan time (`HH:MM`, and the date when not today). */
      comeAt: { date: string | null; time: string } | null;
    };
