import { randomBytes } from 'node:crypto';
import { type Db, type Role, schema } from '@madoguchi/db';
import { createCookieSessionStorage, redirect } from '@remix-run/node';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { SharedBudget } from '../platform/address-budget.server';
import { createLoginThrottle, isRefusal, type Refusal } from './login-throttle.server';
import { hashPassword, verifyPassword } from './passwords.server';
import { createTotpSealer, matchingStep, newTotpSecret, sealPlaintextTotpSecrets, totpUri } from './totp.server';

export { totpCode } from './totp.server';

export interface AccountPrincipal {
  kind: 'account';
  accountId: string;
  loginId: string;
  displayName: string;
  role: Role;
  municipalityIds: string[];
}

/**
 * `invalid` stands for an unknown login id, a disabled account, a wrong password and a wrong
 * or used code alike; `locked` and `throttled` come from the throttle, which does not know
 * whether the id exists. So no answer tells whether an account exists.
 */
export type LoginResult =
  | { kind: 'ok'; account: AccountPrincipal }
  | { kind: 'totp-required'; accountId: string }
  | { kind: 'invalid' }
  | Refusal;

/** Enrolment and turning TOTP off, for an account that is logged in. */
export type CodeResult = { kind: 'ok' } | { kind: 'invalid' } | Refusal;

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** Between the password and the TOTP code. */
const PENDING_TOTP_MS = 5 * 60 * 1000;
/** A TOTP enrolment must be confirmed within this time, or a new secret is made. */
export const PENDING_ENROLMENT_MS = 10 * 60 * 1000;
/** TOTP is offered to the roles that can change other people's access. */
export const TOTP_ROLES: readonly Role[] = ['admin', 'supervisor'];

/** The cookie holds ids and times only: nothing in it is secret (it is signed, not encrypted). */
interface CookieData {
  accountId: string;
  version: number;
  pendingAccountId: string;
  pendingSince: number;
}

export interface AccountAuthOptions {
  /** Per client address prefix, in 10 minutes (LOGIN_ATTEMPTS_PER_ADDRESS). */
  attemptsPerAddress?: number;
  /** AES-256 key sealing TOTP secrets at rest (TOTP_KEY). */
  totpKey: Buffer;
  /** Several nodes (REDIS_URL): the per-prefix attempt budget is kept in Redis, shared by all of them. */
  shared?: SharedBudget | undefined;
}

/**
 * People log in through Remix; the same signed cookie authenticates them to the API.
 * httpOnly, SameSite=Lax (cross-site posts carry no cookie), Secure when served over https.
 * Failed passwords and codes are throttled per login id and address prefix
 * (login-throttle.server.ts). Seals any TOTP secret still stored in plaintext before answering.
 */
export async function createAccountAuth(
  db: Db,
  sessionSecret: string,
  secureCookies: boolean,
  now: () => Date = () => new Date(),
  { attemptsPerAddress = 20, totpKey, shared }: AccountAuthOptions,
) {
  const { account } = schema;
  const sealer = createTotpSealer(totpKey);
  await sealPlaintextTotpSecrets(db, sealer);
  const throttle = createLoginThrottle(db, sessionSecret, now, { attemptsPerPrefix: attemptsPerAddress, shared });
  // Unknown ids are checked against this, so they take as long as known ones.
  const dummyHash = await hashPassword(randomBytes(32).toString('hex'));
  const storage = createCookieSessionStorage<CookieData>({
    cookie: {
      name: '__madoguchi',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      path: '/',
      secrets: [sessionSecret],
      maxAge: SESSION_MAX_AGE_SECONDS,
    },
  });

  async function principalFor(accountId: string, version?: number): Promise<AccountPrincipal | null> {
    const row = await db.query.account.findFirst({
      where: eq(account.id, accountId),
      with: { municipalities: true },
    });
    if (!row || row.disabled) return null;
    // A cookie from before the last logout, password or TOTP change no longer counts.
    if (version !== undefined && version !== row.sessionVersion) return null;
    return {
      kind: 'account',
      accountId: row.id,
      loginId: row.loginId,
      displayName: row.displayName,
      role: row.role,
      municipalityIds: row.municipalities.map((m) => m.municipalityId),
    };
  }

  /**
   * Accepts `code` for the account's TOTP secret once: its time-step is recorded in the same
   * compare-and-swap that checks it is newer than the last accepted one (and that the secret is
   * unchanged), so a code cannot pass twice, not even by two requests at the same moment.
   * `also` is written in that same statement.
   */
  async function acceptCode(
    row: { id: string; totpSecret: string | null },
    code: string,
    also: Partial<typeof account.$inferInsert> = {},
  ): Promise<boolean> {
    if (!row.totpSecret) return false;
    const step = matchingStep(sealer.open(row.id, row.totpSecret), code, now());
    if (step === null) return false;
    const swapped = await db
      .update(account)
      .set({ totpLastStep: step, ...also })
      .where(
        and(
          eq(account.id, row.id),
          eq(account.totpSecret, row.totpSecret),
          or(isNull(account.totpLastStep), lt(account.totpLastStep, step)),
        ),
      )
      .returning({ id: account.id });
    return swapped.length === 1;
  }

  const cookieSession = (request: Request) => storage.getSession(request.headers.get('Cookie'));
  const revokeSessions = (accountId: string) =>
    db.run(sql`UPDATE account SET session_version = session_version + 1 WHERE id = ${accountId}`);
  const accountRow = (accountId: string) => db.query.account.findFirst({ where: eq(account.id, accountId) });

  return {
    async fromRequest(request: Request): Promise<AccountPrincipal | null> {
      const session = await cookieSession(request);
      const accountId = session.get('accountId');
      return accountId ? principalFor(accountId, session.get('version') ?? -1) : null;
    },

    /** For loaders and actions: the account, or a redirect to the login page (and back here after). */
    async require(request: Request): Promise<AccountPrincipal> {
      const principal = await this.fromRequest(request);
      if (principal) return principal;
      const url = new URL(request.url);
      // Remix's data requests carry `_data`; after the login the page itself is wanted.
      url.searchParams.delete('_data');
      throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
    },

    /** The password step. */
    async login(loginId: string, password: string, clientAddress: string): Promise<LoginResult> {
      const attempt = await throttle.begin(loginId, clientAddress);
      if (isRefusal(attempt)) return attempt;
      const row = await db.query.account.findFirst({ where: eq(account.loginId, loginId) });
      const ok = await verifyPassword(row?.passwordHash ?? dummyHash, password);
      // An unknown id, a disabled account and a wrong password are one and the same failure.
      if (!row || row.disabled || !ok) return attempt.failed(row?.id ?? null);
      if (row.totpSecret) return { kind: 'totp-required', accountId: row.id };
      await attempt.succeeded();
      const principal = await principalFor(row.id);
      return principal ? { kind: 'ok', account: principal } : { kind: 'invalid' };
    },

    /** The TOTP step, for the account that passed the password step moments ago. */
    async verifyTotp(request: Request, code: string, clientAddress: string): Promise<LoginResult> {
      const session = await cookieSession(request);
      const accountId = session.get('pendingAccountId');
      const since = session.get('pendingSince') ?? 0;
      // Without a fresh pending step the code alone is worthless.
      if (!accountId || now().getTime() - since > PENDING_TOTP_MS) return { kind: 'invalid' };
      const row = await accountRow(accountId);
      if (!row?.totpSecret || row.disabled) return { kind: 'invalid' };
      const attempt = await throttle.begin(row.loginId, clientAddress);
      if (isRefusal(attempt)) return attempt;
      if (!(await acceptCode(row, code))) return attempt.failed(row.id);
      await attempt.succeeded();
      const principal = await principalFor(row.id);
      return principal ? { kind: 'ok', account: principal } : { kind: 'invalid' };
    },

    /** Set-Cookie for a logged-in account (and nothing pending). */
    async commit(request: Request, accountId: string): Promise<string> {
      const session = await cookieSession(request);
      session.unset('pendingAccountId');
      session.unset('pendingSince');
      session.set('accountId', accountId);
      const row = await db.query.account.findFirst({ columns: { sessionVersion: true }, where: eq(account.id, accountId) });
      session.set('version', row?.sessionVersion ?? 1);
      return storage.commitSession(session);
    },

    /** Set-Cookie remembering that this browser passed the password step for `accountId`. */
    async commitPending(request: Request, accountId: string): Promise<string> {
      const session = await cookieSession(request);
      session.unset('accountId');
      session.set('pendingAccountId', accountId);
      session.set('pendingSince', now().getTime());
      return storage.commitSession(session);
    },

    /** Logout: this cookie is cleared, and every other cookie of the account stops working too. */
    async destroy(request: Request): Promise<string> {
      const session = await cookieSession(request);
      const accountId = session.get('accountId');
      if (accountId) await revokeSessions(accountId);
      return storage.destroySession(session);
    },

    /**
     * TOTP enrolment, step 1: a new secret, kept sealed on the account row (never in the
     * cookie) until confirmed; the same one for PENDING_ENROLMENT_MS, so a reload shows the
     * same QR code.
     */
    async beginTotpSetup(principal: AccountPrincipal): Promise<{ secret: string; uri: string }> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const row = await accountRow(principal.accountId);
        if (!row) break;
        const pendingAt = row.totpPendingAt?.getTime() ?? -Infinity;
        if (row.totpPendingSecret && now().getTime() - pendingAt < PENDING_ENROLMENT_MS) {
          const secret = sealer.open(row.id, row.totpPendingSecret);
          return { secret, uri: totpUri(secret, row.loginId) };
        }
        const secret = newTotpSecret();
        // Only over the pending secret read: two tabs opened together end up with the same one.
        const swapped = await db
          .update(account)
          .set({ totpPendingSecret: sealer.seal(row.id, secret), totpPendingAt: now() })
          .where(
            and(
              eq(account.id, row.id),
              row.totpPendingSecret ? eq(account.totpPendingSecret, row.totpPendingSecret) : isNull(account.totpPendingSecret),
            ),
          )
          .returning({ id: account.id });
        if (swapped.length === 1) return { secret, uri: totpUri(secret, row.loginId) };
      }
      throw new Error('TOTP enrolment could not be started.');
    },

    /**
     * TOTP enrolment, step 2: the first code proves the authenticator app holds the secret.
     * One statement moves the pending secret into place, records the code's step (so it cannot
     * also log in) and ends every other login of the account; this browser's cookie follows.
     */
    async confirmTotpSetup(
      request: Request,
      principal: AccountPrincipal,
      code: string,
      clientAddress: string,
    ): Promise<{ kind: 'ok'; setCookie: string } | { kind: 'invalid' } | { kind: 'throttled' }> {
      if (!(await throttle.admit(clientAddress))) return { kind: 'throttled' };
      const row = await accountRow(principal.accountId);
      const pendingAt = row?.totpPendingAt?.getTime() ?? -Infinity;
      if (!row?.totpPendingSecret || row.totpSecret || now().getTime() - pendingAt >= PENDING_ENROLMENT_MS) return { kind: 'invalid' };
      const step = matchingStep(sealer.open(row.id, row.totpPendingSecret), code, now());
      if (step === null) return { kind: 'invalid' };
      const [confirmed] = await db
        .update(account)
        .set({
          totpSecret: row.totpPendingSecret,
          totpLastStep: step,
          totpPendingSecret: null,
          totpPendingAt: null,
          sessionVersion: sql`${account.sessionVersion} + 1`,
        })
        .where(and(eq(account.id, row.id), eq(account.totpPendingSecret, row.totpPendingSecret), isNull(account.totpSecret)))
        .returning({ sessionVersion: account.sessionVersion });
      if (!confirmed) return { kind: 'invalid' };
      // This browser stays logged in; every other one must log in again, now with a code.
      const session = await cookieSession(request);
      session.set('version', confirmed.sessionVersion);
      return { kind: 'ok', setCookie: await storage.commitSession(session) };
    },

    async totpEnabled(accountId: string) {
      const row = await db.query.account.findFirst({ columns: { totpSecret: true }, where: eq(account.id, accountId) });
      return row?.totpSecret != null;
    },

    /**
     * Turning TOTP off needs a current, unused code, so a stolen session alone cannot do it;
     * wrong codes count like wrong passwords, so it cannot be guessed either.
     */
    async disableTotp(principal: AccountPrincipal, code: string, clientAddress: string): Promise<CodeResult> {
      const row = await accountRow(principal.accountId);
      if (!row?.totpSecret) return { kind: 'ok' };
      const attempt = await throttle.begin(row.loginId, clientAddress);
      if (isRefusal(attempt)) return attempt;
      if (!(await acceptCode(row, code, { totpSecret: null, totpLastStep: null }))) return attempt.failed(row.id);
      await attempt.succeeded();
      return { kind: 'ok' };
    },
  };
}

export type AccountAuth = Awaited<ReturnType<typeof createAccountAuth>>;
