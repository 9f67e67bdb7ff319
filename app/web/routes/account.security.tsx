import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import QRCode from 'qrcode';
import { z } from 'zod';
import { TOTP_ROLES } from '../../server/auth/login.server';
import { AccountBar } from '../components/account-bar';
import { useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { loginRefusal } from './login';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'totp.title');

async function requireTotpRole(request: Request, context: LoaderFunctionArgs['context']) {
  const account = await context.app.accounts.require(request);
  if (!TOTP_ROLES.includes(account.role)) {
    throw new Response('二段階認証は管理者とスーパーバイザーが設定できます / TOTP is for administrators and supervisors.', { status: 403 });
  }
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

const messages = {
  wrongSetupCode:
    'コードが違います。アプリに表示されている最新のコードを入力してください。このページを開いてから 10 分以上たった場合は、再読み込みして新しい QR コードを読み取ってください / ' +
    'Wrong code: enter the one your app shows now. If this page has been open for more than 10 minutes, reload it and scan the new QR code.',
  wrongCode:
    'コードが違うか、すでに使われています。アプリに次のコードが表示されてから入力してください / Wrong or already used code: wait for the next code in your app and enter it.',
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireTotpRole(request, context);
  const parsed = ActionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: '6 桁の確認コードを入力してください / Enter the 6-digit code.', done: null }, 400);
  const { accounts } = context.app;
  if (parsed.data.intent === 'enable') {
    const result = await accounts.confirmTotpSetup(request, account, parsed.data.code, context.clientAddress);
    if (result.kind === 'ok')
      return data({ error: null, done: '二段階認証を有効にしました / TOTP is on.' }, { headers: { 'Set-Cookie': result.setCookie } });
    if (result.kind === 'invalid') return data({ error: messages.wrongSetupCode, done: null }, 400);
    return refused(result);
  }
  const result = await accounts.disableTotp(account, parsed.data.code, context.clientAddress);
  if (result.kind === 'ok') return data({ error: null, done: '二段階認証を無効にしました / TOTP is off.' });
  if (result.kind === 'invalid') return data({ error: messages.wrongCode, done: null }, 400);
  return refused(result);
}

function refused(result: Parameters<typeof loginRefusal>[0]) {
  const refusal = loginRefusal(result);
  return data({ error: refusal.error, done: null }, { status: refusal.status, headers: refusal.headers });
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
          <Form method="post" className="card">
            <p>{t('totp.isOn')}</p>
            <input type="hidden" name="intent" value="disable" />
            <label htmlFor="code">{t('totp.codeToTurnOff')}</label>
            <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
            <p>
              <button className="button secondary" type="submit">
                {t('totp.turnOff')}
              </button>
            </p>
            {actionData?.error ? (
              <p className="error" role="alert">
                {actionData.error}
              </p>
            ) : null}
          </Form>
        ) : (
          <Form method="post" className="card">
            <p>{t('totp.scan')}</p>
            {qr ? <div role="img" aria-label={t('totp.qr')} dangerouslySetInnerHTML={{ __html: qr }} /> : null}
            <p>
              <code data-testid="totp-secret">{secret}</code>
            </p>
            <input type="hidden" name="intent" value="enable" />
            <label htmlFor="code">{t('totp.codeShown')}</label>
            <input id="code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
            <p>
              <button className="button" type="submit">
                {t('totp.turnOn')}
              </button>
            </p>
            {actionData?.error ? (
              <p className="error" role="alert">
                {actionData.error}
              </p>
            ) : null}
          </Form>
        )}
      </main>
    </>
  );
}
