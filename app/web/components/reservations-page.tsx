/**
 * Staff booking for a resident on the phone (issue 17): the day's reservations of one of the
 * account's towns by site and slot, a form to book (procedure, language, site and slot of the day
 * shown) recorded as booked by staff, and cancel. The code to read out to the resident is shown
 * after booking and in the list. The same page on /console/reservations (operators, supervisors)
 * and /staff/reservations (town staff); reach is the service's (own towns only).
 * Nothing typed is free text: every field is a choice, and no name, phone number or e-mail is asked.
 */

import { getFormProps, getSelectProps } from '@conform-to/react';
import { type Language, languages, type Procedure, procedureLabels } from '@madoguchi/db/vocabulary';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { formatTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { languageNames } from './console-labels';
import { FilterForm, FormAlert, FormNotice, MunicipalityPicker, useSchemaForm, useSubmitting } from './forms';
import { RecordsTable, TitledSection } from './records-table';
import { BookReservationForm, bookingWords } from './reservation-forms';
import type { reservationsAction, reservationsLoader } from './reservations-data.server';

export function ReservationsPage() {
  const d = useLoaderData<typeof reservationsLoader>();
  const result = useActionData<typeof reservationsAction>();
  const { t, language } = useT();
  const busy = useSubmitting();
  const { form, errors } = useSchemaForm(BookReservationForm, bookingWords(t), {
    id: `book-${d.municipalityId}-${d.date}-${result?.booked?.code ?? ''}`,
    lastResult: result?.reply,
  });
  const fields = form.getFieldset();
  const time = (iso: string) => formatTime(iso, language);
  const procedureName = (p: Procedure) => procedureLabels[p][language];
  const languageName = (l: Language) => languageNames[l];
  return (
    <main className="page admin">
      <h1>{t('reservationsPage.title')}</h1>
      <FilterForm label={t('reservationsPage.day')}>
        <MunicipalityPicker municipalities={d.municipalities} value={d.municipalityId} />
        <label>
          {t('reservationsPage.day')}
          <input type="date" name="date" defaultValue={d.date} />
        </label>
      </FilterForm>

      <FormNotice message={result?.booked ? t('reservationsPage.booked', { code: result.booked.code }) : result?.notice} />
      {result?.booked ? (
        <p className="reservation-code" data-testid="booked-code">
          {result.booked.code}
        </p>
      ) : null}
      <FormAlert message={result?.error} testId="reservation-error" />

      <TitledSection id="book" title={t('reservationsPage.book')}>
        <Form method="post" {...getFormProps(form)} className="admin-form card">
          <input type="hidden" name="intent" value="book" />
          <input type="hidden" name="municipalityId" value={d.municipalityId} />
          <div className="admin-field">
            <label htmlFor={fields.procedure.id}>{t('reservationsPage.procedure')}</label>
            <select {...getSelectProps(fields.procedure)} key={fields.procedure.key}>
              <option value="">—</option>
              {d.procedures.map((p) => (
                <option key={p} value={p}>
                  {procedureName(p)}
                </option>
              ))}
            </select>
            <FormAlert message={errors.procedure?.[0]} plain />
          </div>
          <div className="admin-field">
            <label htmlFor={fields.language.id}>{t('reservationsPage.language')}</label>
            <select {...getSelectProps(fields.language)} key={fields.language.key}>
              <option value="">—</option>
              {languages.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
            <FormAlert message={errors.language?.[0]} plain />
          </div>
          <div className="admin-field">
            <label htmlFor={fields.slot.id}>{t('reservationsPage.slot')}</label>
            <select {...getSelectProps(fields.slot)} key={fields.slot.key}>
              <option value="">—</option>
              {d.sites.map((site) => (
                <optgroup key={site.key} label={site.name}>
                  {site.slots.map((slot) => (
                    <option key={slot.start} value={`${site.key}|${slot.start}`} disabled={slot.remaining === 0}>
                      {`${time(slot.start)}–${time(slot.end)} (${t('reservationsPage.remaining', { count: slot.remaining })})`}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <FormAlert message={errors.slot?.[0]} plain />
          </div>
          <p>
            <button type="submit" disabled={busy}>
              {t('reservationsPage.bookButton')}
            </button>
          </p>
        </Form>
      </TitledSection>

      <TitledSection id="list" title={t('reservationsPage.list')}>
        <RecordsTable
          testId="reservations"
          rows={d.items}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ 'data-code': r.code, 'data-state': r.state })}
          empty={t('reservationsPage.none')}
          columns={[
            { header: t('reservationsPage.site'), cell: (r) => r.siteName },
            { header: t('reservationsPage.slot'), cell: (r) => `${time(r.slotStart)}–${time(r.slotEnd)}` },
            { header: t('reservationsPage.code'), cell: (r) => <strong>{r.code}</strong> },
            { header: t('reservationsPage.procedure'), cell: (r) => procedureName(r.procedure) },
            { header: t('reservationsPage.language'), cell: (r) => languageName(r.language) },
            { header: t('reservationsPage.state'), cell: (r) => t(`reservationsPage.states.${r.state}`) },
            { header: t('reservationsPage.bookedBy'), cell: (r) => t(`reservationsPage.bookers.${r.bookedBy}`) },
            {
              header: t('reservationsPage.actions'),
              cell: (r) =>
                r.state === 'booked' && d.canWrite ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="cancel" />
                    <input type="hidden" name="id" value={r.id} />
                    <button
                      type="submit"
                      className="danger"
                      disabled={busy}
                      aria-label={t('reservationsPage.cancelCode', { code: r.code })}
                    >
                      {t('reservationsPage.cancel')}
                    </button>
                  </Form>
                ) : null,
            },
          ]}
        />
      </TitledSection>
    </main>
  );
}
