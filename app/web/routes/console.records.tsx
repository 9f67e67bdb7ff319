import { getFormProps } from '@conform-to/react';
import { incidentKinds, incidentSeverities, inquiryCategories, inquiryChannels } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { NewIncident, NewInquiry } from '../../api/records/records.routes';
import { freeText } from '../../domain/free-text';
import type { Need } from '../../domain/permissions';
import type { AccountPrincipal } from '../../server/auth/login.server';
import { AccountBar } from '../components/account-bar';
import { FaqPanel } from '../components/faq-panel';
import {
  Checkbox,
  type FieldErrors,
  type FieldMessages,
  FormFooter,
  issuesAt,
  parseForm,
  SelectField,
  TextArea,
  TextField,
  useSchemaForm,
} from '../components/forms';
import { IncidentTable } from '../components/incident-table';
import { incidentOptionsFor, incidentRowOf, inquiryCategoryOptionsFor } from '../components/incidents-data.server';
import { TitledSection } from '../components/records-table';
import { allMunicipalities } from '../components/route-data.server';
import { type MessageKey, type Translate, useT } from '../i18n/i18n';
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
  const municipalityNames = new Map(municipalities.map((m) => [m.id, m.name]));
  return {
    displayName: account.displayName,
    municipalities: municipalities.map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })),
    recent: mine.items.map((i) =>
      incidentRowOf(
        i,
        municipalityNames.get(i.municipalityId) ?? i.municipalityId,
        (id) => (id ? (names.get(id) ?? '—') : null),
        t,
        language,
      ),
    ),
    options: {
      ...incidentOptionsFor(t),
      categories: inquiryCategoryOptionsFor(language),
      channels: inquiryChannels.map((c) => ({ value: c, label: t(`records.channel.${c}`) })),
    },
  };
}

// The same words in the browser and on the server; personal data in the summary is answered in the
// rule's own words (decision 0017).
const fields = ['municipalityId', 'channel', 'category', 'durationSeconds', 'kind', 'severity', 'summary'] as const;
const messagesOf = (t: Translate): FieldMessages => ({
  ...Object.fromEntries(fields.map((f) => [f, t(`records.errors.${f}`)])),
  durationMinutes: t('records.errors.durationSeconds'),
});

/** An inquiry taken by phone (or elsewhere); the minutes become the API's seconds. */
export const InquiryForm = z.object({
  municipalityId: z.uuid(),
  channel: z.enum(inquiryChannels),
  category: z.enum(inquiryCategories),
  durationMinutes: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/)
    .refine((m) => Number(m) <= 1440)
    .optional(),
  transferred: z.boolean().default(false),
});

/** An incident or complaint; its summary is checked by the same rule as the API's (decision 0017). */
export const IncidentForm = z.object({
  municipalityId: z.uuid(),
  kind: z.enum(incidentKinds),
  severity: z.enum(incidentSeverities),
  summary: freeText('incident.summary'),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { t } = await translatorFor(request);
  const messages = messagesOf(t);
  /** Both forms: the account's permission, the form's schema, then the API's (authoritative), then the service. */
  async function record<Value, Api>(
    intent: Intent,
    need: Need,
    schema: z.ZodType<Value>,
    toApi: (value: Value) => z.ZodSafeParseResult<Api>,
    save: (account: AccountPrincipal, value: Api) => Promise<unknown>,
    notice: MessageKey,
  ) {
    const { account } = await requireUserWithPermission(request, context, need);
    const submission = parseForm(form, schema, messages);
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), error: null, notice: null }, 400);
    const parsed = toApi(submission.value);
    if (!parsed.success) {
      const fieldErrors = issuesAt(parsed.error.issues, messages);
      return data({ intent, result: submission.reply({ fieldErrors }), error: null, notice: null }, 400);
    }
    const result = await formProblem(() => save(account, parsed.data));
    if (!result.ok) return data({ intent, result: submission.reply(), error: result.error, notice: null }, result.status);
    return data({ intent, result: submission.reply({ resetForm: true }), error: null, notice: t(notice) });
  }
  const { records } = context.app;
  if (form.get('intent') === 'inquiry') {
    return record(
      'inquiry',
      'write:inquiry',
      InquiryForm,
      ({ durationMinutes, ...inquiry }) =>
        NewInquiry.safeParse({ ...inquiry, ...(durationMinutes ? { durationSeconds: Number(durationMinutes) * 60 } : {}) }),
      (account, inquiry) => records.logInquiry(account, inquiry, context.requestId),
      'records.inquiryRecorded',
    );
  }
  return record(
    'incident',
    'write:incident',
    IncidentForm,
    (incident) => NewIncident.safeParse(incident),
    (account, incident) => records.reportIncident(account, incident, context.requestId),
    'records.incidentRecorded',
  );
}

type Intent = 'inquiry' | 'incident';

/**
 * One of the page's two forms: its card and title, the municipality first, its own fields, and its
 * error or notice (only the form that was sent shows the action's answer).
 */
function RecordForm({
  intent,
  idPrefix,
  title,
  formProps,
  errors,
  submitLabel,
  children,
}: {
  intent: Intent;
  idPrefix: string;
  title: string;
  formProps: ReturnType<typeof getFormProps>;
  errors: FieldErrors;
  submitLabel: string;
  children: ReactNode;
}) {
  const { municipalities } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const answer = result?.intent === intent ? result : null;
  return (
    <TitledSection id={`${intent}-title`} title={title} className="card admin-section">
      <Form method="post" {...formProps} key={answer?.notice ? `${intent}-done` : intent}>
        <input type="hidden" name="intent" value={intent} />
        <SelectField
          id={`${idPrefix}-municipality`}
          name="municipalityId"
          label={t('common.municipality')}
          required
          options={municipalities}
          placeholder={t('records.choose')}
          defaultValue={municipalities.length === 1 ? municipalities[0]!.value : undefined}
          errors={errors.municipalityId}
        />
        {children}
        <FormFooter error={answer?.error} notice={answer?.notice} submitLabel={submitLabel} />
      </Form>
    </TitledSection>
  );
}

/** Operators: record an inquiry taken by phone (or elsewhere), report an incident or complaint; the FAQ beside them. */
export default function ConsoleRecords() {
  const { displayName, recent, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  const messages = messagesOf(t);
  const { form: inquiryForm, errors: inquiryErrors } = useSchemaForm(InquiryForm, messages, {
    id: 'inquiry-form',
    lastResult: result?.intent === 'inquiry' ? result.result : null,
  });
  const { form: incidentForm, errors: incidentErrors } = useSchemaForm(IncidentForm, messages, {
    id: 'incident-form',
    lastResult: result?.intent === 'incident' ? result.result : null,
  });
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
          <RecordForm
            intent="inquiry"
            idPrefix="inq"
            title={t('records.recordInquiry')}
            formProps={getFormProps(inquiryForm)}
            errors={inquiryErrors}
            submitLabel={t('records.recordInquirySubmit')}
          >
            <SelectField
              id="inq-channel"
              name="channel"
              label={t('records.channelLabel')}
              required
              options={options.channels}
              defaultValue="phone"
              errors={inquiryErrors.channel}
            />
            <SelectField
              id="inq-category"
              name="category"
              label={t('records.category')}
              required
              options={options.categories}
              placeholder={t('records.choose')}
              errors={inquiryErrors.category}
            />
            <TextField
              id="inq-minutes"
              name="durationMinutes"
              label={t('records.durationMinutes')}
              inputMode="numeric"
              maxLength={4}
              errors={inquiryErrors.durationMinutes ?? inquiryErrors.durationSeconds}
            />
            <Checkbox id="inq-transferred" name="transferred" label={t('records.transferred')} />
          </RecordForm>

          <RecordForm
            intent="incident"
            idPrefix="inc"
            title={t('records.reportIncident')}
            formProps={getFormProps(incidentForm)}
            errors={incidentErrors}
            submitLabel={t('records.report')}
          >
            <SelectField
              id="inc-kind"
              name="kind"
              label={t('incidents.kindLabel')}
              required
              options={options.kinds}
              defaultValue="incident"
              errors={incidentErrors.kind}
            />
            <SelectField
              id="inc-severity"
              name="severity"
              label={t('records.severityLabel')}
              required
              options={options.severities}
              defaultValue="medium"
              errors={incidentErrors.severity}
            />
            <TextArea
              id="inc-summary"
              name="summary"
              label={t('incidents.whatHappened')}
              hint={t('records.summaryHint')}
              required
              errors={incidentErrors.summary}
            />
          </RecordForm>
        </div>

        <FaqPanel />

        <TitledSection id="recent-title" title={t('records.recent')}>
          <IncidentTable rows={recent} />
        </TitledSection>
      </main>
    </>
  );
}
