import { randomBytes } from 'node:crypto';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { z } from 'zod';
import { procedures, type Procedure } from '@madoguchi/db/vocabulary';
import { MunicipalityPatch, NewConsentDocument } from '../../api/municipalities/municipalities.routes';
import { editEligibility, eligibilityFormFromFormData, fromEligibilityForm, toEligibilityForm, type EligibilityForm } from '../../domain/eligibility-form';
import { fromTextForm, isEmptyTextForm, textFormFromFormData, toTextForm } from '../../domain/localized-text-form';
import type { Need } from '../../domain/permissions';
import { adminNav, can, fieldErrorsOf, formatJst, listOf, orRespond, requireId, textOf, vocabulary } from '../components/route-data.server';
import { EligibilityFields } from '../components/admin-eligibility';
import { CheckboxGroup, FormFooter, FormNotice, TextField, type FieldErrors } from '../components/admin-form';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { LocalizedTextFields, MissingLanguages } from '../components/admin-localized-text';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.municipality.name ?? '自治体'} | 管理 | Madoguchi` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:municipality');
  const id = requireId(params.id);
  const { municipalities } = context.app;
  const municipality = await orRespond(() => municipalities.get(account, id));
  const consent = can(account, 'read:consent') ? await orRespond(() => municipalities.consentFor(account, id)) : null;
  const document = (doc: NonNullable<typeof consent>['terms']) =>
    doc && { version: doc.version, publishedAt: formatJst(doc.publishedAt), texts: toTextForm(doc.texts) };
  return {
    displayName: account.displayName,
    nav: adminNav(account),
    canEdit: can(account, 'write:municipality'),
    canPublish: can(account, 'write:consent'),
    procedureOptions: vocabulary.procedures,
    municipality: {
      id: municipality.id,
      code: municipality.code,
      name: municipality.name,
      procedures: municipality.procedures as string[],
      counterGuidance: toTextForm(municipality.counterGuidance),
      alertWebhookUrl: municipality.alertWebhookUrl ?? '',
      outageAlertMinutes: String(municipality.outageAlertMinutes),
    },
    eligibility: toEligibilityForm(municipality.eligibility),
    consent: consent && { terms: document(consent.terms), privacy: document(consent.privacy) },
  };
}

// ---------------------------------------------------------------------------------------------
// Actions: edit the settings and the eligibility questions (admins), publish a consent document
// (admins and supervisors)

const needs = { update: 'write:municipality', eligibility: 'write:municipality', publish: 'write:consent' } as const satisfies Record<string, Need>;
type Intent = keyof typeof needs;

const messages: Record<string, string> = {
  name: '名称を 1〜100 文字で入力してください / Enter a name of 1–100 characters.',
  procedures: '提供する手続を選び直してください / Choose the procedures again.',
  alertWebhookUrl: 'http(s):// で始まる URL を入力するか、空欄にしてください / Enter an http(s):// URL, or leave it empty.',
  outageAlertMinutes: '1〜240 の分数を入力してください / Enter a number of minutes from 1 to 240.',
  '': '変更する項目がありません / Nothing to change.',
};

const kindLabels = { terms: '利用規約 / Terms of use', privacy: 'プライバシーポリシー / Privacy policy' } as const;

/** Adds a message to a field's errors once. */
function add(errors: FieldErrors, field: string, message: string) {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/**
 * Errors of a localized text at its own fields (`<name>.ja` …): the zod path joined by dots is the
 * field's name. Japanese missing or too long, another language too long.
 */
function textErrors(issues: readonly z.core.$ZodIssue[], what: { ja: string; en: string }): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.join('.');
    const language = String(issue.path.at(-1));
    const message =
      issue.code === 'too_big'
        ? '20,000 文字までにしてください / Use at most 20,000 characters.'
        : language === 'ja'
          ? `${what.ja}の日本語を入力してください（日本語は必須です） / Enter ${what.en} in Japanese (Japanese is required).`
          : '入力内容を確認してください / Check the input.';
    add(errors, field, message);
  }
  return errors;
}

/** Errors of the eligibility questions, at their fields (see app/domain/eligibility-form.ts). */
function eligibilityErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [, procedure, , part] = issue.path.map(String);
    if (part === 'text' || part === 'guidance') {
      const what = part === 'text' ? { ja: 'この質問', en: 'this question' } : { ja: 'この案内', en: 'this guidance' };
      Object.assign(errors, textErrors([issue], what));
    } else {
      const field = `eligibility.${procedure ?? ''}`;
      const message = issue.code === 'too_big' ? '質問は手続ごとに 10 問までです / At most 10 questions per procedure.' : '質問を確認してください / Check the questions.';
      add(errors, field, message);
    }
  }
  return errors;
}

function readIntent(form: FormData): Intent {
  const intent = textOf(form, 'intent');
  if (intent in needs) return intent as Intent;
  throw new Response('操作が正しく指定されていません / Unknown action.', { status: 400 });
}

/** A new question's id: short, random, and of the form the API takes. */
const newQuestionId = () => `q-${randomBytes(4).toString('hex')}`;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = readIntent(form);
  const { account } = await requireUserWithPermission(request, context, needs[intent]);
  const id = requireId(params.id);
  const { municipalities } = context.app;

  if (intent === 'update') {
    const values = {
      name: textOf(form, 'name'),
      procedures: listOf(form, 'procedures'),
      counterGuidance: textFormFromFormData(form, 'counterGuidance'),
      alertWebhookUrl: textOf(form, 'alertWebhookUrl'),
      outageAlertMinutes: textOf(form, 'outageAlertMinutes'),
    };
    const minutes = values.outageAlertMinutes.trim();
    const parsed = MunicipalityPatch.safeParse({
      name: values.name,
      procedures: values.procedures,
      // Nothing written in any language: the town has no counter guidance.
      counterGuidance: isEmptyTextForm(values.counterGuidance) ? null : fromTextForm(values.counterGuidance),
      alertWebhookUrl: values.alertWebhookUrl.trim() === '' ? null : values.alertWebhookUrl.trim(),
      outageAlertMinutes: /^\d{1,4}$/.test(minutes) ? Number(minutes) : Number.NaN,
    });
    if (!parsed.success) {
      const issues = parsed.error.issues;
      const fieldErrors: FieldErrors = {
        ...fieldErrorsOf(issues.filter((i) => i.path[0] !== 'counterGuidance'), messages),
        ...textErrors(issues.filter((i) => i.path[0] === 'counterGuidance'), { ja: '窓口の案内', en: 'the counter guidance' }),
      };
      return data({ intent, values, fieldErrors, error: null, done: null }, 400);
    }
    const result = await formProblem(() => municipalities.update(account, id, parsed.data, context.requestId));
    if (!result.ok) {
      // The service's own refusals about the webhook (https only behind an https origin) belong at that field.
      if (result.code === 'webhook_url_refused') return data({ intent, values, fieldErrors: { alertWebhookUrl: [result.error] } as FieldErrors, error: null, done: null }, result.status);
      return data({ intent, values, fieldErrors: {} as FieldErrors, error: result.error, done: null }, result.status);
    }
    return data({ intent, values: null, fieldErrors: {} as FieldErrors, error: null, done: '保存しました / Saved.' });
  }

  if (intent === 'eligibility') {
    const values = eligibilityFormFromFormData(form);
    // "Add a question" / "Remove question n": shown back, not saved yet.
    const edit = textOf(form, 'edit');
    if (edit) {
      const edited = editEligibility(values, edit);
      if (!edited) throw new Response('操作が正しく指定されていません / Unknown action.', { status: 400 });
      return data({ intent, values: edited, fieldErrors: {} as FieldErrors, error: null, done: '未保存です。「質問を保存」で保存します / Not saved yet: press "Save the questions".' });
    }
    const parsed = MunicipalityPatch.safeParse({ eligibility: fromEligibilityForm(values, newQuestionId) });
    if (!parsed.success) return data({ intent, values, fieldErrors: eligibilityErrors(parsed.error.issues), error: null, done: null }, 400);
    const result = await formProblem(() => municipalities.update(account, id, parsed.data, context.requestId));
    if (!result.ok) return data({ intent, values, fieldErrors: {} as FieldErrors, error: result.error, done: null }, result.status);
    return data({ intent, values: null, fieldErrors: {} as FieldErrors, error: null, done: '質問を保存しました / Questions saved.' });
  }

  // publish
  const kind = textOf(form, 'kind');
  const texts = textFormFromFormData(form, 'texts');
  const values = { kind, texts };
  const parsed = NewConsentDocument.safeParse({ kind, texts: fromTextForm(texts) });
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const fieldErrors: FieldErrors = {
      ...textErrors(issues.filter((i) => i.path[0] === 'texts'), { ja: '本文', en: 'the text' }),
      ...(issues.some((i) => i.path[0] === 'kind') ? { '': ['文書の種類が正しくありません / Unknown kind of document.'] } : {}),
    };
    return data({ intent, values, fieldErrors, error: null, done: null }, 400);
  }
  const result = await formProblem(() => municipalities.publishConsent(account, id, parsed.data.kind, parsed.data.texts, context.requestId));
  if (!result.ok) return data({ intent, values, fieldErrors: {} as FieldErrors, error: result.error, done: null }, result.status);
  const label = kindLabels[parsed.data.kind];
  return data({ intent, values: null, fieldErrors: {} as FieldErrors, error: null, done: `${label} 第 ${result.value.version} 版を公開しました / Published version ${result.value.version}.` });
}

// ---------------------------------------------------------------------------------------------

/** The procedures whose questions the page shows: those offered, and any that still has questions. */
function questionProcedures(offered: readonly string[], form: EligibilityForm): Procedure[] {
  return procedures.filter((p) => offered.includes(p) || (form[p]?.length ?? 0) > 0);
}

export default function MunicipalityDetail() {
  const { displayName, nav, canEdit, canPublish, municipality, eligibility, consent, procedureOptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const update = actionData?.intent === 'update' ? actionData : null;
  const questions = actionData?.intent === 'eligibility' ? actionData : null;
  const publish = actionData?.intent === 'publish' ? actionData : null;
  const values = update?.values ?? municipality;
  const questionValues = questions?.values ?? eligibility;
  const labels = Object.fromEntries(procedureOptions.map((o) => [o.value, o.label]));

  return (
    <AdminLayout displayName={displayName} nav={nav} title={`${municipality.name}（${municipality.code}）`}>
      <p>
        <Link to="/admin/municipalities">← 自治体の一覧 / All municipalities</Link>
      </p>

      <section className="card admin-section" aria-labelledby="settings">
        <h2 id="settings">基本設定 / Settings</h2>
        {!canEdit ? <p className="muted">閲覧のみ（変更は管理者が行います） / View only (administrators make changes).</p> : null}
        <Form method="post" noValidate key={JSON.stringify(values)} data-testid="settings-form">
          <input type="hidden" name="intent" value="update" />
          <fieldset className="admin-plain" disabled={!canEdit}>
            <legend className="visually-hidden">基本設定 / Settings</legend>
            <TextField id="name" name="name" label="名称 / Name" required maxLength={100} defaultValue={values.name} errors={update?.fieldErrors.name} />
            <CheckboxGroup
              id="procedures"
              name="procedures"
              legend="提供する手続 / Procedures offered"
              options={procedureOptions}
              checked={values.procedures}
              errors={update?.fieldErrors.procedures}
            />
            <LocalizedTextFields
              id="counter-guidance"
              name="counterGuidance"
              legend="窓口の案内（任意） / Where the counter is (optional)"
              values={values.counterGuidance}
              errors={update?.fieldErrors}
              required={false}
              hint={
                <p>
                  ブースが使えないとき（通信の障害など）に画面に出す、窓口の場所と受付時間です。空欄なら「{municipality.name}の窓口へ」とだけ表示します /
                  Shown when the booth cannot call (a network fault): where the counter is and its hours. Empty: the booth only says to go to the
                  municipality&apos;s counter.
                </p>
              }
            />
            <TextField
              id="outageAlertMinutes"
              name="outageAlertMinutes"
              label="停止通知までの分数 / Minutes offline before the alert"
              inputMode="numeric"
              required
              defaultValue={values.outageAlertMinutes}
              errors={update?.fieldErrors.outageAlertMinutes}
              hint={<p>開庁時間中にブースがこの時間オフラインのとき通知します / The alert goes out when a booth is offline this long during its opening hours.</p>}
            />
            <TextField
              id="alertWebhookUrl"
              name="alertWebhookUrl"
              label="停止通知の送信先 URL（任意） / Alert webhook URL (optional)"
              inputMode="url"
              maxLength={500}
              defaultValue={values.alertWebhookUrl}
              errors={update?.fieldErrors.alertWebhookUrl}
              hint={
                <p>
                  ダッシュボードの表示に加え、この URL に JSON（個人情報なし）を送ります。内部のアドレス（localhost・プライベート・169.254.169.254 など）は使えません /
                  Besides the dashboard banner, a JSON alert (no personal data) is POSTed here. Internal addresses (localhost, private, 169.254.169.254…) are refused.
                </p>
              }
            />
          </fieldset>
          <FormFooter error={update?.error ?? update?.fieldErrors['']?.join(' ')} notice={update?.done} submitLabel="保存する / Save" busy={busy} canSubmit={canEdit} />
        </Form>
      </section>

      <section className="admin-section" aria-labelledby="eligibility">
        <h2 id="eligibility">資格確認の質問 / Eligibility questions</h2>
        <p className="muted">
          手続ごとに、ブースが最初に尋ねる質問です。相談へ進めない答えのときは案内を表示して窓口へ案内します。日本語は必須、ほかの言語は任意です /
          Per procedure, the questions the booth asks first; the other answer shows the guidance and sends the resident to the counter.
          Japanese is required, other languages optional.
        </p>
        <Form method="post" noValidate key={JSON.stringify(questionValues)} data-testid="eligibility-form">
          <input type="hidden" name="intent" value="eligibility" />
          <fieldset className="admin-plain" disabled={!canEdit}>
            <legend className="visually-hidden">資格確認の質問 / Eligibility questions</legend>
            <EligibilityFields form={questionValues} procedures={questionProcedures(municipality.procedures, questionValues)} labels={labels} errors={questions?.fieldErrors} canEdit={canEdit} />
          </fieldset>
          <FormFooter error={questions?.error} notice={questions?.done} submitLabel="質問を保存 / Save the questions" busy={busy} canSubmit={canEdit} />
        </Form>
      </section>

      {consent ? (
        <section className="admin-section" aria-labelledby="consent">
          <h2 id="consent">利用規約とプライバシーポリシー / Terms of use and privacy policy</h2>
          <p className="muted">
            公開すると新しい版になり、以降ブースでの同意はその版と表示した言語で記録されます。以前の版も残ります / Publishing makes a new version;
            from then on, consent at booths is recorded against it, with the language shown. Earlier versions are kept.
          </p>
          <FormNotice message={publish?.done} />
          <div className="admin-columns">
            {(['terms', 'privacy'] as const).map((kind) => {
              const current = consent[kind];
              const mine = publish?.values?.kind === kind ? publish : null;
              // After a refused publish, keep what was typed; otherwise start from the current text.
              const texts = mine?.values?.texts ?? current?.texts ?? toTextForm(null);
              return (
                <div key={kind} className="card" data-testid={`consent-${kind}`}>
                  <h3>{kindLabels[kind]}</h3>
                  <p>
                    {current ? (
                      <>
                        現在の版 / Current version: <strong>第 {current.version} 版 / v{current.version}</strong>（{current.publishedAt}）{' '}
                        <MissingLanguages values={current.texts} testId={`consent-${kind}-missing`} />
                      </>
                    ) : (
                      <strong>未公開 / Not published yet</strong>
                    )}
                  </p>
                  {canPublish ? (
                    <Form method="post" noValidate key={`${kind}-${current?.version ?? 0}-${mine ? 'retry' : ''}`}>
                      <input type="hidden" name="intent" value="publish" />
                      <input type="hidden" name="kind" value={kind} />
                      <LocalizedTextFields id={`${kind}-texts`} name="texts" legend="本文 / Text" values={texts} errors={mine?.fieldErrors} rows={6} openTranslations />
                      <FormFooter error={mine?.error ?? mine?.fieldErrors['']?.join(' ')} submitLabel={<>第 {(current?.version ?? 0) + 1} 版として公開 / Publish as v{(current?.version ?? 0) + 1}</>} busy={busy} />
                    </Form>
                  ) : current ? (
                    <details>
                      <summary>本文を見る / Show the text</summary>
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
