/**
 * The eligibility questions of a municipality as a form (app/domain/eligibility-form.ts): per
 * procedure a list of questions — the question and the guidance in every language, and which
 * answer lets the resident go on — with buttons that add and remove questions. The buttons submit
 * the form as an edit the page shows back unsaved, so it works without JavaScript.
 */
import type { Procedure } from '@madoguchi/db/vocabulary';
import type { EligibilityForm } from '../../domain/eligibility-form';
import { useT } from '../i18n/i18n';
import { LocalizedTextFields } from './admin-localized-text';
import { type FieldErrors, type Option, SelectField } from './forms';

export function EligibilityFields({
  form,
  procedures,
  labels,
  errors,
  canEdit,
}: {
  form: EligibilityForm;
  /** The procedures to show: those offered, and any that still has questions. */
  procedures: readonly Procedure[];
  labels: Record<string, string>;
  errors: FieldErrors | undefined;
  canEdit: boolean;
}) {
  const { t } = useT();
  const answers: Option[] = [
    { value: 'yes', label: t('eligibility.yesGoesOn') },
    { value: 'no', label: t('eligibility.noGoesOn') },
  ];
  if (!procedures.length) return <p className="muted">{t('eligibility.noProcedures')}</p>;
  return (
    <>
      {procedures.map((procedure) => {
        const questions = form[procedure] ?? [];
        return (
          <section
            key={procedure}
            className="card admin-questions"
            data-testid="eligibility-procedure"
            data-procedure={procedure}
            aria-labelledby={`eligibility-${procedure}`}
          >
            <h3 id={`eligibility-${procedure}`}>{labels[procedure] ?? procedure}</h3>
            {errors?.[`eligibility.${procedure}`]?.map((e) => (
              <p key={e} className="error" role="alert">
                {e}
              </p>
            ))}
            {questions.length === 0 ? <p className="muted">{t('eligibility.noQuestions')}</p> : null}
            <ol className="admin-question-list">
              {questions.map((question, n) => {
                const at = `eligibility.${procedure}.${n}`;
                const id = `q-${procedure}-${n}`;
                return (
                  <li key={`${question.id}-${n}`} data-testid="eligibility-question" data-question-id={question.id}>
                    <input type="hidden" name={`${at}.id`} value={question.id} />
                    <LocalizedTextFields
                      id={`${id}-text`}
                      name={`${at}.text`}
                      legend={t('eligibility.question', { n: n + 1 })}
                      values={question.text}
                      errors={errors}
                      rows={2}
                    />
                    <SelectField
                      id={`${id}-proceed`}
                      name={`${at}.proceedIf`}
                      label={t('eligibility.answerGoesOn')}
                      options={answers}
                      defaultValue={question.proceedIf}
                    />
                    <LocalizedTextFields
                      id={`${id}-guidance`}
                      name={`${at}.guidance`}
                      legend={t('eligibility.guidance', { n: n + 1 })}
                      values={question.guidance}
                      errors={errors}
                      rows={2}
                      hint={<p>{t('eligibility.guidanceHint')}</p>}
                    />
                    {canEdit ? (
                      <button type="submit" name="edit" value={`remove:${procedure}:${n}`} className="button secondary">
                        {t('eligibility.remove', { n: n + 1 })}
                      </button>
                    ) : null}
                  </li>
                );
              })}
            </ol>
            {canEdit && questions.length < 10 ? (
              <button type="submit" name="edit" value={`add:${procedure}`} className="button secondary">
                {t('eligibility.add')}
              </button>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
