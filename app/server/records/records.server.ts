/**
 * The records staff keep and read beside the calls: incidents and complaints, the inquiry log and
 * the audit log (decision 0016), each in its own module here; `displayNames` puts staff names beside
 * them. Session history is calls/session-history.server.ts, the personal-data ledger ledger/.
 */

import { type Db, schema } from '@madoguchi/db';
import { inArray } from 'drizzle-orm';
import { createAuditLogReader } from './audit.server';
import { createIncidentService } from './incidents.server';
import { createInquiryService } from './inquiries.server';

const { account } = schema;

export function createRecordsService(db: Db) {
  return {
    ...createIncidentService(db),
    ...createInquiryService(db),
    ...createAuditLogReader(db),

    /** Display names for account ids shown beside records (reported by, escalated by…); staff names only. */
    async displayNames(ids: readonly (string | null)[]) {
      const wanted = [...new Set(ids.filter((x): x is string => !!x))];
      if (wanted.length === 0) return new Map<string, string>();
      const rows = await db.select({ id: account.id, name: account.displayName }).from(account).where(inArray(account.id, wanted));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
