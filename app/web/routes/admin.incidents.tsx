import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { checkNotified, NOTIFIED_MAX, notifiedMessages } from '../../domain/escalation';
import { addWordedIssue, freeText, freeTextFields } from '../../domain/free-text';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { FieldError, type FieldMessages, FormAlert, FormNotice, parseForm, textValue, useSchemaForm } from '../components/forms';
import { FilteredPager, IncidentFilters, type IncidentRow, IncidentTable } from '../components/incident-table';
import { incidentOptionsFor, incidentRows } from '../components/incidents-data.server';
import { adminNav } from '../components/route-data.server';
import { type Translate, useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { textOf } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: `${textOf(matches, 'nav.incidentsAndComplaints')} | ${textOf(matches, 'nav.administration')} | Madoguchi` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:incident');
  const { t, language } = await translatorFor(request);
  const list = await incidentRows(context, account, request, t, language);
  return { displayName: account.displayName, nav: adminNav(account), ...list, options: incidentOptionsFor(t) };
}

const notified = z.string().superRefine((value, ctx) => {
  const checked = checkNotified(value);
  if (!checked.ok) addWordedIssue(ctx, 'invalid_notified', notifiedMessages[checked.reason]);
});

/**
 * One change of one incident, as each row's two small forms send it (the hidden `intent` tells
 * which). Who was notified and the resolution follow the service's own rules (escalation.ts,
 * decision 0017), so the browser refuses what the service would, in the same words.
 */
export const IncidentChangeForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('escalate'), id: z.uuid(), notified }),
  // Empty means "no note".
  z.object({ intent: z.literal('resolve'), id: z.uuid(), resolution: freeText('incident.resolution', { allowEmpty: true }).default('') }),
]);
type Change = z.output<typeof IncidentChangeForm>;
type Intent = Change['intent'];

/** Rules that say why speak for themselves; an empty "notified" in the service's words; else "check the input". */
const wordsOf = (t: Translate): FieldMessages => ({
  '': t('adminIncidents.checkInput'),
  notified: `${notifiedMessages.empty.ja} / ${notifiedMessages.empty.en}`,
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:incident');
  const form = await request.formData();
  const { t } = await translatorFor(request);
  const submission = parseForm(form, IncidentChangeForm, wordsOf(t));
  // The reply goes to the row's form it came from; `message` is what the page says about it.
  const id = textValue(submission.payload.id);
  const intent = textValue(submission.payload.intent);
  const reply = (ok: boolean, result: SubmissionResult<string[]>, message: string) => ({ ok, id, intent, result, message });
  if (submission.status !== 'success') {
    const words = Object.values(submission.error ?? {}).flatMap((messages) => messages ?? []);
    return data(reply(false, submission.reply(), words[0] ?? t('adminIncidents.checkInput')), 400);
  }
  const change = submission.value;
  const details = change.intent === 'escalate' ? { notified: change.notified } : { resolution: change.resolution || undefined };
  const result = await formProblem(() => context.app.records.changeIncident(account, change.id, change.intent, details, context.requestId));
  // A refusal of the service (the incident changed meanwhile, out of reach…) is about the incident, not a field.
  if (!result.ok) return data(reply(false, submission.reply(), result.error), result.status);
  const done = change.intent === 'escalate' ? t('adminIncidents.escalated') : t('adminIncidents.resolved');
  return data(reply(true, submission.reply({ resetForm: true }), done));
}

/** What tells each row's two forms apart: the field asked for, its words, and the button. */
const changes = {
  escalate: {
    field: 'notified',
    label: 'adminIncidents.notified',
    form: 'adminIncidents.escalate',
    button: 'adminIncidents.escalate',
    buttonClass: 'button',
    maxLength: NOTIFIED_MAX,
    placeholder: 'adminIncidents.notifiedPlaceholder',
    note: null,
  },
  resolve: {
    field: 'resolution',
    label: 'adminIncidents.resolution',
    form: 'adminIncidents.resolve',
    button: 'adminIncidents.markResolved',
    buttonClass: 'button secondary',
    maxLength: freeTextFields['incident.resolution'].max,
    placeholder: null,
    note: 'adminIncidents.noPersonalData',
  },
} as const satisfies Record<Intent, unknown>;

/**
 * One change of one incident: a small form with its one field. Its errors (the browser's check, or
 * the server's same check) are shown under the field, in the row they are about.
 */
function ChangeForm({
  intent,
  incidentId,
  lastResult,
  busy,
}: {
  intent: Intent;
  incidentId: string;
  lastResult: SubmissionResult<string[]> | null;
  busy: boolean;
}) {
  const { t } = useT();
  const change = changes[intent];
  const { form, errors, sent } = useSchemaForm<Change>(IncidentChangeForm, wordsOf(t), {
    id: `${intent}-${incidentId}`,
    lastResult,
    defaultValue: { intent, id: incidentId },
  });
  const id = `${change.field}-${incidentId}`;
  const shown = [...(errors[change.field] ?? []), ...(errors[''] ?? []), ...(errors.id ?? []), ...(errors.intent ?? [])];
  return (
    <Form method="post" {...getFormProps(form)} className="admin-field" aria-label={t(change.form)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={incidentId} />
      <label htmlFor={id}>{t(change.label)}</label>
      <input
        id={id}
        name={change.field}
        defaultValue={textValue(sent[change.field])}
        required={intent === 'escalate'}
        maxLength={change.maxLength}
        placeholder={change.placeholder ? t(change.placeholder) : undefined}
        style={{ width: '100%' }}
        aria-invalid={shown.length ? true : undefined}
        aria-describedby={shown.length ? `${id}-error` : undefined}
      />
      {shown.length ? (
        <div data-testid="incident-error">
          <FieldError id={id} errors={[...new Set(shown)]} />
        </div>
      ) : null}
      {change.note ? <p className="muted">{t(change.note)}</p> : null}
      <button className={change.buttonClass} type="submit" disabled={busy}>
        {t(change.button)}
      </button>
    </Form>
  );
}

/** Supervisors and admins: escalate an incident to the town (naming who was told), or resolve it. */
export default function AdminIncidents() {
  const { displayName, nav, rows, nextCursor, isFirst, filter, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const { t } = useT();
  const replyTo = (incidentId: string, intent: Intent) => (result?.id === incidentId && result.intent === intent ? result.result : null);
  const changeForm = (r: IncidentRow, intent: Intent) => (
    <ChangeForm intent={intent} incidentId={r.id} lastResult={replyTo(r.id, intent)} busy={busy} />
  );
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('staffIncidents.title')}>
      <p className="muted">
        {t('adminIncidents.newOnes')} <Link to="/console/records">{t('adminIncidents.recordScreen')}</Link>
        {t('adminIncidents.newOnesAfter')}
      </p>
      <FormNotice message={result?.ok ? result.message : null} />
      {/* A field's errors are shown in its row; a refusal of the service here, which stays when the row's forms are gone. */}
      <FormAlert message={result && !result.ok && !result.result.error ? result.message : null} testId="incident-error" />
      <IncidentFilters values={filter} statuses={options.statuses} kinds={options.kinds} />
      <IncidentTable
        rows={rows}
        actions={(r) =>
          r.status === 'resolved' ? null : (
            <>
              {r.status === 'open' ? changeForm(r, 'escalate') : null}
              {changeForm(r, 'resolve')}
            </>
          )
        }
      />
      <FilteredPager nextCursor={nextCursor} isFirst={isFirst} filter={filter} />
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
