import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { inquiryChannels } from '@madoguchi/db/vocabulary';
import { NewIncident, NewInquiry } from '../../api/records/records.routes';
import { allMunicipalities, fieldErrorsOf, textOf } from '../components/admin-data.server';
import { FormFooter, SelectField, TextArea, TextField, type FieldErrors } from '../components/admin-form';
import { AccountBar } from '../components/account-bar';
import { FaqPanel } from '../components/faq-panel';
import { IncidentTable } from '../components/incident-table';
import { incidentOptionsFor, incidentRowOf, inquiryCategoryOptionsFor } from '../components/incidents-data.server';
import { useT, type Translate } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.records');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:inquiry');
  const { t, language } = await translatorFor(request);
  const [municipalities, mine] = await Promise.all([
    allMunicipalities(context, account),
    context.app.records.incidents(account, { limit: 10 }),
  ]);
  const names = await context.app.records.displayNames(mine.items.flatMap((i) => [i.reportedBy, i.escalatedBy, i.acknowledgedBy]));
  const towns = new Map(municipalities.map((m) => [m.id, m.name]));
  return {
    displayName: account.displayName,
    municipalities: municipalities.map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })),
    recent: mine.items.map((i) =>
      incidentRowOf(i, towns.get(i.municipalityId) ?? i.municipalityId, (id) => (id ? (names.get(id) ?? '—') : null), t, language),
    ),
    options: {
      ...incidentOptionsFor(t),
      categories: inquiryCategoryOptionsFor(language),
      channels: inquiryChannels.map((c) => ({ value: c, label: t(`records.channel.${c}`) })),
    },
  };
}

const fields = ['municipalityId', 'channel', 'category', 'durationSeconds', 'kind', 'severity', 'summary'] as const;
// Personal data in the summary is answered in the rule's own words (decision 0017).
const messagesOf = (t: Translate): Record<string, string> => Object.fromEntries(fields.map((f) => [f, t(`records.errors.${f}`)]));

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { t } = await translatorFor(request);
  const messages = messagesOf(t);
  const intent = textOf(form, 'intent');
  if (intent === 'inquiry') {
    const { account } = await requireUserWithPermission(request, context, 'write:inquiry');
    const minutes = textOf(form, 'durationMinutes').trim();
    const values = { municipalityId: textOf(form, 'municipalityId'), channel: textOf(form, 'channel'), category: textOf(form, 'category') };
    const parsed = NewInquiry.safeParse({
      ...values,
      ...(minutes ? { durationSeconds: /^\d{1,4}$/.test(minutes) ? Number(minutes) * 60 : -1 } : {}),
      transferred: form.get('transferred') === 'on',
    });
    if (!parsed.success) return data({ intent, fieldErrors: fieldErrorsOf(parsed.error.issues, messages), error: null, notice: null }, 400);
    const result = await formProblem(() => context.app.records.logInquiry(account, parsed.data, context.requestId));
    if (!result.ok) return data({ intent, fieldErrors: {} as FieldErrors, error: result.error, notice: null }, result.status);
    return { intent, fieldErrors: {} as FieldErrors, error: null, notice: t('records.inquiryRecorded') };
  }
  const { account } = await requireUserWithPermission(request, context, 'write:incident');
  const parsed = NewIncident.safeParse({
    municipalityId: textOf(form, 'municipalityId'),
    kind: textOf(form, 'kind'),
    severity: textOf(form, 'severity'),
    summary: textOf(form, 'summary'),
  });
  if (!parsed.success) return data({ intent: 'incident', fieldErrors: fieldErrorsOf(parsed.error.issues, messages), error: null, notice: null }, 400);
  const result = await formProblem(() => context.app.records.reportIncident(account, parsed.data, context.requestId));
  if (!result.ok) return data({ intent: 'incident', fieldErrors: {} as FieldErrors, error: result.error, notice: null }, result.status);
  return { intent: 'incident', fieldErrors: {} as FieldErrors, error: null, notice: t('records.incidentRecorded') };
}

/** Operators: record an inquiry taken by phone (or elsewhere), report an incident or complaint; the FAQ beside them. */
export default function ConsoleRecords() {
  const { displayName, municipalities, recent, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const errorsFor = (intent: string) => (result?.intent === intent ? result.fieldErrors : {});
  const single = municipalities.length === 1 ? municipalities[0]!.value : undefined;
  const { t } = useT();
  return (
    <>
      <AccountBar title={t('nav.records')} displayName={displayName} />
      <main className="page wide admin">
        <p>
          <Link to="/console">{t('records.backToConsole')}</Link>
        </p>
        <h1>{t('records.title')}</h1>
        <p className="muted">{t('records.noPersonalData')}</p>
        <div className="admin-columns">
          <section className="card admin-section" aria-labelledby="inquiry-title">
            <h2 id="inquiry-title">{t('records.recordInquiry')}</h2>
            <Form method="post" noValidate key={result?.intent === 'inquiry' && result.notice ? 'inquiry-done' : 'inquiry'}>
              <input type="hidden" name="intent" value="inquiry" />
              <SelectField
                id="inq-municipality"
                name="municipalityId"
                label={t('common.municipality')}
                required
                options={municipalities}
                placeholder={t('records.choose')}
                defaultValue={single}
                errors={errorsFor('inquiry').municipalityId}
              />
              <SelectField
                id="inq-channel"
                name="channel"
                label={t('records.channelLabel')}
                required
                options={options.channels}
                defaultValue="phone"
                errors={errorsFor('inquiry').channel}
              />
              <SelectField
                id="inq-category"
                name="category"
                label={t('records.category')}
                required
                options={options.categories}
                placeholder={t('records.choose')}
                errors={errorsFor('inquiry').category}
              />
              <TextField
                id="inq-minutes"
                name="durationMinutes"
                label={t('records.durationMinutes')}
                inputMode="numeric"
                maxLength={4}
                errors={errorsFor('inquiry').durationSeconds}
              />
              <div className="admin-check">
                <input id="inq-transferred" name="transferred" type="checkbox" />
                <label htmlFor="inq-transferred">{t('records.transferred')}</label>
              </div>
              <FormFooter
                error={result?.intent === 'inquiry' ? result.error : null}
                notice={result?.intent === 'inquiry' ? result.notice : null}
                submitLabel={t('records.recordInquirySubmit')}
                busy={busy}
              />
            </Form>
          </section>

          <section className="card admin-section" aria-labelledby="incident-title">
            <h2 id="incident-title">{t('records.reportIncident')}</h2>
            <Form method="post" noValidate key={result?.intent === 'incident' && result.notice ? 'incident-done' : 'incident'}>
              <input type="hidden" name="intent" value="incident" />
              <SelectField
                id="inc-municipality"
                name="municipalityId"
                label={t('common.municipality')}
                required
                options={municipalities}
                placeholder={t('records.choose')}
                defaultValue={single}
                errors={errorsFor('incident').municipalityId}
              />
              <SelectField
                id="inc-kind"
                name="kind"
                label={t('incidents.kindLabel')}
                required
                options={options.kinds}
                defaultValue="incident"
                errors={errorsFor('incident').kind}
              />
              <SelectField
                id="inc-severity"
                name="severity"
                label={t('records.severityLabel')}
                required
                options={options.severities}
                defaultValue="medium"
                errors={errorsFor('incident').severity}
              />
              <TextArea
                id="inc-summary"
                name="summary"
                label={t('incidents.whatHappened')}
                hint={t('records.summaryHint')}
                required
                errors={errorsFor('incident').summary}
              />
              <FormFooter
                error={result?.intent === 'incident' ? result.error : null}
                notice={result?.intent === 'incident' ? result.notice : null}
                submitLabel={t('records.report')}
                busy={busy}
              />
            </Form>
          </section>
        </div>

        <FaqPanel />

        <section aria-labelledby="recent-title">
          <h2 id="recent-title">{t('records.recent')}</h2>
          <IncidentTable rows={recent} />
        </section>
      </main>
    </>
  );
}
