import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { boothKinds } from '@madoguchi/db/vocabulary';
import { BoothPatch } from '../../api/booths/booths.routes';
import { freeText } from '../../domain/free-text';
import { WEEKDAY_LABELS, calendarFormFromFormData, fromForm, toForm } from '../../domain/calendar-form';
import type { Need } from '../../domain/permissions';
import { calendarOf } from '../../server/booths/booths.server';
import { adminNav, can, formatJst, orRespond, requireId, vocabulary } from '../components/route-data.server';
import { CalendarFormFields } from '../components/admin-calendar-form';
import { CredentialOnce } from '../components/admin-credential';
import {
  Checkbox,
  fieldErrorsIn,
  FormAlert,
  FormFooter,
  FormNotice,
  issuesAt,
  parseForm,
  SelectField,
  stamp,
  TextField,
  textValue,
  type FieldErrors,
  type FieldMessages,
} from '../components/forms';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.booth.name ?? 'ブース'} | 管理 | Madoguchi` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:booth');
  const id = requireId(params.id);
  const { booths, municipalities } = context.app;
  const now = new Date();
  const [booth, opening] = await Promise.all([orRespond(() => booths.get(account, id)), orRespond(() => booths.opening(account, id, now))]);
  const municipality = await orRespond(() => municipalities.get(account, booth.municipalityId));
  const calendar = calendarOf(booth);
  return {
    displayName: account.displayName,
    nav: adminNav(account),
    canEdit: can(account, 'write:booth'),
    canEditCalendar: can(account, 'write:calendar'),
    canProvision: can(account, 'provision:booth'),
    kinds: vocabulary.boothKinds,
    weekdayLabels: WEEKDAY_LABELS.map((l) => `${l.ja} / ${l.en}`),
    booth: {
      id: booth.id,
      name: booth.name,
      kind: booth.kind as string,
      location: booth.location,
      enabled: booth.enabled,
      municipality: `${municipality.name}（${municipality.code}）`,
      municipalityId: municipality.id,
      hasCredential: booth.credentialHash !== null,
      credentialIssuedAt: formatJst(booth.credentialIssuedAt),
    },
    opening: { open: opening.open, until: formatJst(opening.currentUntil), next: formatJst(opening.nextOpening), at: formatJst(now) },
    // An empty week with no designated openings: the booth never opens (also what an unset calendar means).
    noHours: calendar.weekly.every((day) => day.length === 0) && calendar.openDates.length === 0,
    calendar: toForm(calendar),
  };
}

// ---------------------------------------------------------------------------------------------
// Actions: details (write:booth), calendar (write:calendar), credentials (provision:booth)

const needs = { details: 'write:booth', calendar: 'write:calendar', issue: 'provision:booth', revoke: 'provision:booth' } as const satisfies Record<string, Need>;
type Intent = keyof typeof needs;

const messages: FieldMessages = {
  name: 'ブース名を 1〜100 文字で入力してください / Enter a booth name of 1–100 characters.',
  kind: '種類を選んでください / Choose the kind of site.',
  location: '設置場所は 200 文字までです / The location may have up to 200 characters.',
};

/** The settings form; its free text is checked by the same rule as the API's (decision 0017). */
export const BoothDetailsForm = z.object({
  name: freeText('booth.name'),
  kind: z.enum(boothKinds),
  location: freeText('booth.location', { allowEmpty: true }).default(''),
  enabled: z.boolean().default(false),
});

function readIntent(form: FormData): Intent {
  const intent = form.get('intent');
  if (typeof intent === 'string' && intent in needs) return intent as Intent;
  throw new Response('操作が正しく指定されていません / Unknown action.', { status: 400 });
}

const none = {} as FieldErrors;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = readIntent(form);
  const { account } = await requireUserWithPermission(request, context, needs[intent]);
  const id = requireId(params.id);
  const { booths } = context.app;
  const reply = (
    result: {
      result?: SubmissionResult<string[]> | null;
      fieldErrors?: FieldErrors;
      error?: string | null;
      done?: string | null;
      calendar?: ReturnType<typeof toForm> | null;
      credential?: string | null;
      link?: string | null;
      boothName?: string;
    },
    status = 200,
  ) =>
    data(
      { intent, result: null, fieldErrors: none, error: null, done: null, calendar: null, credential: null, link: null, boothName: '', ...result },
      { status, headers: { 'Cache-Control': 'no-store' } },
    );

  switch (intent) {
    case 'details': {
      const submission = parseForm(form, BoothDetailsForm, messages);
      if (submission.status !== 'success') return reply({ result: submission.reply() }, 400);
      const parsed = BoothPatch.safeParse(submission.value);
      if (!parsed.success) return reply({ result: submission.reply({ fieldErrors: issuesAt(parsed.error.issues, messages) }) }, 400);
      const result = await formProblem(() => booths.update(account, id, parsed.data, context.requestId));
      if (!result.ok) return reply({ result: submission.reply(), error: result.error }, result.status);
      // Saved: the form starts again from what the loader reads back.
      return reply({ result: submission.reply({ resetForm: true }), done: '保存しました / Saved.' });
    }
    case 'calendar': {
      const values = calendarFormFromFormData(form);
      const parsed = fromForm(values);
      if (!parsed.ok) {
        const fieldErrors: FieldErrors = {};
        for (const e of parsed.errors) (fieldErrors[e.field] ??= []).push(`${e.message.ja} / ${e.message.en}`);
        // Nothing is saved; the form shows what was typed, with the errors beside each field.
        return reply({ fieldErrors, calendar: values, error: '営業カレンダーは保存されていません。赤字の項目を直してください / The calendar was not saved. Correct the fields marked in red.' }, 400);
      }
      const result = await formProblem(() => booths.setCalendar(account, id, parsed.calendar, context.requestId));
      if (!result.ok) return reply({ calendar: values, error: result.error }, result.status);
      return reply({ done: '営業カレンダーを保存しました / The calendar is saved.' });
    }
    case 'issue': {
      const result = await formProblem(() => booths.issueCredential(account, id, context.requestId));
      if (!result.ok) return reply({ error: result.error }, result.status);
      const origin = context.app.env.PUBLIC_ORIGIN ?? new URL(request.url).origin;
      const { credential, booth } = result.value;
      return reply({ credential, link: `${origin}/booth/?provision=${credential}`, boothName: booth.name, done: '新しい認証情報を発行しました。以前の認証情報は使えなくなりました / A new credential is issued; the previous one no longer works.' });
    }
    case 'revoke': {
      const result = await formProblem(() => booths.revokeCredential(account, id, context.requestId));
      if (!result.ok) return reply({ error: result.error }, result.status);
      return reply({ done: '認証情報を失効しました。このブースは新しい認証情報を発行するまで使えません / The credential is revoked; the booth cannot connect until a new one is issued.' });
    }
  }
}

// ---------------------------------------------------------------------------------------------

export default function BoothDetail() {
  const { displayName, nav, canEdit, canEditCalendar, canProvision, kinds, weekdayLabels, booth, opening, noHours, calendar } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const mine = (intent: Intent) => (actionData?.intent === intent ? actionData : null);
  const details = mine('details');
  const calendarResult = mine('calendar');
  const credentialResult = actionData?.intent === 'issue' || actionData?.intent === 'revoke' ? actionData : null;
  const saved = { name: booth.name, kind: booth.kind, location: booth.location, enabled: booth.enabled };
  // A new id when the saved booth changes: the form starts again from it.
  const [form] = useForm({
    id: `booth-details-${stamp(saved)}`,
    lastResult: details?.result,
    defaultValue: saved,
    onValidate: ({ formData }) => parseForm(formData, BoothDetailsForm, messages),
  });
  const errors = fieldErrorsIn(form);
  const sent: Record<string, unknown> = form.initialValue ?? {};

  return (
    <AdminLayout displayName={displayName} nav={nav} title={booth.name}>
      <p>
        <Link to="/admin/booths">← ブースの一覧 / All booths</Link>
      </p>

      <section className="card admin-section" aria-labelledby="now" data-testid="opening-now">
        <h2 id="now">現在の状態 / Now</h2>
        <p>
          {opening.open ? (
            <>
              <span className="admin-badge open">営業中 / Open</span> {opening.until ? `${opening.until} まで / until ${opening.until}` : ''}
            </>
          ) : (
            <span className="admin-badge">時間外 / Closed</span>
          )}{' '}
          {opening.next ? (
            <>
              次回の営業開始 / Next opening: <strong>{opening.next}</strong>
            </>
          ) : (
            <>次回の営業予定はありません / No opening scheduled.</>
          )}
        </p>
        <p className="muted">
          {opening.at} 時点（日本時間） / As of {opening.at} (Asia/Tokyo). {booth.enabled ? '' : 'このブースは無効です / This booth is disabled.'}
        </p>
      </section>

      <section className="card admin-section" aria-labelledby="details">
        <h2 id="details">ブースの設定 / Booth settings</h2>
        <p>
          自治体 / Municipality: <Link to={`/admin/municipalities/${booth.municipalityId}`}>{booth.municipality}</Link>
        </p>
        <Form method="post" {...getFormProps(form)} key={form.id}>
          <input type="hidden" name="intent" value="details" />
          <fieldset className="admin-plain" disabled={!canEdit}>
            <legend className="visually-hidden">ブースの設定 / Booth settings</legend>
            <TextField id="name" name="name" label="ブース名 / Booth name" required maxLength={100} defaultValue={textValue(sent.name)} errors={errors.name} />
            <SelectField id="kind" name="kind" label="種類 / Kind of site" options={kinds} defaultValue={textValue(sent.kind)} errors={errors.kind} />
            <TextField
              id="location"
              name="location"
              label="設置場所 / Location"
              maxLength={200}
              defaultValue={textValue(sent.location)}
              errors={errors.location}
              hint="例: 本庁舎 1階 市民課前。住所・4 桁以上の数字・人の名前は書けません / e.g. 本庁舎 1階 市民課前. No addresses, numbers of 4+ digits or names."
            />
            <Checkbox
              id="enabled"
              name="enabled"
              label="有効（無効にすると、このブースは呼び出しができません） / Enabled (a disabled booth cannot call)"
              defaultChecked={sent.enabled === 'on'}
            />
          </fieldset>
          <FormFooter error={details?.error} notice={details?.done} submitLabel="保存する / Save" busy={busy} canSubmit={canEdit} />
        </Form>
      </section>

      <section className="card admin-section" aria-labelledby="calendar">
        <h2 id="calendar">営業カレンダー / Opening calendar</h2>
        <p className="muted">すべて日本時間です / All times are Asia/Tokyo.</p>
        {noHours ? (
          <p className="admin-warning" data-testid="no-hours">
            営業時間が設定されていないため、このブースは終日閉鎖として扱われます / No opening hours are set, so this booth is treated as closed.
          </p>
        ) : null}
        <CalendarFormFields
          values={calendarResult?.calendar ?? calendar}
          errors={calendarResult?.fieldErrors ?? none}
          weekdayLabels={weekdayLabels}
          canEdit={canEditCalendar}
          busy={busy}
          error={calendarResult?.error}
          notice={calendarResult?.done}
        />
      </section>

      <section className="card admin-section" aria-labelledby="credential">
        <h2 id="credential">端末認証情報 / Device credential</h2>
        <p data-testid="credential-status">
          {booth.hasCredential ? (
            <>
              発行済み / Issued: {booth.credentialIssuedAt}
            </>
          ) : (
            <strong>未発行または失効済み（ブースは接続できません） / None: revoked or never issued (the booth cannot connect)</strong>
          )}
        </p>
        <FormAlert message={credentialResult?.error} />
        <FormNotice message={credentialResult?.done} />
        {credentialResult?.credential && credentialResult.link ? (
          <CredentialOnce boothName={credentialResult.boothName} credential={credentialResult.credential} link={credentialResult.link} />
        ) : null}
        {canProvision ? (
          <div className="admin-actions">
            {/* A confirm step without JavaScript: the final button sits inside the disclosure. */}
            <details className="admin-confirm">
              <summary className="button secondary">{booth.hasCredential ? '新しい認証情報を発行… / Issue a new credential…' : '認証情報を発行… / Issue a credential…'}</summary>
              <Form method="post">
                <input type="hidden" name="intent" value="issue" />
                {booth.hasCredential ? (
                  <p>現在の認証情報はすぐに使えなくなります / The current credential stops working at once.</p>
                ) : null}
                <button className="button" type="submit" disabled={busy}>
                  発行する / Issue
                </button>
              </Form>
            </details>
            {booth.hasCredential ? (
              <details className="admin-confirm">
                <summary className="button secondary danger-text">認証情報を失効… / Revoke the credential…</summary>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <p>
                    失効するとこのブースはすぐに接続できなくなります。元に戻すには新しい認証情報の発行と端末の再設定が必要です / The booth stops
                    connecting at once. To undo, issue a new credential and set it up on the device again.
                  </p>
                  <button className="button danger" type="submit" disabled={busy}>
                    失効する / Revoke
                  </button>
                </Form>
              </details>
            ) : null}
          </div>
        ) : (
          <p className="muted">認証情報の発行と失効は管理者が行います / Administrators issue and revoke credentials.</p>
        )}
      </section>
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
