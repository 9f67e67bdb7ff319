import { getFormProps } from '@conform-to/react';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { NewMunicipality } from '../../api/municipalities/municipalities.routes';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import {
  type FieldMessages,
  FormFooter,
  issuesAt,
  labelOf,
  Pager,
  parseForm,
  TextField,
  textValue,
  useSchemaForm,
} from '../components/forms';
import { RecordsTable } from '../components/records-table';
import { adminFrame, can, formatJst, orRespond, pageOf, pageRequest, vocabularyFor } from '../components/route-data.server';
import { type Translate, useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { titleWithin } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => titleWithin(matches, 'nav.administration', 'nav.municipalities');

export async function loader(args: LoaderFunctionArgs) {
  const { request, context } = args;
  const { account, language } = await pageRequest(args, 'read:municipality');
  const page = pageOf(request);
  const vocabulary = vocabularyFor(language);
  const { items, nextCursor } = await orRespond(() => context.app.municipalities.list(account, page));
  return {
    ...adminFrame(account),
    canCreate: can(account, 'write:municipality'),
    isFirst: !page.cursor,
    nextCursor,
    municipalities: items.map((m) => ({
      id: m.id,
      code: m.code,
      name: m.name,
      procedures: m.procedures.map((p) => labelOf(vocabulary.procedures, p)),
      createdAt: formatJst(m.createdAt),
    })),
  };
}

const messagesOf = (t: Translate): FieldMessages => ({
  '': t('forms.checkInput'),
  code: t('newMunicipality.codeMessage'),
  name: t('adminMunicipality.nameMessage'),
});

/** The register form; the check digit and the rest of the contract are the API's (NewMunicipality). */
export const NewMunicipalityForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
  name: z.string().trim().min(1).max(100),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:municipality');
  const messages = messagesOf((await translatorFor(request)).t);
  const submission = parseForm(await request.formData(), NewMunicipalityForm, messages);
  if (submission.status !== 'success') return data({ result: submission.reply(), error: null }, 400);
  const parsed = NewMunicipality.safeParse(submission.value);
  if (!parsed.success) {
    return data({ result: submission.reply({ fieldErrors: issuesAt(parsed.error.issues, messages) }), error: null }, 400);
  }
  const result = await formProblem(() => context.app.municipalities.create(account, parsed.data, context.requestId));
  if (!result.ok) return data({ result: submission.reply(), error: result.error }, result.status);
  return redirect(`/admin/municipalities/${result.value.id}`);
}

export default function Municipalities() {
  const { displayName, nav, canCreate, municipalities, nextCursor, isFirst } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const messages = messagesOf(t);
  const { form, errors } = useSchemaForm(NewMunicipalityForm, messages, {
    id: 'new-municipality',
    lastResult: actionData?.result,
  });
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('nav.municipalities')}>
      <RecordsTable
        testId="municipalities"
        rows={municipalities}
        empty={t('adminLists.noMunicipalities')}
        columns={[
          { header: t('adminLists.code'), cell: (m) => m.code },
          { header: t('adminLists.name'), cell: (m) => <Link to={`/admin/municipalities/${m.id}`}>{m.name}</Link> },
          {
            header: t('adminLists.procedures'),
            cell: (m) =>
              m.procedures.length ? m.procedures.join(t('common.listSeparator')) : <span className="muted">{t('adminLists.none')}</span>,
          },
          { header: t('adminLists.registered'), cell: (m) => m.createdAt },
        ]}
      />
      <Pager nextCursor={nextCursor} isFirst={isFirst} />

      {canCreate ? (
        <section className="card admin-section" aria-labelledby="new-municipality">
          <h2 id="new-municipality">{t('adminLists.registerMunicipality')}</h2>
          <Form method="post" {...getFormProps(form)}>
            <TextField
              name="code"
              label={t('newMunicipality.code')}
              hint={t('newMunicipality.codeHint')}
              inputMode="numeric"
              maxLength={6}
              required
              defaultValue={textValue(form.initialValue?.code)}
              errors={errors.code}
            />
            <TextField
              name="name"
              label={t('adminMunicipality.name')}
              required
              maxLength={100}
              defaultValue={textValue(form.initialValue?.name)}
              errors={errors.name}
            />
            <FormFooter error={actionData?.error} submitLabel={t('newMunicipality.register')} />
          </Form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
