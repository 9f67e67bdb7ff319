/**
 * The FAQ forms' schemas (a new entry, a revised edition): one per form, checked by conform in the
 * browser and again in the action (decision 0024); the API's (NewFaqEntry, NewFaqRevision) apply
 * after them on the server. Empty choices mean "all municipalities" / "all procedures".
 */

import { procedures } from '@madoguchi/db/vocabulary';
import { z } from 'zod';
import type { Translate } from '../i18n/i18n';
import type { FieldMessages } from './forms';

/** The FAQ forms' words (`t` of the action or the screen). */
export const faqMessagesOf = (t: Translate): FieldMessages => ({
  '': t('forms.checkInput'),
  municipalityId: t('faqForm.municipalityMessage'),
  procedure: t('faqForm.procedureMessage'),
  question: t('faqForm.questionMessage'),
  answer: t('faqForm.answerMessage'),
  effectiveOn: t('faqForm.effectiveOnMessage'),
});

const edition = {
  procedure: z.enum(procedures).optional(),
  question: z.string().trim().min(1).max(200),
  answer: z.string().trim().min(1).max(4000),
  // The shape here; whether the day exists is the API's check (LocalDate): its module carries the holiday data.
  effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
};

export const NewFaqEntryForm = z.object({ municipalityId: z.uuid().optional(), ...edition });
export const FaqRevisionForm = z.object(edition);

/** A parsed form → the API's shape (null = all towns / all procedures). */
export const faqEdition = <T extends { procedure?: string | undefined }>(value: T) => ({ ...value, procedure: value.procedure ?? null });
