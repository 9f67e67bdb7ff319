import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { useActionData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import type { LoginResult } from '../../server/auth/login.server';
import { LanguageSwitch } from '../components/language-switch';
import { LoginStep } from '../components/login-step';
import { type Translate, useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { safeRedirect } from '../utils/safe-redirect';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'login.title');

const LoginForm = z.object({
  loginId: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  redirectTo: z.string().optional(),
});

/**
 * What a refused login is told, in `t`'s language. The same words whether or not the login id exists:
 * the lock is on this login id from this network, never on "the account".
 */
export function loginRefusal(
  result: Exclude<LoginResult, { kind: 'ok' } | { kind: 'totp-required' }>,
  t: Translate,
): {
  error: string;
  status: number;
  headers: Record<string, string>;
} {
  switch (result.kind) {
    case 'invalid':
      return { error: t('login.wrongCredentials'), status: 401, headers: {} };
    case 'locked':
      return {
        error: t('login.locked', { minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) }),
        status: 429,
        headers: { 'Retry-After': String(Math.ceil(result.retryAfterMs / 1000)) },
      };
    case 'throttled':
      return { error: t('login.throttled'), status: 429, headers: { 'Retry-After': '600' } };
  }
}

/** A refused login step as the action's answer (`done` for the TOTP page, which also says what succeeded). */
export function refused(result: Parameters<typeof loginRefusal>[0], t: Translate) {
  const refusal = loginRefusal(result, t);
  return data({ error: refusal.error, done: null }, { status: refusal.status, headers: refusal.headers });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Already logged in: straight on.
  if (await context.app.accounts.fromRequest(request)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = LoginForm.safeParse(Object.fromEntries(await request.formData()));
  const { t } = await translatorFor(request);
  if (!parsed.success) return data({ error: t('login.enterBoth') }, 400);
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
      return refused(result, t);
  }
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useT();
  return (
    <LoginStep
      title={t('login.heading')}
      before={<LanguageSwitch />}
      error={actionData?.error}
      submitLabel={t('login.submit')}
      busy={navigation.state !== 'idle'}
    >
      <label htmlFor="loginId">{t('login.loginId')}</label>
      <input id="loginId" name="loginId" type="text" autoComplete="username" required />
      <label htmlFor="password">{t('login.password')}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
    </LoginStep>
  );
}
