import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { boothKinds } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { BoothPatch } from '../../api/booths/booths.routes';
import { fromForm, toForm, WEEKDAY_LABELS } from '../../domain/calendar-form';
import { freeText } from '../../domain/free-text';
import type { Need } from '../../domain/permissions';
import { calendarOf } from '../../server/booths/booths.server';
import { CalendarFormFields, calendarWordsOf, OpeningCalendarForm } from '../components/admin-calendar-form';
import { CredentialOnce } from '../components/admin-credential';
import { AdminErrorBoundary, AdminLayout } from '../components/admin-layout';
import {
  Checkbox,
  ConfirmForm,
  type FieldErrors,
  type FieldMessages,
  FormAlert,
  FormNotice,
  FormSection,
  issuesAt,
  parseForm,
  SelectField,
  stamp,
  TextField,
  textValue,
  useSchemaForm,
} from '../components/forms';
import { adminFrame, can, formatJst, orRespond, recordRequest, unknownAction, vocabularyFor } from '../components/route-data.server';
import { type Translate, useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { recordMeta } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';

export const meta = recordMeta<typeof loader>('nav.administration', 'nav.booths', (d) => d.booth.name);

export async function loader(args: LoaderFunctionArgs) {
  const { account, language, id } = await recordRequest(args, 'read:booth');
  const { booths, municipalities } = args.context.app;
  const now = new Date();
  const [booth, opening] = await Promise.all([orRespond(() => booths.get(account, id)), orRespond(() => booths.opening(account, id, now))]);
  const municipality = await orRespond(() => municipalities.get(account, booth.municipalityId));
  const calendar = calendarOf(booth);
  return {
    ...adminFrame(account),
    canEdit: can(account, 'write:booth'),
    canEditCalendar: can(account, 'write:calendar'),
    canProvision: can(account, 'provision:booth'),
    kinds: vocabularyFor(language).boothKinds,
    weekdayLabels: WEEKDAY_LABELS.map((l) => l[language]),
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

const needs = {
  details: 'write:booth',
  calendar: 'write:calendar',
  issue: 'provision:booth',
  revoke: 'provision:booth',
} as const satisfies Record<string, Need>;
type Intent = keyof typeof needs;

const messagesOf = (t: Translate): FieldMessages => ({
  '': t('forms.checkInput'),
  name: t('adminBooth.nameMessage'),
  kind: t('adminBooth.kindMessage'),
  location: t('adminBooth.locationMessage'),
});

/** The settings form; its free text is checked by the same rule as the API's (decision 0017). */
export const BoothDetailsForm = z.object({
  name: freeText('booth.name'),
  kind: z.enum(boothKinds),
  location: freeText('booth.location', { allowEmpty: true }).default(''),
  enabled: z.boolean().default(false),
});

function readIntent(form: FormData, t: Translate): Intent {
  const intent = form.get('intent');
  if (typeof intent === 'string' && intent in needs) return intent as Intent;
  throw unknownAction(t);
}

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const form = await request.formData();
  const intent = readIntent(form, (await translatorFor(request)).t);
  const { account, t, language, id } = await recordRequest(args, needs[intent]);
  const { booths } = context.app;
  const messages = messagesOf(t);
  const reply = (
    result: {
      result?: SubmissionResult<string[]> | null;
      error?: string | null;
      done?: string | null;
      credential?: string | null;
      link?: string | null;
      boothName?: string;
    },
    status = 200,
  ) =>
    data(
      {
        intent,
        result: null,
        error: null,
        done: null,
        credential: null,
        link: null,
        boothName: '',
        ...result,
      },
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
      return reply({ result: submission.reply({ resetForm: true }), done: t('common.saved') });
    }
    case 'calendar': {
      // Nothing is saved unless every field passes; the form shows what was typed, with the errors beside each field.
      const notSaved = t('adminBooth.calendarNotSaved');
      const submission = parseForm(form, OpeningCalendarForm, calendarWordsOf(t));
      if (submission.status !== 'success') return reply({ result: submission.reply(), error: notSaved }, 400);
      // The calendar's rules (domain), at the fields they concern, in the screen's language.
      const parsed = fromForm(submission.value);
      if (!parsed.ok) {
        const fieldErrors: FieldErrors = {};
        for (const e of parsed.errors) (fieldErrors[e.field] ??= []).push(e.message[language]);
        return reply({ result: submission.reply({ fieldErrors }), error: notSaved }, 400);
      }
      const result = await formProblem(() => booths.setCalendar(account, id, parsed.calendar, context.requestId));
      if (!result.ok) return reply({ result: submission.reply(), error: result.error }, result.status);
      // Saved: the form starts again from what the loader reads back (canonical text).
      return reply({ result: submission.reply({ resetForm: true }), done: t('adminBooth.calendarSaved') });
    }
    case 'issue': {
      const result = await formProblem(() => booths.issueCredential(account, id, context.requestId));
      if (!result.ok) return reply({ error: result.error }, result.status);
      const origin = context.app.env.PUBLIC_ORIGIN ?? new URL(request.url).origin;
      const { credential, booth } = result.value;
      return reply({ credential, link: `${origin}/booth/?provision=${credential}`, boothName: booth.name, done: t('adminBooth.issued') });
    }
    case 'revoke': {
      const result = await formProblem(() => booths.revokeCredential(account, id, context.requestId));
      if (!result.ok) return reply({ error: result.error }, result.status);
      return reply({ done: t('adminBooth.revoked') });
    }
  }
}

// ---------------------------------------------------------------------------------------------

export default function BoothDetail() {
  const { displayName, nav, canEdit, canEditCalendar, canProvision, kinds, weekdayLabels, booth, opening, noHours, calendar } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const { t } = useT();
  const messages = messagesOf(t);
  const mine = (intent: Intent) => (actionData?.intent === intent ? actionData : null);
  const details = mine('details');
  const calendarResult = mine('calendar');
  const credentialResult = actionData?.intent === 'issue' || actionData?.intent === 'revoke' ? actionData : null;
  const saved = { name: booth.name, kind: booth.kind, location: booth.location, enabled: booth.enabled };
  // A new id when the saved booth changes: the form starts again from it.
  const { form, errors, sent } = useSchemaForm(BoothDetailsForm, messages, {
    id: `booth-details-${stamp(saved)}`,
    lastResult: details?.result,
    defaultValue: saved,
  });

  return (
    <AdminLayout displayName={displayName} nav={nav} title={booth.name}>
      <p>
        <Link to="/admin/booths">{t('adminBooth.allBooths')}</Link>
      </p>

      <section className="card admin-section" aria-labelledby="now" data-testid="opening-now">
        <h2 id="now">{t('adminBooth.now')}</h2>
        <p>
          {opening.open ? (
            <>
              <span className="admin-badge open">{t('adminBooth.open')}</span>{' '}
              {opening.until ? t('adminBooth.until', { time: opening.until }) : ''}
            </>
          ) : (
            <span className="admin-badge">{t('adminBooth.closed')}</span>
          )}{' '}
          {opening.next ? (
            <>
              {t('adminBooth.nextOpening')}: <strong>{opening.next}</strong>
            </>
          ) : (
            t('adminBooth.noOpening')
          )}
        </p>
        <p className="muted">
          {t('adminBooth.asOf', { time: opening.at ?? '' })} {booth.enabled ? '' : t('adminBooth.disabled')}
        </p>
      </section>

      <FormSection
        id="details"
        title={t('adminBooth.settings')}
        intro={
          <p>
            {t('common.municipality')}: <Link to={`/admin/municipalities/${booth.municipalityId}`}>{booth.municipality}</Link>
          </p>
        }
        formProps={getFormProps(form)}
        formKey={form.id}
        intent="details"
        editable={canEdit}
        error={details?.error}
        notice={details?.done}
        submitLabel={t('adminBooth.saveButton')}
      >
        <TextField
          name="name"
          label={t('adminBooth.name')}
          required
          maxLength={100}
          defaultValue={textValue(sent.name)}
          errors={errors.name}
        />
        <SelectField name="kind" label={t('adminBooth.kind')} options={kinds} defaultValue={textValue(sent.kind)} errors={errors.kind} />
        <TextField
          name="location"
          label={t('adminBooth.location')}
          maxLength={200}
          defaultValue={textValue(sent.location)}
          errors={errors.location}
          hint={t('adminBooth.locationHint')}
        />
        <Checkbox name="enabled" label={t('adminBooth.enabled')} defaultChecked={sent.enabled === 'on'} />
      </FormSection>

      <section className="card admin-section" aria-labelledby="calendar">
        <h2 id="calendar">{t('adminBooth.calendar')}</h2>
        <p className="muted">{t('adminBooth.allJst')}</p>
        {noHours ? (
          <p className="admin-warning" data-testid="no-hours">
            {t('adminBooth.noHours')}
          </p>
        ) : null}
        <CalendarFormFields
          saved={calendar}
          lastResult={calendarResult?.result}
          weekdayLabels={weekdayLabels}
          canEdit={canEditCalendar}
          busy={busy}
          error={calendarResult?.error}
          notice={calendarResult?.done}
        />
      </section>

      <section className="card admin-section" aria-labelledby="credential">
        <h2 id="credential">{t('adminBooth.credential')}</h2>
        <p data-testid="credential-status">
          {booth.hasCredential ? (
            <>
              {t('adminBooth.issuedAt')}: {booth.credentialIssuedAt}
            </>
          ) : (
            <strong>{t('adminBooth.noCredential')}</strong>
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
            <ConfirmForm
              intent="issue"
              open={booth.hasCredential ? t('adminBooth.issueNew') : t('adminBooth.issueFirst')}
              note={booth.hasCredential ? t('adminBooth.stopsAtOnce') : null}
              submitLabel={t('adminBooth.issue')}
            />
            {booth.hasCredential ? (
              <ConfirmForm
                intent="revoke"
                open={t('adminBooth.revokeOpen')}
                note={t('adminBooth.revokeNote')}
                submitLabel={t('adminBooth.revoke')}
                danger
              />
            ) : null}
          </div>
        ) : (
          <p className="muted">{t('adminBooth.adminsProvision')}</p>
        )}
      </section>
    </AdminLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
