/**
 * Session history as staff, supervisors and operators read it: the list of sessions within the
 * caller's reach, and one session with its events in the order they happened. The live lifecycle of
 * a session (request, answer, end) is sessions.server.ts.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { schema, type Db, type SessionStatus } from '@madoguchi/db';
import { municipalityFilter, requirePermission, requireWithin } from '../auth/authorize.server';
import { newestFirst, periodOf, type Page, type Period } from '../platform/pagination';
import { problems } from '../platform/problems';
import type { AccountPrincipal } from '../auth/login.server';

const { session, sessionEvent } = schema;

/** The municipalities the actor may read with `need` (null = all); a role without it is refused (403). */
const scoped = (actor: AccountPrincipal, need: Parameters<typeof requirePermission>[1]) => municipalityFilter(requirePermission(actor, need));

export function createSessionHistory(db: Db) {
  return {
    async sessions(actor: AccountPrincipal, q: Page & Period & { boothId?: string | undefined; status?: SessionStatus | undefined }) {
      const ids = scoped(actor, 'read:session');
      return newestFirst(
        db,
        session,
        'requestedAt',
        q,
        ids ? inArray(session.municipalityId, [...ids]) : undefined,
        q.boothId ? eq(session.boothId, q.boothId) : undefined,
        q.status ? eq(session.status, q.status) : undefined,
        ...periodOf(session.requestedAt, q),
      );
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
  };
}

export type SessionHistory = ReturnType<typeof createSessionHistory>;
