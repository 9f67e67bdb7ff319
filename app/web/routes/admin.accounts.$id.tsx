import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { AccountPatch } from '../../api/accounts/accounts.routes';
import type { Need } from '../../domain/permissions';
import {
  
  accountMessages,
  adminNav,
  allMunicipalities,
  can,
  fieldErrorsOf,
  formatJst,
  listOf,
  orRespond,
  requireId,
  textOf,
  vocabulary,
} from '../components/route-data.server';
import { AccountFields } from '../components/admin-account-fields';
import { Checkbox, FormAlert, FormFooter, FormNotice, TextField, type FieldErrors } from '../components/admin-form';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.target.loginId ?? 'アカウント'} | 管理 | Madoguchi` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:account');
  const id = requireId(params.id);
  const [target, municipalities] = await Promise.all([orRespond(() => context.app.accountAdmin.get(account, id)), allMunicipalities(context, account)]);
  const lockedUntil = target.lockedUntil && target.lockedUntil.getTime() > Date.now() ? target.lockedUntil : null;
  return {
    displayName: account.displayName,
    nav: adminNav(account),
    canEdit: can(account, 'write:account'),
    isSelf: target.id === account.accountId,
    options: {
      roles: vocabulary.roles,
      municipalities: municipalities.map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })),
      languages: vocabulary.languages,
      procedures: vocabulary.procedures,
    },
    target: {
      id: target.id,
      loginId: target.loginId,
      displayName: target.displayName,
      role: target.role as string,
      municipalityIds: target.municipalityIds,
      languages: target.languages as string[],
      procedures: target.procedures as string[],
      disabled: target.disabled,
      lockedUntil: formatJst(lockedUntil),
      totpEnabled: target.totpEnabled,
      createdAt: formatJst(target.createdAt),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Actions (administrators only): update, unlock, set a password

const intents = ['update', 'unlock', 'password'] as const;
type Intent = (typeof intents)[number];
const need: Need = 'write:account';

function readIntent(form: FormData): Intent {
  const intent = textOf(form, 'intent');
  if ((intents as readonly string[]).includes(intent)) return intent as Intent;
  throw new Response('操作が正しく指定されていません / Unknown action.', { status: 400 });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, need);
  const id = requireId(params.id);
  const form = await request.formData();
  const intent = readIntent(form);
  const update = (patch: unknown) => {
    const parsed = AccountPatch.safeParse(patch);
    if (!parsed.success) return Promise.resolve({ ok: false as const, fieldErrors: fieldErrorsOf(parsed.error.issues, accountMessages) });
    return formProblem(() => context.app.accountAdmin.update(account, id, parsed.data, context.requestId)).then((r) =>
      r.ok ? { ok: true as const } : { ok: false as const, status: r.status, error: r.error },
    );
  };
  const reply = (result: { fieldErrors?: FieldErrors; error?: string | null; done?: string | null; values?: typeof values | null }, status = 200) =>
    data({ intent, fieldErrors: {} as FieldErrors, error: null, done: null, values: null, ...result }, status);

  const values = {
    displayName: textOf(form, 'displayName'),
    role: textOf(form, 'role'),
    municipalityIds: listOf(form, 'municipalityIds'),
    languages: listOf(form, 'languages'),
    procedures: listOf(form, 'procedures'),
    disabled: form.get('disabled') != null,
  };

  if (intent === 'update') {
    const result = await update(values);
    if (result.ok) return reply({ done: '保存しました / Saved.' });
    if ('fieldErrors' in result) return reply({ values, fieldErrors: result.fieldErrors }, 400);
    return reply({ values, error: result.error }, result.status);
  }

  if (intent === 'unlock') {
    const result = await update({ unlock: true });
    if (result.ok) return reply({ done: 'ロックをすべて解除しました / Every lock on this login ID is lifted.' });
    return reply({ error: 'error' in result ? result.error : accountMessages[''] }, 'status' in result ? result.status : 400);
  }

  // password: typed twice, so a typo does not lock someone out.
  const password = textOf(form, 'password');
  if (password !== textOf(form, 'passwordConfirm')) {
    return reply({ fieldErrors: { passwordConfirm: ['確認用のパスワードが一致しません / The two passwords differ.'] } }, 400);
  }
  const result = await update({ password });
  if (result.ok) return reply({ done: 'パスワードを設定しました。本人に安全な方法で伝えてください / The password is set; hand it over safely.' });
  if ('fieldErrors' in result) return reply({ fieldErrors: result.fieldErrors }, 400);
  return reply({ error: result.error }, result.status);
}

// ---------------------------------------------------------------------------------------------

export default function AccountDetail() {
  const { displayName, nav, canEdit, isSelf, options, target } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const updateResult = actionData?.intent === 'update' ? actionData : null;
  const unlockResult = actionData?.intent === 'unlock' ? actionData : null;
  const passwordResult = actionData?.intent === 'password' ? actionData : null;
  const values = updateResult?.values ?? target;

  return (
    <AdminLayout displayName={displayName} nav={nav} title={`${target.displayName}（${target.loginId}）`}>
      <p>
        <Link to="/admin/accounts">← アカウントの一覧 / All accounts</Link>
      </p>
      {params.get('created') && !actionData ? <FormNotice message="アカウントを作成しました / The account is created." /> : null}

      <section className="card admin-section" aria-labelledby="status">
        <h2 id="status">状態 / Status</h2>
        <dl className="admin-facts">
          <dt>ログイン ID / Login ID</dt>
          <dd>{target.loginId}</dd>
          <dt>作成日時 / Created</dt>
          <dd>{target.createdAt}</dd>
          <dt>二段階認証 / Two-step login</dt>
          <dd>{target.totpEnabled ? '有効 / On' : '未設定 / Off'}</dd>
          <dt>ロック / Lock</dt>
          <dd data-testid="lock-status">{target.lockedUntil
            ? `ある接続元からのログインをロック中（${target.lockedUntil} まで。ほかの接続元からはログインできます） / Locked for one network until ${target.lockedUntil} (other networks can still log in)`
            : 'なし / Not locked'}</dd>
        </dl>
        {canEdit && target.lockedUntil ? (
          <Form method="post">
            <input type="hidden" name="intent" value="unlock" />
            <button className="button" type="submit" disabled={busy}>
              ロックを解除 / Unlock
            </button>
          </Form>
        ) : null}
        <FormAlert message={unlockResult?.error} />
        <FormNotice message={unlockResult?.done} />
      </section>

      <section className="card admin-section" aria-labelledby="settings">
        <h2 id="settings">役割と担当 / Role and assignments</h2>
        {!canEdit ? <p className="muted">閲覧のみ（変更は管理者が行います） / View only (administrators make changes).</p> : null}
        {isSelf && canEdit ? (
          <p className="muted">自分自身の無効化や役割の変更はできません / You cannot disable yourself or change your own role.</p>
        ) : null}
        <Form method="post" noValidate key={JSON.stringify(values)}>
          <input type="hidden" name="intent" value="update" />
          <fieldset className="admin-plain" disabled={!canEdit}>
            <legend className="visually-hidden">役割と担当 / Role and assignments</legend>
            <AccountFields values={values} options={options} errors={updateResult?.fieldErrors} />
            <Checkbox id="disabled" name="disabled" label="無効にする（ログインできなくなります） / Disabled (cannot log in)" defaultChecked={values.disabled} />
          </fieldset>
          <FormFooter error={updateResult?.error ?? updateResult?.fieldErrors['']?.join(' ')} notice={updateResult?.done} submitLabel="保存する / Save" busy={busy} canSubmit={canEdit} />
        </Form>
      </section>

      {canEdit ? (
        <section className="card admin-section" aria-labelledby="password-title">
          <h2 id="password-title">新しいパスワードを設定 / Set a new password</h2>
          <Form method="post" noValidate key={passwordResult?.done ?? 'password'}>
            <input type="hidden" name="intent" value="password" />
            <TextField
              id="password"
              name="password"
              type="password"
              label="新しいパスワード（12 文字以上） / New password (at least 12 characters)"
              required
              minLength={12}
              maxLength={256}
              autoComplete="new-password"
              errors={passwordResult?.fieldErrors.password}
            />
            <TextField
              id="passwordConfirm"
              name="passwordConfirm"
              type="password"
              label="確認のためもう一度 / Again, to confirm"
              required
              autoComplete="new-password"
              errors={passwordResult?.fieldErrors.passwordConfirm}
            />
            <FormFooter error={passwordResult?.error} notice={passwordResult?.done} submitLabel="パスワードを設定 / Set the password" busy={busy} />
          </Form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
