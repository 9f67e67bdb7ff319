import { getFormProps, useForm } from '@conform-to/react';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { incidentKinds, incidentSeverities, inquiryCategories, inquiryChannels } from '@madoguchi/db/vocabulary';
import { NewIncident, NewInquiry } from '../../api/records/records.routes';
import { freeText } from '../../domain/free-text';
import { allMunicipalities, formatJst } from '../components/route-data.server';
import { fieldErrorsIn, FormFooter, issuesAt, parseForm, SelectField, TextArea, TextField, type FieldMessages } from '../components/forms';
import { AccountBar } from '../components/account-bar';
import { FaqPanel } from '../components/faq-panel';
import { IncidentTable } from '../components/incident-table';
import { incidentOptions, inquiryCategoryOptions } from '../components/incidents-data.server';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '記録 | Madoguchi' }];

const channelOptions = inquiryChannels.map((c) => ({
  value: c,
  label: { phone: '電話 / Phone', booth: 'ブース / Booth', counter: '窓口 / Counter', email: 'メール / E-mail', other: 'その他 / Other' }[c],
}));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'write:inquiry');
  const [municipalities, mine] = await Promise.all([
    allMunicipalities(context, account),
    context.app.records.incidents(account, { limit: 10 }),
  ]);
  const names = await context.app.records.displayNames(mine.items.flatMap((i) => [i.reportedBy, i.escalatedBy, i.acknowledgedBy]));
  const municipalityNames = new Map(municipalities.map((m) => [m.id, m.name]));
  return {
    displayName: account.displayName,
    municipalities: municipalities.map((m) => ({ value: m.id, label: `${m.name}（${m.code}）` })),
    recent: mine.items.map((i) => ({
      id: i.id,
      municipality: municipalityNames.get(i.municipalityId) ?? i.municipalityId,
      kind: incidentOptions.kinds.find((k) => k.value === i.kind)!.label,
      severity: incidentOptions.severities.find((k) => k.value === i.severity)!.label,
      high: i.severity === 'high',
      summary: i.summary,
      status: i.status,
      statusLabel: incidentOptions.statuses.find((k) => k.value === i.status)!.label,
      reportedAt: formatJst(i.reportedAt)!,
      reportedBy: names.get(i.reportedBy) ?? '—',
      escalatedAt: formatJst(i.escalatedAt),
      escalatedBy: i.escalatedBy ? (names.get(i.escalatedBy) ?? '—') : null,
      notified: i.notified,
      acknowledgedAt: formatJst(i.acknowledgedAt),
      acknowledgedBy: i.acknowledgedBy ? (names.get(i.acknowledgedBy) ?? '—') : null,
      resolvedAt: formatJst(i.resolvedAt),
      resolution: i.resolution,
    })),
    options: { ...incidentOptions, categories: inquiryCategoryOptions, channels: channelOptions },
  };
}

const messages: FieldMessages = {
  municipalityId: '自治体を選んでください / Choose a municipality.',
  channel: '受付経路を選んでください / Choose the channel.',
  category: '区分（ア〜ケ）を選んでください / Choose a category (a–i).',
  durationMinutes: '対応時間は 0〜1440 分で入力してください / Enter a duration of 0–1440 minutes.',
  durationSeconds: '対応時間は 0〜1440 分で入力してください / Enter a duration of 0–1440 minutes.',
  kind: '種別を選んでください / Choose the kind.',
  severity: '重要度を選んでください / Choose the severity.',
  // Personal data in the summary is answered in the rule's own words (decision 0017).
  summary: '内容を 1〜1000 文字で入力してください / Describe it in 1–1000 characters.',
};

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
  if (form.get('intent') === 'inquiry') {
    const intent = 'inquiry';
    const { account } = await requireUserWithPermission(request, context, 'write:inquiry');
    const submission = parseForm(form, InquiryForm, messages);
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), error: null, notice: null }, 400);
    const { durationMinutes, ...inquiry } = submission.value;
    const parsed = NewInquiry.safeParse({ ...inquiry, ...(durationMinutes ? { durationSeconds: Number(durationMinutes) * 60 } : {}) });
    if (!parsed.success) {
      const fieldErrors = issuesAt(parsed.error.issues, messages);
      return data({ intent, result: submission.reply({ fieldErrors }), error: null, notice: null }, 400);
    }
    const result = await formProblem(() => context.app.records.logInquiry(account, parsed.data, context.requestId));
    if (!result.ok) return data({ intent, result: submission.reply(), error: result.error, notice: null }, result.status);
    return { intent, result: submission.reply({ resetForm: true }), error: null, notice: '問合せを記録しました / Inquiry recorded.' };
  }
  const intent = 'incident';
  const { account } = await requireUserWithPermission(request, context, 'write:incident');
  const submission = parseForm(form, IncidentForm, messages);
  if (submission.status !== 'success') return data({ intent, result: submission.reply(), error: null, notice: null }, 400);
  const parsed = NewIncident.safeParse(submission.value);
  if (!parsed.success) {
    const fieldErrors = issuesAt(parsed.error.issues, messages);
    return data({ intent, result: submission.reply({ fieldErrors }), error: null, notice: null }, 400);
  }
  const result = await formProblem(() => context.app.records.reportIncident(account, parsed.data, context.requestId));
  if (!result.ok) return data({ intent, result: submission.reply(), error: result.error, notice: null }, result.status);
  return { intent, result: submission.reply({ resetForm: true }), error: null, notice: 'インシデント・苦情を記録しました / Incident recorded.' };
}

/** Operators: record an inquiry taken by phone (or elsewhere), report an incident or complaint; the FAQ beside them. */
export default function ConsoleRecords() {
  const { displayName, municipalities, recent, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [inquiryForm] = useForm({
    id: 'inquiry-form',
    lastResult: result?.intent === 'inquiry' ? result.result : null,
    onValidate: ({ formData }) => parseForm(formData, InquiryForm, messages),
  });
  const [incidentForm] = useForm({
    id: 'incident-form',
    lastResult: result?.intent === 'incident' ? result.result : null,
    onValidate: ({ formData }) => parseForm(formData, IncidentForm, messages),
  });
  const inquiryErrors = fieldErrorsIn(inquiryForm);
  const incidentErrors = fieldErrorsIn(incidentForm);
  const single = municipalities.length === 1 ? municipalities[0]!.value : undefined;
  return (
    <>
      <AccountBar title="記録 / Records" displayName={displayName} />
      <main className="page wide admin">
        <p>
          <Link to="/console">← コンソールへ戻る / Back to the console</Link>
        </p>
        <h1>問合せ・インシデントの記録 / Record inquiries and incidents</h1>
        <p className="muted">お名前・電話番号・住所・個人番号などの個人情報は記録しません / Never record names, phone numbers, addresses or My Numbers.</p>
        <div className="admin-columns">
          <section className="card admin-section" aria-labelledby="inquiry-title">
            <h2 id="inquiry-title">問合せを記録 / Record an inquiry</h2>
            <Form method="post" {...getFormProps(inquiryForm)} key={result?.intent === 'inquiry' && result.notice ? 'inquiry-done' : 'inquiry'}>
              <input type="hidden" name="intent" value="inquiry" />
              <SelectField id="inq-municipality" name="municipalityId" label="自治体 / Municipality" required options={municipalities} placeholder="選んでください / Choose" defaultValue={single} errors={inquiryErrors.municipalityId} />
              <SelectField id="inq-channel" name="channel" label="受付経路 / Channel" required options={options.channels} defaultValue="phone" errors={inquiryErrors.channel} />
              <SelectField id="inq-category" name="category" label="区分 / Category" required options={options.categories} placeholder="選んでください / Choose" errors={inquiryErrors.category} />
              <TextField id="inq-minutes" name="durationMinutes" label="対応時間（分・任意） / Duration in minutes (optional)" inputMode="numeric" maxLength={4} errors={inquiryErrors.durationMinutes ?? inquiryErrors.durationSeconds} />
              <div className="admin-check">
                <input id="inq-transferred" name="transferred" type="checkbox" />
                <label htmlFor="inq-transferred">自治体・関係機関へ転送した / Transferred to the town or another office</label>
              </div>
              <FormFooter error={result?.intent === 'inquiry' ? result.error : null} notice={result?.intent === 'inquiry' ? result.notice : null} submitLabel="問合せを記録 / Record inquiry" busy={busy} />
            </Form>
          </section>

          <section className="card admin-section" aria-labelledby="incident-title">
            <h2 id="incident-title">インシデント・苦情を記録 / Report an incident or complaint</h2>
            <Form method="post" {...getFormProps(incidentForm)} key={result?.intent === 'incident' && result.notice ? 'incident-done' : 'incident'}>
              <input type="hidden" name="intent" value="incident" />
              <SelectField id="inc-municipality" name="municipalityId" label="自治体 / Municipality" required options={municipalities} placeholder="選んでください / Choose" defaultValue={single} errors={incidentErrors.municipalityId} />
              <SelectField id="inc-kind" name="kind" label="種別 / Kind" required options={options.kinds} defaultValue="incident" errors={incidentErrors.kind} />
              <SelectField id="inc-severity" name="severity" label="重要度 / Severity" required options={options.severities} defaultValue="medium" errors={incidentErrors.severity} />
              <TextArea
                id="inc-summary"
                name="summary"
                label="内容 / What happened"
                hint="個人情報は書けません: 名前（〜様・〜さん）、4 桁以上の数字、住所、生年月日、メールアドレス。時刻（10:30）・日付（12/3）は書けます / No personal data: names (…様, …さん), numbers of 4+ digits, addresses, birth dates, e-mail. Times (10:30) and dates (12/3) are fine."
                required
                errors={incidentErrors.summary}
              />
              <FormFooter error={result?.intent === 'incident' ? result.error : null} notice={result?.intent === 'incident' ? result.notice : null} submitLabel="記録する / Report" busy={busy} />
            </Form>
          </section>
        </div>

        <FaqPanel />

        <section aria-labelledby="recent-title">
          <h2 id="recent-title">最近のインシデント・苦情 / Recent incidents</h2>
          <IncidentTable rows={recent} />
        </section>
      </main>
    </>
  );
}
