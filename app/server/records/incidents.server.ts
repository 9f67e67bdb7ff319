/** Incidents and complaints, with escalation to the municipality's staff (decision 0016). */
import { randomUUID } from 'node:crypto';
import { type Db, schema } from '@madoguchi/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { checkNotified, notifiedMessages } from '../../domain/escalation';
import { municipalityIn, readableMunicipalities, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { requireMunicipality } from '../municipalities/municipalities.server';
import { requireFreeText } from '../platform/free-text.server';
import { matching, newestFirst, type Page, type Period } from '../platform/pagination';
import { Problem } from '../platform/problems';
import { recordAccountAudit } from './audit.server';

const { session, incident, booth } = schema;

export const incidentNotFound = () =>
  new Problem(404, 'incident_not_found', { ja: '指定された事案は存在しません。', en: 'No such incident.' });

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

const mismatch = {
  booth: () =>
    new Problem(400, 'booth_mismatch', { ja: 'ブースがこの自治体のものではありません。', en: 'The booth is not in this municipality.' }),
  session: () =>
    new Problem(400, 'session_mismatch', {
      ja: 'セッションがこの自治体のものではありません。',
      en: 'The session is not in this municipality.',
    }),
};

export function createIncidentService(db: Db) {
  /** The row `id` names (if it names one) is in that municipality, or `refused`. */
  async function requireIn(
    table: SQLiteTable & { id: SQLiteColumn; municipalityId: SQLiteColumn },
    id: string | undefined,
    municipalityId: string,
    refused: () => Problem,
  ) {
    if (!id) return;
    const found = await db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.id, id), eq(table.municipalityId, municipalityId)))
      .limit(1);
    if (found.length === 0) throw refused();
  }

  return {
    async incidents(
      actor: AccountPrincipal,
      q: Page &
        Period & {
          status?: 'open' | 'escalated' | 'resolved' | undefined;
          kind?: 'incident' | 'complaint' | undefined;
          municipalityId?: string | undefined;
        },
    ) {
      const reach = municipalityIn(readableMunicipalities(actor, 'read:incident'), incident.municipalityId);
      const { municipalityId, status, kind } = q;
      return newestFirst(db, incident, 'reportedAt', q, reach, ...matching(incident, { municipalityId, status, kind }));
    },

    async reportIncident(
      actor: AccountPrincipal,
      input: {
        municipalityId: string;
        boothId?: string | undefined;
        sessionId?: string | undefined;
        kind: 'incident' | 'complaint';
        severity: 'low' | 'medium' | 'high';
        summary: string;
      },
      requestId?: string,
    ) {
      const reach = requirePermission(actor, 'write:incident');
      // Nothing personal in the summary (decision 0017); the town must exist and be the caller's.
      requireFreeText({ 'incident.summary': input.summary });
      await requireMunicipality(db, reach, input.municipalityId);
      // A booth or session named must belong to the same municipality.
      await requireIn(booth, input.boothId, input.municipalityId, mismatch.booth);
      await requireIn(session, input.sessionId, input.municipalityId, mismatch.session);
      const row = {
        id: randomUUID(),
        ...input,
        boothId: input.boothId ?? null,
        sessionId: input.sessionId ?? null,
        reportedBy: actor.accountId,
        reportedAt: new Date(),
      };
      await db.insert(incident).values(row);
      await recordAccountAudit(db, actor, {
        action: 'incident.reported',
        targetType: 'incident',
        targetId: row.id,
        municipalityId: row.municipalityId,
        requestId,
      });
      return (await db.query.incident.findFirst({ where: eq(incident.id, row.id) }))!;
    },

    /**
     * escalate → town staff are told (who was notified, by whom, when); acknowledge → staff confirm
     * they saw it (who, when); resolve. Bad details are refused before anything is read or stored.
     */
    async changeIncident(
      actor: AccountPrincipal,
      id: string,
      action: IncidentAction,
      details: IncidentChangeDetails = {},
      requestId?: string,
    ) {
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
        .where(
          and(eq(incident.id, id), eq(incident.status, row.status), action === 'acknowledge' ? isNull(incident.acknowledgedAt) : undefined),
        )
        .returning({ id: incident.id });
      if (changed.length === 0) {
        throw new Problem(409, 'incident_state_conflict', {
          ja: 'この事案は他の人が先に更新しました。',
          en: 'Someone else changed the incident first.',
        });
      }
      await recordAccountAudit(db, actor, {
        action: `incident.${action}`,
        targetType: 'incident',
        targetId: id,
        municipalityId: row.municipalityId,
        requestId,
      });
      return (await db.query.incident.findFirst({ where: eq(incident.id, id) }))!;
    },
  };
}
