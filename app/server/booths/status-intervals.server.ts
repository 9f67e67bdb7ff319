import { type Db, schema } from '@madoguchi/db';
import { and, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import type { StatusInterval } from '../../domain/uptime';

const { boothStatusInterval } = schema;

/** The booths' status intervals that overlap the range, by booth (every id has a list), 500 booths a query. */
export async function statusIntervalsOf(db: Db, boothIds: readonly string[], range: { from: Date; to: Date }) {
  const byBooth = new Map<string, StatusInterval[]>(boothIds.map((id) => [id, []]));
  for (let i = 0; i < boothIds.length; i += 500) {
    const ids = boothIds.slice(i, i + 500);
    const rows = await db
      .select({
        boothId: boothStatusInterval.boothId,
        status: boothStatusInterval.status,
        startedAt: boothStatusInterval.startedAt,
        endedAt: boothStatusInterval.endedAt,
      })
      .from(boothStatusInterval)
      .where(
        and(
          inArray(boothStatusInterval.boothId, ids),
          lt(boothStatusInterval.startedAt, range.to),
          or(isNull(boothStatusInterval.endedAt), gt(boothStatusInterval.endedAt, range.from)),
        ),
      );
    for (const r of rows) byBooth.get(r.boothId)?.push({ status: r.status, startedAt: r.startedAt, endedAt: r.endedAt });
  }
  return byBooth;
}
