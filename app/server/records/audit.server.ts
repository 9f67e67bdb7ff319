/** The audit log: written by every service that changes or reveals a record, read by staff. */
import { type ActorKind, type Db, schema } from '@madoguchi/db';
import { municipalityIn, readableMunicipalities } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { newestFirst, type Page, type Period } from '../platform/pagination';

const { auditLog } = schema;

export interface AuditEntry {
  actorKind: ActorKind;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  municipalityId: string | null;
  requestId?: string | undefined;
  /** Codes and ids only: never personal data. */
  detail?: Record<string, string | number | boolean | null>;
}

/** The audit log: who did what to which record. Append-only; callers await it before replying. */
export async function recordAudit(db: Db, entry: AuditEntry, at = new Date()): Promise<void> {
  await db.insert(schema.auditLog).values({ ...entry, requestId: entry.requestId ?? null, detail: entry.detail ?? null, at });
}

/** What an account did (staff, operators, admins), for the audit log. */
export function recordAccountAudit(db: Db, actor: AccountPrincipal, entry: Omit<AuditEntry, 'actorKind' | 'actorId'>, at?: Date) {
  return recordAudit(db, { actorKind: 'account', actorId: actor.accountId, ...entry }, at);
}

/** The audit log within the actor's reach, newest first. */
export function createAuditLogReader(db: Db) {
  return {
    async auditLog(actor: AccountPrincipal, q: Page & Period) {
      const ids = readableMunicipalities(actor, 'read:audit');
      return newestFirst(db, auditLog, 'at', q, municipalityIn(ids, auditLog.municipalityId));
    },
  };
}
