/**
 * Session history as staff, supervisors and operators read it: the list of sessions within the
 * caller's reach, and one session with its events in the order they happened. The live lifecycle of
 * a session (request, answer, end) is sessions.server.ts.
 */

import { type Db, type SessionStatus, schema } from '@madoguchi/db';
import { asc, eq } from 'drizzle-orm';
import { municipalityIn, readableMunicipalities, requirePermission, requireWithin } from '../auth/authorize.server';
import type { AccountPrincipal } from '../auth/login.server';
import { matching, newestFirst, type Page, type Period } from '../platform/pagination';
import { problems } from '../platform/problems';

const { session, sessionEvent } = schema;

export function createSessionHistory(db: Db) {
  return {
    async sessions(actor: AccountPrincipal, q: Page & Period & { boothId?: string | undefined; status?: SessionStatus | undefined }) {
      const reach = municipalityIn(readableMunicipalities(actor, 'read:session'), session.municipalityId);
      return newestFirst(db, session, 'requestedAt', q, reach, ...matching(session, { boothId: q.boothId, status: q.status }));
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
