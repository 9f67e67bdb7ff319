import { eq } from 'drizzle-orm';
import { createCookieSessionStorage, redirect } from '@remix-run/node';
import { schema, type Db, type Role } from '@madoguchi/db';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords.server';

export interface AccountPrincipal {
  kind: 'account';
  accountId: string;
  loginId: string;
  displayName: string;
  role: Role;
  municipalityIds: string[];
}

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * People log in through Remix; the same signed cookie authenticates them to the API.
 * httpOnly, SameSite=Lax (cross-site posts carry no cookie), Secure when served over https.
 */
export function createAccountAuth(db: Db, sessionSecret: string, secureCookies: boolean) {
  let dummyHash: Promise<string> | undefined;
  const storage = createCookieSessionStorage<{ accountId: string }>({
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

  async function principalFor(accountId: string): Promise<AccountPrincipal | null> {
    const row = await db.query.account.findFirst({
      where: eq(schema.account.id, accountId),
      with: { municipalities: true },
    });
    if (!row || row.disabled) return null;
    return {
      kind: 'account',
      accountId: row.id,
      loginId: row.loginId,
      displayName: row.displayName,
      role: row.role,
      municipalityIds: row.municipalities.map((m) => m.municipalityId),
    };
  }

  return {
    async fromRequest(request: Request): Promise<AccountPrincipal | null> {
      const cookieSession = await storage.getSession(request.headers.get('Cookie'));
      const accountId = cookieSession.get('accountId');
      return accountId ? principalFor(accountId) : null;
    },

    /** For loaders and actions: the account, or a redirect to the login page. */
    async require(request: Request): Promise<AccountPrincipal> {
      const principal = await this.fromRequest(request);
      if (principal) return principal;
      const url = new URL(request.url);
      throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname)}`);
    },

    async login(loginId: string, password: string): Promise<AccountPrincipal | null> {
      const row = await db.query.account.findFirst({ where: eq(schema.account.loginId, loginId) });
      // Verify against a dummy hash when the account is missing, so timing does not reveal it.
      dummyHash ??= hashPassword(randomBytes(32).toString('hex'));
      const ok = await verifyPassword(row?.passwordHash ?? (await dummyHash), password);
      return row && ok ? principalFor(row.id) : null;
    },

    async commit(request: Request, accountId: string): Promise<string> {
      const cookieSession = await storage.getSession(request.headers.get('Cookie'));
      cookieSession.set('accountId', accountId);
      return storage.commitSession(cookieSession);
    },

    async destroy(request: Request): Promise<string> {
      return storage.destroySession(await storage.getSession(request.headers.get('Cookie')));
    },
  };
}

export type AccountAuth = ReturnType<typeof createAccountAuth>;
