import type { SubmissionResult } from '@conform-to/react';
import { getFormProps } from '@conform-to/react';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { AccountPatch } from '../../api/accounts/accounts.routes';
import type { Need } from '../../domain/permissions';
import { AccountSettingsForm, accountMessagesOf, PasswordForm, passwordMessagesOf } from '../components/account-forms';
import { AccountFields } from '../components/admin-account-fields';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import {
  Checkbox,
  type FieldMessages,
  FormAlert,
  FormNotice,
  FormSection,
  issuesAt,
  listValue,
  parseForm,
  stamp,
  TextField,
  textValue,
  useSchemaForm,
} from '../components/forms';
import {
  adminFrame,
  allMunicipalities,
  can,
  formatJst,
  orRespond,
  recordRequest,
  unknownAction,
  vocabularyFor,
} from '../components/route-data.server';
import { type Translate, useT } from '../i18n/i18n';
import { recordMeta } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';

export const meta = recordMeta<typeof loader>('nav.administration', 'nav.accounts', (d) => d.target.loginId);

export async function loader(args: LoaderFunctionArgs) {
  const { account, language, id } = await recordRequest(args, 'read:account');
  const vocabulary = vocabularyFor(language);
  const { context } = args;
  const [target, municipalities] = await Promise.all([
    orRespond(() => context.app.accountAdmin.get(account, id)),
    allMunicipalities(context, account),
  ]);
  const lockedUntil = target.lockedUntil && target.lockedUntil.getTime() > Date.now() ? target.lockedUntil : null;
  return {
    ...adminFrame(account),
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

function readIntent(form: FormData, t: Translate): Intent {
  const intent = form.get('intent');
  if ((intents as readonly unknown[]).includes(intent)) return intent as Intent;
  throw unknownAction(t);
}

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const { account, t, id } = await recordRequest(args, need);
  const form = await request.formData();
  const intent = readIntent(form, t);
  const accountMessages = accountMessagesOf(t);
  const passwordMessages = passwordMessagesOf(t);
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
    if (result.ok) return reply({ done: t('accountForm.unlocked') });
    return reply({ error: 'error' in result ? result.error : accountMessages[''] }, 'status' in result ? result.status : 400);
  }

  if (intent === 'update') {
    const submission = parseForm(form, AccountSettingsForm, accountMessages);
    if (submission.status !== 'success') return reply({ result: submission.reply() }, 400);
    const result = await update(submission.value, accountMessages);
    // Saved: the form starts again from what the loader reads back.
    if (result.ok) return reply({ result: submission.reply({ resetForm: true }), done: t('common.saved') });
    if ('fieldErrors' in result) return reply({ result: submission.reply({ fieldErrors: result.fieldErrors }) }, 400);
    return reply({ result: submission.reply(), error: result.error }, result.status);
  }

  // password: never sent back to the page.
  const hideFields = ['password', 'passwordConfirm'];
  const submission = parseForm(form, PasswordForm, passwordMessages);
  if (submission.status !== 'success') return reply({ result: submission.reply({ hideFields }) }, 400);
  const result = await update({ password: submission.value.password }, passwordMessages);
  if (result.ok) {
    return reply({ result: submission.reply({ resetForm: true }), done: t('accountForm.passwordSet') });
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
  const { t } = useT();
  const accountMessages = accountMessagesOf(t);
  const passwordMessages = passwordMessagesOf(t);
  const updateResult = actionData?.intent === 'update' ? actionData : null;
  const unlockResult = actionData?.intent === 'unlock' ? actionData : null;
  const passwordResult = actionData?.intent === 'password' ? actionData : null;
  // A new id when the saved account changes: the form starts again from it.
  const {
    form: settings,
    errors: settingsErrors,
    sent,
  } = useSchemaForm(AccountSettingsForm, accountMessages, {
    id: `account-settings-${stamp(target)}`,
    lastResult: updateResult?.result,
    defaultValue: target,
  });
  const { form: password, errors: passwordErrors } = useSchemaForm(PasswordForm, passwordMessages, {
    id: 'account-password',
    lastResult: passwordResult?.result,
  });
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
        <Link to="/admin/accounts">{t('accountForm.allAccounts')}</Link>
      </p>
      {params.get('created') && !actionData ? <FormNotice message={t('newAccount.created')} /> : null}

      <section className="card admin-section" aria-labelledby="status">
        <h2 id="status">{t('accountForm.status')}</h2>
        <dl className="admin-facts">
          <dt>{t('accountForm.loginId')}</dt>
          <dd>{target.loginId}</dd>
          <dt>{t('accountForm.created')}</dt>
          <dd>{target.createdAt}</dd>
          <dt>{t('accountForm.twoStep')}</dt>
          <dd>{target.totpEnabled ? t('accountForm.on') : t('accountForm.off')}</dd>
          <dt>{t('accountForm.lock')}</dt>
          <dd data-testid="lock-status">
            {target.lockedUntil ? t('accountForm.lockedUntil', { time: target.lockedUntil }) : t('accountForm.notLocked')}
          </dd>
        </dl>
        {canEdit && target.lockedUntil ? (
          <Form method="post">
            <input type="hidden" name="intent" value="unlock" />
            <button className="button" type="submit" disabled={busy}>
              {t('accountForm.unlock')}
            </button>
          </Form>
        ) : null}
        <FormAlert message={unlockResult?.error} />
        <FormNotice message={unlockResult?.done} />
      </section>

      <FormSection
        id="settings"
        title={t('accountForm.assignments')}
        intro={
          <>
            {!canEdit ? <p className="muted">{t('accountForm.viewOnly')}</p> : null}
            {isSelf && canEdit ? <p className="muted">{t('accountForm.notSelf')}</p> : null}
          </>
        }
        formProps={getFormProps(settings)}
        formKey={settings.id}
        intent="update"
        editable={canEdit}
        error={updateResult?.error ?? settingsErrors['']?.join(' ')}
        notice={updateResult?.done}
        submitLabel={t('accountForm.saveButton')}
      >
        <AccountFields values={values} options={options} errors={settingsErrors} />
        <Checkbox name="disabled" label={t('accountForm.disabled')} defaultChecked={values.disabled} />
      </FormSection>

      {canEdit ? (
        <FormSection
          id="password-title"
          title={t('accountForm.newPasswordTitle')}
          formProps={getFormProps(password)}
          formKey={passwordResult?.done ?? 'password'}
          intent="password"
          error={passwordResult?.error}
          notice={passwordResult?.done}
          submitLabel={t('accountForm.setPassword')}
        >
          <TextField
            name="password"
            type="password"
            label={t('accountForm.newPassword')}
            required
            minLength={12}
            maxLength={256}
            autoComplete="new-password"
            errors={passwordErrors.password}
          />
          <TextField
            name="passwordConfirm"
            type="password"
            label={t('accountForm.confirm')}
            required
            autoComplete="new-password"
            errors={passwordErrors.passwordConfirm}
          />
        </FormSection>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
