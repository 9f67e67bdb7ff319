import { randomUUID } from 'node:crypto';
import { type Db, type Procedure, schema } from '@madoguchi/db';
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { isValidLocalDate } from '../../domain/calendar';
import { approvalRefusal, currentRevision, versionLabel, visibleRevisions } from '../../domain/faq';
import { localDate } from '../../domain/japan-time';
import { requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from './audit.server';

const { faqRevision } = schema;

export type FaqRevisionRow = typeof faqRevision.$inferSelect;

export const faqProblems = {
  notFound: () => new Problem(404, 'faq_not_found', { ja: '指定された FAQ は存在しません。', en: 'No such FAQ entry or revision.' }),
  retired: () => new Problem(409, 'faq_retired', { ja: 'この FAQ は廃止済みです。', en: 'This FAQ entry is retired.' }),
  draftPending: (version: number) =>
    new Problem(409, 'faq_draft_pending', {
      ja: `未承認の改訂案（第${version}版）があります。先に承認してから次の改訂を作成してください。`,
      en: `Version ${version} is still a draft awaiting approval: approve it before drafting another.`,
    }),
  alreadyApproved: () =>
    new Problem(409, 'faq_already_approved', { ja: 'この版は承認済みです。', en: 'This revision is already approved.' }),
  ownDraft: () =>
    new Problem(409, 'faq_own_draft', {
      ja: '自分で作成した版は承認できません。別のスーパーバイザーまたは管理者に承認を依頼してください。',
      en: 'You cannot approve a revision you wrote. Ask another supervisor or an administrator to approve it.',
    }),
  badDate: () =>
    new Problem(
      400,
      'invalid_effective_on',
      { ja: '適用開始日は YYYY-MM-DD の実在する日付で入力してください。', en: 'effectiveOn must be an existing date, YYYY-MM-DD.' },
      [{ path: 'effectiveOn', message: 'must be an existing date YYYY-MM-DD' }],
    ),
};

export interface FaqContent {
  question: string;
  answer: string;
  /** YYYY-MM-DD, Japan. */
  effectiveOn: string;
}

/** A revision as people see it: with its 初版 / 改訂版 label. */
export function presentRevision(r: FaqRevisionRow) {
  return { ...r, label: versionLabel(r.version) };
}

/**
 * FAQ / manual entries for operators (Zama spec §4(3)①). Supervisors write drafts; someone other
 * than the author approves them; operators see the newest approved revision in effect today.
 * Nothing is overwritten: every revision stays in the history.
 */
export function createFaqService(db: Db) {
  const revisionsOf = (entryId: string) =>
    db.select().from(faqRevision).where(eq(faqRevision.entryId, entryId)).orderBy(asc(faqRevision.version));

  const checkContent = (input: FaqContent) => {
    if (!isValidLocalDate(input.effectiveOn)) throw faqProblems.badDate();
  };

  /** What every new revision carries: its content and its author, not yet approved. */
  const newDraft = (actor: AccountPrincipal, input: FaqContent) => ({
    question: input.question,
    answer: input.answer,
    effectiveOn: input.effectiveOn,
    createdBy: actor.accountId,
    createdAt: new Date(),
    approvedBy: null,
    approvedAt: null,
    retired: false,
  });

  return {
    /** What operators see: current revisions for a municipality and procedure (both optional). */
    async current(
      actor: AccountPrincipal,
      q: { municipalityId?: string | undefined; procedure?: Procedure | undefined; today?: string | undefined } = {},
    ) {
      const reach = requirePermission(actor, 'read:faq');
      if (q.municipalityId) requireWithin(reach, q.municipalityId, faqProblems.notFound);
      const rows = await db
        .select()
        .from(faqRevision)
        .where(q.municipalityId ? or(isNull(faqRevision.municipalityId), eq(faqRevision.municipalityId, q.municipalityId)) : undefined);
      const today = q.today ?? localDate(new Date());
      return visibleRevisions(rows, today, { municipalityId: q.municipalityId, procedure: q.procedure })
        .sort((a, b) => a.question.localeCompare(b.question, 'ja'))
        .map(presentRevision);
    },

    /** Every entry for the editors' list: its newest revision, what operators see now, and whether a draft waits. */
    async entries(actor: AccountPrincipal, today = localDate(new Date())) {
      requirePermission(actor, 'read:faq');
      const rows = await db.select().from(faqRevision).orderBy(asc(faqRevision.entryId), asc(faqRevision.version));
      const byEntry = new Map<string, FaqRevisionRow[]>();
      for (const r of rows) byEntry.set(r.entryId, [...(byEntry.get(r.entryId) ?? []), r]);
      return [...byEntry.entries()]
        .map(([entryId, list]) => {
          const latest = list[list.length - 1]!;
          const shown = currentRevision(list, today);
          const draft = list.find((r) => r.approvedAt === null);
          return {
            entryId,
            latest: presentRevision(latest),
            current: shown ? presentRevision(shown) : null,
            draft: draft ? presentRevision(draft) : null,
            retired: list.some((r) => r.retired),
          };
        })
        .sort((a, b) => Number(a.retired) - Number(b.retired) || a.latest.question.localeCompare(b.latest.question, 'ja'));
    },

    /** The whole history of one entry, oldest first. */
    async history(actor: AccountPrincipal, entryId: string) {
      requirePermission(actor, 'read:faq');
      const list = await revisionsOf(entryId);
      if (list.length === 0) throw faqProblems.notFound();
      return { entryId, retired: list.some((r) => r.retired), revisions: list.map(presentRevision) };
    },

    /** A new entry: its 初版 as a draft. */
    async createEntry(
      actor: AccountPrincipal,
      input: FaqContent & { municipalityId?: string | null | undefined; procedure?: Procedure | null | undefined },
      requestId?: string,
    ) {
      const reach = requirePermission(actor, 'write:faq');
      if (input.municipalityId) requireWithin(reach, input.municipalityId, faqProblems.notFound);
      checkContent(input);
      const municipalityId = input.municipalityId ?? null;
      if (municipalityId && !(await db.query.municipality.findFirst({ where: eq(schema.municipality.id, municipalityId) }))) {
        throw new Problem(400, 'unknown_municipality', { ja: '指定された自治体は存在しません。', en: 'No such municipality.' }, [
          { path: 'municipalityId', message: 'unknown' },
        ]);
      }
      const row: FaqRevisionRow = {
        id: randomUUID(),
        entryId: randomUUID(),
        version: 1,
        municipalityId,
        procedure: input.procedure ?? null,
        ...newDraft(actor, input),
      };
      await db.insert(faqRevision).values(row);
      await recordAccountAudit(db, actor, {
        action: 'faq.drafted',
        targetType: 'faq_revision',
        targetId: row.id,
        municipalityId,
        requestId,
      });
      return presentRevision(row);
    },

    /** A new draft revision (改訂版) of an entry; its scope (town, procedure) carries over unless changed. */
    async draftRevision(
      actor: AccountPrincipal,
      entryId: string,
      input: FaqContent & { procedure?: Procedure | null | undefined },
      requestId?: string,
    ) {
      const reach = requirePermission(actor, 'write:faq');
      checkContent(input);
      const list = await revisionsOf(entryId);
      const latest = list[list.length - 1];
      if (!latest) throw faqProblems.notFound();
      if (latest.municipalityId) requireWithin(reach, latest.municipalityId, faqProblems.notFound);
      if (list.some((r) => r.retired)) throw faqProblems.retired();
      const pending = list.find((r) => r.approvedAt === null);
      if (pending) throw faqProblems.draftPending(pending.version);
      const row: FaqRevisionRow = {
        ...latest,
        id: randomUUID(),
        version: latest.version + 1,
        procedure: input.procedure === undefined ? latest.procedure : input.procedure,
        ...newDraft(actor, input),
      };
      // The unique (entry, version) index turns a simultaneous second draft into an error, not a fork.
      try {
        await db.insert(faqRevision).values(row);
      } catch (error) {
        const text = `${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}`;
        if (text.includes('UNIQUE')) throw faqProblems.draftPending(row.version);
        throw error;
      }
      await recordAccountAudit(db, actor, {
        action: 'faq.drafted',
        targetType: 'faq_revision',
        targetId: row.id,
        municipalityId: row.municipalityId,
        requestId,
      });
      return presentRevision(row);
    },

    /** Publishes a draft: the approver is the caller, who must not be its author. */
    async approve(actor: AccountPrincipal, entryId: string, version: number, requestId?: string) {
      const reach = requirePermission(actor, 'write:faq');
      const list = await revisionsOf(entryId);
      const revision = list.find((r) => r.version === version);
      if (!revision) throw faqProblems.notFound();
      if (revision.municipalityId) requireWithin(reach, revision.municipalityId, faqProblems.notFound);
      const refusal = approvalRefusal(revision, { retired: list.some((r) => r.retired) }, actor.accountId);
      if (refusal === 'retired') throw faqProblems.retired();
      if (refusal === 'already_approved') throw faqProblems.alreadyApproved();
      if (refusal === 'own_draft') throw faqProblems.ownDraft();
      const approvedAt = new Date();
      const changed = await db
        .update(faqRevision)
        .set({ approvedBy: actor.accountId, approvedAt })
        .where(and(eq(faqRevision.id, revision.id), isNull(faqRevision.approvedAt)))
        .returning({ id: faqRevision.id });
      if (changed.length === 0) throw faqProblems.alreadyApproved();
      await recordAccountAudit(db, actor, {
        action: 'faq.approved',
        targetType: 'faq_revision',
        targetId: revision.id,
        municipalityId: revision.municipalityId,
        requestId,
      });
      return presentRevision({ ...revision, approvedBy: actor.accountId, approvedAt });
    },

    /** Retires an entry: operators no longer see it; its history stays. */
    async retire(actor: AccountPrincipal, entryId: string, requestId?: string) {
      const reach = requirePermission(actor, 'write:faq');
      const list = await revisionsOf(entryId);
      const latest = list[list.length - 1];
      if (!latest) throw faqProblems.notFound();
      if (latest.municipalityId) requireWithin(reach, latest.municipalityId, faqProblems.notFound);
      if (list.some((r) => r.retired)) throw faqProblems.retired();
      await db.update(faqRevision).set({ retired: true }).where(eq(faqRevision.entryId, entryId));
      await recordAccountAudit(db, actor, {
        action: 'faq.retired',
        targetType: 'faq_entry',
        targetId: entryId,
        municipalityId: latest.municipalityId,
        requestId,
      });
      return { entryId, retired: true, revisions: list.map((r) => presentRevision({ ...r, retired: true })) };
    },
  };
}

export type FaqService = ReturnType<typeof createFaqService>;
