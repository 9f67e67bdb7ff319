import { getFormProps } from '@conform-to/react';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { NewAccount } from '../../api/accounts/accounts.routes';
import { accountMessagesOf, NewAccountForm } from '../components/account-forms';
import { AccountFields } from '../components/admin-account-fields';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { FormFooter, issuesAt, labelOf, listValue, Pager, parseForm, TextField, textValue, useSchemaForm } from '../components/forms';
import { RecordsTable } from '../components/records-table';
import { adminFrame, can, pageRequest, pageWithMunicipalities, vocabularyFor } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { titleWithin } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => titleWithin(matches, 'nav.administration', 'nav.accounts');

export async function loader(args: LoaderFunctionArgs) {
  const { request, context } = args;
  const { account, language } = await pageRequest(args, 'read:account');
  const vocabulary = vocabularyFor(language);
  const { page, items, nextCursor, municipalities, names } = await pageWithMunicipalities(request, context, account, (page) =>
    context.app.accountAdmin.list(account, page),
  );
  const now = Date.now();
  const canCreate = can(account, 'write:account');
  return {
    ...adminFrame(account),
    isFirst: !page.cursor,
    nextCursor,
    accounts: items.map((a) => ({
      id: a.id,
      loginId: a.loginId,
      displayName: a.displayName,
      role: labelOf(vocabulary.roles, a.role),
      municipalities: a.municipalityIds.map((id) => names.get(id) ?? id),
      disabled: a.disabled,
      locked: a.lockedUntil !== null && a.lockedUntil.getTime() > now,
      totpEnabled: a.totpEnabled,
    })),
    create: canCreate
      ? {
          options: {
            roles: vocabulary.roles,
            municipalities: municipalities.map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })),
            languages: vocabulary.languages,
            procedures: vocabulary.procedures,
          },
        }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:account');
  const accountMessages = accountMessagesOf((await translatorFor(request)).t);
  const submission = parseForm(await request.formData(), NewAccountForm, accountMessages);
  // The password is never sent back to the page.
  const hideFields = ['password'];
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields }), error: null }, 400);
  const parsed = NewAccount.safeParse(submission.value);
  if (!parsed.success) {
    const fieldErrors = issuesAt(parsed.error.issues, accountMessages);
    return data({ result: submission.reply({ hideFields, fieldErrors }), error: null }, 400);
  }
  const result = await formProblem(() => context.app.accountAdmin.create(account, parsed.data, context.requestId));
  if (!result.ok) return data({ result: submission.reply({ hideFields }), error: result.error }, result.status);
  return redirect(`/admin/accounts/${result.value.id}?created=1`);
}

const emptyAccount = { loginId: '', displayName: '', role: '', municipalityIds: [], languages: ['ja'], procedures: [] };

export default function Accounts() {
  const { displayName, nav, accounts, nextCursor, isFirst, create } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const accountMessages = accountMessagesOf(t);
  const { form, errors, sent } = useSchemaForm(NewAccountForm, accountMessages, {
    id: 'new-account',
    lastResult: actionData?.result,
    defaultValue: emptyAccount,
  });
  const values = {
    loginId: textValue(sent.loginId),
    displayName: textValue(sent.displayName),
    role: textValue(sent.role),
    municipalityIds: listValue(sent.municipalityIds),
    languages: listValue(sent.languages),
    procedures: listValue(sent.procedures),
  };
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('nav.accounts')}>
      <RecordsTable
        testId="accounts"
        rows={accounts}
        columns={[
          { header: t('adminLists.loginId'), cell: (a) => <Link to={`/admin/accounts/${a.id}`}>{a.loginId}</Link> },
          { header: t('adminLists.displayName'), cell: (a) => a.displayName },
          { header: t('adminLists.role'), cell: (a) => a.role },
          {
            header: t('adminLists.municipalities'),
            cell: (a) => (a.municipalities.length ? a.municipalities.join(t('common.listSeparator')) : <span className="muted">—</span>),
          },
          {
            header: t('common.status'),
            cell: (a) => (
              <>
                {a.disabled ? <span className="admin-badge">{t('adminLists.disabled')}</span> : t('adminLists.active')}
                {a.locked ? <span className="admin-badge warn">{t('adminLists.locked')}</span> : null}
                {a.totpEnabled ? <div className="muted">{t('adminLists.totpOn')}</div> : null}
              </>
            ),
          },
        ]}
      />
      <Pager nextCursor={nextCursor} isFirst={isFirst} />

      {create ? (
        <section className="card admin-section" aria-labelledby="new-account">
          <h2 id="new-account">{t('adminLists.createAccount')}</h2>
          <Form method="post" {...getFormProps(form)}>
            <TextField
              name="loginId"
              label={t('accountForm.loginId')}
              hint={t('newAccount.loginIdHint')}
              required
              autoComplete="off"
              maxLength={64}
              defaultValue={values.loginId}
              errors={errors.loginId}
            />
            <TextField
              name="password"
              type="password"
              label={t('newAccount.password')}
              hint={t('newAccount.passwordHint')}
              required
              minLength={12}
              maxLength={256}
              autoComplete="new-password"
              errors={errors.password}
            />
            <AccountFields values={values} options={create.options} errors={errors} />
            <FormFooter error={actionData?.error} submitLabel={t('newAccount.create')} />
          </Form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
