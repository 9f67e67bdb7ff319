import { getFormProps } from '@conform-to/react';
import { popupSiteKinds } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { popupsOf } from '../../server/popups/popups.server';
import { AccountBar } from '../components/account-bar';
import {
  CheckboxGroup,
  FilterForm,
  FormSection,
  listValue,
  parseForm,
  SelectField,
  stamp,
  TextArea,
  TextField,
  textValue,
  useSchemaForm,
} from '../components/forms';
import { daysText, PopupForm, parseDaysText, popupFormWords } from '../components/popup-form';
import { PopupList, type PopupListRow, YearPlanTable } from '../components/popup-tables';
import { popupPageData, yearParam } from '../components/popups-data.server';
import { allMunicipalities, can, orRespond, pageRequest, unknownAction, vocabularyFor } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.popups');

/**
 * Pop-up sites (臨時会場) for supervisors and admins: one municipality's events of a year with their
 * sessions, the plan/change form (site, days as lines, procedures, portable booths), held and
 * reported, and the year plan (12 months × weekday / 土日祝 against 6 + 6).
 * `?municipalityId`, `?year`, `?edit=<eventId>`.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { account, t, language } = await pageRequest(args, 'read:popup');
  const { context, request } = args;
  const url = new URL(request.url);
  const municipalities = await allMunicipalities(context, account);
  const chosen = municipalities.find((m) => m.id === url.searchParams.get('municipalityId')) ?? municipalities[0];
  if (!chosen) throw new Response(t('popups.none'), { status: 404 });
  const canPlan = can(account, 'write:popup');
  const booths = canPlan ? await orRespond(() => popupsOf(context.app).portableBooths(account, chosen.id)) : [];
  const page = await popupPageData(context, account, {
    municipalityId: chosen.id,
    municipalityName: chosen.name,
    year: yearParam(url),
    language,
    boothNames: new Map(booths.map((b) => [b.id, b.name])),
  });
  const editing = page.events.find((e) => e.id === url.searchParams.get('edit') && (e.state === 'planned' || e.state === 'agreed'));
  const vocabulary = vocabularyFor(language);
  return {
    displayName: account.displayName,
    canPlan,
    municipalityId: chosen.id,
    municipalityCode: chosen.code,
    municipalities: municipalities.map((m) => ({ value: m.id, label: m.name })),
    procedures: vocabulary.procedures,
    booths: booths.map((b) => ({ value: b.id, label: b.name })),
    editing: editing
      ? {
          eventId: editing.id,
          siteName: editing.siteName,
          siteKind: editing.siteKind,
          days: daysText(editing.days),
          procedures: editing.procedures,
          boothIds: editing.boothIds,
        }
      : null,
    ...page,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, t } = await pageRequest(args, 'write:popup');
  const { context, request } = args;
  const popups = popupsOf(context.app);
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'save') {
    const submission = parseForm(form, PopupForm, popupFormWords(t));
    if (submission.status !== 'success') return data({ result: submission.reply(), error: null, notice: null }, 400);
    const { eventId, municipalityId, days: text, ...plan } = submission.value;
    const parsed = parseDaysText(text);
    const days = parsed.ok ? parsed.days : [];
    const saved = await formProblem(() =>
      eventId
        ? popups.update(account, eventId, { ...plan, days }, context.requestId)
        : popups.create(account, { municipalityId, ...plan, days }, context.requestId),
    );
    if (!saved.ok) return data({ result: submission.reply(), error: saved.error, notice: null }, saved.status);
    return data({ result: submission.reply({ resetForm: true }), error: null, notice: t('popups.saved') });
  }
  const eventId = String(form.get('eventId') ?? '').slice(0, 40);
  if (intent === 'hold' || intent === 'report') {
    const done = await formProblem(() => popups.transition(account, eventId, intent, context.requestId));
    if (!done.ok) return data({ result: null, error: done.error, notice: null }, done.status);
    return data({ result: null, error: null, notice: t('popups.done') });
  }
  if (intent === 'remove') {
    const done = await formProblem(() => popups.remove(account, eventId, context.requestId));
    if (!done.ok) return data({ result: null, error: done.error, notice: null }, done.status);
    return data({ result: null, error: null, notice: t('popups.removed') });
  }
  throw unknownAction(t);
}

export default function Popups() {
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useT();
  const query = (over: Record<string, string>) =>
    `?${new URLSearchParams({ municipalityId: page.municipalityId, year: String(page.year), ...over })}`;
  const actions = (row: PopupListRow & { started?: boolean; ended?: boolean }) =>
    page.canPlan ? (
      <div className="admin-actions">
        {row.state === 'planned' || row.state === 'agreed' ? <Link to={query({ edit: row.id })}>{t('popups.edit')}</Link> : null}
        {row.state === 'agreed' && row.started ? <TransitionButton id={row.id} intent="hold" label={t('popups.hold')} /> : null}
        {row.state === 'held' && row.ended ? <TransitionButton id={row.id} intent="report" label={t('popups.report')} /> : null}
        {row.state === 'planned' ? <TransitionButton id={row.id} intent="remove" label={t('popups.remove')} secondary /> : null}
      </div>
    ) : null;
  return (
    <>
      <AccountBar title={t('popups.title')} displayName={page.displayName} />
      <main className="page wide admin">
        <p>
          <Link to="/console">{t('popups.backToConsole')}</Link>
        </p>
        <h1>{t('popups.title')}</h1>
        <p className="muted">{t('popups.intro')}</p>
        <FilterForm label={t('popups.filterLabel')}>
          <SelectField
            name="municipalityId"
            label={t('popups.municipality')}
            options={page.municipalities}
            defaultValue={page.municipalityId}
          />
          <TextField name="year" label={t('popups.year')} defaultValue={String(page.year)} inputMode="numeric" maxLength={4} />
        </FilterForm>
        <p>
          <a href={`/popups/${page.municipalityCode}`}>{t('popups.publicPage')}</a>
        </p>
        {!answer?.result && answer?.notice ? <p role="status">{answer.notice}</p> : null}
        {!answer?.result && answer?.error ? <p role="alert">{answer.error}</p> : null}
        <PopupList rows={page.events} caption={t('popups.listCaption', { year: page.year })} actions={actions} />
        {page.canPlan ? <PlanForm key={page.editing?.eventId ?? 'new'} /> : null}
        <YearPlanTable plan={page.plan} municipality={page.municipalityName} />
      </main>
    </>
  );
}

function TransitionButton({ id, intent, label, secondary = false }: { id: string; intent: string; label: string; secondary?: boolean }) {
  return (
    <Form method="post" style={{ display: 'inline' }}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="eventId" value={id} />
      <button type="submit" className={secondary ? 'button secondary' : 'button'} data-testid={`popup-${intent}`}>
        {label}
      </button>
    </Form>
  );
}

function PlanForm() {
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useT();
  const defaults = page.editing ?? { siteName: '', siteKind: 'mall', days: '', procedures: [], boothIds: [] };
  const { form, errors, sent } = useSchemaForm(PopupForm, popupFormWords(t), {
    id: `popup-form-${stamp(defaults)}`,
    lastResult: answer?.result,
    defaultValue: { ...defaults, municipalityId: page.municipalityId } as never,
  });
  return (
    <FormSection
      id="popup-form"
      title={page.editing ? t('popups.editTitle') : t('popups.newTitle')}
      formProps={getFormProps(form)}
      intent="save"
      testId="popup-form"
      submitLabel={t('popups.save')}
      error={answer?.result ? answer.error : null}
      notice={answer?.result ? answer.notice : null}
    >
      <input type="hidden" name="municipalityId" value={page.municipalityId} />
      {page.editing ? <input type="hidden" name="eventId" value={page.editing.eventId} /> : null}
      <TextField
        name="siteName"
        label={t('popups.siteName')}
        hint={t('popups.siteNameHint')}
        defaultValue={textValue(sent.siteName)}
        errors={errors.siteName}
        maxLength={120}
        required
      />
      <SelectField
        name="siteKind"
        label={t('popups.kind')}
        options={popupSiteKinds.map((k) => ({ value: k, label: t(`popups.kinds.${k}`) }))}
        defaultValue={textValue(sent.siteKind) || 'mall'}
        errors={errors.siteKind}
      />
      <TextArea
        name="days"
        label={t('popups.days')}
        hint={t('popups.daysHint')}
        defaultValue={textValue(sent.days)}
        errors={errors.days}
        rows={5}
        required
      />
      <CheckboxGroup
        name="procedures"
        legend={t('popups.procedures')}
        options={page.procedures}
        checked={listValue(sent.procedures)}
        errors={errors.procedures}
      />
      <CheckboxGroup
        name="boothIds"
        legend={t('popups.booths')}
        hint={t('popups.boothsHint')}
        options={page.booths}
        checked={listValue(sent.boothIds)}
        errors={errors.boothIds}
      />
    </FormSection>
  );
}
