import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { NOTIFIED_MAX } from '../../domain/escalation';
import { freeText, wordedIssue } from '../../domain/free-text';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { FieldError, FormAlert, FormNotice } from '../components/forms';
import { FilteredPager, IncidentFilters, IncidentTable } from '../components/incident-table';
import { incidentOptionsFor, incidentRows } from '../components/incidents-data.server';
import { adminNav } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
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

const Change = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('escalate'), id: z.uuid(), notified: z.string() }),
  // The API's own rule for the resolution text (decision 0017); empty means "no note".
  z.object({ intent: z.literal('resolve'), id: z.uuid(), resolution: freeText('incident.resolution', { allowEmpty: true }) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:incident');
  const form = Object.fromEntries(await request.formData());
  const { t } = await translatorFor(request);
  const parsed = Change.safeParse(form);
  if (!parsed.success) {
    const worded = parsed.error.issues.map(wordedIssue).find((w) => w !== null);
    const id = typeof form.id === 'string' ? form.id : null;
    // The free-text rule's words, in both languages as every problem (decision 0025).
    const message = worded ? `${worded.messages.ja} / ${worded.messages.en}` : t('adminIncidents.checkInput');
    return data({ ok: false, id, intent: String(form.intent ?? ''), message }, 400);
  }
  const change = parsed.data;
  const result = await formProblem(() =>
    change.intent === 'escalate'
      ? context.app.records.changeIncident(account, change.id, 'escalate', { notified: change.notified }, context.requestId)
      : context.app.records.changeIncident(
          account,
          change.id,
          'resolve',
          { resolution: change.resolution || undefined },
          context.requestId,
        ),
  );
  if (!result.ok) return data({ ok: false, id: change.id, intent: change.intent as string, message: result.error }, result.status);
  return {
    ok: true,
    id: change.id,
    intent: change.intent as string,
    message: change.intent === 'escalate' ? t('adminIncidents.escalated') : t('adminIncidents.resolved'),
  };
}

/** Supervisors and admins: escalate an incident to the town (naming who was told), or resolve it. */
export default function AdminIncidents() {
  const { displayName, nav, rows, nextCursor, isFirst, filter, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const { t } = useT();
  // A refusal is also shown under the field it is about, in the row it is about.
  const fieldError = (id: string, intent: string) =>
    result && !result.ok && result.id === id && result.intent === intent ? [result.message] : undefined;
  return (
    <AdminLayout displayName={displayName} nav={nav} title={t('staffIncidents.title')}>
      <p className="muted">
        {t('adminIncidents.newOnes')} <Link to="/console/records">{t('adminIncidents.recordScreen')}</Link>
        {t('adminIncidents.newOnesAfter')}
      </p>
      {result ? result.ok ? <FormNotice message={result.message} /> : <FormAlert message={result.message} testId="incident-error" /> : null}
      <IncidentFilters values={filter} statuses={options.statuses} kinds={options.kinds} />
      <IncidentTable
        rows={rows}
        actions={(r) =>
          r.status === 'resolved' ? null : (
            <>
              {r.status === 'open' ? (
                <Form method="post" className="admin-field" aria-label={t('adminIncidents.escalate')}>
                  <input type="hidden" name="intent" value="escalate" />
                  <input type="hidden" name="id" value={r.id} />
                  <label htmlFor={`notified-${r.id}`}>{t('adminIncidents.notified')}</label>
                  <input
                    id={`notified-${r.id}`}
                    name="notified"
                    required
                    maxLength={NOTIFIED_MAX}
                    placeholder={t('adminIncidents.notifiedPlaceholder')}
                    style={{ width: '100%' }}
                    aria-invalid={fieldError(r.id, 'escalate') ? true : undefined}
                    aria-describedby={fieldError(r.id, 'escalate') ? `notified-${r.id}-error` : undefined}
                  />
                  <FieldError id={`notified-${r.id}`} errors={fieldError(r.id, 'escalate')} />
                  <button className="button" type="submit" disabled={busy}>
                    {t('adminIncidents.escalate')}
                  </button>
                </Form>
              ) : null}
              <Form method="post" className="admin-field" aria-label={t('adminIncidents.resolve')}>
                <input type="hidden" name="intent" value="resolve" />
                <input type="hidden" name="id" value={r.id} />
                <label htmlFor={`resolution-${r.id}`}>{t('adminIncidents.resolution')}</label>
                <input
                  id={`resolution-${r.id}`}
                  name="resolution"
                  maxLength={1000}
                  style={{ width: '100%' }}
                  aria-invalid={fieldError(r.id, 'resolve') ? true : undefined}
                  aria-describedby={fieldError(r.id, 'resolve') ? `resolution-${r.id}-error` : undefined}
                />
                <FieldError id={`resolution-${r.id}`} errors={fieldError(r.id, 'resolve')} />
                <p className="muted">{t('adminIncidents.noPersonalData')}</p>
                <button className="button secondary" type="submit" disabled={busy}>
                  {t('adminIncidents.markResolved')}
                </button>
              </Form>
            </>
          )
        }
      />
      <FilteredPager nextCursor={nextCursor} isFirst={isFirst} filter={filter} />
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
