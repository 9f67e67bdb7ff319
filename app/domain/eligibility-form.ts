/**
 * A municipality's eligibility questions as the admin form shows them — a list of questions per
 * procedure, each with its text and guidance in every language — and back (no JSON to type).
 *
 * Field names (also the `field` of each error, as the API schema's path joined by dots):
 *   eligibility.<procedure>.<n>.id                hidden; '' for a question added in the form
 *   eligibility.<procedure>.<n>.proceedIf         'yes' | 'no': the answer that lets the resident go on
 *   eligibility.<procedure>.<n>.text.<language>   the question (localized-text-form.ts)
 *   eligibility.<procedure>.<n>.guidance.<language>  where to go after the other answer
 * Adding and removing questions are edits of the form (`add:<procedure>`, `remove:<procedure>:<n>`)
 * that the page shows before anything is saved.
 */
import type { EligibilityQuestion } from '@madoguchi/db';
import { type LocalizedText, type Procedure, procedures } from '@madoguchi/db/vocabulary';
import { emptyTextForm, fromTextForm, type LocalizedTextForm, textFormFromFormData, toTextForm } from './localized-text-form';

export interface QuestionForm {
  id: string;
  proceedIf: 'yes' | 'no';
  text: LocalizedTextForm;
  guidance: LocalizedTextForm;
}
export type EligibilityForm = Partial<Record<Procedure, QuestionForm[]>>;

/** What the municipality schema takes (validated there: Japanese required, at most 10 per procedure). */
export type EligibilityInput = Partial<
  Record<Procedure, { id: string; proceedIf: boolean; text: Partial<LocalizedText>; guidance: Partial<LocalizedText> }[]>
>;

const isProcedure = (value: string): value is Procedure => (procedures as readonly string[]).includes(value);

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

export function eligibilityFormFromFormData(form: FormData): EligibilityForm {
  const found = new Map<Procedure, Set<number>>();
  for (const key of form.keys()) {
    const match = /^eligibility\.([a-z_]+)\.(\d{1,2})\.id$/.exec(key);
    if (!match || !isProcedure(match[1]!)) continue;
    const numbers = found.get(match[1]) ?? new Set<number>();
    numbers.add(Number(match[2]));
    found.set(match[1], numbers);
  }
  return Object.fromEntries(
    procedures.flatMap((p) => {
      const numbers = [...(found.get(p) ?? [])].sort((a, b) => a - b);
      if (!numbers.length) return [];
      return [
        [
          p,
          numbers.map((n): QuestionForm => {
            const at = `eligibility.${p}.${n}`;
            const id = form.get(`${at}.id`);
            return {
              id: typeof id === 'string' ? id : '',
              proceedIf: form.get(`${at}.proceedIf`) === 'no' ? 'no' : 'yes',
              text: textFormFromFormData(form, `${at}.text`),
              guidance: textFormFromFormData(form, `${at}.guidance`),
            };
          }),
        ],
      ];
    }),
  );
}

/** `add:<procedure>` or `remove:<procedure>:<n>` applied to the form, or null for anything else. */
export function editEligibility(form: EligibilityForm, edit: string): EligibilityForm | null {
  const [op, procedure, index] = edit.split(':');
  if (!procedure || !isProcedure(procedure)) return null;
  const questions = form[procedure] ?? [];
  if (op === 'add' && index === undefined) {
    return { ...form, [procedure]: [...questions, { id: '', proceedIf: 'yes', text: emptyTextForm(), guidance: emptyTextForm() }] };
  }
  if (op === 'remove' && index !== undefined && /^\d+$/.test(index) && Number(index) < questions.length) {
    const rest = questions.filter((_, i) => i !== Number(index));
    const next = { ...form, [procedure]: rest };
    if (!rest.length) delete next[procedure];
    return next;
  }
  return null;
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
            return { id, proceedIf: q.proceedIf === 'yes', text: fromTextForm(q.text), guidance: fromTextForm(q.guidance) };
          }),
        ],
      ];
    }),
  );
}
