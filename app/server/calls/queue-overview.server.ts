import { type Db, type Language, type OperatorStatus, type Procedure, schema } from '@madoguchi/db';
import { eq, inArray } from 'drizzle-orm';
import type { Offer, Operator, WaitingSession } from '../../domain/routing';

/** What the queue keeps about a waiting call besides its routing fields (names for the consoles). */
export interface SessionInfo {
  municipalityId: string;
  municipalityName: string;
  boothName: string;
  language: Language;
  procedure: Procedure | null;
  requestedAt: number;
  /** Checked in with a reservation: queued ahead of walk-ins (decision 0034). */
  reserved: boolean;
}

export interface OverviewCall {
  sessionId: string;
  municipalityName: string;
  boothName: string;
  language: Language;
  procedure: Procedure | null;
  /** When the resident asked, and when the operator answered (null while ringing). */
  requestedAt: string;
  answeredAt: string | null;
}

export interface OverviewOperator {
  id: string;
  displayName: string;
  status: OperatorStatus;
  since: string;
  /** End of timed after-call work. */
  until: string | null;
  languages: Language[];
  procedures: Procedure[];
  municipalities: string[];
  /** The call ringing, in progress, or in after-call work. */
  call: OverviewCall | null;
}

export interface Overview {
  generatedAt: string;
  queues: { municipalityId: string; municipalityName: string; waiting: number; longestWaitSeconds: number }[];
  /** Everyone not offline, by name. */
  operators: OverviewOperator[];
  offlineCount: number;
  activeSessions: { sessionId: string; operatorId: string; operatorName: string }[];
}

/**
 * The supervisor's live overview from the router's snapshot: queues per municipality, each
 * operator on duty or on break with their skills (languages, procedures, municipalities by name)
 * and the call they are on.
 */
export async function buildOverview(
  db: Db,
  snap: { operators: Operator[]; waiting: WaitingSession[]; offers: Offer[] },
  calls: ReadonlyMap<string, SessionInfo>,
  at: number,
): Promise<Overview> {
  const byMunicipality = new Map<string, Overview['queues'][number]>();
  for (const call of snap.waiting) {
    const info = calls.get(call.sessionId);
    const entry = byMunicipality.get(call.municipalityId) ?? {
      municipalityId: call.municipalityId,
      municipalityName: info?.municipalityName ?? call.municipalityId,
      waiting: 0,
      longestWaitSeconds: 0,
    };
    entry.waiting++;
    entry.longestWaitSeconds = Math.max(entry.longestWaitSeconds, Math.round((at - call.requestedAt) / 1000));
    byMunicipality.set(call.municipalityId, entry);
  }
  const present = snap.operators.filter((o) => o.status !== 'offline');
  const names = new Map(
    (await db.select({ id: schema.account.id, displayName: schema.account.displayName }).from(schema.account)).map((a) => [
      a.id,
      a.displayName,
    ]),
  );
  const municipalityNames = new Map(
    (await db.select({ id: schema.municipality.id, name: schema.municipality.name }).from(schema.municipality)).map((m) => [m.id, m.name]),
  );
  const sessionIds = present.flatMap((o) => (o.sessionId ? [o.sessionId] : []));
  const sessions = new Map<string, OverviewCall>();
  if (sessionIds.length > 0) {
    const rows = await db
      .select({
        sessionId: schema.session.id,
        municipalityName: schema.municipality.name,
        boothName: schema.booth.name,
        language: schema.session.language,
        procedure: schema.session.procedure,
        requestedAt: schema.session.requestedAt,
        answeredAt: schema.session.answeredAt,
      })
      .from(schema.session)
      .innerJoin(schema.booth, eq(schema.booth.id, schema.session.boothId))
      .innerJoin(schema.municipality, eq(schema.municipality.id, schema.session.municipalityId))
      .where(inArray(schema.session.id, sessionIds));
    for (const r of rows) {
      sessions.set(r.sessionId, {
        ...r,
        language: r.language ?? 'ja',
        requestedAt: r.requestedAt.toISOString(),
        answeredAt: r.answeredAt?.toISOString() ?? null,
      });
    }
  }
  const nameOf = (id: string) => names.get(id) ?? id;
  return {
    generatedAt: new Date(at).toISOString(),
    queues: [...byMunicipality.values()],
    operators: present
      .map((o) => ({
        id: o.id,
        displayName: nameOf(o.id),
        status: o.status,
        since: new Date(o.since).toISOString(),
        until: o.until === null ? null : new Date(o.until).toISOString(),
        languages: [...o.languages],
        procedures: [...o.procedures],
        municipalities: o.municipalityIds.map((id) => municipalityNames.get(id) ?? id).sort(),
        call: o.sessionId ? (sessions.get(o.sessionId) ?? null) : null,
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'ja')),
    offlineCount: snap.operators.length - present.length,
    activeSessions: present
      .filter((o) => o.status === 'on_call' && o.sessionId)
      .map((o) => ({ sessionId: o.sessionId!, operatorId: o.id, operatorName: nameOf(o.id) })),
  };
}
