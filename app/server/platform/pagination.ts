import { z } from '@hono/zod-openapi';
import type { Db } from '@madoguchi/db';
import { and, desc, eq, getTableColumns, gte, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { Problem } from './problems';

/** Keyset pagination over (time, id) descending: stable while rows are added, cheap at any depth. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Items per page (1–200)' }),
  cursor: z.string().max(200).optional().openapi({ description: 'The nextCursor of the previous page' }),
});

export interface Cursor {
  at: number;
  id: string;
}

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof at === 'number' &&
      Number.isSafeInteger(at) &&
      Math.abs(at) <= 8.64e15 &&
      (typeof id === 'string' || typeof id === 'number')
    ) {
      return { at, id: String(id) };
    }
  } catch {
    // fall through
  }
  throw new Problem(400, 'invalid_cursor', {
    ja: 'ページ指定（cursor）が正しくありません。最初のページから取得し直してください。',
    en: 'The cursor is invalid. Start again from the first page.',
  });
}

/** Rows fetched with limit + 1 → the page and the cursor of the next one. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => [Date, string | number]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? Buffer.from(JSON.stringify([key(last)[0].getTime(), key(last)[1]])).toString('base64url') : null;
  return { items, nextCursor };
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** The WHERE condition for "after this cursor" in (time desc, id desc) order. */
export function afterCursor(cursor: Cursor | null, time: SQLiteColumn, id: SQLiteColumn): SQL | undefined {
  if (!cursor) return undefined;
  const at = new Date(cursor.at);
  return or(lt(time, at), and(eq(time, at), lt(id, cursor.id)));
}

/** A page asked for by a list: its size and where the previous page ended. */
export interface Page {
  limit: number;
  cursor?: string | undefined;
}

type Row<T extends SQLiteTable> = T['$inferSelect'];
/** The columns of a table's rows that hold a (never null) instant: what a list can be ordered by. */
type TimeColumn<T extends SQLiteTable> = { [K in keyof Row<T>]: Row<T>[K] extends Date ? K : never }[keyof Row<T>] & string;

/**
 * One page of a keyset-paged list: the rows of `table` meeting every condition, with `time` in the
 * page's period if it gives one, newest first by (`time`, id), after the page's cursor. Conditions
 * are built (and reach checked) by the caller first.
 */
export async function newestFirst<T extends SQLiteTable & { id: SQLiteColumn }>(
  db: Db,
  table: T,
  time: TimeColumn<T>,
  page: Page & Period,
  ...conditions: (SQL | undefined)[]
) {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const at = columns[time]!;
  const rows = (await db
    .select()
    .from(table as SQLiteTable)
    .where(and(...conditions, ...periodOf(at, page), afterCursor(decodeCursor(page.cursor), at, table.id)))
    .orderBy(desc(at), desc(table.id))
    .limit(page.limit + 1)) as Row<T>[];
  return toPage(rows, page.limit, (r) => [r[time] as Date, (r as { id: string | number }).id]);
}
/** Equality conditions for the filters a list was given (spread into the conditions); an empty filter does not filter. */
export function matching<T extends SQLiteTable>(table: T, filters: { [K in keyof Row<T>]?: Row<T>[K] | undefined }) {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  return Object.entries(filters).map(([name, value]) => (value ? eq(columns[name]!, value) : undefined));
}

/** A period of instants (ISO strings), `from` included, `to` left out; either may be open. */
export interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

/** The conditions keeping `column` within the period (spread into `and(…)`). */
export const periodOf = (column: Parameters<typeof gte>[0], period: Period) => [
  period.from ? gte(column, new Date(period.from)) : undefined,
  period.to ? lt(column, new Date(period.to)) : undefined,
];
