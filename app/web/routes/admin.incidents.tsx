import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { adminNav } from '../components/route-data.server';
import { FieldError, FormAlert, FormNotice } from '../components/forms';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { FilteredPager, IncidentFilters, IncidentTable } from '../components/incident-table';
import { incidentOptions, incidentRows } from '../components/incidents-data.server';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';
import { NOTIFIED_MAX } from '../../domain/escalation';
import { freeText, wordedIssue } from '../../domain/free-text';

export const meta: MetaFunction = () => [{ title: 'インシデント・苦情 | 管理 | Madoguchi' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:incident');
  const list = await incidentRows(context, account, request);
  return { displayName: account.displayName, nav: adminNav(account), ...list, options: incidentOptions };
}

const Change = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('escalate'), id: z.uuid(), notified: z.string() }),
  // The API's own rule for the resolution text (decision 0017); empty means "no note".
  z.object({ intent: z.literal('resolve'), id: z.uuid(), resolution: freeText('incident.resolution', { allowEmpty: true }) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:incident');
  const form = Object.fromEntries(await request.formData());
  const parsed = Change.safeParse(form);
  if (!parsed.success) {
    const worded = parsed.error.issues.map(wordedIssue).find((w) => w !== null);
    const id = typeof form.id === 'string' ? form.id : null;
    const message = worded ? `${worded.messages.ja} / ${worded.messages.en}` : '入力内容を確認してください / Check the input.';
    return data({ ok: false, id, intent: String(form.intent ?? ''), message }, 400);
  }
  const change = parsed.data;
  const result = await formProblem(() =>
    change.intent === 'escalate'
      ? context.app.records.changeIncident(account, change.id, 'escalate', { notified: change.notified }, context.requestId)
      : context.app.records.changeIncident(account, change.id, 'resolve', { resolution: change.resolution || undefined }, context.requestId),
  );
  if (!result.ok) return data({ ok: false, id: change.id, intent: change.intent as string, message: result.error }, result.status);
  return {
    ok: true,
    id: change.id,
    intent: change.intent as string,
    message: change.intent === 'escalate' ? '自治体へ報告しました / Escalated to the municipality.' : '解決にしました / Marked as resolved.',
  };
}

/** Supervisors and admins: escalate an incident to the town (naming who was told), or resolve it. */
export default function AdminIncidents() {
  const { displayName, nav, rows, nextCursor, isFirst, filter, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  // A refusal is also shown under the field it is about, in the row it is about.
  const fieldError = (id: string, intent: string) => (result && !result.ok && result.id === id && result.intent === intent ? [result.message] : undefined);
  return (
    <AdminLayout displayName={displayName} nav={nav} title="インシデント・苦情 / Incidents and complaints">
      <p className="muted">
        新しい記録は <Link to="/console/records">記録の画面 / Record screen</Link> から。報告先には課・係・役職だけを書き、電話番号や個人名は書かないでください
        / Record new ones on the record screen. Name a section or role as the notified party — no phone numbers or personal names.
      </p>
      {result ? result.ok ? <FormNotice message={result.message} /> : <FormAlert message={result.message} testId="incident-error" /> : null}
      <IncidentFilters values={filter} statuses={options.statuses} kinds={options.kinds} />
      <IncidentTable
        rows={rows}
        actions={(r) =>
          r.status === 'resolved' ? null : (
            <>
              {r.status === 'open' ? (
                <Form method="post" className="admin-field" aria-label="自治体へ報告 / Escalate">
                  <input type="hidden" name="intent" value="escalate" />
                  <input type="hidden" name="id" value={r.id} />
                  <label htmlFor={`notified-${r.id}`}>報告先（課・係・役職） / Notified (section or role)</label>
                  <input
                    id={`notified-${r.id}`}
                    name="notified"
                    required
                    maxLength={NOTIFIED_MAX}
                    placeholder="例: 市民課 担当係長"
                    style={{ width: '100%' }}
                    aria-invalid={fieldError(r.id, 'escalate') ? true : undefined}
                    aria-describedby={fieldError(r.id, 'escalate') ? `notified-${r.id}-error` : undefined}
                  />
                  <FieldError id={`notified-${r.id}`} errors={fieldError(r.id, 'escalate')} />
                  <button className="button" type="submit" disabled={busy}>
                    自治体へ報告 / Escalate
                  </button>
                </Form>
              ) : null}
              <Form method="post" className="admin-field" aria-label="解決 / Resolve">
                <input type="hidden" name="intent" value="resolve" />
                <input type="hidden" name="id" value={r.id} />
                <label htmlFor={`resolution-${r.id}`}>対応結果 / Resolution</label>
                <input
                  id={`resolution-${r.id}`}
                  name="resolution"
                  maxLength={1000}
                  style={{ width: '100%' }}
                  aria-invalid={fieldError(r.id, 'resolve') ? true : undefined}
                  aria-describedby={fieldError(r.id, 'resolve') ? `resolution-${r.id}-error` : undefined}
                />
                <FieldError id={`resolution-${r.id}`} errors={fieldError(r.id, 'resolve')} />
                <p className="muted">個人情報（名前・電話番号など 4 桁以上の数字）は書かない / No personal data (names, numbers of 4+ digits)</p>
                <button className="button secondary" type="submit" disabled={busy}>
                  解決にする / Resolve
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
