/** FAQ editing pages: form messages and how a revision is shown (names, Japan times). Loaders only. */
import { procedureLabels } from '@madoguchi/db';
import type { AppLoadContext } from '@remix-run/node';
import type { FaqRevisionRow } from '../../server/faq.server';
import { stampOrNull } from '../i18n/format';
import type { Translate, UiLanguage } from '../i18n/i18n';

export const faqMessages: Record<string, string> = {
  municipalityId: '自治体を選び直してください / Choose the municipality again.',
  procedure: '手続を選び直してください / Choose the procedure again.',
  question: '質問を 1〜200 文字で入力してください / Enter a question of 1–200 characters.',
  answer: '回答を 1〜4000 文字で入力してください / Enter an answer of 1–4000 characters.',
  effectiveOn: '適用開始日を実在する日付で入力してください / Enter an existing date for the effective date.',
};

/** Form values → the API's shape ('' = all towns / all procedures). */
export function faqFormValues(form: FormData) {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  return {
    municipalityId: text('municipalityId') || null,
    procedure: text('procedure') || null,
    question: text('question'),
    answer: text('answer'),
    effectiveOn: text('effectiveOn'),
  };
}

export async function presentRevisions(
  context: AppLoadContext,
  revisions: (FaqRevisionRow & { label: { ja: string; en: string } })[],
  t: Translate,
  language: UiLanguage,
) {
  const names = await context.app.records.displayNames(revisions.flatMap((r) => [r.createdBy, r.approvedBy]));
  return revisions.map((r) => ({
    version: r.version,
    label: r.label[language],
    question: r.question,
    answer: r.answer,
    effectiveOn: r.effectiveOn,
    procedure: r.procedure ? procedureLabels[r.procedure][language] : t('faqPanel.allProcedures'),
    createdBy: names.get(r.createdBy) ?? '—',
    createdById: r.createdBy,
    createdAt: stampOrNull(r.createdAt, language)!,
    approvedBy: r.approvedBy ? (names.get(r.approvedBy) ?? '—') : null,
    approvedAt: stampOrNull(r.approvedAt, language),
  }));
}
