import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-context';
import { createAccountAuth, totpCode } from './accounts.server';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** An auth service on the test database with a clock the test moves. */
function withClock(start = new Date('2026-11-24T01:00:00Z')) {
  let now = start;
  const auth = createAccountAuth(t.ctx.database.db, 'x'.repeat(40), false, () => now);
  return { auth, advance: (ms: number) => (now = new Date(now.getTime() + ms)), now: () => now };
}

const cookieOf = (setCookie: string) => new Request('http://127.0.0.1/', { headers: { Cookie: setCookie.split(';')[0]! } });

describe('login', () => {
  it('logs in with the right password, and not with a wrong one or an unknown id', async () => {
    const { auth } = withClock();
    expect((await auth.login('op-b', 'pw-b-123456', '10.0.0.1')).kind).toBe('ok');
    expect((await auth.login('op-b', 'wrong', '10.0.0.1')).kind).toBe('invalid');
    expect((await auth.login('nobody', 'pw-b-123456', '10.0.0.1')).kind).toBe('invalid');
    await auth.login('op-b', 'pw-b-123456', '10.0.0.1'); // success resets the count
  });

  it('locks an account for 15 minutes after 5 wrong passwords, even against the right one', async () => {
    const { auth, advance } = withClock();
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await auth.login('staff-b', 'wrong', `10.1.0.${i}`)).kind);
    expect(results).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked']);
    expect((await auth.login('staff-b', 'pw-sb-123456', '10.1.1.1')).kind).toBe('locked');
    advance(15 * 60 * 1000 - 1000);
    expect((await auth.login('staff-b', 'pw-sb-123456', '10.1.1.2')).kind).toBe('locked');
    advance(2000);
    expect((await auth.login('staff-b', 'pw-sb-123456', '10.1.1.3')).kind).toBe('ok');
  });

  it('locks the account even when the wrong passwords arrive all at once', async () => {
    const { auth } = withClock();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => auth.login('op-b', 'wrong', `10.4.0.${i}`)));
    expect(results.map((r) => r.kind)).toContain('locked');
    expect((await auth.login('op-b', 'pw-b-123456', '10.4.1.1')).kind).toBe('locked');
    await t.ctx.database.client.execute({ sql: "UPDATE account SET failed_login_count = 0, locked_until = NULL WHERE login_id = 'op-b'", args: [] });
  });

  it('limits attempts per client address, whatever the account', async () => {
    const { auth } = withClock();
    const kinds = [];
    for (let i = 0; i < 21; i++) kinds.push((await auth.login(`someone-${i}`, 'x', '192.0.2.7')).kind);
    expect(kinds.slice(0, 20).every((k) => k === 'invalid')).toBe(true);
    expect(kinds[20]).toBe('throttled');
    expect((await auth.login('op-a', 'pw-a-123456', '192.0.2.8')).kind).toBe('ok');
  });

  it('refuses a disabled account with its right password', async () => {
    const { auth } = withClock();
    await t.ctx.database.client.execute({ sql: "UPDATE account SET disabled = 1 WHERE login_id = 'op-b'", args: [] });
    try {
      expect((await auth.login('op-b', 'pw-b-123456', '10.2.0.1')).kind).toBe('invalid');
    } finally {
      await t.ctx.database.client.execute({ sql: "UPDATE account SET disabled = 0 WHERE login_id = 'op-b'", args: [] });
    }
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
});

describe('TOTP', () => {
  it('enrols with a confirming code, then asks for a code after the password', async () => {
    const { auth, advance, now } = withClock();
    const supervisor = await t.principal('supervisor');
    const setup = await auth.beginTotpSetup(new Request('http://127.0.0.1/'), supervisor);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Madoguchi:supervisor\?/);
    const setupRequest = cookieOf(setup.setCookie);
    expect(await auth.confirmTotpSetup(setupRequest, supervisor, '000000' === totpCode(setup.secret, now()) ? '111111' : '000000')).toBeNull();
    expect(await auth.confirmTotpSetup(setupRequest, supervisor, totpCode(setup.secret, now()))).not.toBeNull();
    expect(await auth.totpEnabled(supervisor.accountId)).toBe(true);

    const first = await auth.login('supervisor', 'pw-sv-123456', '10.3.0.1');
    expect(first.kind).toBe('totp-required');
    const pending = cookieOf(await auth.commitPending(new Request('http://127.0.0.1/'), (first as { accountId: string }).accountId));
    // Without the pending cookie the code alone is worthless.
    expect((await auth.verifyTotp(new Request('http://127.0.0.1/'), totpCode(setup.secret, now()), '10.3.0.1')).kind).toBe('invalid');
    const wrong = totpCode(setup.secret, new Date(now().getTime() + 10 * 60 * 1000));
    expect((await auth.verifyTotp(pending, wrong, '10.3.0.1')).kind).toBe('invalid');
    expect((await auth.verifyTotp(pending, totpCode(setup.secret, now()), '10.3.0.1')).kind).toBe('ok');

    // The pending step expires after 5 minutes.
    advance(5 * 60 * 1000 + 1);
    expect((await auth.verifyTotp(pending, totpCode(setup.secret, now()), '10.3.0.1')).kind).toBe('invalid');

    // Turning it off needs a current code.
    expect(await auth.disableTotp(supervisor, wrong)).toBe(false);
    expect(await auth.disableTotp(supervisor, totpCode(setup.secret, now()))).toBe(true);
    expect((await auth.login('supervisor', 'pw-sv-123456', '10.3.0.2')).kind).toBe('ok');
  });
});
