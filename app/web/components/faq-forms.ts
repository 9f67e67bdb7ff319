/**
 * The FAQ forms' schemas (a new entry, a revised edition): one per form, checked by conform in the
 * browser and again in the action (decision 0024); the API's (NewFaqEntry, NewFaqRevision) apply
 * after them on the server. Empty choices mean "all municipalities" / "all procedures".
 */
import { z } from 'zod';
import { procedures } from '@madoguchi/db/vocabulary';
import type { FieldMessages } from './forms';

export const faqMessages: FieldMessages = {
  municipalityId: '自治体を選び直してください / Choose the municipality again.',
  procedure: '手続を選び直してください / Choose the procedure again.',
  question: '質問を 1〜200 文字で入力してください / Enter a question of 1–200 characters.',
  answer: '回答を 1〜4000 文字で入力してください / Enter an answer of 1–4000 characters.',
  effectiveOn: '適用開始日を実在する日付で入力してください / Enter an existing date for the effective date.',
};

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
