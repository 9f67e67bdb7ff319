/**
 * Reservation codes at the booth (issue 17): what the keypad lets a resident type, and the code in
 * what the camera read from a QR code. The check character is the server's to judge (a mistyped
 * code is refused as `mistyped`); here only the alphabet and the length.
 */
import { RESERVATION_CODE_ALPHABET, RESERVATION_CODE_LENGTH } from '@madoguchi/db/reservation-contract';

export { RESERVATION_CODE_ALPHABET, RESERVATION_CODE_LENGTH };

/** As shown on the keypad's display: `XXXX-XXXX` (the hyphen after four characters). */
export function displayCode(typed: string): string {
  return typed.length > 4 ? `${typed.slice(0, 4)}-${typed.slice(4)}` : typed;
}

/** The keypad's next value: a key of the alphabet appended while there is room; anything else ignored. */
export function typeKey(typed: string, key: string): string {
  const k = key.toUpperCase();
  if (k.length !== 1 || !RESERVATION_CODE_ALPHABET.includes(k) || typed.length >= RESERVATION_CODE_LENGTH) return typed;
  return typed + k;
}

const c = `[${RESERVATION_CODE_ALPHABET}]`;
const hyphenated = new RegExp(`(?:^|[^0-9A-Z])(${c}{4})-(${c}{4})(?![0-9A-Z])`, 'g');
const plain = new RegExp(`(?:^|[^0-9A-Z])(${c}{8})(?![0-9A-Z])`, 'g');

/**
 * The code in a QR code's text: the code itself (`XXXX-XXXX` or 8 characters, any case), or a link
 * that ends with it (…/reserve/r/XXXX-XXXX, ?code=XXXX-XXXX). The last such code wins; null when
 * there is none (another QR code held up: ignored, scanning goes on).
 */
export function codeFromScan(text: string): string | null {
  const upper = text.trim().toUpperCase();
  if (upper.length === 0 || upper.length > 512) return null;
  const withHyphen = [...upper.matchAll(hyphenated)].at(-1);
  if (withHyphen) return `${withHyphen[1]}${withHyphen[2]}`;
  const bare = [...upper.matchAll(plain)].at(-1);
  return bare ? bare[1]! : null;
}
