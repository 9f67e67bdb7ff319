import { data, redirect, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';

export const meta: MetaFunction = () => [{ title: 'ログイン | Madoguchi' }];

const LoginForm = z.object({
  loginId: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  redirectTo: z.string().optional(),
});

/** Only same-site paths, so the login page cannot be used to bounce people elsewhere. */
function safeRedirect(to: string | undefined): string {
  return to && to.startsWith('/') && !to.startsWith('//') ? to : '/';
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = LoginForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ error: 'ログイン ID とパスワードを入力してください / Enter your login ID and password.' }, 400);
  }
  const account = await context.app.accounts.login(parsed.data.loginId, parsed.data.password);
  if (!account) {
    return data({ error: 'ログイン ID またはパスワードが違います / Wrong login ID or password.' }, 401);
  }
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': await context.app.accounts.commit(request, account.accountId) },
  });
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
