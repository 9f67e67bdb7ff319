import { type ActionFunctionArgs, data, type MetaFunction, redirect } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { z } from 'zod';
import { LoginStep } from '../components/login-step';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { safeRedirect } from '../utils/safe-redirect';
import { refused } from './login';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'totp.verifyTitle');

const CodeForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = CodeForm.safeParse(Object.fromEntries(await request.formData()));
  const { t } = await translatorFor(request);
  if (!parsed.success) return data({ error: t('totp.enterCode') }, 400);
  const { accounts } = context.app;
  const result = await accounts.verifyTotp(request, parsed.data.code, context.clientAddress);
  switch (result.kind) {
    case 'ok':
      return redirect(safeRedirect(parsed.data.redirectTo), {
        headers: { 'Set-Cookie': await accounts.commit(request, result.account.accountId) },
      });
    // A code is accepted once: the same code again (or an older one) counts as wrong.
    case 'invalid':
    case 'totp-required':
      return data({ error: t('totp.wrongLoginCode') }, 401);
    default:
      return refused(result, t);
  }
}

export default function TotpStep() {
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  return (
    <LoginStep
      title={t('totp.verifyTitle')}
      error={actionData?.error}
      submitLabel={t('totp.verify')}
      after={
        <p>
          <a href="/login">{t('totp.startOver')}</a>
        </p>
      }
    >
      <label htmlFor="code">{t('totp.appCode')}</label>
      <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required />
    </LoginStep>
  );
}
