/** Route helpers of admin.faq.$entryId (server only): how a revision is shown (names, Japan times). */
import { procedureLabels } from '@madoguchi/db';
import type { AppLoadContext } from '@remix-run/node';
import type { FaqRevisionRow } from '../../server/records/faq.server';
import { formatJst } from '../components/route-data.server';

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
