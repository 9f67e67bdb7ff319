/** FAQ editing pages: form messages and how a revision is shown (names, Japan times). Loaders only. */
import { procedureLabels } from '@madoguchi/db';
import type { AppLoadContext } from '@remix-run/node';
import type { FaqRevisionRow } from '../../server/records/faq.server';
import { formatJst } from './route-data.server';

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

export async function presentRevisions(context: AppLoadContext, revisions: (FaqRevisionRow & { label: { ja: string; en: string } })[]) {
  const names = await context.app.records.displayNames(revisions.flatMap((r) => [r.createdBy, r.approvedBy]));
  return revisions.map((r) => ({
    version: r.version,
    label: `${r.label.ja} / ${r.label.en}`,
    question: r.question,
    answer: r.answer,
    effectiveOn: r.effectiveOn,
    procedure: r.procedure ? `${procedureLabels[r.procedure].ja} / ${procedureLabels[r.procedure].en}` : '全手続 / All procedures',
    createdBy: names.get(r.createdBy) ?? '—',
    createdById: r.createdBy,
    createdAt: formatJst(r.createdAt)!,
    approvedBy: r.approvedBy ? (names.get(r.approvedBy) ?? '—') : null,
    approvedAt: formatJst(r.approvedAt),
  }));
}
