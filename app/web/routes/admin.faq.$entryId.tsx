import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { NewFaqRevision } from '../../api/faq/faq.routes';
import { localDate } from '../../domain/japan-time';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { FaqEditionFields } from '../components/faq-fields';
import { FaqRevisionForm, faqEdition, faqMessagesOf } from '../components/faq-forms';
import { ConfirmForm, FormAlert, FormNotice, issuesAt, parseForm, useSchemaForm } from '../components/forms';
import { RecordsTable, TitledSection, WithNote } from '../components/records-table';
import { adminFrame, orRespond, recordRequest, vocabularyFor } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { titleWithin } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';
import { presentRevisions } from './admin.faq.$entryId.server';

export const meta: MetaFunction = ({ matches }) => titleWithin(matches, 'nav.administration', 'adminFaq.entryTitle');

export async function loader(args: LoaderFunctionArgs) {
  const { account, t, language, id: entryId } = await recordRequest(args, 'write:faq', 'entryId');
  const { context } = args;
  const history = await orRespond(() => context.app.faq.history(account, entryId));
  const current = await context.app.faq.current(account);
  const shown = current.find((r) => r.entryId === entryId)?.version ?? null;
  const latest = history.revisions[history.revisions.length - 1]!;
  return {
    ...adminFrame(account),
    accountId: account.accountId,
    entryId,
    retired: history.retired,
    shownVersion: shown,
    latest: { question: latest.question, answer: latest.answer, procedure: latest.procedure ?? '' },
    hasDraft: history.revisions.some((r) => r.approvedAt === null),
    today: localDate(new Date()),
    revisions: (await presentRevisions(context, history.revisions, t, language)).reverse(),
    procedures: [{ value: '', label: t('faqPanel.allProcedures') }, ...vocabularyFor(language).procedures],
  };
}

const Intent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('revise') }),
  z.object({ intent: z.literal('approve'), version: z.coerce.number().int().min(1) }),
  z.object({ intent: z.literal('retire') }),
]);

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const { account, t, language, id: entryId } = await recordRequest(args, 'write:faq', 'entryId');
  const form = await request.formData();
  const intent = Intent.safeParse({ intent: form.get('intent'), version: form.get('version') || undefined });
  const none = null as SubmissionResult<string[]> | null;
  const faqMessages = faqMessagesOf(t);
  if (!intent.success) return data({ intent: 'unknown', result: none, error: t('adminFaq.unknownAction'), notice: null }, 400);
  if (intent.data.intent === 'revise') {
    const submission = parseForm(form, FaqRevisionForm, faqMessages);
    if (submission.status !== 'success') return data({ intent: 'revise', result: submission.reply(), error: null, notice: null }, 400);
    const parsed = NewFaqRevision.safeParse(faqEdition(submission.value));
    if (!parsed.success) {
      const result = submission.reply({ fieldErrors: issuesAt(parsed.error.issues, faqMessages) });
      return data({ intent: 'revise', result, error: null, notice: null }, 400);
    }
    const result = await formProblem(() => context.app.faq.draftRevision(account, entryId, parsed.data, context.requestId));
    if (!result.ok) return data({ intent: 'revise', result: submission.reply(), error: result.error, notice: null }, result.status);
    return {
      intent: 'revise',
      result: submission.reply({ resetForm: true }),
      error: null,
      notice: t('adminFaq.draftSaved', { label: result.value.label[language] }),
    };
  }
  const { version } = intent.data as { version?: number };
  const result = await formProblem<unknown>(() =>
    intent.data.intent === 'approve'
      ? context.app.faq.approve(account, entryId, version!, context.requestId)
      : context.app.faq.retire(account, entryId, context.requestId),
  );
  if (!result.ok) return data({ intent: intent.data.intent, result: none, error: result.error, notice: null }, result.status);
  return {
    intent: intent.data.intent,
    result: none,
    error: null,
    notice: intent.data.intent === 'approve' ? t('adminFaq.approved') : t('adminFaq.retiredNow'),
  };
}

/** One entry: its history (初版, 改訂版…) with dates and approvers; draft, approve, retire. */
export default function AdminFaqEntry() {
  const { displayName, nav, accountId, retired, shownVersion, latest, hasDraft, today, revisions, procedures } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const { t } = useT();
  const faqMessages = faqMessagesOf(t);
  const { form, errors, sent } = useSchemaForm(FaqRevisionForm, faqMessages, {
    id: 'faq-revision',
    lastResult: actionData?.intent === 'revise' ? actionData.result : null,
    defaultValue: { ...latest, effectiveOn: today },
  });
  return (
    <AdminLayout displayName={displayName} nav={nav} title={latest.question}>
      <p>
        <Link to="/admin/faq">{t('adminFaq.allEntries')}</Link>
      </p>
      {retired ? <p className="admin-warning">{t('adminFaq.isRetired')}</p> : null}
      <FormAlert message={actionData?.error} testId="faq-error" />
      <FormNotice message={actionData?.notice} />

      <TitledSection id="history" title={t('adminFaq.history')}>
        <RecordsTable
          testId="faq-history"
          rows={revisions}
          rowKey={(r) => r.version}
          rowProps={(r) => ({ 'data-version': r.version })}
          columns={[
            {
              header: t('adminFaq.edition'),
              cell: (r) => (
                <>
                  <strong>{r.label}</strong>
                  {shownVersion === r.version ? <div className="admin-badge open">{t('adminFaq.shownNow')}</div> : null}
                </>
              ),
            },
            {
              header: t('adminFaq.content'),
              cell: (r) => (
                <>
                  <div>
                    <strong>{r.question}</strong>
                  </div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{r.answer}</div>
                  <div className="muted">{r.procedure}</div>
                </>
              ),
            },
            { header: t('adminFaq.effective'), cell: (r) => r.effectiveOn },
            {
              header: t('adminFaq.drafted'),
              cell: (r) => <WithNote note={r.createdBy}>{r.createdAt}</WithNote>,
            },
            {
              header: t('adminFaq.approvedColumn'),
              cellProps: { 'data-testid': 'approval' },
              cell: (r) =>
                r.approvedAt ? (
                  <WithNote note={r.approvedBy}>{r.approvedAt}</WithNote>
                ) : retired ? (
                  <span className="muted">{t('adminFaq.notApproved')}</span>
                ) : r.createdById === accountId ? (
                  <span className="muted">{t('adminFaq.awaitingOther')}</span>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="version" value={r.version} />
                    <button className="button" type="submit" disabled={busy}>
                      {t('adminFaq.approve')}
                    </button>
                  </Form>
                ),
            },
          ]}
        />
      </TitledSection>

      {!retired && !hasDraft ? (
        <section className="card admin-section" aria-labelledby="revise">
          <h2 id="revise">{t('adminFaq.revise')}</h2>
          <Form method="post" {...getFormProps(form)} key={actionData?.notice ?? 'revise'}>
            <input type="hidden" name="intent" value="revise" />
            <FaqEditionFields procedures={procedures} sent={sent} errors={errors} />
            <p>
              <button className="button" type="submit" disabled={busy}>
                {t('adminFaq.saveDraft')}
              </button>
            </p>
          </Form>
        </section>
      ) : null}

      {!retired ? (
        <div className="admin-actions">
          <ConfirmForm
            intent="retire"
            open={t('adminFaq.retire')}
            note={t('adminFaq.retireNote')}
            submitLabel={t('adminFaq.retireNow')}
            danger
          />
        </div>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
