/**
 * A municipality's eligibility questions as the admin form shows them — a list of questions per
 * procedure, each with its text and guidance in every language — and back (no JSON to type).
 * The form's schema (conform field lists) is web/components/admin-eligibility.tsx; adding and
 * removing questions are conform's list edits, shown before anything is saved.
 *
 * Field names, as conform names them (also where the errors are shown):
 *   eligibility.<procedure>[<n>].id                hidden; '' for a question added in the form
 *   eligibility.<procedure>[<n>].proceedIf         'yes' | 'no': the answer that lets the resident go on
 *   eligibility.<procedure>[<n>].text.<language>   the question (localized-text-form.ts)
 *   eligibility.<procedure>[<n>].guidance.<language>  where to go after the other answer
 */
import type { EligibilityQuestion } from '@madoguchi/db';
import { type LocalizedText, type Procedure, procedures, type TextLanguage } from '@madoguchi/db/vocabulary';
import { emptyTextForm, fromTextForm, type LocalizedTextForm, toTextForm } from './localized-text-form';

/** A text as the form sends it: the languages written (a field left empty is not sent). */
export type TextFields = Partial<Record<TextLanguage, string>>;

export type QuestionForm = {
  id: string;
  proceedIf: 'yes' | 'no';
  text?: TextFields | undefined;
  guidance?: TextFields | undefined;
};
export type EligibilityForm = Partial<Record<Procedure, QuestionForm[]>>;

/** What the municipality schema takes (validated there: Japanese required, at most 10 per procedure). */
export type EligibilityInput = Partial<
  Record<Procedure, { id: string; proceedIf: boolean; text: Partial<LocalizedText>; guidance: Partial<LocalizedText> }[]>
>;

/** A sent text with every language, '' where nothing is written (what the text fields show). */
export const textFormOf = (text: TextFields | undefined): LocalizedTextForm => ({ ...emptyTextForm(), ...text });

export function toEligibilityForm(eligibility: Partial<Record<Procedure, EligibilityQuestion[]>>): EligibilityForm {
  return Object.fromEntries(
    procedures.flatMap((p) => {
      const questions = eligibility[p];
      if (!questions?.length) return [];
      return [
        [
          p,
          questions.map((q) => ({
            id: q.id,
            proceedIf: q.proceedIf ? 'yes' : 'no',
            text: toTextForm(q.text),
            guidance: toTextForm(q.guidance),
          })),
        ],
      ];
    }),
  );
}

/**
 * Whether questions were added or removed since `saved`: the ids per procedure in order ('' for a
 * question added in the form) are not those saved.
 */
export function questionsChanged(saved: EligibilityForm, ids: Partial<Record<Procedure, readonly string[]>>): boolean {
  return procedures.some((p) => JSON.stringify((saved[p] ?? []).map((q) => q.id)) !== JSON.stringify(ids[p] ?? []));
}

/**
 * The questions to save. A question added in the form gets a new id from `newId` (unique within
 * its procedure): ids stay stable once saved, since referrals record which question sent a
 * resident to the counter.
 */
export function fromEligibilityForm(form: EligibilityForm, newId: () => string): EligibilityInput {
  return Object.fromEntries(
    procedures.flatMap((p) => {
      const questions = form[p];
      if (!questions?.length) return [];
      const taken = new Set(questions.map((q) => q.id).filter(Boolean));
      return [
        [
          p,
          questions.map((q) => {
            let id = q.id;
            if (!id) {
              do id = newId();
              while (taken.has(id));
              taken.add(id);
            }
            return {
              id,
              proceedIf: q.proceedIf === 'yes',
              text: fromTextForm(textFormOf(q.text)),
              guidance: fromTextForm(textFormOf(q.guidance)),
            };
          }),
        ],
      ];
    }),
  );
}
