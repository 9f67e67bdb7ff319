import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { createCookieSessionStorage, redirect } from '@remix-run/node';
import { Secret, TOTP } from 'otpauth';
import { schema, type Db, type Role } from '@madoguchi/db';
import { afterFailure, afterSuccess, createWindowLimiter, isLocked } from '../domain/login-throttle';
import { hashPassword, verifyPassword } from './passwords.server';

export interface AccountPrincipal {
  kind: 'account';
  accountId: string;
  loginId: string;
  displayName: string;
  role: Role;
  municipalityIds: string[];
}

export type LoginResult =
  | { kind: 'ok'; account: AccountPrincipal }
  | { kind: 'totp-required'; accountId: string }
  | { kind: 'invalid' }
  | { kind: 'locked' }
  | { kind: 'throttled' };

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** Between the password and the TOTP code. */
const PENDING_TOTP_MS = 5 * 60 * 1000;
/** TOTP is offered to the roles that can change other people's access. */
export const TOTP_ROLES: readonly Role[] = ['admin', 'supervisor'];

interface CookieData {
  accountId: string;
  version: number;
  pendingAccountId: string;
  pendingSince: number;
  totpSetupSecret: string;
}

function totpFor(secret: string, loginId: string) {
  return new TOTP({ issuer: 'Madoguchi', label: loginId, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/**
 * People log in through Remix; the same signed cookie authenticates them to the API.
 * httpOnly, SameSite=Lax (cross-site posts carry no cookie), Secure when served over https.
 * Failed passwords and codes count towards a lockout per account; attempts are also limited
 * per client address.
 */
export function createAccountAuth(
  db: Db,
  sessionSecret: string,
  secureCookies: boolean,
  now: () => Date = () => new Date(),
  { attemptsPerAddress = 20 }: { attemptsPerAddress?: number } = {},
) {
  let dummyHash: Promise<string> | undefined;
  const allowAttempt = createWindowLimiter({ limit: attemptsPerAddress, windowMs: 10 * 60 * 1000 });
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
      where: eq(schema.account.id, accountId),
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
   * One more failure, by the domain's rule (afterFailure), written with a compare-and-swap: the
   * update only lands if the count is still the one read, so parallel guesses cannot all write
   * the same count. Returns whether the account is now locked.
   */
  async function recordFailure(accountId: string): Promise<boolean> {
    const { account } = schema;
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await db.query.account.findFirst({
        columns: { failedLoginCount: true, lockedUntil: true },
        where: eq(account.id, accountId),
      });
      if (!row) return false;
      const next = afterFailure(row, now());
      const swapped = await db
        .update(account)
        .set(next)
        .where(
          and(
            eq(account.id, accountId),
            eq(account.failedLoginCount, row.failedLoginCount),
            row.lockedUntil ? eq(account.lockedUntil, row.lockedUntil) : isNull(account.lockedUntil),
          ),
        )
        .returning({ id: account.id });
      if (swapped.length === 1) return isLocked(next, now());
    }
    // Only under a flood of parallel guesses: treat the account as locked.
    return true;
  }

  const cookieSession = (request: Request) => storage.getSession(request.headers.get('Cookie'));
  const revokeSessions = (accountId: string) =>
    db.run(sql`UPDATE account SET session_version = session_version + 1 WHERE id = ${accountId}`);

  return {
    async fromRequest(request: Request): Promise<AccountPrincipal | null> {
      const session = await cookieSession(request);
      const accountId = session.get('accountId');
      return accountId ? principalFor(accountId, session.get('version') ?? -1) : null;
    },

    /** For loaders and actions: the account, or a redirect to the login page. */
    async require(request: Request): Promise<AccountPrincipal> {
      const principal = await this.fromRequest(request);
      if (principal) return principal;
      const url = new URL(request.url);
      throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname)}`);
    },

    /** The password step. */
    async login(loginId: string, password: string, clientAddress: string): Promise<LoginResult> {
      if (!allowAttempt(clientAddress, now().getTime())) return { kind: 'throttled' };
      const row = await db.query.account.findFirst({ where: eq(schema.account.loginId, loginId) });
      if (row && isLocked(row, now())) return { kind: 'locked' };
      // Verify against a dummy hash when the account is missing, so timing does not reveal it.
      dummyHash ??= hashPassword(randomBytes(32).toString('hex'));
      const ok = await verifyPassword(row?.passwordHash ?? (await dummyHash), password);
      if (!row || row.disabled) return { kind: 'invalid' };
      if (!ok) return (await recordFailure(row.id)) ? { kind: 'locked' } : { kind: 'invalid' };
      if (row.totpSecret) return { kind: 'totp-required', accountId: row.id };
      await db.update(schema.account).set(afterSuccess()).where(eq(schema.account.id, row.id));
      const account = await principalFor(row.id);
      return account ? { kind: 'ok', account } : { kind: 'invalid' };
    },

    /** The TOTP step, for the account that passed the password step moments ago. */
    async verifyTotp(request: Request, code: string, clientAddress: string): Promise<LoginResult> {
      if (!allowAttempt(clientAddress, now().getTime())) return { kind: 'throttled' };
      const session = await cookieSession(request);
      const accountId = session.get('pendingAccountId');
      const since = session.get('pendingSince') ?? 0;
      if (!accountId || now().getTime() - since > PENDING_TOTP_MS) return { kind: 'invalid' };
      const row = await db.query.account.findFirst({ where: eq(schema.account.id, accountId) });
      if (!row?.totpSecret || row.disabled) return { kind: 'invalid' };
      if (isLocked(row, now())) return { kind: 'locked' };
      const valid = totpFor(row.totpSecret, row.loginId).validate({ token: code, timestamp: now().getTime(), window: 1 }) !== null;
      if (!valid) return (await recordFailure(row.id)) ? { kind: 'locked' } : { kind: 'invalid' };
      await db.update(schema.account).set(afterSuccess()).where(eq(schema.account.id, row.id));
      const account = await principalFor(row.id);
      return account ? { kind: 'ok', account } : { kind: 'invalid' };
    },

    /** Set-Cookie for a logged-in account (and nothing pending). */
    async commit(request: Request, accountId: string): Promise<string> {
      const session = await cookieSession(request);
      session.unset('pendingAccountId');
      session.unset('pendingSince');
      session.set('accountId', accountId);
      const row = await db.query.account.findFirst({ columns: { sessionVersion: true }, where: eq(schema.account.id, accountId) });
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

    /** TOTP enrolment, step 1: a new secret kept in the signed cookie until confirmed. */
    async beginTotpSetup(request: Request, account: AccountPrincipal) {
      const session = await cookieSession(request);
      const secret = session.get('totpSetupSecret') ?? new Secret({ size: 20 }).base32;
      session.set('totpSetupSecret', secret);
      return { secret, uri: totpFor(secret, account.loginId).toString(), setCookie: await storage.commitSession(session) };
    },

    /** TOTP enrolment, step 2: the first code proves the authenticator app holds the secret. */
    async confirmTotpSetup(request: Request, account: AccountPrincipal, code: string) {
      const session = await cookieSession(request);
      const secret = session.get('totpSetupSecret');
      if (!secret || totpFor(secret, account.loginId).validate({ token: code, timestamp: now().getTime(), window: 1 }) === null) return null;
      await db.update(schema.account).set({ totpSecret: secret }).where(eq(schema.account.id, account.accountId));
      await revokeSessions(account.accountId);
      session.unset('totpSetupSecret');
      // This browser stays logged in; every other one must log in again, now with a code.
      const row = await db.query.account.findFirst({ columns: { sessionVersion: true }, where: eq(schema.account.id, account.accountId) });
      session.set('version', row!.sessionVersion);
      return storage.commitSession(session);
    },

    async totpEnabled(accountId: string) {
      const row = await db.query.account.findFirst({ columns: { totpSecret: true }, where: eq(schema.account.id, accountId) });
      return row?.totpSecret != null;
    },

    /** Turning TOTP off needs a current code, so a stolen session alone cannot do it. */
    async disableTotp(account: AccountPrincipal, code: string) {
      const row = await db.query.account.findFirst({ where: eq(schema.account.id, account.accountId) });
      if (!row?.totpSecret) return true;
      if (totpFor(row.totpSecret, row.loginId).validate({ token: code, timestamp: now().getTime(), window: 1 }) === null) return false;
      await db.update(schema.account).set({ totpSecret: null }).where(eq(schema.account.id, row.id));
      return true;
    },
  };
}

export type AccountAuth = ReturnType<typeof createAccountAuth>;

/** A code for `secret` at `at` (for tests and the enrolment screen's own check). */
export function totpCode(secret: string, at: Date): string {
  return totpFor(secret, 'x').generate({ timestamp: at.getTime() });
}
