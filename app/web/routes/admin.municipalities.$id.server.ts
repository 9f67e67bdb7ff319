/**
 * Route helpers of admin.municipalities.$id (server only): which permission each intent needs, and
 * the errors of the eligibility questions and consent texts, at their own fields.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Need } from '../../domain/permissions';
import { type FieldErrors, localizedTextMessage } from '../components/forms';
import { unknownAction } from '../components/route-data.server';
import type { Translate } from '../i18n/i18n';

export const needs = {
  update: 'write:municipality',
  eligibility: 'write:municipality',
  publish: 'write:consent',
} as const satisfies Record<string, Need>;
export type Intent = keyof typeof needs;

export function readIntent(form: FormData): Intent {
  const intent = form.get('intent');
  if (typeof intent === 'string' && intent in needs) return intent as Intent;
  throw unknownAction();
}

/** A new question's id: short, random, and of the form the API takes. */
export const newQuestionId = () => `q-${randomBytes(4).toString('hex')}`;

/** Adds a message to a field's errors once. */
function add(errors: FieldErrors, field: string, message: string) {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** Errors of a localized text at its own fields (`<name>.ja` …): the zod path joined by dots is the field's name. */
export function textErrors(issues: readonly z.core.$ZodIssue[], t: Translate, what: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) add(errors, issue.path.join('.'), localizedTextMessage(issue, t, what));
  return errors;
}

/** Errors of the eligibility questions, at their fields (see app/domain/eligibility-form.ts). */
export function eligibilityErrors(issues: readonly z.core.$ZodIssue[], t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [, procedure, , part] = issue.path.map(String);
    if (part === 'text' || part === 'guidance') {
      const what = part === 'text' ? t('eligibility.thisQuestion') : t('eligibility.thisGuidance');
      Object.assign(errors, textErrors([issue], t, what));
    } else {
      const field = `eligibility.${procedure ?? ''}`;
      const message = issue.code === 'too_big' ? t('eligibility.atMostTen') : t('eligibility.checkQuestions');
      add(errors, field, message);
    }
  }
  return errors;
}
