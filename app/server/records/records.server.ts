import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import {
  inquiryCategories,
  schema,
  type Db,
  type InquiryCategory,
  type InquiryChannel,
  type SessionStatus,
} from '@madoguchi/db';
import { checkNotified, notifiedMessages } from '../../domain/escalation';
import { municipalityFilter, requirePermission, requireWithin } from '../auth/authorize.server';
import { recordAudit } from './audit.server';
import { requireFreeText } from '../platform/free-text.server';
import { requireMunicipality } from '../municipalities/municipalities.server';
import { afterCursor, decodeCursor, toPage } from '../platform/pagination';
import { Problem, problems } from '../platform/problems';
import type { AccountPrincipal } from '../auth/login.server';

const { session, sessionEvent, incident, inquiry, auditLog, personalDataLedger, booth, account } = schema;

interface Page {
  limit: number;
  cursor?: string | undefined;
}
interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

const periodOf = (column: Parameters<typeof gte>[0], period: Period) => [
  period.from ? gte(column, new Date(period.from)) : undefined,
  period.to ? lt(column, new Date(period.to)) : undefined,
];

export const incidentNotFound = () => new Problem(404, 'incident_not_found', { ja: '指定された事案は存在しません。', en: 'No such incident.' });

const incidentTransitions = {
  escalate: { from: ['open'], to: 'escalated', need: 'write:incident' },
  acknowledge: { from: ['escalated'], to: 'escalated', need: 'acknowledge:incident' },
  resolve: { from: ['open', 'escalated'], to: 'resolved', need: 'write:incident' },
} as const;
export type IncidentAction = keyof typeof incidentTransitions;

/** What an action carries: who at the town was told (escalate), how it ended (resolve). */
export interface IncidentChangeDetails {
  notified?: string | undefined;
  resolution?: string | undefined;
}

function invalidNotified(reason: keyof typeof notifiedMessages) {
  return new Problem(400, 'invalid_notified', notifiedMessages[reason], [{ path: 'notified', message: notifiedMessages[reason].en }]);
}

/** Session history, incidents, inquiries, the audit log and the personal-data ledger: read and logged through one reach check each. */
export function createRecordsService(db: Db) {
  const scoped = (actor: AccountPrincipal, need: Parameters<typeof requirePermission>[1]) => municipalityFilter(requirePermission(actor, need));

  return {
    async sessions(actor: AccountPrincipal, q: Page & Period & { boothId?: string | undefined; status?: SessionStatus | undefined }) {
      const ids = scoped(actor, 'read:session');
      const rows = await db
        .select()
        .from(session)
        .where(
          and(
            ids ? inArray(session.municipalityId, [...ids]) : undefined,
            q.boothId ? eq(session.boothId, q.boothId) : undefined,
            q.status ? eq(session.status, q.status) : undefined,
            ...periodOf(session.requestedAt, q),
            afterCursor(decodeCursor(q.cursor), session.requestedAt, session.id),
          ),
        )
        .orderBy(desc(session.requestedAt), desc(session.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [r.requestedAt, r.id]);
    },

    async session(actor: AccountPrincipal, id: string) {
      const reach = requirePermission(actor, 'read:session');
      const row = await db.query.session.findFirst({ where: eq(session.id, id) });
      if (!row) throw problems.sessionNotFound();
      requireWithin(reach, row.municipalityId, problems.sessionNotFound);
      const events = await db.query.sessionEvent.findMany({
        where: eq(sessionEvent.sessionId, id),
        // In the order things happened: a booth's event that arrived late still sits where it happened.
        orderBy: [asc(sessionEvent.occurredAt), asc(sessionEvent.id)],
      });
      return { ...row, events };
    },

    async incidents(
      actor: AccountPrincipal,
      q: Page & Period & { status?: 'open' | 'escalated' | 'resolved' | undefined; kind?: 'incident' | 'complaint' | undefined; municipalityId?: string | undefined },
    ) {
      const ids = scoped(actor, 'read:incident');
      const rows = await db
        .select()
        .from(incident)
        .where(
          and(
            ids ? inArray(incident.municipalityId, [...ids]) : undefined,
            q.municipalityId ? eq(incident.municipalityId, q.municipalityId) : undefined,
            q.status ? eq(incident.status, q.status) : undefined,
            q.kind ? eq(incident.kind, q.kind) : undefined,
            ...periodOf(incident.reportedAt, q),
            afterCursor(decodeCursor(q.cursor), incident.reportedAt, incident.id),
          ),
        )
        .orderBy(desc(incident.reportedAt), desc(incident.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [r.reportedAt, r.id]);
    },

    async reportIncident(
      actor: AccountPrincipal,
      input: { municipalityId: string; boothId?: string | undefined; sessionId?: string | undefined; kind: 'incident' | 'complaint'; severity: 'low' | 'medium' | 'high'; summary: string },
      requestId?: string,
    ) {
      const reach = requirePermission(actor, 'write:incident');
      // Nothing personal in the summary (decision 0017); the town must exist and be the caller's.
      requireFreeText({ 'incident.summary': input.summary });
      await requireMunicipality(db, reach, input.municipalityId);
      // A booth or session named must belong to the same municipality.
      if (input.boothId) {
        const b = await db.query.booth.findFirst({ where: and(eq(booth.id, input.boothId), eq(booth.municipalityId, input.municipalityId)) });
        if (!b) throw new Problem(400, 'booth_mismatch', { ja: 'ブースがこの自治体のものではありません。', en: 'The booth is not in this municipality.' });
      }
      if (input.sessionId) {
        const s = await db.query.session.findFirst({ where: and(eq(session.id, input.sessionId), eq(session.municipalityId, input.municipalityId)) });
        if (!s) throw new Problem(400, 'session_mismatch', { ja: 'セッションがこの自治体のものではありません。', en: 'The session is not in this municipality.' });
      }
      const row = { id: randomUUID(), ...input, boothId: input.boothId ?? null, sessionId: input.sessionId ?? null, reportedBy: actor.accountId, reportedAt: new Date() };
      await db.insert(incident).values(row);
      await recordAudit(db, { actorKind: 'account', actorId: actor.accountId, action: 'incident.reported', targetType: 'incident', targetId: row.id, municipalityId: row.municipalityId, requestId });
      return (await db.query.incident.findFirst({ where: eq(incident.id, row.id) }))!;
    },

    /**
     * escalate → town staff are told (who was notified, by whom, when); acknowledge → staff confirm
     * they saw it (who, when); resolve. Bad details are refused before anything is read or stored.
     */
    async changeIncident(actor: AccountPrincipal, id: string, action: IncidentAction, details: IncidentChangeDetails = {}, requestId?: string) {
      const rule = incidentTransitions[action];
      const reach = requirePermission(actor, rule.need);
      let notified: string | null = null;
      if (action === 'escalate') {
        const checked = checkNotified(details.notified ?? '');
        if (!checked.ok) throw invalidNotified(checked.reason);
        notified = checked.value;
      }
      if (action === 'resolve') requireFreeText({ 'incident.resolution': details.resolution });
      const row = await db.query.incident.findFirst({ where: eq(incident.id, id) });
      if (!row) throw incidentNotFound();
      requireWithin(reach, row.municipalityId, incidentNotFound);
      if (!(rule.from as readonly string[]).includes(row.status) || (action === 'acknowledge' && row.acknowledgedAt)) {
        throw new Problem(409, 'incident_state_conflict', {
          ja: `この事案は現在「${row.status}」のため、この操作はできません。`,
          en: `The incident is ${row.status}, so this cannot be done now.`,
        });
      }
      const now = new Date();
      // The state is part of the condition, so two people acting at once cannot both succeed.
      const changed = await db
        .update(incident)
        .set({
          status: rule.to,
          ...(action === 'escalate' ? { escalatedAt: now, escalatedBy: actor.accountId, notified } : {}),
          ...(action === 'acknowledge' ? { acknowledgedAt: now, acknowledgedBy: actor.accountId } : {}),
          ...(action === 'resolve' ? { resolvedAt: now, resolution: details.resolution ?? null } : {}),
        })
        // Acknowledging keeps the status, so it also needs "not yet acknowledged" in the condition.
        .where(and(eq(incident.id, id), eq(incident.status, row.status), action === 'acknowledge' ? isNull(incident.acknowledgedAt) : undefined))
        .returning({ id: incident.id });
      if (changed.length === 0) {
        throw new Problem(409, 'incident_state_conflict', { ja: 'この事案は他の人が先に更新しました。', en: 'Someone else changed the incident first.' });
      }
      await recordAudit(db, { actorKind: 'account', actorId: actor.accountId, action: `incident.${action}`, targetType: 'incident', targetId: id, municipalityId: row.municipalityId, requestId });
      return (await db.query.incident.findFirst({ where: eq(incident.id, id) }))!;
    },

    async inquiries(actor: AccountPrincipal, q: Page & Period & { category?: InquiryCategory | undefined; municipalityId?: string | undefined }) {
      const ids = scoped(actor, 'read:inquiry');
      const rows = await db
        .select()
        .from(inquiry)
        .where(
          and(
            ids ? inArray(inquiry.municipalityId, [...ids]) : undefined,
            q.municipalityId ? eq(inquiry.municipalityId, q.municipalityId) : undefined,
            q.category ? eq(inquiry.category, q.category) : undefined,
            ...periodOf(inquiry.receivedAt, q),
            afterCursor(decodeCursor(q.cursor), inquiry.receivedAt, inquiry.id),
          ),
        )
        .orderBy(desc(inquiry.receivedAt), desc(inquiry.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [r.receivedAt, r.id]);
    },

    /** Inquiries per category (ア–ケ) in a period, within the caller's reach; every category present, zeros included. */
    async inquiryCounts(actor: AccountPrincipal, q: Period & { municipalityId?: string | undefined }) {
      const ids = scoped(actor, 'read:inquiry');
      const rows = await db
        .select({ category: inquiry.category, n: count() })
        .from(inquiry)
        .where(
          and(
            ids ? inArray(inquiry.municipalityId, [...ids]) : undefined,
            q.municipalityId ? eq(inquiry.municipalityId, q.municipalityId) : undefined,
            ...periodOf(inquiry.receivedAt, q),
          ),
        )
        .groupBy(inquiry.category);
      const counts = Object.fromEntries(inquiryCategories.map((c) => [c, 0])) as Record<InquiryCategory, number>;
      for (const r of rows) counts[r.category] = r.n;
      return counts;
    },

    /** Display names for account ids shown beside records (reported by, escalated by…); staff names only. */
    async displayNames(ids: readonly (string | null)[]) {
      const wanted = [...new Set(ids.filter((x): x is string => !!x))];
      if (wanted.length === 0) return new Map<string, string>();
      const rows = await db.select({ id: account.id, name: account.displayName }).from(account).where(inArray(account.id, wanted));
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    async logInquiry(
      actor: AccountPrincipal,
      input: { municipalityId: string; channel: InquiryChannel; category: InquiryCategory; receivedAt?: string | undefined; durationSeconds?: number | undefined; transferred?: boolean | undefined },
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
      await recordAudit(db, { actorKind: 'account', actorId: actor.accountId, action: 'inquiry.logged', targetType: 'inquiry', targetId: row.id, municipalityId: row.municipalityId, requestId });
      return row;
    },

    async auditLog(actor: AccountPrincipal, q: Page & Period) {
      const ids = scoped(actor, 'read:audit');
      const rows = await db
        .select()
        .from(auditLog)
        .where(
          and(
            ids ? inArray(auditLog.municipalityId, [...ids]) : undefined,
            ...periodOf(auditLog.at, q),
            afterCursor(decodeCursor(q.cursor), auditLog.at, auditLog.id),
          ),
        )
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(q.limit + 1);
      return toPage(rows, q.limit, (r) => [r.at, r.id]);
    },

    async ledger(actor: AccountPrincipal, q: Page & Period, requestId?: string) {
      const ids = scoped(actor, 'read:ledger');
      const rows = await db
        .select()
        .from(personalDataLedger)
        .where(
          and(
            ids ? inArray(personalDataLedger.municipalityId, [...ids]) : undefined,
            ...periodOf(personalDataLedger.at, q),
            afterCursor(decodeCursor(q.cursor), personalDataLedger.at, personalDataLedger.id),
          ),
        )
        .orderBy(desc(personalDataLedger.at), desc(personalDataLedger.id))
        .limit(q.limit + 1);
      // Reading the ledger is itself recorded.
      await recordAudit(db, { actorKind: 'account', actorId: actor.accountId, action: 'ledger.read', targetType: 'personal_data_ledger', targetId: null, municipalityId: ids?.length === 1 ? ids[0]! : null, requestId });
      return toPage(rows, q.limit, (r) => [r.at, r.id]);
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
