/** Route helpers of admin.faq.$entryId (server only): how a revision is shown (names, Japan times). */
import { procedureLabels } from '@madoguchi/db';
import type { AppLoadContext } from '@remix-run/node';
import type { FaqRevisionRow } from '../../server/records/faq.server';
import { stampOrNull } from '../i18n/format';
import type { Translate, UiLanguage } from '../i18n/i18n';

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
