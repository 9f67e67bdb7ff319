import { getFormProps } from '@conform-to/react';
import { procedureLabels } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { NewFaqEntry } from '../../api/faq/faq.routes';
import { localDate } from '../../domain/japan-time';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { FaqEditionFields } from '../components/faq-fields';
import { faqEdition, faqMessagesOf, NewFaqEntryForm } from '../components/faq-forms';
import { FormFooter, issuesAt, parseForm, SelectField, textValue, useSchemaForm } from '../components/forms';
import { RecordsTable, WithNote } from '../components/records-table';
import { adminFrame, allMunicipalities, pageRequest, vocabularyFor } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { titleWithin } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => titleWithin(matches, 'nav.administration', 'adminFaq.title');

export async function loader(args: LoaderFunctionArgs) {
  const { context } = args;
  const { account, t, language } = await pageRequest(args, 'write:faq');
  const [entries, municipalities] = await Promise.all([context.app.faq.entries(account), allMunicipalities(context, account)]);
  const municipalityNames = new Map(municipalities.map((m) => [m.id, m.name]));
  return {
    ...adminFrame(account),
    today: localDate(new Date()),
    entries: entries.map((e) => ({
      entryId: e.entryId,
      question: e.latest.question,
      scope: e.latest.municipalityId
        ? (municipalityNames.get(e.latest.municipalityId) ?? e.latest.municipalityId)
        : t('adminFaq.allMunicipalities'),
      procedure: e.latest.procedure ? procedureLabels[e.latest.procedure][language] : t('faqPanel.allProcedures'),
      current: e.current ? { label: e.current.label[language], effectiveOn: e.current.effectiveOn } : null,
      draft: e.draft ? e.draft.label[language] : null,
      retired: e.retired,
    })),
    municipalities: [
      { value: '', label: t('adminFaq.allMunicipalities') },
      ...municipalities.map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })),
    ],
    procedures: [{ value: '', label: t('faqPanel.allProcedures') }, ...vocabularyFor(language).procedures],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:faq');
  const faqMessages = faqMessagesOf((await translatorFor(request)).t);
  const submission = parseForm(await request.formData(), NewFaqEntryForm, faqMessages);
  if (submission.status !== 'success') return data({ result: submission.reply(), error: null }, 400);
  const { municipalityId, ...edition } = submission.value;
  const parsed = NewFaqEntry.safeParse({ municipalityId: municipalityId ?? null, ...faqEdition(edition) });
  if (!parsed.success) {
    return data({ result: submission.reply({ fieldErrors: issuesAt(parsed.error.issues, faqMessages) }), error: null }, 400);
  }
  const result = await formProblem(() => context.app.faq.createEntry(account, parsed.data, context.requestId));
  if (!result.ok) return data({ result: submission.reply(), error: result.error }, result.status);
  return redirect(`/admin/faq/${result.value.entryId}`);
}

/** Supervisors: every FAQ entry, what operators see now, drafts waiting for approval; and a new entry. */
export default function AdminFaq() {
  const { displayName, nav, entries, municipalities, procedures, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useT();
  const faqMessages = faqMessagesOf(t);
  const { form, errors, sent } = useSchemaForm(NewFaqEntryForm, faqMessages, {
    id: 'new-faq-entry',
    lastResult: actionData?.result,
    defaultValue: { effectiveOn: today },
  });
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('adminFaq.title')}>
      <p className="muted">{t('adminFaq.intro')}</p>
      <RecordsTable
        testId="faq-entries"
        rows={entries}
        rowKey={(e) => e.entryId}
        rowProps={(e) => ({ 'data-entry-id': e.entryId })}
        empty={t('adminFaq.none')}
        columns={[
          {
            header: t('adminFaq.question'),
            cell: (e) => (
              <>
                <Link to={`/admin/faq/${e.entryId}`}>{e.question}</Link>
                {e.retired ? <div className="admin-badge">{t('adminFaq.retired')}</div> : null}
              </>
            ),
          },
          {
            header: t('adminFaq.scope'),
            cell: (e) => <WithNote note={e.procedure}>{e.scope}</WithNote>,
          },
          {
            header: t('adminFaq.shownNow'),
            cell: (e) =>
              e.current ? `${e.current.label}（${e.current.effectiveOn}〜）` : <span className="muted">{t('adminFaq.noneShown')}</span>,
          },
          {
            header: t('adminFaq.awaitingApproval'),
            cell: (e) => (e.draft ? <span className="admin-badge warn">{e.draft}</span> : '—'),
          },
        ]}
      />

      <section className="card admin-section" aria-labelledby="new-entry">
        <h2 id="new-entry">{t('adminFaq.newEntry')}</h2>
        <Form method="post" {...getFormProps(form)}>
          <SelectField
            name="municipalityId"
            label={t('common.municipality')}
            options={municipalities}
            defaultValue={textValue(sent.municipalityId)}
            errors={errors.municipalityId}
          />
          <FaqEditionFields procedures={procedures} sent={sent} errors={errors} />
          <FormFooter error={actionData?.error} submitLabel={t('adminFaq.saveDraft')} />
        </Form>
      </section>
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
