/**
 * The opening-calendar form of a booth. It receives plain values (app/domain/calendar-form.ts
 * `toForm` runs in the loader), so the holiday table behind the calendar never reaches the browser.
 * Field names are those of calendar-form.ts: weekly.0 (Sunday) … weekly.6, closedDates, …
 */
import { Form } from '@remix-run/react';
import type { CalendarForm } from '../../domain/calendar-form';
import { useT } from '../i18n/i18n';
import { Checkbox, FieldError, type FieldErrors, FormAlert, FormFooter, TextArea, TextField } from './forms';

/** Monday first, as staff read a week; the field index stays JS getDay order. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export function CalendarFormFields({
  values,
  errors,
  weekdayLabels,
  canEdit,
  busy,
  notice,
  error,
}: {
  values: CalendarForm;
  errors: FieldErrors;
  weekdayLabels: readonly string[];
  canEdit: boolean;
  busy: boolean;
  notice?: string | null | undefined;
  error?: string | null | undefined;
}) {
  const { t } = useT();
  return (
    <Form method="post" noValidate key={JSON.stringify(values)} data-testid="calendar-form">
      <input type="hidden" name="intent" value="calendar" />
      <fieldset className="admin-plain" disabled={!canEdit}>
        <legend className="visually-hidden">{t('adminBooth.calendar')}</legend>
        <FormAlert message={errors['']?.join(' ') ?? errors.weekly?.join(' ')} />
        <fieldset className="admin-group">
          <legend>{t('calendarForm.weekly')}</legend>
          <p className="muted admin-hint" id="weekly-hint">
            {t('calendarForm.weeklyHint')}
          </p>
          <div className="admin-week">
            {WEEK_ORDER.map((dow) => {
              const id = `weekly-${dow}`;
              const fieldErrors = errors[`weekly.${dow}`];
              return (
                <div key={dow} className="admin-weekday">
                  <label htmlFor={id}>{weekdayLabels[dow]}</label>
                  <input
                    id={id}
                    name={`weekly.${dow}`}
                    type="text"
                    defaultValue={values.weekly[dow] ?? ''}
                    placeholder={t('calendarForm.closedPlaceholder')}
                    aria-invalid={fieldErrors?.length ? true : undefined}
                    aria-describedby={fieldErrors?.length ? `weekly-hint ${id}-error` : 'weekly-hint'}
                  />
                  <FieldError id={id} errors={fieldErrors} />
                </div>
              );
            })}
          </div>
        </fieldset>

        <fieldset className="admin-group">
          <legend>{t('calendarForm.closures')}</legend>
          <Checkbox
            id="closedOnNationalHolidays"
            name="closedOnNationalHolidays"
            label={t('calendarForm.holidays')}
            defaultChecked={values.closedOnNationalHolidays}
          />
          <Checkbox
            id="closedForYearEnd"
            name="closedForYearEnd"
            label={t('calendarForm.yearEnd')}
            defaultChecked={values.closedForYearEnd}
          />
        </fieldset>

        <div className="admin-columns">
          <TextArea
            id="closedDates"
            name="closedDates"
            label={t('calendarForm.closedDates')}
            hint={t('calendarForm.closedDatesHint')}
            rows={5}
            defaultValue={values.closedDates}
            errors={errors.closedDates}
          />
          <TextArea
            id="openDates"
            name="openDates"
            label={t('calendarForm.openDates')}
            hint={t('calendarForm.openDatesHint')}
            rows={5}
            defaultValue={values.openDates}
            errors={errors.openDates}
          />
        </div>

        <div className="admin-columns">
          <TextField
            id="validFrom"
            name="validFrom"
            type="date"
            label={t('calendarForm.validFrom')}
            hint={t('calendarForm.validFromHint')}
            defaultValue={values.validFrom}
            errors={errors.validFrom}
          />
          <TextField
            id="validUntil"
            name="validUntil"
            type="date"
            label={t('calendarForm.validUntil')}
            defaultValue={values.validUntil}
            errors={errors.validUntil}
          />
        </div>
      </fieldset>
      <FormFooter error={error} notice={notice} submitLabel={t('calendarForm.save')} busy={busy} canSubmit={canEdit} />
    </Form>
  );
}
