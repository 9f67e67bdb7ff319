import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Db, schema } from '@madoguchi/db';
import { and, eq, isNotNull, notLike } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30 s; one step either side. */
const PERIOD_SECONDS = 30;
const WINDOW = 1;

function totpFor(secret: string, loginId: string) {
  return new TOTP({
    issuer: 'Madoguchi',
    label: loginId,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app scans. */
export const totpUri = (secret: string, loginId: string) => totpFor(secret, loginId).toString();

/**
 * The time-step (RFC 6238 counter) whose code `code` is, within one step of `now`, or null.
 * The caller records the step it accepts, and refuses that step and older ones after.
 */
export function matchingStep(secret: string, code: string, now: Date): number | null {
  const totp = totpFor(secret, 'x');
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

/** A code for `secret` at `at` (for tests). */
export function totpCode(secret: string, at: Date): string {
  return totpFor(secret, 'x').generate({ timestamp: at.getTime() });
}

const SEALED = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * TOTP secrets at rest: AES-256-GCM under TOTP_KEY, as `v1:` + base64url(iv ‖ tag ‖ ciphertext).
 * The account id is the additional data, so a sealed secret copied onto another account's row
 * does not open.
 */
export function createTotpSealer(key: Buffer) {
  if (key.length !== 32) throw new Error('The TOTP key must be 32 bytes.');
  const aad = (accountId: string) => Buffer.from(`madoguchi totp ${accountId}`, 'utf8');
  return {
    seal(accountId: string, secret: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(accountId));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },

    /** The secret, or an error that says what to check: a wrong key must not look like a wrong code. */
    open(accountId: string, sealed: string): string {
      if (!sealed.startsWith(SEALED)) throw new Error(`The TOTP secret of account ${accountId} is not sealed.`);
      const raw = Buffer.from(sealed.slice(SEALED.length), 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(aad(accountId));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(
          `The TOTP secret of account ${accountId} does not open: is TOTP_KEY (or data/totp-key) the key it was sealed with?`,
        );
      }
    },
  };
}

export type TotpSealer = ReturnType<typeof createTotpSealer>;

/**
 * Seals the plaintext base32 secrets that earlier versions stored (run at every start; nothing
 * to do once done). Each row is swapped only if it still holds the plaintext read, so two nodes
 * starting together cannot seal a secret twice.
 */
export async function sealPlaintextTotpSecrets(db: Db, sealer: TotpSealer): Promise<number> {
  const { account } = schema;
  const rows = await db
    .select({ id: account.id, totpSecret: account.totpSecret })
    .from(account)
    .where(and(isNotNull(account.totpSecret), notLike(account.totpSecret, `${SEALED}%`)));
  for (const row of rows) {
    await db
      .update(account)
      .set({ totpSecret: sealer.seal(row.id, row.totpSecret!) })
      .where(and(eq(account.id, row.id), eq(account.totpSecret, row.totpSecret!)));
  }
  return rows.length;
}
