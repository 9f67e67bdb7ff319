/**
 * The eligibility questions of a municipality as a form (app/domain/eligibility-form.ts): per
 * procedure a list of questions — the question and the guidance in every language, and which
 * answer lets the resident go on — with buttons that add and remove questions. One zod schema,
 * checked by conform in the browser and again in the action (decision 0024); the lists are conform
 * field lists, and the add / remove buttons are its list edits: done in the page with JavaScript,
 * by the server without it, shown back unsaved either way.
 */
import { type FieldMetadata, getFormProps, type SubmissionResult } from '@conform-to/react';
import { type Procedure, procedures, textLanguages } from '@madoguchi/db/vocabulary';
import { Form } from '@remix-run/react';
import type { ComponentProps } from 'react';
import { z } from 'zod';
import { type EligibilityForm, type QuestionForm, questionsChanged, textFormOf } from '../../domain/eligibility-form';
import { type Translate, useT } from '../i18n/i18n';
import { LocalizedTextFields } from './admin-localized-text';
import { type FieldErrors, FormFooter, localizedTextMessage, type Option, SelectField, stamp, textValue, useSchemaForm } from './forms';

/** At most this many questions per procedure (the API's limit too). */
const QUESTIONS_MAX = 10;

const texts = z.partialRecord(z.enum(textLanguages), z.string().max(20_000)).optional();

/**
 * What a browser may send; the API's schema (MunicipalityPatch: Japanese required, ids) has the last
 * word in the action, its issues at these fields.
 */
export const EligibilityQuestionsForm = z.object({
  eligibility: z
    .partialRecord(
      z.enum(procedures),
      z
        .array(z.object({ id: z.string().max(32).default(''), proceedIf: z.enum(['yes', 'no']), text: texts, guidance: texts }))
        .max(QUESTIONS_MAX),
    )
    .default({}),
});
type QuestionsValue = { eligibility: EligibilityForm };

/** A text's issues at its language fields; anything else about the questions at its procedure. */
export const eligibilityWordsOf = (t: Translate) => (issue: z.core.$ZodIssue) => {
  const part = issue.path[3];
  if (part === 'text') return localizedTextMessage(issue, t, t('eligibility.thisQuestion'));
  if (part === 'guidance') return localizedTextMessage(issue, t, t('eligibility.thisGuidance'));
  // Too many questions is an issue of the list itself (`eligibility.<procedure>`).
  return issue.code === 'too_big' && issue.path.length === 2 ? t('eligibility.atMostTen') : t('eligibility.checkQuestions');
};

const newQuestion: QuestionForm = { id: '', proceedIf: 'yes' };

export function EligibilityQuestions({
  saved,
  offered,
  labels,
  lastResult,
  canEdit,
  busy,
  error,
  done,
}: {
  /** The questions as the loader reads them (after a save, what was saved). */
  saved: EligibilityForm;
  /** The procedures the municipality offers: shown, as is any that still has questions. */
  offered: readonly string[];
  labels: Record<string, string>;
  lastResult: SubmissionResult<string[]> | null | undefined;
  canEdit: boolean;
  busy: boolean;
  error: string | null | undefined;
  done: string | null | undefined;
}) {
  const { t } = useT();
  // A new id when the saved questions change: the form starts again from them.
  const { form, errors } = useSchemaForm<QuestionsValue>(EligibilityQuestionsForm, eligibilityWordsOf(t), {
    id: `eligibility-${stamp(saved)}`,
    lastResult,
    defaultValue: { eligibility: saved },
  });
  const lists = form.getFieldset().eligibility.getFieldset();
  const questions = Object.fromEntries(procedures.map((p) => [p, lists[p].getFieldList()])) as Record<Procedure, QuestionField[]>;
  const ids = Object.fromEntries(procedures.map((p) => [p, questions[p].map((q) => textValue(q.getFieldset().id.initialValue))]));
  const shown = procedures.filter((p) => offered.includes(p) || questions[p].length > 0);
  return (
    <Form method="post" {...getFormProps(form)} key={form.id} data-testid="eligibility-form">
      <input type="hidden" name="intent" value="eligibility" />
      <fieldset className="admin-plain" disabled={!canEdit}>
        <legend className="visually-hidden">{t('adminMunicipality.eligibility')}</legend>
        {shown.length === 0 ? <p className="muted">{t('eligibility.noProcedures')}</p> : null}
        {shown.map((procedure) => (
          <section
            key={procedure}
            className="card admin-questions"
            data-testid="eligibility-procedure"
            data-procedure={procedure}
            aria-labelledby={`eligibility-${procedure}`}
          >
            <h3 id={`eligibility-${procedure}`}>{labels[procedure] ?? procedure}</h3>
            {listErrors(lists[procedure], questions[procedure]).map((e) => (
              <p key={e} className="error" role="alert">
                {e}
              </p>
            ))}
            {questions[procedure].length === 0 ? <p className="muted">{t('eligibility.noQuestions')}</p> : null}
            <ol className="admin-question-list">
              {questions[procedure].map((question, n) => (
                <Question
                  key={question.key ?? n}
                  field={question}
                  id={`q-${procedure}-${n}`}
                  n={n}
                  errors={errors}
                  remove={canEdit ? form.remove.getButtonProps({ name: lists[procedure].name, index: n }) : null}
                />
              ))}
            </ol>
            {canEdit && questions[procedure].length < QUESTIONS_MAX ? (
              <button
                {...form.insert.getButtonProps({ name: lists[procedure].name, defaultValue: newQuestion })}
                className="button secondary"
              >
                {t('eligibility.add')}
              </button>
            ) : null}
          </section>
        ))}
      </fieldset>
      <FormFooter
        error={error}
        notice={done ?? (questionsChanged(saved, ids) ? t('adminMunicipality.notSavedYet') : null)}
        submitLabel={t('adminMunicipality.saveQuestions')}
        busy={busy}
        canSubmit={canEdit}
      />
    </Form>
  );
}

type QuestionField = FieldMetadata<QuestionForm>;

/** What a procedure's alert says: errors of its list, and of a question that no field of it shows (its id). */
function listErrors(list: FieldMetadata<QuestionForm[] | undefined>, questions: readonly QuestionField[]): string[] {
  const all = [list.errors, ...questions.flatMap((q) => [q.errors, q.getFieldset().id.errors])].flatMap((e) => e ?? []);
  return [...new Set(all)];
}

function Question({
  field,
  id,
  n,
  errors,
  remove,
}: {
  field: QuestionField;
  id: string;
  n: number;
  errors: FieldErrors;
  /** The remove button's conform props (a list edit), or none when the account may only read. */
  remove: ComponentProps<'button'> | null;
}) {
  const { t } = useT();
  const question = field.getFieldset();
  const questionId = textValue(question.id.initialValue);
  const answers: Option[] = [
    { value: 'yes', label: t('eligibility.yesGoesOn') },
    { value: 'no', label: t('eligibility.noGoesOn') },
  ];
  /** The question's two texts: the question itself, and the guidance after the other answer. */
  const text = (part: 'text' | 'guidance', sent = question[part].initialValue) => (
    <LocalizedTextFields
      id={`${id}-${part}`}
      name={question[part].name}
      legend={part === 'text' ? t('eligibility.question', { n: n + 1 }) : t('eligibility.guidance', { n: n + 1 })}
      values={textFormOf(typeof sent === 'object' ? sent : undefined)}
      errors={errors}
      rows={2}
      hint={part === 'guidance' ? <p>{t('eligibility.guidanceHint')}</p> : undefined}
    />
  );
  return (
    <li data-testid="eligibility-question" data-question-id={questionId}>
      <input type="hidden" name={question.id.name} value={questionId} />
      {text('text')}
      <SelectField
        id={`${id}-proceed`}
        name={question.proceedIf.name}
        label={t('eligibility.answerGoesOn')}
        options={answers}
        defaultValue={textValue(question.proceedIf.initialValue)}
        errors={question.proceedIf.errors}
      />
      {text('guidance')}
      {remove ? (
        <button {...remove} className="button secondary">
          {t('eligibility.remove', { n: n + 1 })}
        </button>
      ) : null}
    </li>
  );
}
