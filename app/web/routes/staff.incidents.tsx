import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { can } from '../components/route-data.server';
import { FormAlert, FormNotice } from '../components/forms';
import { FilteredPager, IncidentFilters, IncidentTable } from '../components/incident-table';
import { incidentOptions, incidentRows } from '../components/incidents-data.server';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: 'インシデント・苦情 | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:incident');
  const list = await incidentRows(context, account, request);
  return { ...list, options: incidentOptions, canAcknowledge: can(account, 'acknowledge:incident') };
}

const Acknowledge = z.object({ id: z.uuid() });

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'acknowledge:incident');
  const parsed = Acknowledge.safeParse({ id: (await request.formData()).get('id') });
  if (!parsed.success) return data({ ok: false, message: '対象が正しくありません / Invalid record.' }, 400);
  const result = await formProblem(() => context.app.records.changeIncident(account, parsed.data.id, 'acknowledge', {}, context.requestId));
  if (!result.ok) return data({ ok: false, message: result.error }, result.status);
  return { ok: true, message: '確認済みにしました / Marked as acknowledged.' };
}

/** Town staff: incidents and complaints of their town, with who at the town was told, and the acknowledge button. */
export default function StaffIncidents() {
  const { rows, nextCursor, isFirst, filter, options, canAcknowledge } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const waiting = rows.filter((r) => r.status === 'escalated' && !r.acknowledgedAt).length;
  return (
    <main className="page admin">
      <h1>インシデント・苦情 / Incidents and complaints</h1>
      <p className="muted">
        受託者から報告された事案です。内容を確認したら「確認しました」を押してください / Incidents reported to your municipality. Press
        “Acknowledge” once you have read one.
      </p>
      {waiting > 0 ? (
        <p className="admin-warning" role="status" data-testid="awaiting-ack">
          未確認の報告が {waiting} 件あります / {waiting} escalation(s) await acknowledgement.
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
                      確認しました / Acknowledge
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
