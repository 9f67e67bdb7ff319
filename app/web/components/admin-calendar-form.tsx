/**
 * The opening-calendar form of a booth. It receives plain values (app/domain/calendar-form.ts
 * `toForm` runs in the loader), so the holiday table behind the calendar never reaches the browser.
 * Field names are those of calendar-form.ts: weekly.0 (Sunday) … weekly.6, closedDates, …
 */
import { Form } from '@remix-run/react';
import type { CalendarForm } from '../../domain/calendar-form';
import { Checkbox, FieldError, FormAlert, FormFooter, TextArea, TextField, type FieldErrors } from './forms';

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
  return (
    <Form method="post" noValidate key={JSON.stringify(values)} data-testid="calendar-form">
      <input type="hidden" name="intent" value="calendar" />
      <fieldset className="admin-plain" disabled={!canEdit}>
        <legend className="visually-hidden">営業カレンダー / Opening calendar</legend>
        <FormAlert message={errors['']?.join(' ') ?? errors.weekly?.join(' ')} />
        <fieldset className="admin-group">
          <legend>曜日ごとの営業時間 / Weekly hours</legend>
          <p className="muted admin-hint" id="weekly-hint">
            「08:15-12:00, 13:00-17:00」のように入力。空欄はその曜日は閉鎖 / Enter like &quot;08:15-12:00, 13:00-17:00&quot;; empty = closed that day.
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
                    placeholder="休業 / Closed"
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
          <legend>休業日 / Closures</legend>
          <Checkbox
            id="closedOnNationalHolidays"
            name="closedOnNationalHolidays"
            label="国民の祝日（振替休日を含む）は休業 / Closed on national holidays (incl. substitute holidays)"
            defaultChecked={values.closedOnNationalHolidays}
          />
          <Checkbox
            id="closedForYearEnd"
            name="closedForYearEnd"
            label="年末年始（12/29〜1/3）は休業 / Closed for the year end (12/29–1/3)"
            defaultChecked={values.closedForYearEnd}
          />
        </fieldset>

        <div className="admin-columns">
          <TextArea
            id="closedDates"
            name="closedDates"
            label="臨時休業日 / Closed dates"
            hint="1 行に 1 日、YYYY-MM-DD（施設の休館日など） / One date per line, YYYY-MM-DD (facility closures etc.)"
            rows={5}
            defaultValue={values.closedDates}
            errors={errors.closedDates}
          />
          <TextArea
            id="openDates"
            name="openDates"
            label="特別営業日 / Designated opening dates"
            hint="1 行に「YYYY-MM-DD 09:00-12:00」。休日・休業日より優先 / One per line, e.g. 2026-11-29 09:00-12:00; overrides closures."
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
            label="有効期間の開始日（任意） / Valid from (optional)"
            hint="臨時会場などで使用。空欄は制限なし / For pop-up sites; empty = no limit."
            defaultValue={values.validFrom}
            errors={errors.validFrom}
          />
          <TextField
            id="validUntil"
            name="validUntil"
            type="date"
            label="有効期間の終了日（任意） / Valid until (optional)"
            defaultValue={values.validUntil}
            errors={errors.validUntil}
          />
        </div>
      </fieldset>
      <FormFooter error={error} notice={notice} submitLabel="営業カレンダーを保存 / Save the calendar" busy={busy} canSubmit={canEdit} />
    </Form>
  );
}
