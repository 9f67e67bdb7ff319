/** A session by id, as the services that act on one (calls, photos) load it: missing is a 404. */
import { type Db, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import type { BoothPrincipal } from '../booths/booth-auth.server';
import { problems } from '../platform/problems';

const { session } = schema;

export async function loadSession(db: Db, sessionId: string) {
  const row = await db.query.session.findFirst({ where: eq(session.id, sessionId) });
  if (!row) throw problems.sessionNotFound();
  return row;
}

/** The booth's own session: another booth's is reported as missing, so ids cannot be probed. */
export async function sessionForBooth(db: Db, principal: BoothPrincipal, sessionId: string) {
  const row = await loadSession(db, sessionId);
  if (row.boothId !== principal.boothId) throw problems.sessionNotFound();
  return row;
}
