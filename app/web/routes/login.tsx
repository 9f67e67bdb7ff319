import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import type { LoginResult } from '../../server/accounts.server';
import { safeRedirect } from '../utils/safe-redirect';

export const meta: MetaFunction = () => [{ title: 'ログイン | Madoguchi' }];

const LoginForm = z.object({
  loginId: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  redirectTo: z.string().optional(),
});


export const loginMessages: Record<Exclude<LoginResult['kind'], 'ok' | 'totp-required'>, string> = {
  invalid: 'ログイン ID またはパスワードが違います / Wrong login ID or password.',
  locked:
    'ログインに続けて失敗したため、このアカウントは 15 分間ロックされています。時間をおいて再度お試しいただくか、管理者に連絡してください。 / ' +
    'This account is locked for 15 minutes after repeated failed logins. Try again later or contact an administrator.',
  throttled:
    'ログインの試行が多すぎます。しばらくしてから再度お試しください。 / Too many login attempts. Wait a few minutes and try again.',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Already logged in: straight on.
  if (await context.app.accounts.fromRequest(request)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = LoginForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ error: 'ログイン ID とパスワードを入力してください / Enter your login ID and password.' }, 400);
  }
  const { accounts } = context.app;
  const result = await accounts.login(parsed.data.loginId, parsed.data.password, context.clientAddress);
  const redirectTo = safeRedirect(parsed.data.redirectTo);
  switch (result.kind) {
    case 'ok':
      return redirect(redirectTo, { headers: { 'Set-Cookie': await accounts.commit(request, result.account.accountId) } });
    case 'totp-required':
      return redirect(`/login/totp?redirectTo=${encodeURIComponent(redirectTo)}`, {
        headers: { 'Set-Cookie': await accounts.commitPending(request, result.accountId) },
      });
    default:
      return data({ error: loginMessages[result.kind] }, result.kind === 'throttled' ? 429 : 401);
  }
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <main className="page" style={{ maxWidth: 420 }}>
      <h1>Madoguchi ログイン / Log in</h1>
      <Form method="post" className="card">
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <label htmlFor="loginId">ログイン ID / Login ID</label>
        <input id="loginId" name="loginId" type="text" autoComplete="username" required />
        <label htmlFor="password">パスワード / Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {actionData?.error ? (
          <p className="error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <p>
          <button className="button" type="submit" disabled={navigation.state !== 'idle'}>
            ログイン / Log in
          </button>
        </p>
      </Form>
    </main>
  );
}
