import { getFormProps, type SubmissionResult, useForm } from '@conform-to/react';
import { RESERVATION_POLICY_BOUNDS, RESERVATION_SLOT_LENGTHS } from '@madoguchi/db/reservation-contract';
import { type ConsentKind, consentKinds, procedures, textLanguages } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { MunicipalityPatch, NewConsentDocument } from '../../api/municipalities/municipalities.routes';
import { ReservationPolicyInput } from '../../api/reservations/reservations.routes';
import { fromEligibilityForm, toEligibilityForm } from '../../domain/eligibility-form';
import { fromTextForm, isEmptyTextForm, type LocalizedTextForm, toTextForm } from '../../domain/localized-text-form';
import type { ReservationPolicy } from '../../domain/reservations/slots';
import { EligibilityQuestions, eligibilityWordsOf } from '../components/admin-eligibility';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { LocalizedTextFields, MissingLanguages } from '../components/admin-localized-text';
import {
  Checkbox,
  CheckboxGroup,
  FormFooter,
  FormNotice,
  FormSection,
  fieldErrorsIn,
  issuesAt,
  listValue,
  localizedTextMessage,
  messageOf,
  parseForm,
  SelectField,
  stamp,
  TextField,
  textValue,
  useSchemaForm,
} from '../components/forms';
import { adminFrame, can, formatJst, orRespond, recordRequest, vocabularyFor } from '../components/route-data.server';
import { type MessageKey, type Translate, useT } from '../i18n/i18n';
import { recordMeta } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';
import { needs, newQuestionId, parseQuestions, readIntent } from './admin.municipalities.$id.server';

export const meta = recordMeta<typeof loader>('nav.administration', 'nav.municipalities', (d) => d.municipality.name);

export async function loader(args: LoaderFunctionArgs) {
  const { account, language, id } = await recordRequest(args, 'read:municipality');
  const { municipalities, reservations } = args.context.app;
  const municipality = await orRespond(() => municipalities.get(account, id));
  const consent = can(account, 'read:consent') ? await orRespond(() => municipalities.consentFor(account, id)) : null;
  const document = (doc: NonNullable<typeof consent>['terms']) =>
    doc && { version: doc.version, publishedAt: formatJst(doc.publishedAt), texts: toTextForm(doc.texts) };
  return {
    ...adminFrame(account),
    canEdit: can(account, 'write:municipality'),
    canPublish: can(account, 'write:consent'),
    procedureOptions: vocabularyFor(language).procedures,
    municipality: {
      id: municipality.id,
      code: municipality.code,
      name: municipality.name,
      procedures: municipality.procedures as string[],
      counterGuidance: toTextForm(municipality.counterGuidance),
      alertWebhookUrl: municipality.alertWebhookUrl ?? '',
      outageAlertMinutes: String(municipality.outageAlertMinutes),
      listenInAllowed: municipality.listenInAllowed,
      listenInNotice: municipality.listenInNotice,
      interpreterWaitSeconds: municipality.interpreterWaitSeconds === null ? '' : String(municipality.interpreterWaitSeconds),
    },
    eligibility: toEligibilityForm(municipality.eligibility),
    reservationPolicy: policyFormOf(await orRespond(() => reservations.policyFor(account, id))),
    consent: consent && { terms: document(consent.terms), privacy: document(consent.privacy) },
  };
}

// ---------------------------------------------------------------------------------------------
// Actions: edit the settings and the eligibility questions (admins), publish a consent document
// (admins and supervisors)

const messagesOf = (t: Translate) => ({
  name: t('adminMunicipality.nameMessage'),
  procedures: t('adminMunicipality.proceduresMessage'),
  alertWebhookUrl: t('adminMunicipality.webhookMessage'),
  outageAlertMinutes: t('adminMunicipality.minutesMessage'),
  interpreterWaitSeconds: t('adminMunicipality.interpreterWaitMessage'),
  '': t('adminMunicipality.nothingToChange'),
});

/** The settings form's words: the counter guidance's at its language fields, the others per field. */
const settingsWordsOf = (t: Translate) => {
  const messages = messagesOf(t);
  return (issue: z.core.$ZodIssue) =>
    issue.path[0] === 'counterGuidance'
      ? localizedTextMessage(issue, t, t('adminMunicipality.theCounterGuidance'))
      : messageOf(issue, messages);
};

/**
 * The settings form. The webhook address's rules (no internal hosts…) and the rest of the contract
 * are the API's (MunicipalityPatch), applied after it on the server.
 */
export const MunicipalitySettingsForm = z.object({
  name: z.string().trim().min(1).max(100),
  procedures: z.array(z.enum(procedures)).max(procedures.length).default([]),
  counterGuidance: z.partialRecord(z.enum(textLanguages), z.string().max(20_000)).optional(),
  alertWebhookUrl: z.string().trim().max(500).optional(),
  outageAlertMinutes: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/),
  listenInAllowed: z.boolean().default(false),
  listenInNotice: z.boolean().default(false),
  /** Empty: the server's default (the API's bounds apply after it). */
  interpreterWaitSeconds: z
    .string()
    .trim()
    .regex(/^\d{0,4}$/)
    .optional(),
});

/** A localized text as submitted (a language left empty is not sent) → one string per language. */
const textFormOf = (sent: unknown): LocalizedTextForm =>
  Object.fromEntries(textLanguages.map((l) => [l, textValue((sent as Record<string, unknown> | undefined)?.[l])])) as LocalizedTextForm;

/**
 * The reservation policy's form (decision 0034): whole numbers as typed; their bounds and the slot
 * lengths are the contract's (ReservationPolicyInput, db/src/reservation-contract.ts), applied after it.
 */
const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d{1,4}$/);
export const ReservationPolicyForm = z.object({
  slotMinutes: wholeNumber,
  walkInSharePercent: wholeNumber,
  fixedCapacity: wholeNumber,
  checkInEarlyMinutes: wholeNumber,
  checkInLateMinutes: wholeNumber,
  reservationOnly: z.boolean().default(false),
});

const policyFormOf = (p: ReservationPolicy) => ({
  slotMinutes: String(p.slotMinutes),
  walkInSharePercent: String(p.walkInSharePercent),
  fixedCapacity: String(p.fixedCapacity),
  checkInEarlyMinutes: String(p.checkInEarlyMinutes),
  checkInLateMinutes: String(p.checkInLateMinutes),
  reservationOnly: p.reservationOnly,
});

const policyWordsOf = (t: Translate) => ({
  slotMinutes: t('adminMunicipality.slotMessage'),
  ...Object.fromEntries(
    Object.entries(RESERVATION_POLICY_BOUNDS).map(([field, { min, max }]) => [field, t('adminMunicipality.rangeMessage', { min, max })]),
  ),
  '': t('adminMunicipality.nothingToChange'),
});

const kindLabels: Record<ConsentKind, MessageKey> = { terms: 'adminMunicipality.terms', privacy: 'adminMunicipality.privacy' };

/** A terms or privacy document to publish: its text per language (Japanese required, by the API's LocalizedText). */
export const ConsentForm = z.object({
  kind: z.enum(consentKinds),
  texts: z.partialRecord(z.enum(textLanguages), z.string().max(20_000)).optional(),
});

const consentWordsOf = (t: Translate) => (issue: z.core.$ZodIssue) =>
  issue.path[0] === 'texts' ? localizedTextMessage(issue, t, t('adminMunicipality.theText')) : t('adminMunicipality.unknownKind');

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const form = await request.formData();
  const intent = readIntent(form);
  const { account, t, id } = await recordRequest(args, needs[intent]);
  const { municipalities } = context.app;
  const settingsWords = settingsWordsOf(t);
  const consentWords = consentWordsOf(t);

  if (intent === 'update') {
    const submission = parseForm(form, MunicipalitySettingsForm, settingsWords);
    const settings = (result: SubmissionResult<string[]>, error: string | null = null, done: string | null = null) => ({
      intent,
      result,
      error,
      done,
    });
    if (submission.status !== 'success') return data(settings(submission.reply()), 400);
    const values = submission.value;
    const counterGuidance = textFormOf(values.counterGuidance);
    const parsed = MunicipalityPatch.safeParse({
      name: values.name,
      procedures: values.procedures,
      // Nothing written in any language: the town has no counter guidance.
      counterGuidance: isEmptyTextForm(counterGuidance) ? null : fromTextForm(counterGuidance),
      alertWebhookUrl: values.alertWebhookUrl ? values.alertWebhookUrl : null,
      outageAlertMinutes: Number(values.outageAlertMinutes),
      listenInAllowed: values.listenInAllowed,
      listenInNotice: values.listenInNotice,
      interpreterWaitSeconds: values.interpreterWaitSeconds ? Number(values.interpreterWaitSeconds) : null,
    });
    if (!parsed.success) return data(settings(submission.reply({ fieldErrors: issuesAt(parsed.error.issues, settingsWords) })), 400);
    const result = await formProblem(() => municipalities.update(account, id, parsed.data, context.requestId));
    if (!result.ok) {
      // The service's own refusals about the webhook (https only behind an https origin) belong at that field.
      if (result.code === 'webhook_url_refused') {
        return data(settings(submission.reply({ fieldErrors: { alertWebhookUrl: [result.error] } })), result.status);
      }
      return data(settings(submission.reply(), result.error), result.status);
    }
    // Saved: the form starts again from what the loader reads back.
    return data(settings(submission.reply({ resetForm: true }), null, t('common.saved')));
  }

  if (intent === 'eligibility') {
    const words = eligibilityWordsOf(t);
    const submission = parseQuestions(form, words);
    const questions = (result: SubmissionResult<string[]>, error: string | null = null, done: string | null = null) => ({
      intent,
      result,
      error,
      done,
    });
    // "Add a question" / "Remove question n" without JavaScript: conform's list edit, shown back, not saved yet.
    if (submission.status === undefined) return data(questions(submission.reply()));
    if (submission.status !== 'success') return data(questions(submission.reply()), 400);
    const parsed = MunicipalityPatch.safeParse({ eligibility: fromEligibilityForm(submission.value.eligibility, newQuestionId) });
    if (!parsed.success) return data(questions(submission.reply({ fieldErrors: issuesAt(parsed.error.issues, words) })), 400);
    const result = await formProblem(() => municipalities.update(account, id, parsed.data, context.requestId));
    if (!result.ok) return data(questions(submission.reply(), result.error), result.status);
    // Saved: the form starts again from what the loader reads back (new questions have their ids).
    return data(questions(submission.reply({ resetForm: true }), null, t('adminMunicipality.questionsSaved')));
  }

  if (intent === 'reservation-policy') {
    const words = policyWordsOf(t);
    const submission = parseForm(form, ReservationPolicyForm, words);
    const policy = (result: SubmissionResult<string[]>, error: string | null = null, done: string | null = null) => ({
      intent,
      result,
      error,
      done,
    });
    if (submission.status !== 'success') return data(policy(submission.reply()), 400);
    const v = submission.value;
    const parsed = ReservationPolicyInput.safeParse({
      slotMinutes: Number(v.slotMinutes),
      walkInSharePercent: Number(v.walkInSharePercent),
      fixedCapacity: Number(v.fixedCapacity),
      checkInEarlyMinutes: Number(v.checkInEarlyMinutes),
      checkInLateMinutes: Number(v.checkInLateMinutes),
      reservationOnly: v.reservationOnly,
    });
    if (!parsed.success) return data(policy(submission.reply({ fieldErrors: issuesAt(parsed.error.issues, words) })), 400);
    const result = await formProblem(() => context.app.reservations.setPolicy(account, id, parsed.data, context.requestId));
    if (!result.ok) return data(policy(submission.reply(), result.error), result.status);
    return data(policy(submission.reply({ resetForm: true }), null, t('adminMunicipality.policySaved')));
  }

  // publish: the reply names its document, so only that form takes it.
  const submission = parseForm(form, ConsentForm, consentWords);
  const kind = typeof submission.payload.kind === 'string' ? submission.payload.kind : null;
  const published = (result: SubmissionResult<string[]>, error: string | null = null, done: string | null = null) => ({
    intent,
    kind,
    result,
    error,
    done,
  });
  if (submission.status !== 'success') return data(published(submission.reply()), 400);
  const parsed = NewConsentDocument.safeParse({ kind: submission.value.kind, texts: fromTextForm(textFormOf(submission.value.texts)) });
  if (!parsed.success) return data(published(submission.reply({ fieldErrors: issuesAt(parsed.error.issues, consentWords) })), 400);
  const result = await formProblem(() =>
    municipalities.publishConsent(account, id, parsed.data.kind, parsed.data.texts, context.requestId),
  );
  if (!result.ok) return data(published(submission.reply(), result.error), result.status);
  const done = t('adminMunicipality.published', { kind: t(kindLabels[parsed.data.kind]), version: result.value.version });
  return data(published(submission.reply({ resetForm: true }), null, done));
}

// ---------------------------------------------------------------------------------------------

/** One document's publish form; after a refused publish it keeps what was typed, else it starts from the current text. */
function ConsentDocumentForm({
  kind,
  current,
  lastResult,
  error,
}: {
  kind: ConsentKind;
  current: { version: number; texts: LocalizedTextForm } | null;
  lastResult: SubmissionResult<string[]> | null | undefined;
  error: string | null | undefined;
}) {
  const { t } = useT();
  const consentWords = consentWordsOf(t);
  const next = (current?.version ?? 0) + 1;
  const [form] = useForm({
    id: `consent-${kind}-v${next}`,
    lastResult,
    defaultValue: { kind, texts: current?.texts ?? toTextForm(null) },
    onValidate: ({ formData }) => parseForm(formData, ConsentForm, consentWords),
  });
  const errors = fieldErrorsIn(form);
  const sent: Record<string, unknown> = form.initialValue ?? {};
  return (
    <Form method="post" {...getFormProps(form)} key={form.id}>
      <input type="hidden" name="intent" value="publish" />
      <input type="hidden" name="kind" value={kind} />
      <LocalizedTextFields
        id={`${kind}-texts`}
        name="texts"
        legend={t('adminMunicipality.text')}
        values={textFormOf(sent.texts)}
        errors={errors}
        rows={6}
        openTranslations
      />
      <FormFooter error={error ?? errors.kind?.join(' ')} submitLabel={t('adminMunicipality.publishAs', { version: next })} />
    </Form>
  );
}

export default function MunicipalityDetail() {
  const { displayName, nav, canEdit, canPublish, municipality, eligibility, consent, procedureOptions, reservationPolicy } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const update = actionData?.intent === 'update' ? actionData : null;
  const questions = actionData?.intent === 'eligibility' ? actionData : null;
  const publish = actionData?.intent === 'publish' ? actionData : null;
  const policyReply = actionData?.intent === 'reservation-policy' ? actionData : null;
  const { t } = useT();
  const settingsWords = settingsWordsOf(t);
  // A new id when the saved settings change: the form starts again from them.
  const {
    form: settings,
    errors: settingsErrors,
    sent,
  } = useSchemaForm(MunicipalitySettingsForm, settingsWords, {
    id: `municipality-settings-${stamp(municipality)}`,
    lastResult: update?.result,
    defaultValue: municipality,
  });
  const values = {
    name: textValue(sent.name),
    procedures: listValue(sent.procedures),
    counterGuidance: textFormOf(sent.counterGuidance),
    alertWebhookUrl: textValue(sent.alertWebhookUrl),
    outageAlertMinutes: textValue(sent.outageAlertMinutes),
    listenInAllowed: sent.listenInAllowed === 'on',
    listenInNotice: sent.listenInNotice === 'on',
    interpreterWaitSeconds: textValue(sent.interpreterWaitSeconds),
  };
  const labels = Object.fromEntries(procedureOptions.map((o) => [o.value, o.label]));
  const {
    form: policyForm,
    errors: policyErrors,
    sent: policySent,
  } = useSchemaForm(ReservationPolicyForm, policyWordsOf(t), {
    id: `reservation-policy-${stamp(reservationPolicy)}`,
    lastResult: policyReply?.result,
    defaultValue: reservationPolicy,
  });
  const slotOptions = RESERVATION_SLOT_LENGTHS.map((m) => ({ value: String(m), label: t('adminMunicipality.slotOption', { minutes: m }) }));
  const numberField = (name: keyof typeof RESERVATION_POLICY_BOUNDS, label: string, hint?: string) => (
    <TextField
      name={name}
      label={label}
      inputMode="numeric"
      required
      maxLength={4}
      defaultValue={textValue(policySent[name])}
      errors={policyErrors[name]}
      hint={hint ? <p>{hint}</p> : undefined}
    />
  );

  return (
    <AdminLayout displayName={displayName} nav={nav} title={`${municipality.name}（${municipality.code}）`}>
      <p>
        <Link to="/admin/municipalities">{t('adminMunicipality.allMunicipalities')}</Link>
      </p>

      <FormSection
        id="settings"
        title={t('adminMunicipality.settings')}
        intro={!canEdit ? <p className="muted">{t('adminMunicipality.viewOnly')}</p> : null}
        formProps={getFormProps(settings)}
        formKey={settings.id}
        testId="settings-form"
        intent="update"
        editable={canEdit}
        error={update?.error ?? settingsErrors['']?.join(' ')}
        notice={update?.done}
        submitLabel={t('adminMunicipality.saveButton')}
      >
        <TextField
          name="name"
          label={t('adminMunicipality.name')}
          required
          maxLength={100}
          defaultValue={values.name}
          errors={settingsErrors.name}
        />
        <CheckboxGroup
          name="procedures"
          legend={t('adminMunicipality.procedures')}
          options={procedureOptions}
          checked={values.procedures}
          errors={settingsErrors.procedures}
        />
        <LocalizedTextFields
          id="counter-guidance"
          name="counterGuidance"
          legend={t('adminMunicipality.counterGuidance')}
          values={values.counterGuidance}
          errors={settingsErrors}
          required={false}
          hint={<p>{t('adminMunicipality.counterGuidanceHint', { name: municipality.name })}</p>}
        />
        <TextField
          name="outageAlertMinutes"
          label={t('adminMunicipality.minutes')}
          inputMode="numeric"
          required
          defaultValue={values.outageAlertMinutes}
          errors={settingsErrors.outageAlertMinutes}
          hint={<p>{t('adminMunicipality.minutesHint')}</p>}
        />
        <TextField
          name="alertWebhookUrl"
          label={t('adminMunicipality.webhook')}
          inputMode="url"
          maxLength={500}
          defaultValue={values.alertWebhookUrl}
          errors={settingsErrors.alertWebhookUrl}
          hint={<p>{t('adminMunicipality.webhookHint')}</p>}
        />
        <fieldset>
          <legend>{t('adminMunicipality.listenIn')}</legend>
          <Checkbox name="listenInAllowed" label={t('adminMunicipality.listenInAllowed')} defaultChecked={values.listenInAllowed} />
          <Checkbox name="listenInNotice" label={t('adminMunicipality.listenInNotice')} defaultChecked={values.listenInNotice} />
          <p className="muted">{t('adminMunicipality.listenInHint')}</p>
        </fieldset>
        <TextField
          name="interpreterWaitSeconds"
          label={t('adminMunicipality.interpreterWait')}
          inputMode="numeric"
          defaultValue={values.interpreterWaitSeconds}
          errors={settingsErrors.interpreterWaitSeconds}
          hint={<p>{t('adminMunicipality.interpreterWaitHint')}</p>}
        />
      </FormSection>

      <FormSection
        id="reservation-policy"
        title={t('adminMunicipality.reservationPolicy')}
        intro={<p className="muted">{t('adminMunicipality.reservationPolicyIntro')}</p>}
        formProps={getFormProps(policyForm)}
        formKey={policyForm.id}
        testId="reservation-policy-form"
        intent="reservation-policy"
        editable={canEdit}
        error={policyReply?.error ?? policyErrors['']?.join(' ')}
        notice={policyReply?.done}
        submitLabel={t('adminMunicipality.saveButton')}
      >
        <SelectField
          name="slotMinutes"
          label={t('adminMunicipality.slotMinutes')}
          options={slotOptions}
          required
          defaultValue={textValue(policySent.slotMinutes)}
          errors={policyErrors.slotMinutes}
          hint={<p>{t('adminMunicipality.slotMinutesHint')}</p>}
        />
        {numberField('walkInSharePercent', t('adminMunicipality.walkInShare'), t('adminMunicipality.walkInShareHint'))}
        {numberField('fixedCapacity', t('adminMunicipality.fixedCapacity'), t('adminMunicipality.fixedCapacityHint'))}
        {numberField('checkInEarlyMinutes', t('adminMunicipality.checkInEarly'))}
        {numberField('checkInLateMinutes', t('adminMunicipality.checkInLate'), t('adminMunicipality.checkInHint'))}
        <Checkbox
          name="reservationOnly"
          label={t('adminMunicipality.reservationOnly')}
          defaultChecked={policySent.reservationOnly === 'on' || policySent.reservationOnly === true}
        />
      </FormSection>

      <section className="admin-section" aria-labelledby="eligibility">
        <h2 id="eligibility">{t('adminMunicipality.eligibility')}</h2>
        <p className="muted">{t('adminMunicipality.eligibilityIntro')}</p>
        <EligibilityQuestions
          saved={eligibility}
          offered={municipality.procedures}
          labels={labels}
          lastResult={questions?.result}
          canEdit={canEdit}
          busy={busy}
          error={questions?.error}
          done={questions?.done}
        />
      </section>

      {consent ? (
        <section className="admin-section" aria-labelledby="consent">
          <h2 id="consent">{t('adminMunicipality.consent')}</h2>
          <p className="muted">{t('adminMunicipality.consentIntro')}</p>
          <FormNotice message={publish?.done} />
          <div className="admin-columns">
            {(['terms', 'privacy'] as const).map((kind) => {
              const current = consent[kind];
              const mine = publish?.kind === kind ? publish : null;
              return (
                <div key={kind} className="card" data-testid={`consent-${kind}`}>
                  <h3>{t(kindLabels[kind])}</h3>
                  <p>
                    {current ? (
                      <>
                        {t('adminMunicipality.currentVersion')}:{' '}
                        <strong>{t('adminMunicipality.version', { version: current.version })}</strong>（{current.publishedAt}）{' '}
                        <MissingLanguages values={current.texts} testId={`consent-${kind}-missing`} />
                      </>
                    ) : (
                      <strong>{t('adminMunicipality.notPublished')}</strong>
                    )}
                  </p>
                  {canPublish ? (
                    <ConsentDocumentForm kind={kind} current={current} lastResult={mine?.result} error={mine?.error} />
                  ) : current ? (
                    <details>
                      <summary>{t('adminMunicipality.showText')}</summary>
                      {Object.entries(current.texts)
                        .filter(([, text]) => text.trim() !== '')
                        .map(([language, text]) => (
                          <pre key={language} className="admin-text" lang={language}>
                            {text}
                          </pre>
                        ))}
                    </details>
                  ) : null}
                </div>
              );
            })}
          </div>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
