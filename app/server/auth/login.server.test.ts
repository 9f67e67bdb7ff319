import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_LOCK_MS } from '../../domain/login-throttle';
import { createTestApp, type TestApp } from '../../test/test-context';
import { translatorIn } from '../../web/i18n/language.server';
import { loginRefusal } from '../../web/routes/login';
import { aesKeyFromEnvOrFile } from '../platform/secrets';
import { type AccountPrincipal, createAccountAuth, type LoginResult, totpCode } from './login.server';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await sql('DELETE FROM login_throttle');
});

const sql = (statement: string, args: (string | number | null)[] = []) => t.ctx.database.client.execute({ sql: statement, args });
const MIN = 60 * 1000;

/** An auth service on the test database (and its TOTP key) with a clock the test moves. */
async function withClock(start = new Date('2026-11-24T01:00:00Z'), attemptsPerAddress = 20) {
  let now = start;
  const auth = await createAccountAuth(t.ctx.database.db, 'x'.repeat(40), false, () => now, {
    attemptsPerAddress,
    totpKey: aesKeyFromEnvOrFile(undefined, t.dataDir, 'totp-key', 'TOTP_KEY'),
  });
  return { auth, advance: (ms: number) => (now = new Date(now.getTime() + ms)), now: () => now };
}
type Auth = Awaited<ReturnType<typeof withClock>>['auth'];

const cookieOf = (setCookie: string) => new Request('http://127.0.0.1/', { headers: { Cookie: setCookie.split(';')[0]! } });
const kinds = (results: LoginResult[]) => results.map((r) => r.kind);
const turnOff = (loginId: string) =>
  sql(
    'UPDATE account SET totp_secret = NULL, totp_last_step = NULL, totp_pending_secret = NULL, totp_pending_at = NULL WHERE login_id = ?',
    [loginId],
  );

describe('login', () => {
  it('logs in with the right password, and not with a wrong one or an unknown id', async () => {
    const { auth } = await withClock();
    expect((await auth.login('op-b', 'pw-b-123456', '10.0.0.1')).kind).toBe('ok');
    expect((await auth.login('op-b', 'wrong', '10.0.0.1')).kind).toBe('invalid');
    expect((await auth.login('nobody', 'pw-b-123456', '10.0.0.1')).kind).toBe('invalid');
  });

  it('answers an unknown login id exactly like a real one: the same kinds, waits and words', async () => {
    const { auth } = await withClock();
    const tryFive = async (loginId: string, network: string) => {
      const results: LoginResult[] = [];
      for (let i = 0; i < 6; i++) results.push(await auth.login(loginId, 'wrong', `${network}.${i}`));
      // The right password does not help once locked (for the real account).
      results.push(await auth.login(loginId, 'pw-sb-123456', `${network}.9`));
      return results;
    };
    const real = await tryFive('staff-b', '10.1.0');
    const unknown = await tryFive('staff-x', '10.1.1');
    expect(kinds(real)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked', 'locked', 'locked']);
    expect(unknown).toEqual(real);
    const [ja, en] = [translatorIn('ja'), translatorIn('en')];
    expect(real.map((r) => loginRefusal(r as never, ja))).toEqual(unknown.map((r) => loginRefusal(r as never, ja)));
    const message = loginRefusal(real[4] as never, ja).error;
    const english = loginRefusal(real[4] as never, en).error;
    expect(message).toContain('15 分間');
    expect(english).toContain('15 min');
    expect(message).not.toMatch(/アカウント|account/i);
    expect(english).not.toMatch(/アカウント|account/i);
  });

  it('locks only the attacking network for that login id: the real admin still logs in from elsewhere', async () => {
    const { auth } = await withClock();
    for (let i = 0; i < 5; i++) await auth.login('admin', 'guess', `203.0.113.${i}`);
    expect((await auth.login('admin', 'pw-ad-123456', '203.0.113.250')).kind).toBe('locked');
    expect((await auth.login('admin', 'pw-ad-123456', '198.51.100.7')).kind).toBe('ok');
    // The typed id is normalised: another spelling of it is the same pair, so it is locked too.
    expect((await auth.login('ＡＤＭＩＮ', 'guess', '203.0.113.9')).kind).toBe('locked');

    for (let i = 0; i < 5; i++) await auth.login('admin', 'guess', `2001:db8:1:2::${i + 1}`);
    expect((await auth.login('admin', 'pw-ad-123456', '2001:db8:1:2:ffff::1')).kind).toBe('locked');
    expect((await auth.login('admin', 'pw-ad-123456', '::ffff:203.0.113.77')).kind).toBe('locked');
    expect((await auth.login('admin', 'pw-ad-123456', '2001:db8:1:3::1')).kind).toBe('ok');
  });

  it('locks for 15 minutes, then backs off to 30 after the next five failures', async () => {
    const { auth, advance } = await withClock();
    const fiveWrong = async () => {
      const results: LoginResult[] = [];
      for (let i = 0; i < 5; i++) results.push(await auth.login('staff-b', 'wrong', '10.5.0.1'));
      return results;
    };
    expect((await fiveWrong()).at(-1)).toEqual({ kind: 'locked', retryAfterMs: FIRST_LOCK_MS });
    advance(15 * MIN - 1000);
    expect((await auth.login('staff-b', 'pw-sb-123456', '10.5.0.2')).kind).toBe('locked');
    advance(1000);
    expect((await fiveWrong()).at(-1)).toEqual({ kind: 'locked', retryAfterMs: 2 * FIRST_LOCK_MS });
    advance(30 * MIN);
    expect((await auth.login('staff-b', 'pw-sb-123456', '10.5.0.2')).kind).toBe('ok');
    // A success forgets the pair: the next lock is a first one again.
    expect((await fiveWrong()).at(-1)).toEqual({ kind: 'locked', retryAfterMs: FIRST_LOCK_MS });
  });

  it('locks the pair even when the wrong passwords arrive all at once', async () => {
    const { auth } = await withClock();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => auth.login('op-b', 'wrong', `10.4.0.${i}`)));
    expect(kinds(results)).toContain('locked');
    expect(kinds(results).filter((k) => k === 'invalid').length).toBe(4);
    expect((await auth.login('op-b', 'pw-b-123456', '10.4.0.200')).kind).toBe('locked');
  });

  it('keeps a lock across a restart (and on every node sharing the database)', async () => {
    const first = await withClock();
    for (let i = 0; i < 5; i++) await first.auth.login('op-a', 'wrong', '10.6.0.1');
    const restarted = await withClock(first.now());
    expect((await restarted.auth.login('op-a', 'pw-a-123456', '10.6.0.1')).kind).toBe('locked');
  });

  it('limits attempts per address prefix (/24, /64), whatever the login id', async () => {
    const { auth } = await withClock();
    const results: LoginResult[] = [];
    // Twenty addresses of one /24 share one budget of 20.
    for (let i = 0; i < 21; i++) results.push(await auth.login(`someone-${i}`, 'x', `192.0.2.${i + 1}`));
    expect(kinds(results.slice(0, 20)).every((k) => k === 'invalid')).toBe(true);
    expect(results[20]!.kind).toBe('throttled');
    expect((await auth.login('op-a', 'pw-a-123456', '192.0.2.200')).kind).toBe('throttled');
    expect((await auth.login('op-a', 'pw-a-123456', '192.0.3.8')).kind).toBe('ok');

    for (let i = 0; i < 20; i++) await auth.login(`someone-${i}`, 'x', `2001:db8:9:9::${(i + 1).toString(16)}`);
    expect((await auth.login('op-a', 'pw-a-123456', '2001:db8:9:9:abcd::1')).kind).toBe('throttled');
    expect((await auth.login('op-a', 'pw-a-123456', '2001:db8:9:a::1')).kind).toBe('ok');
  });

  it('never stores the typed login id (it may be a password typed in the wrong field)', async () => {
    const { auth } = await withClock();
    const typed = 'correct-horse-battery-staple';
    for (let i = 0; i < 3; i++) await auth.login(typed, 'x', '10.7.0.1');
    await auth.login('op-a', 'x', '10.7.0.1');
    const rows = (await sql('SELECT * FROM login_throttle')).rows;
    expect(rows.length).toBe(2);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(typed);
    expect(stored).not.toContain('10.7.0');
    // Only a real account is named (for its administrators).
    expect(new Set(rows.map((r) => r.account_id))).toEqual(new Set([null, t.accountIds['op-a']]));
  });

  it('refuses a disabled account with its right password, as if it did not exist', async () => {
    const { auth } = await withClock();
    await sql("UPDATE account SET disabled = 1 WHERE login_id = 'op-b'");
    try {
      expect((await auth.login('op-b', 'pw-b-123456', '10.2.0.1')).kind).toBe('invalid');
    } finally {
      await sql("UPDATE account SET disabled = 0 WHERE login_id = 'op-b'");
    }
  });

  it("shows an administrator the account's latest lock, and lifts it", async () => {
    const { auth } = await withClock(new Date());
    const admin = await t.principal('admin');
    const id = t.accountIds['staff-a']!;
    for (let i = 0; i < 5; i++) await auth.login('staff-a', 'wrong', '10.8.0.1');
    expect((await t.ctx.accountAdmin.get(admin, id)).lockedUntil).toBeInstanceOf(Date);
    await t.ctx.accountAdmin.update(admin, id, { unlock: true });
    expect((await t.ctx.accountAdmin.get(admin, id)).lockedUntil).toBeNull();
    expect((await auth.login('staff-a', 'pw-sa-123456', '10.8.0.1')).kind).toBe('ok');
  });
});

describe('revoking logins', () => {
  it('makes a copied cookie useless after logout, and after the password is reset', async () => {
    const stolen = await t.cookieFor('op-a');
    const withCookie = (cookie: string) => new Request('http://127.0.0.1/', { headers: { Cookie: cookie } });
    expect(await t.ctx.accounts.fromRequest(withCookie(stolen))).not.toBeNull();
    await t.ctx.accounts.destroy(withCookie(stolen));
    expect(await t.ctx.accounts.fromRequest(withCookie(stolen))).toBeNull();

    const fresh = await t.cookieFor('op-a');
    expect(await t.ctx.accounts.fromRequest(withCookie(fresh))).not.toBeNull();
    await t.ctx.accountAdmin.update(await t.principal('admin'), t.accountIds['op-a']!, { password: 'a brand new passphrase' });
    expect(await t.ctx.accounts.fromRequest(withCookie(fresh))).toBeNull();
    await t.ctx.accountAdmin.update(await t.principal('admin'), t.accountIds['op-a']!, { password: 'pw-a-123456' });
  });

  it('sends a logged-out visitor to the login page and back to the same page and query', async () => {
    const redirect = await t.ctx.accounts
      .require(new Request('http://127.0.0.1/staff/reports?month=2026-11&_data=routes%2Fstaff.reports'))
      .catch((r: Response) => r);
    expect((redirect as Response).headers.get('Location')).toBe(`/login?redirectTo=${encodeURIComponent('/staff/reports?month=2026-11')}`);
  });
});

describe('TOTP', () => {
  /** Enrols `loginId` on `auth` at its clock's time; returns the secret. */
  async function enrol(auth: Auth, now: () => Date, principal: AccountPrincipal) {
    const setup = await auth.beginTotpSetup(principal);
    const confirmed = await auth.confirmTotpSetup(new Request('http://127.0.0.1/'), principal, totpCode(setup.secret, now()), '10.3.9.1');
    expect(confirmed.kind).toBe('ok');
    return setup.secret;
  }
  /** The password step, then the cookie for the code step. */
  async function pendingFor(auth: Auth, loginId: string, password: string, address: string) {
    const first = await auth.login(loginId, password, address);
    expect(first.kind).toBe('totp-required');
    return cookieOf(await auth.commitPending(new Request('http://127.0.0.1/'), (first as { accountId: string }).accountId));
  }

  it('enrols with a confirming code, then asks for a code after the password', async () => {
    const { auth, advance, now } = await withClock();
    const supervisor = await t.principal('supervisor');
    const setup = await auth.beginTotpSetup(supervisor);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Madoguchi:supervisor\?/);
    // A reload shows the same secret while the enrolment is pending.
    expect((await auth.beginTotpSetup(supervisor)).secret).toBe(setup.secret);
    const wrongCode = totpCode(setup.secret, new Date(now().getTime() + 10 * MIN));
    expect((await auth.confirmTotpSetup(new Request('http://127.0.0.1/'), supervisor, wrongCode, '10.3.0.1')).kind).toBe('invalid');
    expect(
      (await auth.confirmTotpSetup(new Request('http://127.0.0.1/'), supervisor, totpCode(setup.secret, now()), '10.3.0.1')).kind,
    ).toBe('ok');
    expect(await auth.totpEnabled(supervisor.accountId)).toBe(true);

    advance(30_000);
    const pending = await pendingFor(auth, 'supervisor', 'pw-sv-123456', '10.3.0.1');
    // Without the pending cookie the code alone is worthless.
    expect((await auth.verifyTotp(new Request('http://127.0.0.1/'), totpCode(setup.secret, now()), '10.3.0.1')).kind).toBe('invalid');
    expect((await auth.verifyTotp(pending, wrongCode, '10.3.0.1')).kind).toBe('invalid');
    expect((await auth.verifyTotp(pending, totpCode(setup.secret, now()), '10.3.0.1')).kind).toBe('ok');

    // The pending step expires after 5 minutes.
    advance(5 * MIN + 1);
    expect((await auth.verifyTotp(pending, totpCode(setup.secret, now()), '10.3.0.1')).kind).toBe('invalid');

    // Turning it off needs a current code.
    expect((await auth.disableTotp(supervisor, wrongCode, '10.3.0.1')).kind).toBe('invalid');
    expect((await auth.disableTotp(supervisor, totpCode(setup.secret, now()), '10.3.0.1')).kind).toBe('ok');
    expect((await auth.login('supervisor', 'pw-sv-123456', '10.3.0.2')).kind).toBe('ok');
  });

  it('accepts a code once: the same code again, or an older one, is refused', async () => {
    const { auth, advance, now } = await withClock();
    const admin = await t.principal('admin');
    try {
      const secret = await enrol(auth, now, admin);
      // The code that confirmed the enrolment cannot also log in.
      expect(
        (await auth.verifyTotp(await pendingFor(auth, 'admin', 'pw-ad-123456', '10.9.0.1'), totpCode(secret, now()), '10.9.0.1')).kind,
      ).toBe('invalid');

      advance(30_000);
      const code = totpCode(secret, now());
      expect((await auth.verifyTotp(await pendingFor(auth, 'admin', 'pw-ad-123456', '10.9.0.1'), code, '10.9.0.1')).kind).toBe('ok');
      // Replayed within its window (the next 30 s and the one after), by anyone.
      expect((await auth.verifyTotp(await pendingFor(auth, 'admin', 'pw-ad-123456', '10.9.1.1'), code, '10.9.1.1')).kind).toBe('invalid');
      advance(20_000);
      expect((await auth.verifyTotp(await pendingFor(auth, 'admin', 'pw-ad-123456', '10.9.1.1'), code, '10.9.1.1')).kind).toBe('invalid');
      // The previous step's code (still inside the ±1 window) is older: refused as well.
      expect(
        (
          await auth.verifyTotp(
            await pendingFor(auth, 'admin', 'pw-ad-123456', '10.9.1.1'),
            totpCode(secret, new Date(now().getTime() - 60_000)),
            '10.9.1.1',
          )
        ).kind,
      ).toBe('invalid');
      // Turning TOTP off with the code just used to log in: refused too.
      expect((await auth.disableTotp(admin, code, '10.9.0.1')).kind).toBe('invalid');
      // The next code works.
      advance(30_000);
      expect(
        (await auth.verifyTotp(await pendingFor(auth, 'admin', 'pw-ad-123456', '10.9.0.1'), totpCode(secret, now()), '10.9.0.1')).kind,
      ).toBe('ok');
    } finally {
      await turnOff('admin');
    }
  });

  it('lets only one of two parallel logins with the same code through', async () => {
    const { auth, advance, now } = await withClock();
    const admin = await t.principal('admin');
    try {
      const secret = await enrol(auth, now, admin);
      advance(30_000);
      const pendings = await Promise.all([1, 2, 3, 4].map((i) => pendingFor(auth, 'admin', 'pw-ad-123456', `10.10.${i}.1`)));
      const code = totpCode(secret, now());
      const results = await Promise.all(pendings.map((p, i) => auth.verifyTotp(p, code, `10.10.${i + 1}.1`)));
      expect(kinds(results).sort()).toEqual(['invalid', 'invalid', 'invalid', 'ok']);
    } finally {
      await turnOff('admin');
    }
  });

  it('counts wrong codes when turning TOTP off, so a stolen session cannot guess one', async () => {
    const { auth, now } = await withClock();
    const admin = await t.principal('admin');
    try {
      const secret = await enrol(auth, now, admin);
      const wrong = totpCode(secret, new Date(now().getTime() + 10 * MIN));
      const results = [];
      for (let i = 0; i < 6; i++) results.push((await auth.disableTotp(admin, wrong, '10.11.0.1')).kind);
      expect(results).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked', 'locked']);
      expect(await auth.totpEnabled(admin.accountId)).toBe(true);
    } finally {
      await turnOff('admin');
    }
  });

  it('keeps TOTP secrets sealed at rest (AES-256-GCM), pending ones too', async () => {
    const { auth, now } = await withClock();
    const supervisor = await t.principal('supervisor');
    try {
      const setup = await auth.beginTotpSetup(supervisor);
      const pending = (await sql("SELECT totp_pending_secret FROM account WHERE login_id = 'supervisor'")).rows[0]![0] as string;
      expect(pending).toMatch(/^v1:[A-Za-z0-9_-]+$/);
      expect(pending).not.toContain(setup.secret);
      await auth.confirmTotpSetup(new Request('http://127.0.0.1/'), supervisor, totpCode(setup.secret, now()), '10.12.0.1');
      const row = (await sql("SELECT totp_secret, totp_pending_secret FROM account WHERE login_id = 'supervisor'")).rows[0]!;
      expect(row.totp_secret).toBe(pending);
      expect(row.totp_pending_secret).toBeNull();
      // Another key does not open it: the login fails loudly instead of passing or looking like a wrong code.
      const otherKey = await createAccountAuth(t.ctx.database.db, 'x'.repeat(40), false, now, { totpKey: Buffer.alloc(32, 7) });
      const pendingCookie = cookieOf(await otherKey.commitPending(new Request('http://127.0.0.1/'), supervisor.accountId));
      await expect(otherKey.verifyTotp(pendingCookie, '123456', '10.12.0.1')).rejects.toThrow(/TOTP_KEY/);
    } finally {
      await turnOff('supervisor');
    }
  });

  it('seals the plaintext secrets of earlier versions at start, and they keep working', async () => {
    const plain = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await sql("UPDATE account SET totp_secret = ? WHERE login_id = 'supervisor'", [plain]);
    try {
      const { auth, now } = await withClock();
      const stored = (await sql("SELECT totp_secret FROM account WHERE login_id = 'supervisor'")).rows[0]![0] as string;
      expect(stored).toMatch(/^v1:/);
      const pending = await pendingFor(auth, 'supervisor', 'pw-sv-123456', '10.13.0.1');
      expect((await auth.verifyTotp(pending, totpCode(plain, now()), '10.13.0.1')).kind).toBe('ok');
    } finally {
      await turnOff('supervisor');
    }
  });

  it('forgets an enrolment not confirmed within 10 minutes', async () => {
    const { auth, advance, now } = await withClock();
    const supervisor = await t.principal('supervisor');
    try {
      const first = await auth.beginTotpSetup(supervisor);
      advance(10 * MIN);
      expect(
        (await auth.confirmTotpSetup(new Request('http://127.0.0.1/'), supervisor, totpCode(first.secret, now()), '10.14.0.1')).kind,
      ).toBe('invalid');
      const second = await auth.beginTotpSetup(supervisor);
      expect(second.secret).not.toBe(first.secret);
      expect(
        (await auth.confirmTotpSetup(new Request('http://127.0.0.1/'), supervisor, totpCode(second.secret, now()), '10.14.0.1')).kind,
      ).toBe('ok');
    } finally {
      await turnOff('supervisor');
    }
  });
});

describe('the TOTP page', () => {
  it('keeps the enrolment secret out of the cookie, and enrols with the code', async () => {
    const route = await import('../../web/routes/account.security');
    const cookie = await t.cookieFor('supervisor');
    const args = (request: Request) => ({ request, context: { app: t.ctx, clientAddress: '10.15.0.1' }, params: {} }) as never;
    try {
      const loaded = (await route.loader(
        args(new Request('http://127.0.0.1/account/security', { headers: { Cookie: cookie } })),
      )) as unknown as {
        data: { secret: string };
        init: ResponseInit | null;
      };
      const secret = loaded.data.secret;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      // Whatever cookie the page sets, no decoding of it holds the secret.
      const setCookie = new Headers(loaded.init?.headers).get('Set-Cookie') ?? '';
      const value = decodeURIComponent(setCookie.split(';')[0]!.split('=').slice(1).join('='));
      for (const text of [setCookie, value, Buffer.from(value.split('.')[0] ?? '', 'base64').toString('utf8')])
        expect(text).not.toContain(secret);

      const form = new URLSearchParams({ intent: 'enable', code: totpCode(secret, new Date()) });
      const posted = (await route.action(
        args(
          new Request('http://127.0.0.1/account/security', {
            method: 'POST',
            headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: form,
          }),
        ),
      )) as unknown as { data: { done: string | null; error: string | null } };
      expect(posted.data).toEqual({ error: null, done: '二段階認証を有効にしました' });
      expect(await t.ctx.accounts.totpEnabled(t.accountIds.supervisor!)).toBe(true);
    } finally {
      await turnOff('supervisor');
    }
  });
});
