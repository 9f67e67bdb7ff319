import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { z } from 'zod';
import { MunicipalityPatch, NewConsentDocument } from '../../api/municipalities/municipalities.routes';
import type { Need } from '../../domain/permissions';
import {
  
  adminNav,
  can,
  fieldErrorsOf,
  formatJst,
  listOf,
  orRespond,
  requireId,
  textOf,
  vocabulary,
} from '../components/admin-data.server';
import { CheckboxGroup, FormFooter, FormNotice, TextArea, TextField, type FieldErrors } from '../components/admin-form';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.municipality.name ?? '自治体'} | 管理 | Madoguchi` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:municipality');
  const id = requireId(params.id);
  const { municipalities } = context.app;
  const municipality = await orRespond(() => municipalities.get(account, id));
  const consent = can(account, 'read:consent') ? await orRespond(() => municipalities.consentFor(account, id)) : null;
  const document = (doc: NonNullable<typeof consent>['terms']) =>
    doc && { version: doc.version, publishedAt: formatJst(doc.publishedAt), ja: doc.texts.ja, en: doc.texts.en ?? '' };
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
      eligibility: Object.keys(municipality.eligibility).length ? JSON.stringify(municipality.eligibility, null, 2) : '',
      alertWebhookUrl: municipality.alertWebhookUrl ?? '',
      outageAlertMinutes: String(municipality.outageAlertMinutes),
    },
    consent: consent && { terms: document(consent.terms), privacy: document(consent.privacy) },
  };
}

// ---------------------------------------------------------------------------------------------
// Actions: edit the municipality (admins), publish a consent document (admins and supervisors)

const needs = { update: 'write:municipality', publish: 'write:consent' } as const satisfies Record<string, Need>;
type Intent = keyof typeof needs;

const messages: Record<string, string> = {
  name: '名称を 1〜100 文字で入力してください / Enter a name of 1–100 characters.',
  procedures: '提供する手続を選び直してください / Choose the procedures again.',
  alertWebhookUrl: 'http(s):// で始まる URL を入力するか、空欄にしてください / Enter an http(s):// URL, or leave it empty.',
  outageAlertMinutes: '1〜240 の分数を入力してください / Enter a number of minutes from 1 to 240.',
  '': '変更する項目がありません / Nothing to change.',
};

const kindLabels = { terms: '利用規約 / Terms of use', privacy: 'プライバシーポリシー / Privacy policy' } as const;

/** The value at `path` in the parsed JSON (undefined when missing). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const languageList = 'ja, en, zh-Hans, ko, vi, pt';
const procedureList = 'new_application, renewal, lost_reissue, health_insurance, bank_account, other_mynaportal';

/** One eligibility issue in words, with where it is ("new_application[0].text.ja"). */
function eligibilityMessage(issue: z.core.$ZodIssue, root: unknown): string {
  const path = issue.path.slice(1);
  const [procedure, index, ...rest] = path.map(String);
  const where = procedure === undefined ? null : [procedure, index !== undefined ? `[${index}]` : '', rest.length ? `.${rest.join('.')}` : ''].join('');
  const field = rest[0];
  const say = (ja: string, en: string) =>
    `資格確認の質問${where ? ` ${where}` : ''}: ${ja} / Eligibility questions${where ? ` ${where}` : ''}: ${en}.`;

  if (issue.code === 'unrecognized_keys' || issue.code === 'invalid_key') {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
    if (procedure === undefined) return say(`手続のコードではありません ${keys}（使えるのは ${procedureList}）`, `not a procedure code ${keys} (use ${procedureList})`);
    if (field === undefined) return say(`使えない項目 ${keys}（id, text, proceedIf, guidance のみ）`, `unknown keys ${keys} (only id, text, proceedIf, guidance)`);
    return say(`使えない言語 ${keys}（${languageList}）`, `unknown languages ${keys} (${languageList})`);
  }
  if (valueAt(root, path) === undefined) return say('必須の項目がありません', 'this is required');
  if (field === 'id') return say('半角英小文字・数字・ハイフン 1〜32 文字にしてください', 'use 1–32 lower-case letters, digits or hyphens');
  if (field === 'proceedIf') return say('true か false にしてください', 'must be true or false');
  if (field === 'text' || field === 'guidance') {
    return rest.length === 1
      ? say(`言語ごとの文 { "ja": "…" } にしてください（ja は必須）`, 'must be texts per language { "ja": "…" } (ja required)')
      : say('空でない文字列（20,000 文字まで）にしてください', 'must be non-empty text (up to 20,000 characters)');
  }
  if (procedure === undefined) return say('手続のコードごとの質問 { "new_application": [ … ] } にしてください', 'must be an object of questions per procedure { "new_application": [ … ] }');
  if (index === undefined) {
    return issue.code === 'too_big'
      ? say('質問は手続ごとに 10 問までです', 'at most 10 questions per procedure')
      : say('質問の配列 [ … ] にしてください', 'must be an array of questions [ … ]');
  }
  return say('質問はオブジェクト { "id": …, "text": …, "proceedIf": …, "guidance": … } にしてください', 'each question must be an object { "id", "text", "proceedIf", "guidance" }');
}

function readIntent(form: FormData): Intent {
  const intent = textOf(form, 'intent');
  if (intent in needs) return intent as Intent;
  throw new Response('操作が正しく指定されていません / Unknown action.', { status: 400 });
}

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
      eligibility: textOf(form, 'eligibility'),
      alertWebhookUrl: textOf(form, 'alertWebhookUrl'),
      outageAlertMinutes: textOf(form, 'outageAlertMinutes'),
    };
    let eligibility: unknown = {};
    const fieldErrors: FieldErrors = {};
    if (values.eligibility.trim() !== '') {
      try {
        eligibility = JSON.parse(values.eligibility);
      } catch (error) {
        const detail = error instanceof Error ? error.message : '';
        fieldErrors.eligibility = [`JSON として読み取れません。括弧・引用符・カンマを確認してください（${detail}） / This is not valid JSON; check brackets, quotes and commas (${detail}).`];
      }
    }
    const minutes = values.outageAlertMinutes.trim();
    const parsed = MunicipalityPatch.safeParse({
      name: values.name,
      procedures: values.procedures,
      eligibility,
      alertWebhookUrl: values.alertWebhookUrl.trim() === '' ? null : values.alertWebhookUrl.trim(),
      outageAlertMinutes: /^\d{1,4}$/.test(minutes) ? Number(minutes) : Number.NaN,
    });
    if (!parsed.success || fieldErrors.eligibility) {
      const issues = parsed.success ? [] : parsed.error.issues;
      Object.assign(fieldErrors, fieldErrorsOf(issues.filter((i) => i.path[0] !== 'eligibility'), messages));
      if (!fieldErrors.eligibility) {
        const eligibilityIssues = issues.filter((i) => i.path[0] === 'eligibility').map((i) => eligibilityMessage(i, eligibility));
        if (eligibilityIssues.length) fieldErrors.eligibility = [...new Set(eligibilityIssues)].slice(0, 10);
      }
      return data({ intent, values, fieldErrors, error: null, done: null }, 400);
    }
    const result = await formProblem(() => municipalities.update(account, id, parsed.data, context.requestId));
    if (!result.ok) {
      // The service's own refusals about the webhook (https only behind an https origin) belong at that field.
      if (result.code === 'webhook_url_refused') return data({ intent, values, fieldErrors: { ...fieldErrors, alertWebhookUrl: [result.error] } as FieldErrors, error: null, done: null }, result.status);
      return data({ intent, values, fieldErrors, error: result.error, done: null }, result.status);
    }
    return data({ intent, values: null, fieldErrors, error: null, done: '保存しました / Saved.' });
  }

  // publish
  const kind = textOf(form, 'kind');
  const ja = textOf(form, 'ja');
  const en = textOf(form, 'en');
  const values = { kind, ja, en };
  const parsed = NewConsentDocument.safeParse({ kind, texts: en.trim() ? { ja, en } : { ja } });
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const lang = issue.path[1];
      if (lang === 'ja') fieldErrors.ja = ['日本語の本文を入力してください（20,000 文字まで） / Enter the Japanese text (up to 20,000 characters).'];
      else if (lang === 'en') fieldErrors.en = ['英語の本文は 20,000 文字までです / The English text may have up to 20,000 characters.'];
      else fieldErrors[''] = ['文書の種類が正しくありません / Unknown kind of document.'];
    }
    return data({ intent, values, fieldErrors, error: null, done: null }, 400);
  }
  const result = await formProblem(() => municipalities.publishConsent(account, id, parsed.data.kind, parsed.data.texts, context.requestId));
  if (!result.ok) return data({ intent, values, fieldErrors: {} as FieldErrors, error: result.error, done: null }, result.status);
  const label = kindLabels[parsed.data.kind];
  return data({ intent, values: { kind, ja: '', en: '' }, fieldErrors: {} as FieldErrors, error: null, done: `${label} 第 ${result.value.version} 版を公開しました / Published version ${result.value.version}.` });
}

// ---------------------------------------------------------------------------------------------

const eligibilityExample = `{
  "new_application": [
    {
      "id": "has-form",
      "text": { "ja": "交付申請書（QRコード付き）をお持ちですか？", "en": "Do you have the application form with a QR code?" },
      "proceedIf": true,
      "guidance": { "ja": "申請書は窓口で発行します。", "en": "The counter issues a new form." }
    }
  ]
}`;

export default function MunicipalityDetail() {
  const { displayName, nav, canEdit, canPublish, municipality, consent, procedureOptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const update = actionData?.intent === 'update' ? actionData : null;
  const publish = actionData?.intent === 'publish' ? actionData : null;
  const values = update?.values ?? municipality;

  return (
    <AdminLayout displayName={displayName} nav={nav} title={`${municipality.name}（${municipality.code}）`}>
      <p>
        <Link to="/admin/municipalities">← 自治体の一覧 / All municipalities</Link>
      </p>

      <section className="card admin-section" aria-labelledby="settings">
        <h2 id="settings">基本設定 / Settings</h2>
        {!canEdit ? <p className="muted">閲覧のみ（変更は管理者が行います） / View only (administrators make changes).</p> : null}
        <Form method="post" noValidate key={JSON.stringify(values)}>
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
            <TextArea
              id="eligibility"
              name="eligibility"
              label="資格確認の質問（JSON） / Eligibility questions (JSON)"
              rows={12}
              defaultValue={values.eligibility}
              errors={update?.fieldErrors.eligibility}
              hint={
                <>
                  <p>
                    手続ごとに、ブースが最初に尋ねる質問です。回答が proceedIf と違うと guidance を表示して窓口へ案内します。空欄なら質問なし /
                    Per procedure, the questions the booth asks first; any other answer than proceedIf shows the guidance and refers the resident to
                    the counter. Empty = no questions.
                  </p>
                  <details>
                    <summary>書式の例 / Example</summary>
                    <pre>{eligibilityExample}</pre>
                  </details>
                </>
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

      {consent ? (
        <section className="admin-section" aria-labelledby="consent">
          <h2 id="consent">利用規約とプライバシーポリシー / Terms of use and privacy policy</h2>
          <p className="muted">
            公開すると新しい版になり、以降ブースでの同意はその版に対して記録されます。以前の版も残ります / Publishing makes a new version; from then on,
            consent at booths is recorded against it. Earlier versions are kept.
          </p>
          <FormNotice message={publish?.done} />
          <div className="admin-columns">
            {(['terms', 'privacy'] as const).map((kind) => {
              const current = consent[kind];
              const mine = publish?.values.kind === kind ? publish : null;
              // After a refused publish, keep what was typed; otherwise start from the current text.
              const retry = mine !== null && (mine.error !== null || Object.keys(mine.fieldErrors).length > 0);
              return (
                <div key={kind} className="card" data-testid={`consent-${kind}`}>
                  <h3>{kindLabels[kind]}</h3>
                  <p>
                    {current ? (
                      <>
                        現在の版 / Current version: <strong>第 {current.version} 版 / v{current.version}</strong>（{current.publishedAt}）
                      </>
                    ) : (
                      <strong>未公開 / Not published yet</strong>
                    )}
                  </p>
                  {canPublish ? (
                    <Form method="post" noValidate key={`${kind}-${current?.version ?? 0}`}>
                      <input type="hidden" name="intent" value="publish" />
                      <input type="hidden" name="kind" value={kind} />
                      <TextArea
                        id={`${kind}-ja`}
                        name="ja"
                        label="本文（日本語・必須） / Text in Japanese (required)"
                        rows={8}
                        required
                        defaultValue={retry ? mine.values.ja : current?.ja}
                        errors={mine?.fieldErrors.ja}
                      />
                      <TextArea
                        id={`${kind}-en`}
                        name="en"
                        label="本文（英語・任意） / Text in English (optional)"
                        rows={6}
                        defaultValue={retry ? mine.values.en : current?.en}
                        errors={mine?.fieldErrors.en}
                      />
                      <FormFooter error={mine?.error ?? mine?.fieldErrors['']?.join(' ')} submitLabel={<>第 {(current?.version ?? 0) + 1} 版として公開 / Publish as v{(current?.version ?? 0) + 1}</>} busy={busy} />
                    </Form>
                  ) : current ? (
                    <details>
                      <summary>本文を見る / Show the text</summary>
                      <pre className="admin-text">{current.ja}</pre>
                      {current.en ? <pre className="admin-text">{current.en}</pre> : null}
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
