import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import QRCode from 'qrcode';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { TOTP_ROLES } from '../../server/auth/login.server';
import { AccountBar } from '../components/account-bar';
import { FormAlert } from '../components/forms';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { refused } from './login';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'totp.title');

async function requireTotpRole(request: Request, context: LoaderFunctionArgs['context']) {
  const account = await context.app.accounts.require(request);
  if (!TOTP_ROLES.includes(account.role)) throw new Response((await translatorFor(request)).t('totp.notForRole'), { status: 403 });
  return account;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireTotpRole(request, context);
  const { accounts } = context.app;
  if (await accounts.totpEnabled(account.accountId))
    return data({ displayName: account.displayName, enabled: true as const, secret: null, qr: null });
  // The new secret waits, sealed, on the account row until confirmed: nothing secret goes into the cookie.
  const setup = await accounts.beginTotpSetup(account);
  const qr = await QRCode.toString(setup.uri, { type: 'svg', margin: 1, width: 200 });
  return data({ displayName: account.displayName, enabled: false as const, secret: setup.secret, qr });
}

const ActionForm = z.object({
  intent: z.enum(['enable', 'disable']),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireTotpRole(request, context);
  const parsed = ActionForm.safeParse(Object.fromEntries(await request.formData()));
  const { t } = await translatorFor(request);
  if (!parsed.success) return data({ error: t('totp.enterCode'), done: null }, 400);
  const { accounts } = context.app;
  if (parsed.data.intent === 'enable') {
    const result = await accounts.confirmTotpSetup(request, account, parsed.data.code, context.clientAddress);
    if (result.kind === 'ok') return data({ error: null, done: t('totp.turnedOn') }, { headers: { 'Set-Cookie': result.setCookie } });
    if (result.kind === 'invalid') return data({ error: t('totp.wrongSetupCode'), done: null }, 400);
    return refused(result, t);
  }
  const result = await accounts.disableTotp(account, parsed.data.code, context.clientAddress);
  if (result.kind === 'ok') return data({ error: null, done: t('totp.turnedOff') });
  if (result.kind === 'invalid') return data({ error: t('totp.wrongCode'), done: null }, 400);
  return refused(result, t);
}

/** Turning TOTP on or off: a code from the app confirms it. */
function CodeForm({
  intent,
  codeLabel,
  submitLabel,
  secondary = false,
  children,
}: {
  intent: 'enable' | 'disable';
  codeLabel: string;
  submitLabel: string;
  secondary?: boolean;
  children: ReactNode;
}) {
  const actionData = useActionData<typeof action>();
  return (
    <Form method="post" className="card">
      {children}
      <input type="hidden" name="intent" value={intent} />
      <label htmlFor="code">{codeLabel}</label>
      <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
      <p>
        <button className={secondary ? 'button secondary' : 'button'} type="submit">
          {submitLabel}
        </button>
      </p>
      <FormAlert message={actionData?.error} plain />
    </Form>
  );
}

export default function Security() {
  const { displayName, enabled, secret, qr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  return (
    <>
      <AccountBar title={t('totp.title')} displayName={displayName} />
      <main className="page" style={{ maxWidth: 560 }}>
        <h1>{t('totp.title')}</h1>
        {actionData?.done ? <p role="status">{actionData.done}</p> : null}
        {enabled ? (
          <CodeForm intent="disable" codeLabel={t('totp.codeToTurnOff')} submitLabel={t('totp.turnOff')} secondary>
            <p>{t('totp.isOn')}</p>
          </CodeForm>
        ) : (
          <CodeForm intent="enable" codeLabel={t('totp.codeShown')} submitLabel={t('totp.turnOn')}>
            <p>{t('totp.scan')}</p>
            {qr ? <div role="img" aria-label={t('totp.qr')} dangerouslySetInnerHTML={{ __html: qr }} /> : null}
            <p>
              <code data-testid="totp-secret">{secret}</code>
            </p>
          </CodeForm>
        )}
      </main>
    </>
  );
}
