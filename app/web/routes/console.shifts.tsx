import { getFormProps } from '@conform-to/react';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { isValidLocalDate } from '../../domain/calendar';
import { localDate } from '../../domain/japan-time';
import { plannedVsRequired } from '../../domain/staffing/planned-vs-required';
import { addDays, timeOfMinute, weekStartOf } from '../../domain/staffing/shifts';
import { shiftsOf } from '../../server/staffing/shifts.server';
import { AccountBar } from '../components/account-bar';
import {
  CheckboxGroup,
  FormAlert,
  FormFooter,
  FormNotice,
  listValue,
  parseForm,
  TextField,
  textValue,
  useSchemaForm,
} from '../components/forms';
import { DataTable, TitledSection } from '../components/records-table';
import { allMunicipalities, can, orRespond, pageRequest, unknownAction, vocabularyFor } from '../components/route-data.server';
import { ShiftForm, shiftFormWords, shiftMinutes } from '../components/shift-form';
import { PlannedTable, WeekTable } from '../components/shift-tables';
import { type Translate, useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.shifts');

const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const dayLabel = (date: string, i: number, t: Translate) =>
  `${date.slice(5).replace('-', '/')}（${t(`shifts.weekday.${weekdayKeys[i]!}`)}）`;
const range = (from: number, to: number) => `${timeOfMinute(from)}–${timeOfMinute(to)}`;

/**
 * The shift table (シフト表). Supervisors and admins: every operator (or a municipality's) × the
 * week, a cell's link opens that day's form, copy the week, planned operators per interval. An
 * operator: the same page with their own row only (the service's `self` reach), no forms.
 * With read:staffing (supervisors, admins): each past or current cell's adherence, and the planned
 * operators per interval beside the required (forecast or minimum windows), short intervals marked.
 * `?week` any day of the week; `?municipalityId` filter and planned counts; `?edit=<accountId>_<date>`; `?day`.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { account, t, language } = await pageRequest(args, 'read:shift');
  const { context, request } = args;
  const shifts = shiftsOf(context.app);
  const url = new URL(request.url);
  const param = (name: string) => url.searchParams.get(name)?.slice(0, 80) ?? '';
  const today = localDate(new Date());
  const weekStart = weekStartOf(isValidLocalDate(param('week')) ? param('week') : today);
  const canPlan = can(account, 'write:shift');
  const canSeePlanned = can(account, 'read:staffing');
  const municipalities = canPlan || canSeePlanned ? await allMunicipalities(context, account) : [];
  const municipalityId = municipalities.find((m) => m.id === param('municipalityId'))?.id ?? null;
  const grid = await orRespond(() => shifts.week(account, { weekStart, municipalityId: municipalityId ?? undefined }));
  const names = new Map(municipalities.map((m) => [m.id, m.name]));

  // The day form: an operator's shift of one day (a new one starts from the account's coverage).
  let editing = null;
  const [editAccount, editDate] = param('edit').split('_');
  const row = canPlan ? grid.rows.find((r) => r.accountId === editAccount) : undefined;
  const dayIndex = editDate ? grid.days.indexOf(editDate) : -1;
  if (row && dayIndex >= 0) {
    const shift = row.cells[dayIndex] ?? null;
    const [operator] = await shifts.operators({ ids: [row.accountId] });
    const vocabulary = vocabularyFor(language);
    const served = operator ?? { municipalityIds: [], languages: [], procedures: [] };
    editing = {
      accountId: row.accountId,
      displayName: row.displayName,
      date: editDate!,
      dateLabel: dayLabel(editDate!, dayIndex, t),
      shift: shift && {
        id: shift.id,
        start: timeOfMinute(shift.startMinute),
        end: timeOfMinute(shift.endMinute),
        breakStart: shift.breakStartMinute === null ? '' : timeOfMinute(shift.breakStartMinute),
        breakEnd: shift.breakEndMinute === null ? '' : timeOfMinute(shift.breakEndMinute),
      },
      checked: shift ?? served,
      options: {
        municipalities: served.municipalityIds.map((id) => ({ value: id, label: names.get(id) ?? id })),
        languages: vocabulary.languages.filter((o) => served.languages.includes(o.value as never)),
        procedures: vocabulary.procedures.filter((o) => served.procedures.includes(o.value as never)),
      },
    };
  }

  // Planned per interval for one day of the week and one municipality, beside the required (the
  // forecast's operators on calls or the minimum windows, whichever is higher).
  const day = grid.days.includes(param('day')) ? param('day') : grid.days.includes(today) ? today : weekStart;
  const plannedFor = municipalityId ?? municipalities[0]?.id ?? null;
  let planned = null;
  if (canSeePlanned && plannedFor) {
    const [counts, required] = await Promise.all([
      orRespond(() => shifts.planned(account, { date: day, municipalityId: plannedFor })),
      orRespond(() => context.app.staffing.requiredWeek(account, { municipalityId: plannedFor }, weekStart)),
    ]);
    const joined = plannedVsRequired(counts, required.days.find((d) => d.date === day)?.intervals ?? []);
    planned = { day, municipalityId: plannedFor, ...joined };
  }
  // Adherence of each shift up to now (a staffing figure: supervisors and admins, not operators).
  const adherence = canSeePlanned ? await orRespond(() => shifts.adherence(account, grid, new Date())) : null;

  return {
    displayName: account.displayName,
    canPlan,
    weekStart,
    month: weekStart.slice(0, 7),
    municipalityId,
    municipalities: municipalities.map((m) => ({ value: m.id, label: m.name })),
    days: grid.days.map((date, i) => ({ date, label: dayLabel(date, i, t) })),
    rows: grid.rows.map((r) => ({
      accountId: r.accountId,
      displayName: r.displayName,
      cells: r.cells.map((s, i) => {
        if (!s) return null;
        const a = adherence?.get(r.accountId)?.[i]?.adherence;
        return {
          times: range(s.startMinute, s.endMinute),
          breakTimes: s.breakStartMinute !== null && s.breakEndMinute !== null ? [s.breakStartMinute, s.breakEndMinute] : null,
          municipalities: s.municipalityIds.map((id) => names.get(id) ?? '').filter(Boolean),
          // Whole percent; null: not measured (a later day, a shift not begun, or not for this reader).
          adherence: a === undefined || a === null ? null : Math.round(a * 100),
        };
      }),
    })),
    editing,
    planned,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { account, t } = await pageRequest(args, 'write:shift');
  const { context, request } = args;
  const shifts = shiftsOf(context.app);
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'save') {
    const submission = parseForm(form, ShiftForm, shiftFormWords(t));
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), error: null, notice: null, copy: null }, 400);
    const { shiftId, accountId, date, start, end, breakStart, breakEnd, ...coverage } = submission.value;
    const times = shiftMinutes({ start, end, breakStart, breakEnd });
    const saved = await formProblem(() =>
      shiftId
        ? shifts.update(account, shiftId, { ...times, ...coverage }, context.requestId)
        : shifts.create(account, { accountId, date, ...times, ...coverage }, context.requestId),
    );
    if (!saved.ok) return data({ intent, result: submission.reply(), error: saved.error, notice: null, copy: null }, saved.status);
    return data({ intent, result: submission.reply(), error: null, notice: t('shifts.saved'), copy: null });
  }
  if (intent === 'remove') {
    const removed = await formProblem(() => shifts.remove(account, String(form.get('shiftId') ?? '').slice(0, 40), context.requestId));
    if (!removed.ok) return data({ intent, result: null, error: removed.error, notice: null, copy: null }, removed.status);
    return data({ intent, result: null, error: null, notice: t('shifts.removed'), copy: null });
  }
  if (intent === 'copy') {
    const [from, to] = [String(form.get('fromWeek') ?? ''), String(form.get('toWeek') ?? '')];
    if (!isValidLocalDate(from) || !isValidLocalDate(to)) {
      return data({ intent, result: null, error: t('shifts.errors.date'), notice: null, copy: null }, 400);
    }
    const municipalityId = String(form.get('municipalityId') ?? '') || undefined;
    const copied = await formProblem(() =>
      shifts.copyWeek(account, { fromWeek: weekStartOf(from), toWeek: weekStartOf(to), municipalityId }, context.requestId),
    );
    if (!copied.ok) return data({ intent, result: null, error: copied.error, notice: null, copy: null }, copied.status);
    const { created, skipped } = copied.value;
    return data({ intent, result: null, error: null, notice: t('shifts.copied', { count: created.length }), copy: { skipped } });
  }
  throw unknownAction(t);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Shifts() {
  const page = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, language } = useT();
  const { weekStart, canPlan, municipalityId } = page;
  const query = (over: Record<string, string | null>) => {
    const q = new URLSearchParams({ week: weekStart, ...(municipalityId ? { municipalityId } : {}) });
    for (const [k, v] of Object.entries(over)) v === null ? q.delete(k) : q.set(k, v);
    return `?${q}`;
  };
  const title = canPlan ? t('shifts.title') : t('shifts.myTitle');
  const exportHref = (period: string, format: 'csv' | 'xlsx') =>
    `/api/v1/shifts/export?${period}&format=${format}&lang=${language}${municipalityId ? `&municipalityId=${municipalityId}` : ''}`;
  return (
    <>
      <AccountBar title={title} displayName={page.displayName} />
      <main className="page wide admin">
        <p>
          <Link to="/console">{t('shifts.backToConsole')}</Link>
        </p>
        <h1>{title}</h1>
        <p className="muted">{canPlan ? t('shifts.intro') : t('shifts.myIntro')}</p>
        {page.rows.some((r) => r.cells.some((c) => c?.adherence !== null && c?.adherence !== undefined)) ? (
          <p className="muted">{t('shifts.adherenceIntro')}</p>
        ) : null}

        <nav aria-label={t('shifts.filterLabel')} className="card">
          <p style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
            <Link to={query({ week: addDays(weekStart, -7), edit: null })}>{t('shifts.previousWeek')}</Link>
            <Link to={query({ week: null, edit: null })}>{t('shifts.thisWeek')}</Link>
            <Link to={query({ week: addDays(weekStart, 7), edit: null })}>{t('shifts.nextWeek')}</Link>
          </p>
          <Form method="get" style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'end' }}>
            <div className="admin-field">
              <label htmlFor="shift-week">{t('shifts.week')}</label>
              <input id="shift-week" name="week" type="date" defaultValue={weekStart} />
            </div>
            {page.municipalities.length > 0 ? (
              <div className="admin-field">
                <label htmlFor="shift-municipality">{t('common.municipality')}</label>
                <select id="shift-municipality" name="municipalityId" defaultValue={municipalityId ?? ''}>
                  <option value="">{t('common.all')}</option>
                  {page.municipalities.map((m) => (
                    <option key={m.value} value={m.value}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <p>
              <button className="button secondary" type="submit">
                {t('common.show')}
              </button>
            </p>
          </Form>
        </nav>

        <WeekTable page={page} query={query} />
        {answer?.intent === 'remove' ? (
          <>
            <FormAlert message={answer.error} />
            <FormNotice message={answer.notice} />
          </>
        ) : null}
        {page.editing ? <DayForm key={`${page.editing.accountId}_${page.editing.date}`} editing={page.editing} /> : null}

        <TitledSection id="shift-exports" title={t('shifts.exports')}>
          <ul>
            <li>
              {t('shifts.exportWeek')}: <a href={exportHref(`week=${weekStart}`, 'csv')}>CSV</a> ·{' '}
              <a href={exportHref(`week=${weekStart}`, 'xlsx')}>Excel (XLSX)</a>
            </li>
            <li>
              {t('shifts.exportMonth', { month: page.month })}: <a href={exportHref(`month=${page.month}`, 'csv')}>CSV</a> ·{' '}
              <a href={exportHref(`month=${page.month}`, 'xlsx')}>Excel (XLSX)</a>
            </li>
          </ul>
        </TitledSection>

        {canPlan ? <CopyWeek weekStart={weekStart} municipalityId={municipalityId} /> : null}
        {page.planned ? <PlannedTable page={page} planned={page.planned} /> : null}
      </main>
    </>
  );
}

/** One operator's day: times, break, what they cover; save, or remove the shift. */
function DayForm({ editing }: { editing: NonNullable<LoaderData['editing']> }) {
  const answer = useActionData<typeof action>();
  const { t } = useT();
  const saveAnswer = answer?.intent === 'save' ? answer : null;
  const { form, errors, sent } = useSchemaForm(ShiftForm, shiftFormWords(t), {
    id: 'shift-form',
    lastResult: saveAnswer?.result ?? null,
    defaultValue: {
      ...(editing.shift ?? { start: '09:00', end: '18:00', breakStart: '12:00', breakEnd: '13:00' }),
      municipalityIds: editing.checked.municipalityIds,
      languages: editing.checked.languages,
      procedures: editing.checked.procedures,
    },
  });
  const value = (name: string) => textValue(sent[name]);
  return (
    <TitledSection
      id="shift-form-title"
      title={t('shifts.editTitle', { name: editing.displayName, date: editing.dateLabel })}
      className="card admin-section"
    >
      <Form method="post" {...getFormProps(form)} data-testid="shift-form">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="accountId" value={editing.accountId} />
        <input type="hidden" name="date" value={editing.date} />
        {editing.shift ? <input type="hidden" name="shiftId" value={editing.shift.id} /> : null}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
          <TextField
            id="shift-start"
            name="start"
            label={t('shifts.start')}
            hint={t('shifts.timeHint')}
            required
            defaultValue={value('start')}
            maxLength={5}
            errors={errors.start}
          />
          <TextField
            id="shift-end"
            name="end"
            label={t('shifts.end')}
            required
            defaultValue={value('end')}
            maxLength={5}
            errors={errors.end}
          />
          <TextField
            id="shift-break-start"
            name="breakStart"
            label={t('shifts.breakStart')}
            hint={t('shifts.breakHint')}
            defaultValue={value('breakStart')}
            maxLength={5}
            errors={errors.breakStart}
          />
          <TextField
            id="shift-break-end"
            name="breakEnd"
            label={t('shifts.breakEnd')}
            defaultValue={value('breakEnd')}
            maxLength={5}
            errors={errors.breakEnd}
          />
        </div>
        <CheckboxGroup
          id="shift-municipalities"
          name="municipalityIds"
          legend={t('shifts.municipalities')}
          hint={t('shifts.coverageHint')}
          options={editing.options.municipalities}
          checked={listValue(sent.municipalityIds)}
          errors={errors.municipalityIds}
        />
        <CheckboxGroup
          id="shift-languages"
          name="languages"
          legend={t('shifts.languages')}
          options={editing.options.languages}
          checked={listValue(sent.languages)}
          errors={errors.languages}
        />
        <CheckboxGroup
          id="shift-procedures"
          name="procedures"
          legend={t('shifts.procedures')}
          options={editing.options.procedures}
          checked={listValue(sent.procedures)}
          errors={errors.procedures}
        />
        <FormFooter error={saveAnswer?.error} notice={saveAnswer?.notice} submitLabel={t('shifts.save')} />
      </Form>
      {editing.shift ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="shiftId" value={editing.shift.id} />
          <button className="button secondary danger-text" type="submit">
            {t('shifts.remove')}
          </button>
        </Form>
      ) : null}
    </TitledSection>
  );
}

/** Copy this week onto another (same weekdays; skipped days listed after the copy). */
function CopyWeek({ weekStart, municipalityId }: { weekStart: string; municipalityId: string | null }) {
  const answer = useActionData<typeof action>();
  const { t } = useT();
  const skipped = answer?.intent === 'copy' ? (answer.copy?.skipped ?? []) : [];
  return (
    <TitledSection id="shift-copy-title" title={t('shifts.copyTitle')} className="card admin-section">
      <p className="muted">{t('shifts.copyIntro')}</p>
      <Form method="post" data-testid="copy-week">
        <input type="hidden" name="intent" value="copy" />
        <input type="hidden" name="fromWeek" value={weekStart} />
        {municipalityId ? <input type="hidden" name="municipalityId" value={municipalityId} /> : null}
        <TextField id="copy-to" name="toWeek" type="date" label={t('shifts.copyTo')} required defaultValue={addDays(weekStart, 7)} />
        <p>
          <button className="button" type="submit">
            {t('shifts.copySubmit')}
          </button>
        </p>
      </Form>
      {answer?.intent === 'copy' ? (
        <>
          <FormAlert message={answer.error} />
          <FormNotice message={answer.notice} />
        </>
      ) : null}
      {skipped.length > 0 ? (
        <DataTable
          testId="copy-skipped"
          rows={skipped}
          rowKey={(s) => `${s.accountId}_${s.date}`}
          columns={[
            { header: t('shifts.operator'), rowHeader: true, cell: (s) => s.displayName },
            { header: t('shifts.date'), cell: (s) => s.date },
            { header: t('shifts.reason'), cell: (s) => t(`shifts.skipReason.${s.reason}`) },
          ]}
        />
      ) : null}
    </TitledSection>
  );
}
