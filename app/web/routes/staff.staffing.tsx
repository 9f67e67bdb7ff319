import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { invalidRequest } from '../../api/router';
import { localDate } from '../../domain/japan-time';
import { serviceLevelDefinition } from '../../domain/reports/report';
import { clockOf, HOLIDAY, type MinimumWindow, MinimumWindowSchema } from '../../domain/staffing/minimum-windows';
import { whatIf } from '../../domain/staffing/what-if';
import { FormAlert, FormNotice, MunicipalityPicker } from '../components/forms';
import { DataTable, num } from '../components/records-table';
import { can, orRespond, pageRequest } from '../components/route-data.server';
import { StaffingBanner, StaffingLinesTable } from '../components/staffing-panels';
import { formatShortDateTime } from '../i18n/format';
import { type Translate, useT } from '../i18n/i18n';
import { pageTitle } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.staffing');

/** Monday first, then Sunday and national holidays, as the windows' weekday numbers. */
const dayOrder = [1, 2, 3, 4, 5, 6, 0, HOLIDAY] as const;
const dayKey = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'holiday'] as const;
const daysLabel = (days: readonly number[], t: Translate) =>
  dayOrder
    .filter((d) => days.includes(d))
    .map((d) => t(`staffingPage.day.${dayKey[d]!}`))
    .join(t('common.listSeparator'));

/** 'HH:MM' → minutes (24:00 allowed); anything else → NaN, which the window schema refuses. */
const minutesOf = (v: FormDataEntryValue | null) => {
  const m = /^(\d{2}):(\d{2})$/.exec(String(v ?? ''));
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};

/**
 * 人員配置: a municipality's service-level goal, its minimum windows and their breaches, the live
 * staffing, and the what-if calculator. Town staff read their town's; supervisors and admins change
 * goals and windows.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { account } = await pageRequest(args, 'read:staffing');
  const { context, request } = args;
  const url = new URL(request.url);
  const municipalities = await orRespond(() => context.app.staffing.municipalities(account));
  const municipalityId = municipalities.find((m) => m.id === url.searchParams.get('municipalityId'))?.id ?? municipalities[0]?.id ?? null;
  const canWrite = can(account, 'write:staffing');
  // The calculator answers a GET: the page keeps the figures in its address (shareable, no storage).
  const asked = url.searchParams.has('calls') ? WhatIfForm.safeParse(Object.fromEntries(url.searchParams)) : null;
  const calculator = {
    whatIf: asked?.success ? { input: asked.data, result: whatIf(asked.data) } : null,
    whatIfError: asked !== null && !asked.success,
  };
  if (!municipalityId) return { municipalities, municipalityId, canWrite, view: null, groups: [], ...calculator };
  const today = localDate(new Date());
  const monthStart = `${today.slice(0, 8)}01`;
  const [settings, lines, breaches, groups] = await Promise.all([
    orRespond(() => context.app.staffing.settings(account, municipalityId)),
    orRespond(() => context.app.staffing.live(account)),
    orRespond(() =>
      context.app.staffing.breaches(account, municipalityId, {
        from: new Date(Date.parse(`${monthStart}T00:00:00+09:00`)),
        to: new Date(Date.parse(`${today}T00:00:00+09:00`) + 86_400_000),
      }),
    ),
    orRespond(() => context.app.staffing.groups(account)),
  ]);
  return {
    municipalities,
    municipalityId,
    canWrite,
    groups: groups.map((g) => ({ id: g.id, name: g.name, shrinkagePercent: g.shrinkagePercent })),
    view: {
      settings,
      lines: lines.filter((l) => l.municipalityId === municipalityId),
      breaches,
    },
    ...calculator,
  };
}

const WhatIfForm = z.object({
  calls: z.coerce.number().min(0).max(100_000),
  intervalMinutes: z.coerce.number().int().min(5).max(1440).default(30),
  handlingSeconds: z.coerce.number().min(1).max(7200),
  answerWithinSeconds: z.coerce.number().int().min(0).max(3600),
  goalPercent: z.coerce.number().min(1).max(99.9),
  shrinkagePercent: z.coerce.number().min(0).max(90),
  patienceSeconds: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().min(1).max(86_400).nullable()),
  maxOccupancyPercent: z.coerce.number().min(10).max(100).default(100),
});

const SettingsForm = z.object({
  serviceLevelGoalPercent: z.coerce.number().int().min(1).max(100),
  serviceLevelSeconds: z.coerce.number().int().min(5).max(3600),
  abandonGraceSeconds: z.coerce.number().int().min(0).max(60),
  operatorGroupId: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable()),
});

export async function action(args: ActionFunctionArgs) {
  const { account, t } = await pageRequest(args, 'write:staffing');
  const { context, request } = args;
  const form = await request.formData();
  const municipalityId = String(form.get('municipalityId') ?? '');
  const intent = String(form.get('intent') ?? '');
  const result = await formProblem(async () => {
    if (intent === 'settings') {
      const parsed = SettingsForm.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw invalidRequest(parsed.error.issues);
      await context.app.staffing.updateSettings(account, municipalityId, parsed.data, context.requestId);
      return t('staffingPage.settingsSaved');
    }
    const current: MinimumWindow[] = (await context.app.staffing.settings(account, municipalityId)).minimumWindows.map(
      ({ id: _id, ...w }) => w,
    );
    if (intent === 'add-window') {
      const parsed = MinimumWindowSchema.safeParse({
        weekdays: form.getAll('weekdays').map(Number),
        startMinute: minutesOf(form.get('start')),
        endMinute: minutesOf(form.get('end')),
        operators: Number(form.get('operators')),
      });
      if (!parsed.success) throw invalidRequest(parsed.error.issues);
      await context.app.staffing.replaceWindows(account, { municipalityId }, [...current, parsed.data], context.requestId);
      return t('staffingPage.windowAdded');
    }
    if (intent === 'remove-window') {
      const index = Number(form.get('index'));
      await context.app.staffing.replaceWindows(
        account,
        { municipalityId },
        current.filter((_, i) => i !== index),
        context.requestId,
      );
      return t('staffingPage.windowRemoved');
    }
    throw invalidRequest([]);
  });
  if (!result.ok) return data({ error: result.error, notice: null }, result.status);
  return { error: null, notice: result.value };
}

const pc = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10} %`);

export default function Staffing() {
  const { municipalities, municipalityId, canWrite, view, whatIf: calc, whatIfError, groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, language } = useT();
  return (
    <main className="page">
      <h1>{t('staffingPage.title')}</h1>
      <Form method="get" className="filters" aria-label={t('staffingPage.choose')}>
        <MunicipalityPicker municipalities={municipalities} value={municipalityId} testId="staffing-municipality" />
        <button className="button" type="submit">
          {t('common.show')}
        </button>
      </Form>
      <FormAlert message={actionData?.error} testId="staffing-error" />
      <FormNotice message={actionData?.notice} />
      {view ? (
        <>
          <StaffingBanner lines={view.lines} />
          <StaffingLinesTable lines={view.lines} />

          <section className="card" aria-labelledby="sl-settings">
            <h2 id="sl-settings">{t('staffingPage.settingsTitle')}</h2>
            <p className="notes">
              {
                serviceLevelDefinition({
                  serviceLevelSeconds: view.settings.serviceLevelSeconds,
                  goal: view.settings.serviceLevelGoalPercent / 100,
                  abandonGraceSeconds: view.settings.abandonGraceSeconds,
                })[language]
              }
            </p>
            {canWrite ? (
              <Form method="post" className="form-grid" data-testid="settings-form">
                <input type="hidden" name="intent" value="settings" />
                <input type="hidden" name="municipalityId" value={municipalityId ?? ''} />
                <label>
                  {t('staffingPage.goalPercent')}
                  <input
                    name="serviceLevelGoalPercent"
                    type="number"
                    min={1}
                    max={100}
                    required
                    defaultValue={view.settings.serviceLevelGoalPercent}
                  />
                </label>
                <label>
                  {t('staffingPage.withinSeconds')}
                  <input
                    name="serviceLevelSeconds"
                    type="number"
                    min={5}
                    max={3600}
                    required
                    defaultValue={view.settings.serviceLevelSeconds}
                  />
                </label>
                <label>
                  {t('staffingPage.graceSeconds')}
                  <input
                    name="abandonGraceSeconds"
                    type="number"
                    min={0}
                    max={60}
                    required
                    defaultValue={view.settings.abandonGraceSeconds}
                  />
                </label>
                <label>
                  {t('staffingPage.group')}
                  <select name="operatorGroupId" defaultValue={view.settings.operatorGroupId ?? ''}>
                    <option value="">{t('staffingPage.noGroup')}</option>
                    {groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                </label>
                <button className="button" type="submit">
                  {t('staffingPage.saveSettings')}
                </button>
              </Form>
            ) : null}
          </section>

          <section aria-labelledby="windows-title">
            <h2 id="windows-title">{t('staffingPage.windowsTitle')}</h2>
            <p className="muted">{t('staffingPage.windowsIntro')}</p>
            <DataTable
              className="card"
              testId="minimum-windows"
              rows={view.settings.minimumWindows}
              emptyRow={t('staffingPage.noWindows')}
              columns={[
                { header: t('staffingPage.days'), rowHeader: true, cell: (w) => daysLabel(w.weekdays, t) },
                { header: t('staffingPage.hours'), cell: (w) => `${clockOf(w.startMinute)}–${clockOf(w.endMinute)}` },
                { header: t('staffingPage.atLeast'), cellProps: num, cell: (w) => t('staffingPage.operators', { count: w.operators }) },
                canWrite && {
                  header: t('staffingPage.actions'),
                  cell: (w) => (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-window" />
                      <input type="hidden" name="municipalityId" value={municipalityId ?? ''} />
                      <input type="hidden" name="index" value={view.settings.minimumWindows.indexOf(w)} />
                      <button className="button secondary" type="submit">
                        {t('staffingPage.remove')}
                      </button>
                    </Form>
                  ),
                },
              ]}
            />
            {canWrite ? (
              <Form method="post" className="form-grid" data-testid="window-form" aria-label={t('staffingPage.addWindow')}>
                <input type="hidden" name="intent" value="add-window" />
                <input type="hidden" name="municipalityId" value={municipalityId ?? ''} />
                <fieldset>
                  <legend>{t('staffingPage.days')}</legend>
                  {dayOrder.map((d) => (
                    <label key={d} className="inline">
                      <input type="checkbox" name="weekdays" value={d} defaultChecked={d >= 1 && d <= 5} />{' '}
                      {t(`staffingPage.day.${dayKey[d]!}`)}
                    </label>
                  ))}
                </fieldset>
                <label>
                  {t('staffingPage.from')}
                  <input name="start" type="time" step={900} required defaultValue="09:00" />
                </label>
                <label>
                  {t('staffingPage.to')}
                  <input name="end" type="text" pattern="\d{2}:\d{2}" required defaultValue="16:00" aria-describedby="end-hint" />
                  <span id="end-hint" className="hint">
                    {t('staffingPage.endHint')}
                  </span>
                </label>
                <label>
                  {t('staffingPage.atLeast')}
                  <input name="operators" type="number" min={0} max={500} required defaultValue={4} />
                </label>
                <button className="button" type="submit">
                  {t('staffingPage.addWindow')}
                </button>
              </Form>
            ) : null}
          </section>

          <section aria-labelledby="breaches-title">
            <h2 id="breaches-title">{t('staffingPage.breachesTitle')}</h2>
            <DataTable
              className="card"
              testId="breaches"
              rows={view.breaches}
              emptyRow={t('staffingPage.noBreaches')}
              columns={[
                { header: t('staffingPage.breachStart'), rowHeader: true, cell: (b) => formatShortDateTime(b.startedAt, language) },
                {
                  header: t('staffingPage.breachEnd'),
                  cell: (b) => (b.endedAt ? formatShortDateTime(b.endedAt, language) : t('staffingPage.ongoing')),
                },
                { header: t('staffingPage.basis'), cell: (b) => t(`staffing.basis.${b.basis}`) },
                { header: t('staffing.required'), cellProps: num, cell: (b) => b.required },
                { header: t('staffingPage.lowest'), cellProps: num, cell: (b) => b.lowest },
                { header: t('staffingPage.alerted'), cell: (b) => (b.alertedAt ? formatShortDateTime(b.alertedAt, language) : '—') },
              ]}
            />
          </section>
        </>
      ) : null}

      <section aria-labelledby="what-if-title">
        <h2 id="what-if-title">{t('staffingPage.whatIfTitle')}</h2>
        <p className="muted">{t('staffingPage.whatIfIntro')}</p>
        <Form method="get" className="form-grid" data-testid="what-if-form">
          <input type="hidden" name="municipalityId" value={municipalityId ?? ''} />
          {(
            [
              ['calls', 100, 0, 100_000],
              ['intervalMinutes', 30, 5, 1440],
              ['handlingSeconds', 180, 1, 7200],
              ['answerWithinSeconds', view?.settings.serviceLevelSeconds ?? 60, 0, 3600],
              ['goalPercent', view?.settings.serviceLevelGoalPercent ?? 80, 1, 99.9],
              ['shrinkagePercent', 30, 0, 90],
            ] as const
          ).map(([name, value, min, max]) => (
            <label key={name}>
              {t(`staffingPage.whatIf.${name}`)}
              <input name={name} type="number" min={min} max={max} step="any" required defaultValue={calc ? calc.input[name] : value} />
            </label>
          ))}
          <label>
            {t('staffingPage.whatIf.patienceSeconds')}
            <input
              name="patienceSeconds"
              type="number"
              min={1}
              max={86_400}
              defaultValue={calc ? (calc.input.patienceSeconds ?? '') : ''}
            />
          </label>
          <button className="button" type="submit">
            {t('staffingPage.whatIf.calculate')}
          </button>
        </Form>
        {whatIfError ? <FormAlert message={t('staffingPage.whatIf.invalid')} testId="what-if-error" /> : null}
        {calc ? (
          <div className="card" data-testid="what-if-result">
            <p>
              {calc.result.status === 'staffed'
                ? t('staffingPage.whatIf.answer', {
                    onCalls: calc.result.operatorsOnCalls ?? 0,
                    scheduled: calc.result.operatorsToSchedule ?? 0,
                    serviceLevel: pc(calc.result.measures.serviceLevel),
                    asa: calc.result.measures.asaSeconds === null ? '—' : Math.round(calc.result.measures.asaSeconds * 10) / 10,
                    occupancy: pc(calc.result.measures.occupancy),
                  })
                : t('staffingPage.whatIf.beyond')}
            </p>
            <DataTable
              rows={calc.result.neighbours}
              rowKey={(n) => n.operators}
              columns={[
                { header: t('staffingPage.whatIf.onCalls'), rowHeader: true, cellProps: num, cell: (n) => n.operators },
                { header: t('staffing.serviceLevel'), cellProps: num, cell: (n) => pc(n.measures.serviceLevel) },
                {
                  header: t('staffing.asa'),
                  cellProps: num,
                  cell: (n) => (n.measures.asaSeconds === null ? '—' : `${Math.round(n.measures.asaSeconds * 10) / 10} s`),
                },
                { header: t('staffingPage.whatIf.occupancy'), cellProps: num, cell: (n) => pc(n.measures.occupancy) },
              ]}
            />
            <p className="notes">{calc.result.definition[language]}</p>
          </div>
        ) : null}
      </section>
    </main>
  );
}
