import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { NewAccount } from '../../api/accounts/accounts.routes';
import {
  
  accountMessages,
  adminNav,
  allMunicipalities,
  can,
  fieldErrorsOf,
  listOf,
  orRespond,
  pageOf,
  textOf,
  vocabulary,
} from '../components/admin-data.server';
import { AccountFields } from '../components/admin-account-fields';
import { FormFooter, labelOf, Pager, TextField, type FieldErrors } from '../components/admin-form';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { useT } from '../i18n/i18n';
import { textOf as textIn } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: `${textIn(matches, 'nav.accounts')} | ${textIn(matches, 'nav.administration')} | Madoguchi` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:account');
  const page = pageOf(request);
  const [{ items, nextCursor }, municipalities] = await Promise.all([
    orRespond(() => context.app.accountAdmin.list(account, page)),
    allMunicipalities(context, account),
  ]);
  const names = new Map(municipalities.map((m) => [m.id, m.name]));
  const now = Date.now();
  const canCreate = can(account, 'write:account');
  return {
    displayName: account.displayName,
    nav: adminNav(account),
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
  const form = await request.formData();
  // The password is never sent back to the page.
  const values = {
    loginId: textOf(form, 'loginId').trim(),
    displayName: textOf(form, 'displayName'),
    role: textOf(form, 'role'),
    municipalityIds: listOf(form, 'municipalityIds'),
    languages: listOf(form, 'languages'),
    procedures: listOf(form, 'procedures'),
  };
  const parsed = NewAccount.safeParse({ ...values, password: textOf(form, 'password') });
  if (!parsed.success) return data({ values, fieldErrors: fieldErrorsOf(parsed.error.issues, accountMessages), error: null }, 400);
  const result = await formProblem(() => context.app.accountAdmin.create(account, parsed.data, context.requestId));
  if (!result.ok) return data({ values, fieldErrors: {} as FieldErrors, error: result.error }, result.status);
  return redirect(`/admin/accounts/${result.value.id}?created=1`);
}

const emptyAccount = { loginId: '', displayName: '', role: '', municipalityIds: [], languages: ['ja'], procedures: [] };

export default function Accounts() {
  const { displayName, nav, accounts, nextCursor, isFirst, create } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const values = actionData?.values ?? emptyAccount;
  const { t } = useT();
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('nav.accounts')}>
      <div className="card admin-table">
        <table data-testid="accounts">
          <thead>
            <tr>
              <th scope="col">{t('adminLists.loginId')}</th>
              <th scope="col">{t('adminLists.displayName')}</th>
              <th scope="col">{t('adminLists.role')}</th>
              <th scope="col">{t('adminLists.municipalities')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/admin/accounts/${a.id}`}>{a.loginId}</Link>
                </td>
                <td>{a.displayName}</td>
                <td>{a.role}</td>
                <td>{a.municipalities.length ? a.municipalities.join(t('common.listSeparator')) : <span className="muted">—</span>}</td>
                <td>
                  {a.disabled ? <span className="admin-badge">{t('adminLists.disabled')}</span> : t('adminLists.active')}
                  {a.locked ? <span className="admin-badge warn">{t('adminLists.locked')}</span> : null}
                  {a.totpEnabled ? <div className="muted">{t('adminLists.totpOn')}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager nextCursor={nextCursor} isFirst={isFirst} />

      {create ? (
        <section className="card admin-section" aria-labelledby="new-account">
          <h2 id="new-account">{t('adminLists.createAccount')}</h2>
          <Form method="post" noValidate>
            <TextField
              id="loginId"
              name="loginId"
              label="ログイン ID / Login ID"
              hint="半角英小文字・数字・「. _ -」、3〜64 文字 / 3–64 lower-case letters, digits, . _ -"
              required
              autoComplete="off"
              maxLength={64}
              defaultValue={values.loginId}
              errors={actionData?.fieldErrors.loginId}
            />
            <TextField
              id="password"
              name="password"
              type="password"
              label="初期パスワード / Initial password"
              hint="12 文字以上。本人に安全な方法で伝えてください / At least 12 characters; hand it over safely."
              required
              minLength={12}
              maxLength={256}
              autoComplete="new-password"
              errors={actionData?.fieldErrors.password}
            />
            <AccountFields values={values} options={create.options} errors={actionData?.fieldErrors} />
            <FormFooter error={actionData?.error} submitLabel="作成する / Create" busy={busy} />
          </Form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
