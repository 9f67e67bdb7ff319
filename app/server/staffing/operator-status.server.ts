/**
 * Operators' status over time: operator_presence holds the current status (what a restart
 * restores), operator_status_interval the history (a row per change) that adherence and
 * occupancy are measured on (app/domain/staffing). Both are written in one batch.
 */
import { type Db, type OperatorStatus, schema } from '@madoguchi/db';
import { and, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';

const { operatorPresence, operatorStatusInterval } = schema;

/**
 * The operator's status from `since`: the current row, and the history — the open interval is
 * closed at `since` and a new one opened, unless the status did not change (then the history is
 * left as it is: a repeated decision adds nothing).
 */
export async function recordOperatorStatus(db: Db, accountId: string, status: OperatorStatus, since: Date): Promise<void> {
  await db.batch([
    db
      .insert(operatorPresence)
      .values({ accountId, status, since })
      .onConflictDoUpdate({ target: operatorPresence.accountId, set: { status, since } }),
    db
      .update(operatorStatusInterval)
      .set({ endedAt: since })
      .where(
        and(
          eq(operatorStatusInterval.accountId, accountId),
          isNull(operatorStatusInterval.endedAt),
          ne(operatorStatusInterval.status, status),
        ),
      ),
    db.run(sql`INSERT INTO operator_status_interval (account_id, status, started_at)
      SELECT ${accountId}, ${status}, ${since.getTime()}
      WHERE NOT EXISTS (SELECT 1 FROM operator_status_interval WHERE account_id = ${accountId} AND ended_at IS NULL)`),
  ]);
}

export interface StatusSpan {
  accountId: string;
  status: OperatorStatus;
  start: number;
  /** Clipped to the range asked for; an open interval ends at the range's end (or now, if earlier). */
  end: number;
}

/** Every status span overlapping [from, to), clipped to it; optionally only these operators. */
export async function statusSpans(
  db: Db,
  range: { from: Date; to: Date },
  now: Date,
  accountIds?: readonly string[],
): Promise<StatusSpan[]> {
  if (accountIds?.length === 0) return [];
  const rows = await db
    .select()
    .from(operatorStatusInterval)
    .where(
      and(
        lt(operatorStatusInterval.startedAt, range.to),
        or(isNull(operatorStatusInterval.endedAt), gt(operatorStatusInterval.endedAt, range.from)),
        // Only the operators asked for, in SQL (adherence asks for a week's grid, the report for one town's).
        accountIds ? inArray(operatorStatusInterval.accountId, [...accountIds]) : undefined,
      ),
    );
  const cap = Math.min(range.to.getTime(), now.getTime());
  return rows
    .map((r) => ({
      accountId: r.accountId,
      status: r.status,
      start: Math.max(r.startedAt.getTime(), range.from.getTime()),
      end: Math.min(r.endedAt?.getTime() ?? cap, range.to.getTime()),
    }))
    .filter((s) => s.end > s.start);
}
