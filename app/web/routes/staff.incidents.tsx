import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { FormAlert, FormNotice } from '../components/forms';
import { FilteredPager, IncidentFilters, IncidentTable } from '../components/incident-table';
import { incidentOptionsFor, incidentRows } from '../components/incidents-data.server';
import { can } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staffIncidents.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:incident');
  const { t, language } = await translatorFor(request);
  const list = await incidentRows(context, account, request, t, language);
  return { ...list, options: incidentOptionsFor(t), canAcknowledge: can(account, 'acknowledge:incident') };
}

const Acknowledge = z.object({ id: z.uuid() });

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'acknowledge:incident');
  const { t } = await translatorFor(request);
  const parsed = Acknowledge.safeParse({ id: (await request.formData()).get('id') });
  if (!parsed.success) return data({ ok: false, message: t('staffIncidents.invalid') }, 400);
  const result = await formProblem(() => context.app.records.changeIncident(account, parsed.data.id, 'acknowledge', {}, context.requestId));
  if (!result.ok) return data({ ok: false, message: result.error }, result.status);
  return { ok: true, message: t('staffIncidents.acknowledgedNow') };
}

/** Town staff: incidents and complaints of their town, with who at the town was told, and the acknowledge button. */
export default function StaffIncidents() {
  const { rows, nextCursor, isFirst, filter, options, canAcknowledge } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const waiting = rows.filter((r) => r.status === 'escalated' && !r.acknowledgedAt).length;
  const { t } = useT();
  return (
    <main className="page admin">
      <h1>{t('staffIncidents.title')}</h1>
      <p className="muted">{t('staffIncidents.intro')}</p>
      {waiting > 0 ? (
        <p className="admin-warning" role="status" data-testid="awaiting-ack">
          {t('staffIncidents.awaiting', { count: waiting })}
        </p>
      ) : null}
      {result ? result.ok ? <FormNotice message={result.message} /> : <FormAlert message={result.message} /> : null}
      <IncidentFilters values={filter} statuses={options.statuses} kinds={options.kinds} />
      <IncidentTable
        rows={rows}
        actions={
          canAcknowledge
            ? (r) =>
                r.status === 'escalated' && !r.acknowledgedAt ? (
                  <Form method="post">
                    <input type="hidden" name="id" value={r.id} />
                    <button className="button" type="submit" disabled={busy}>
                      {t('staffIncidents.acknowledge')}
                    </button>
                  </Form>
                ) : null
            : undefined
        }
      />
      <FilteredPager nextCursor={nextCursor} isFirst={isFirst} filter={filter} />
    </main>
  );
}
