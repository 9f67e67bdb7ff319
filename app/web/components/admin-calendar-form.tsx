/**
 * The opening-calendar form of a booth: one zod schema (OpeningCalendarForm), checked by conform in
 * the browser and again in the action (decision 0024). The schema bounds what is sent; the calendar's
 * rules are app/domain/calendar-form.ts `fromForm`, run by the action only, whose errors come back at
 * their fields — so the holiday table behind the calendar never reaches the browser (the loader runs
 * `toForm`, and this module imports only its types).
 */
import { type FieldMetadata, getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { z } from 'zod';
import type { CalendarForm } from '../../domain/calendar-form';
import { type Translate, useT } from '../i18n/i18n';
import { Checkbox, FieldError, FormAlert, FormFooter, stamp, TextArea, TextField, textValue, useSchemaForm } from './forms';

/** Monday first, as staff read a week; the field index stays JS getDay order. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const closures = [
  ['closedOnNationalHolidays', 'calendarForm.holidays'],
  ['closedForYearEnd', 'calendarForm.yearEnd'],
] as const;

/** What a browser may send: text as typed (the domain reads Japanese keyboards' variants), bounded. */
export const OpeningCalendarForm = z.object({
  weekly: z.array(z.string().max(200).default('')).max(7),
  closedOnNationalHolidays: z.boolean().default(false),
  closedForYearEnd: z.boolean().default(false),
  closedDates: z.string().max(20_000).default(''),
  openDates: z.string().max(20_000).default(''),
  validFrom: z.string().max(20).default(''),
  validUntil: z.string().max(20).default(''),
}) satisfies z.ZodType<CalendarForm>;

/** The schema's words; the calendar's rules speak for themselves (calendarFormMessages). */
export const calendarWordsOf = (t: Translate) => (issue: z.core.$ZodIssue) =>
  issue.code === 'too_big' ? t('forms.tooLong') : t('forms.checkInput');

/** A text field's kit props from its conform field: the same id as its name, what it shows, its errors. */
const textField = (field: FieldMetadata<string>) => ({
  id: field.name,
  name: field.name,
  defaultValue: textValue(field.initialValue),
  errors: field.errors,
});

export function CalendarFormFields({
  saved,
  lastResult,
  weekdayLabels,
  canEdit,
  busy,
  notice,
  error,
}: {
  /** The booth's calendar as the loader reads it (after a save, what was saved). */
  saved: CalendarForm;
  lastResult: SubmissionResult<string[]> | null | undefined;
  weekdayLabels: readonly string[];
  canEdit: boolean;
  busy: boolean;
  notice?: string | null | undefined;
  error?: string | null | undefined;
}) {
  const { t } = useT();
  // A new id when the saved calendar changes: the form starts again from it.
  const { form } = useSchemaForm<z.output<typeof OpeningCalendarForm>>(OpeningCalendarForm, calendarWordsOf(t), {
    id: `calendar-${stamp(saved)}`,
    lastResult,
    defaultValue: saved,
  });
  const fields = form.getFieldset();
  const days = fields.weekly.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} key={form.id} data-testid="calendar-form">
      <input type="hidden" name="intent" value="calendar" />
      <fieldset className="admin-plain" disabled={!canEdit}>
        <legend className="visually-hidden">{t('adminBooth.calendar')}</legend>
        <FormAlert message={[...(form.errors ?? []), ...(fields.weekly.errors ?? [])].join(' ')} />
        <fieldset className="admin-group">
          <legend>{t('calendarForm.weekly')}</legend>
          <p className="muted admin-hint" id="weekly-hint">
            {t('calendarForm.weeklyHint')}
          </p>
          <div className="admin-week">
            {WEEK_ORDER.map((dow) => {
              const day = days[dow];
              // The ids the e2e and the error links use: weekly-1 is Monday.
              const id = `weekly-${dow}`;
              return (
                <div key={dow} className="admin-weekday">
                  <label htmlFor={id}>{weekdayLabels[dow]}</label>
                  <input
                    id={id}
                    name={day?.name ?? `${fields.weekly.name}[${dow}]`}
                    type="text"
                    defaultValue={textValue(day?.initialValue)}
                    placeholder={t('calendarForm.closedPlaceholder')}
                    aria-invalid={day?.errors?.length ? true : undefined}
                    aria-describedby={day?.errors?.length ? `weekly-hint ${id}-error` : 'weekly-hint'}
                  />
                  <FieldError id={id} errors={day?.errors} />
                </div>
              );
            })}
          </div>
        </fieldset>

        <fieldset className="admin-group">
          <legend>{t('calendarForm.closures')}</legend>
          {closures.map(([name, label]) => (
            <Checkbox key={name} id={name} name={name} label={t(label)} defaultChecked={fields[name].initialValue === 'on'} />
          ))}
        </fieldset>

        <div className="admin-columns">
          <TextArea
            {...textField(fields.closedDates)}
            label={t('calendarForm.closedDates')}
            hint={t('calendarForm.closedDatesHint')}
            rows={5}
          />
          <TextArea {...textField(fields.openDates)} label={t('calendarForm.openDates')} hint={t('calendarForm.openDatesHint')} rows={5} />
        </div>

        <div className="admin-columns">
          <TextField
            {...textField(fields.validFrom)}
            type="date"
            label={t('calendarForm.validFrom')}
            hint={t('calendarForm.validFromHint')}
          />
          <TextField {...textField(fields.validUntil)} type="date" label={t('calendarForm.validUntil')} />
        </div>
      </fieldset>
      <FormFooter error={error} notice={notice} submitLabel={t('calendarForm.save')} busy={busy} canSubmit={canEdit} />
    </Form>
  );
}
