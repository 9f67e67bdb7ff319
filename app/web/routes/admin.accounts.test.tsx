/**
 * The account forms, end to end on the server: the real action with a browser's form post against
 * the real test database, then the page as it shows the result (errors at their fields, the notice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { count, createTestApp, type TestApp } from '../../test/test-context';
import { accountMessagesOf, NewAccountForm, PasswordForm, passwordMessagesOf } from '../components/account-forms';
import { parseForm } from '../components/forms';
import { createI18n, type Translate } from '../i18n/i18n';
import { messages } from '../i18n/language.server';
import * as accounts from './admin.accounts._index';
import * as account from './admin.accounts.$id';

// The forms' words in Japanese: the requests below send no language cookie.
const ja = createI18n('ja', messages.ja).t as unknown as Translate;
const accountMessages = accountMessagesOf(ja);
const passwordMessages = passwordMessagesOf(ja);

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const newAccount = {
  loginId: 'route-test-op',
  password: 'a long passphrase for tests',
  displayName: 'ルートテスト',
  role: 'operator',
  municipalityIds: [] as string[],
  languages: ['ja', 'en'],
  procedures: ['renewal'],
};

describe('creating an account (/admin/accounts)', () => {
  const create = async (fields: Record<string, string | readonly string[]>, loginId = 'admin') => {
    const request = await formPost(t, loginId, '/admin/accounts', fields);
    return outcome(() => accounts.action({ request, context: loadContext(t), params: {} }));
  };
  const page = async (actionData: unknown) => {
    const request = await pageGet(t, 'admin', '/admin/accounts');
    const loaderData = await accounts.loader({ request, context: loadContext(t), params: {} });
    return renderRoute(accounts, '/admin/accounts', '/admin/accounts', loaderData, actionData);
  };

  it('refuses bad fields with their messages beside them, keeps what was typed but never the password, stores nothing', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM account');
    const fields = { ...newAccount, loginId: 'Not Valid!', password: 'short', displayName: '' };
    const { status, data } = await create(fields);
    expect(status).toBe(400);
    const result = (data as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).result;
    expect(result.error.loginId).toEqual([accountMessages.loginId]);
    expect(result.error.password).toEqual([accountMessages.password]);
    expect(result.error.displayName).toEqual([accountMessages.displayName]);
    expect(result.initialValue.password).toBeUndefined();
    expect(await count(t.ctx, 'SELECT count(*) FROM account')).toBe(before);

    const html = await page(data);
    expect(html).toContain('id="loginId-error"');
    expect(html).toMatch(/id="loginId"[^>]*aria-invalid="true"/);
    expect(pageText(html)).toContain(accountMessages.loginId);
    expect(pageText(html)).toContain(accountMessages.password);
    expect(html).toContain('value="Not Valid!"');
    expect(html).not.toContain('value="short"');
  });

  it('words the browser’s check and the server’s the same (one schema)', async () => {
    const fields = { ...newAccount, loginId: 'x', role: 'nobody' };
    const { data } = await create(fields);
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) for (const v of typeof value === 'string' ? [value] : value) body.append(name, v);
    const browser = parseForm(body, NewAccountForm, accountMessages).reply({ hideFields: ['password'] });
    expect((data as { result: unknown }).result).toEqual(browser);
  });

  it('refuses what the API’s own schema refuses, at the field (a repeated language)', async () => {
    const { status, data } = await create({ ...newAccount, loginId: 'route-test-dup', languages: ['ja', 'ja'] });
    expect(status).toBe(400);
    expect((data as { result: { error: Record<string, string[]> } }).result.error.languages).toEqual([accountMessages.languages]);
  });

  it('a service refusal (login id taken) is the form’s alert, in both languages', async () => {
    const { status, data } = await create({ ...newAccount, loginId: 'op-a' });
    expect(status).toBe(409);
    const html = await page(data);
    expect(html).toMatch(/<p class="error admin-alert" role="alert"[^>]*>[^<]+ \/ [^<]+<\/p>/);
  });

  it('creates the account and goes to its page, which says so', async () => {
    const { status, response } = await create({ ...newAccount, municipalityIds: [t.municipalityA.municipalityId] });
    expect(status).toBe(302);
    const location = response!.headers.get('Location')!;
    expect(location).toMatch(/^\/admin\/accounts\/[0-9a-f-]{36}\?created=1$/);
    const id = location.slice('/admin/accounts/'.length, -'?created=1'.length);
    const loaderData = await account.loader({ request: await pageGet(t, 'admin', location), context: loadContext(t), params: { id } });
    const html = renderRoute(account, '/admin/accounts/:id', location, loaderData);
    expect(pageText(html)).toContain('アカウントを作成しました');
    expect(html).toContain('value="ルートテスト"');
  });

  it('is an administrator’s: a supervisor is refused with 403', async () => {
    const { status } = await create(newAccount, 'supervisor');
    expect(status).toBe(403);
  });
});

describe('editing an account (/admin/accounts/:id)', () => {
  const edit = async (id: string, fields: Record<string, string | readonly string[]>) => {
    const request = await formPost(t, 'admin', `/admin/accounts/${id}`, fields);
    return outcome(() => account.action({ request, context: loadContext(t), params: { id } }));
  };
  const page = async (id: string, actionData: unknown) => {
    const request = await pageGet(t, 'admin', `/admin/accounts/${id}`);
    const loaderData = await account.loader({ request, context: loadContext(t), params: { id } });
    return renderRoute(account, '/admin/accounts/:id', `/admin/accounts/${id}`, loaderData, actionData);
  };
  const displayNameOf = async (id: string) => {
    const { rows } = await t.ctx.database.client.execute({ sql: 'SELECT display_name FROM account WHERE id = ?', args: [id] });
    return String(rows[0]!.display_name);
  };

  it('saves the settings, then shows what was saved with the notice', async () => {
    const id = t.accountIds['op-b']!;
    const { status, data } = await edit(id, {
      intent: 'update',
      displayName: '  オペレーター B（改）  ',
      role: 'operator',
      municipalityIds: [t.municipalityB.municipalityId],
      languages: ['ja'],
      procedures: ['renewal'],
    });
    expect(status).toBe(200);
    expect(await displayNameOf(id)).toBe('オペレーター B（改）');
    const html = await page(id, data);
    expect(pageText(html)).toContain('保存しました');
    expect(html).toContain('value="オペレーター B（改）"');
  });

  it('refuses an empty display name at its field and changes nothing', async () => {
    const id = t.accountIds['op-b']!;
    const before = await displayNameOf(id);
    const { status, data } = await edit(id, { intent: 'update', displayName: '', role: 'operator', languages: ['ja'] });
    expect(status).toBe(400);
    expect(await displayNameOf(id)).toBe(before);
    const html = await page(id, data);
    expect(html).toContain('id="displayName-error"');
    expect(pageText(html)).toContain(accountMessages.displayName);
  });

  it('a new password is typed twice; a mismatch is refused beside the confirmation, a short one beside the password', async () => {
    const id = t.accountIds['op-b']!;
    const mismatch = await edit(id, { intent: 'password', password: 'a long passphrase one', passwordConfirm: 'a long passphrase two' });
    expect(mismatch.status).toBe(400);
    const html = await page(id, mismatch.data);
    expect(html).toContain('id="passwordConfirm-error"');
    expect(pageText(html)).toContain(passwordMessages.passwordConfirm);
    expect(html).not.toContain('a long passphrase');

    const short = await edit(id, { intent: 'password', password: 'short', passwordConfirm: 'short' });
    expect(short.status).toBe(400);
    expect((short.data as { result: { error: Record<string, string[]> } }).result.error.password).toEqual([accountMessages.password]);

    const body = new FormData();
    body.append('password', 'x');
    body.append('passwordConfirm', 'y');
    expect(parseForm(body, PasswordForm, passwordMessages).reply().error?.passwordConfirm).toEqual([passwordMessages.passwordConfirm]);

    const set = await edit(id, { intent: 'password', password: 'a long passphrase three', passwordConfirm: 'a long passphrase three' });
    expect(set.status).toBe(200);
    expect(pageText(await page(id, set.data))).toContain('パスワードを設定しました');
  });

  it('an unknown intent is a 400', async () => {
    const { status } = await edit(t.accountIds['op-b']!, { intent: 'delete' });
    expect(status).toBe(400);
  });
});
