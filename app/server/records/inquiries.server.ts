/** The inquiry log (categories ア–ケ) that operators keep and staff read (decision 0016). */
import { randomUUID } from 'node:crypto';
import { type Db, type InquiryCategory, type InquiryChannel, inquiryCategories, schema } from '@madoguchi/db';
import { and, count, eq } from 'drizzle-orm';
import { municipalityIn, readableMunicipalities, requirePermission } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { requireMunicipality } from '../municipalities/municipalities.server';
import { matching, newestFirst, type Page, type Period, periodOf } from '../platform/pagination';
import { problems } from '../platform/problems';
import { recordAccountAudit } from './audit.server';

const { inquiry } = schema;

export function createInquiryService(db: Db) {
  return {
    async inquiries(
      actor: AccountPrincipal,
      q: Page & Period & { category?: InquiryCategory | undefined; municipalityId?: string | undefined },
    ) {
      const reach = municipalityIn(readableMunicipalities(actor, 'read:inquiry'), inquiry.municipalityId);
      return newestFirst(
        db,
        inquiry,
        'receivedAt',
        q,
        reach,
        ...matching(inquiry, { municipalityId: q.municipalityId, category: q.category }),
      );
    },

    /** Inquiries per category (ア–ケ) in a period, within the caller's reach; every category present, zeros included. */
    async inquiryCounts(actor: AccountPrincipal, q: Period & { municipalityId?: string | undefined }) {
      const ids = readableMunicipalities(actor, 'read:inquiry');
      const rows = await db
        .select({ category: inquiry.category, n: count() })
        .from(inquiry)
        .where(
          and(
            municipalityIn(ids, inquiry.municipalityId),
            q.municipalityId ? eq(inquiry.municipalityId, q.municipalityId) : undefined,
            ...periodOf(inquiry.receivedAt, q),
          ),
        )
        .groupBy(inquiry.category);
      const counts = Object.fromEntries(inquiryCategories.map((c) => [c, 0])) as Record<InquiryCategory, number>;
      for (const r of rows) counts[r.category] = r.n;
      return counts;
    },

    async logInquiry(
      actor: AccountPrincipal,
      input: {
        municipalityId: string;
        channel: InquiryChannel;
        category: InquiryCategory;
        receivedAt?: string | undefined;
        durationSeconds?: number | undefined;
        transferred?: boolean | undefined;
      },
      requestId?: string,
    ) {
      await requireMunicipality(db, requirePermission(actor, 'write:inquiry'), input.municipalityId, () => problems.forbidden());
      const row = {
        id: randomUUID(),
        municipalityId: input.municipalityId,
        channel: input.channel,
        category: input.category,
        receivedAt: input.receivedAt ? new Date(input.receivedAt) : new Date(),
        handledBy: actor.accountId,
        durationSeconds: input.durationSeconds ?? null,
        transferred: input.transferred ?? false,
      };
      await db.insert(inquiry).values(row);
      await recordAccountAudit(db, actor, {
        action: 'inquiry.logged',
        targetType: 'inquiry',
        targetId: row.id,
        municipalityId: row.municipalityId,
        requestId,
      });
      return row;
    },
  };
}
