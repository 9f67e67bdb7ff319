import { getFormProps, useForm } from '@conform-to/react';
import type { SubmissionResult } from '@conform-to/react';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { AccountPatch } from '../../api/accounts/accounts.routes';
import type { Need } from '../../domain/permissions';
import { adminNav, allMunicipalities, can, formatJst, orRespond, requireId, vocabulary } from '../components/route-data.server';
import { AccountFields } from '../components/admin-account-fields';
import { accountMessages, AccountSettingsForm, PasswordForm, passwordMessages } from '../components/account-forms';
import {
  Checkbox,
  fieldErrorsIn,
  FormAlert,
  FormFooter,
  FormNotice,
  issuesAt,
  listValue,
  parseForm,
  TextField,
  textValue,
  stamp,
  type FieldMessages,
} from '../components/forms';
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
  const intent = form.get('intent');
  if ((intents as readonly unknown[]).includes(intent)) return intent as Intent;
  throw new Response('操作が正しく指定されていません / Unknown action.', { status: 400 });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, need);
  const id = requireId(params.id);
  const form = await request.formData();
  const intent = readIntent(form);
  /** The API's schema has the last word; its issues read as the form's words. */
  const update = (patch: unknown, messages: FieldMessages) => {
    const parsed = AccountPatch.safeParse(patch);
    if (!parsed.success) return Promise.resolve({ ok: false as const, fieldErrors: issuesAt(parsed.error.issues, messages) });
    return formProblem(() => context.app.accountAdmin.update(account, id, parsed.data, context.requestId)).then((r) =>
      r.ok ? { ok: true as const } : { ok: false as const, status: r.status, error: r.error },
    );
  };
  const reply = (result: { result?: SubmissionResult<string[]> | null; error?: string | null; done?: string | null }, status = 200) =>
    data({ intent, result: null, error: null, done: null, ...result }, status);

  if (intent === 'unlock') {
    const result = await update({ unlock: true }, accountMessages);
    if (result.ok) return reply({ done: 'ロックをすべて解除しました / Every lock on this login ID is lifted.' });
    return reply({ error: 'error' in result ? result.error : accountMessages[''] }, 'status' in result ? result.status : 400);
  }

  if (intent === 'update') {
    const submission = parseForm(form, AccountSettingsForm, accountMessages);
    if (submission.status !== 'success') return reply({ result: submission.reply() }, 400);
    const result = await update(submission.value, accountMessages);
    // Saved: the form starts again from what the loader reads back.
    if (result.ok) return reply({ result: submission.reply({ resetForm: true }), done: '保存しました / Saved.' });
    if ('fieldErrors' in result) return reply({ result: submission.reply({ fieldErrors: result.fieldErrors }) }, 400);
    return reply({ result: submission.reply(), error: result.error }, result.status);
  }

  // password: never sent back to the page.
  const hideFields = ['password', 'passwordConfirm'];
  const submission = parseForm(form, PasswordForm, passwordMessages);
  if (submission.status !== 'success') return reply({ result: submission.reply({ hideFields }) }, 400);
  const result = await update({ password: submission.value.password }, passwordMessages);
  if (result.ok) {
    const done = 'パスワードを設定しました。本人に安全な方法で伝えてください / The password is set; hand it over safely.';
    return reply({ result: submission.reply({ resetForm: true }), done });
  }
  if ('fieldErrors' in result) return reply({ result: submission.reply({ hideFields, fieldErrors: result.fieldErrors }) }, 400);
  return reply({ result: submission.reply({ hideFields }), error: result.error }, result.status);
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
  // A new id when the saved account changes: the form starts again from it.
  const [settings] = useForm({
    id: `account-settings-${stamp(target)}`,
    lastResult: updateResult?.result,
    defaultValue: target,
    onValidate: ({ formData }) => parseForm(formData, AccountSettingsForm, accountMessages),
  });
  const [password] = useForm({
    id: 'account-password',
    lastResult: passwordResult?.result,
    onValidate: ({ formData }) => parseForm(formData, PasswordForm, passwordMessages),
  });
  const settingsErrors = fieldErrorsIn(settings);
  const passwordErrors = fieldErrorsIn(password);
  const sent: Record<string, unknown> = settings.initialValue ?? {};
  const values = {
    displayName: textValue(sent.displayName),
    role: textValue(sent.role),
    municipalityIds: listValue(sent.municipalityIds),
    languages: listValue(sent.languages),
    procedures: listValue(sent.procedures),
    disabled: sent.disabled === 'on',
  };

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
        <Form method="post" {...getFormProps(settings)} key={settings.id}>
          <input type="hidden" name="intent" value="update" />
          <fieldset className="admin-plain" disabled={!canEdit}>
            <legend className="visually-hidden">役割と担当 / Role and assignments</legend>
            <AccountFields values={values} options={options} errors={settingsErrors} />
            <Checkbox id="disabled" name="disabled" label="無効にする（ログインできなくなります） / Disabled (cannot log in)" defaultChecked={values.disabled} />
          </fieldset>
          <FormFooter error={updateResult?.error ?? settingsErrors['']?.join(' ')} notice={updateResult?.done} submitLabel="保存する / Save" busy={busy} canSubmit={canEdit} />
        </Form>
      </section>

      {canEdit ? (
        <section className="card admin-section" aria-labelledby="password-title">
          <h2 id="password-title">新しいパスワードを設定 / Set a new password</h2>
          <Form method="post" {...getFormProps(password)} key={passwordResult?.done ?? 'password'}>
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
              errors={passwordErrors.password}
            />
            <TextField
              id="passwordConfirm"
              name="passwordConfirm"
              type="password"
              label="確認のためもう一度 / Again, to confirm"
              required
              autoComplete="new-password"
              errors={passwordErrors.passwordConfirm}
            />
            <FormFooter error={passwordResult?.error} notice={passwordResult?.done} submitLabel="パスワードを設定 / Set the password" busy={busy} />
          </Form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
