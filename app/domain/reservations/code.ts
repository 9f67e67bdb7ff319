/**
 * Reservation codes: short, human-readable, with a check character (decision 0034).
 *
 * Alphabet: the 31 characters 2–9 and A–Z without I, L, O (and no 0 or 1), so nothing a resident
 * reads off a phone or types on the booth's keypad can be confused with another. 31 is prime, so
 * the characters are the field Z/31 and the check character is a Damm-style one over the
 * quasigroup x ∗ y = 2x + y (mod 31): totally anti-symmetric, because (c∗x)∗y = (c∗y)∗x means
 * 4c + 2x + y = 4c + 2y + x, i.e. x = y. Hence every single-character error and every swap of two
 * adjacent characters (the check character included) changes the result (code.test.ts checks
 * this exhaustively over the quasigroup, and over every code of a shorter length).
 *
 * A code is 7 random characters + 1 check character (31⁷ ≈ 2.75 × 10¹⁰ codes), written
 * `XXXX-XXXX`; the hyphen, spaces and letter case are ignored on input. Pure.
 */
import { RESERVATION_CODE_ALPHABET, RESERVATION_CODE_LENGTH } from '@madoguchi/db/reservation-contract';

/** The booth's keypad and the API take theirs from the same contract. */
export const CODE_ALPHABET = RESERVATION_CODE_ALPHABET;
const N = CODE_ALPHABET.length;
export const CODE_LENGTH = RESERVATION_CODE_LENGTH;
const CODE_DATA_LENGTH = CODE_LENGTH - 1;

const charValue = new Map([...CODE_ALPHABET].map((ch, i) => [ch, i]));

/** The quasigroup operation (exported for the exhaustive test). */
export const combine = (interim: number, value: number) => (2 * interim + value) % N;

function fold(values: readonly number[]): number {
  let interim = 0;
  for (const v of values) interim = combine(interim, v);
  return interim;
}

/** The check character for `data` (characters of the alphabet): the one that folds the whole to 0. */
export function checkCharacter(data: string): string {
  const values = [...data].map((ch) => {
    const v = charValue.get(ch);
    if (v === undefined) throw new RangeError(`Not a code character: ${ch}`);
    return v;
  });
  const interim = fold(values);
  // combine(interim, d) = 0 ⇔ d = −2·interim (mod 31)
  return CODE_ALPHABET[(N - ((2 * interim) % N)) % N]!;
}

/** True when every character is in the alphabet and the check character matches. */
export function isValidCode(code: string): boolean {
  if (code.length < 2) return false;
  const values: number[] = [];
  for (const ch of code) {
    const v = charValue.get(ch);
    if (v === undefined) return false;
    values.push(v);
  }
  return fold(values) === 0;
}

/** A new code from `randomIndex` (crypto.randomInt(31) in production): 7 characters + check. */
export function newCode(randomIndex: (n: number) => number): string {
  let data = '';
  for (let i = 0; i < CODE_DATA_LENGTH; i++) data += CODE_ALPHABET[randomIndex(N)];
  return data + checkCharacter(data);
}

/**
 * What a resident typed or a QR code held, as a stored code: NFKC (full-width characters), upper
 * case, hyphens and spaces dropped. Null unless it is 8 characters of the alphabet with a valid
 * check character (a typo is caught here, before any lookup).
 */
export function parseCode(input: string): string | null {
  const raw = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑–—ー]/g, '');
  if (raw.length !== CODE_LENGTH) return null;
  return isValidCode(raw) ? raw : null;
}

/** `XXXX-XXXX`, as shown to residents. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
