/**
 * Route helpers of admin.municipalities.$id (server only): which permission each intent needs, the
 * id of a new eligibility question, and the parse of the questions form.
 */
import { randomBytes } from 'node:crypto';
import type { Need } from '../../domain/permissions';
import { EligibilityQuestionsForm } from '../components/admin-eligibility';
import { type FormWords, parseForm } from '../components/forms';
import { unknownAction } from '../components/route-data.server';

export const needs = {
  update: 'write:municipality',
  eligibility: 'write:municipality',
  publish: 'write:consent',
  'reservation-policy': 'write:municipality',
} as const satisfies Record<string, Need>;
export type Intent = keyof typeof needs;

export function readIntent(form: FormData): Intent {
  const intent = form.get('intent');
  if (typeof intent === 'string' && intent in needs) return intent as Intent;
  throw unknownAction();
}

/** A new question's id: short, random, and of the form the API takes. */
export const newQuestionId = () => `q-${randomBytes(4).toString('hex')}`;

/** The questions form parsed; an edit button's value conform cannot read is an unknown action (400). */
export function parseQuestions(form: FormData, words: FormWords) {
  try {
    return parseForm(form, EligibilityQuestionsForm, words);
  } catch {
    throw unknownAction();
  }
}
