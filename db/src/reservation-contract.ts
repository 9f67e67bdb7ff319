/**
 * The booth's side of reservations (issue 17, decision 0034), written once for the API, the kiosk
 * and the console: the code's alphabet and length, and why check-in refuses. Pure, imports
 * nothing; the API's zod schemas (app/api/reservations) are built from these constants, and the
 * kiosk takes check-in's answer from the API's typed client.
 */

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

/**
 * A municipality's reservation policy (table reservation_policy): the slot lengths offered (each
 * cuts a day evenly) and the bounds of the other numbers, inside the table's CHECKs. The API's
 * zod schema (ReservationPolicyInput, app/api/reservations) and the admin form are built from these.
 */
export const RESERVATION_SLOT_LENGTHS = [10, 15, 20, 30, 45, 60, 90, 120] as const;
export const RESERVATION_POLICY_BOUNDS = {
  walkInSharePercent: { min: 0, max: 100 },
  fixedCapacity: { min: 0, max: 100 },
  checkInEarlyMinutes: { min: 0, max: 240 },
  checkInLateMinutes: { min: 0, max: 240 },
} as const;
