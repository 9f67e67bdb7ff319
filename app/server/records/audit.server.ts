import { schema, type Db, type ActorKind } from '@madoguchi/db';

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
