/**
 * The tables of the staff, console and admin screens: a header row of column names, one row per
 * record, and what to say when there is none. Columns are data (a name and how a record fills its
 * cell), so a page writes what it shows, not the table's markup again.
 */
import type { ReactNode, TdHTMLAttributes } from 'react';

/** Attributes of a row or a cell beside its children: a class, data-* for tests and scripts. */
type Attributes = TdHTMLAttributes<HTMLTableCellElement> & Record<`data-${string}`, string | number | undefined>;

/** The cells of a column of counts, durations or ratios: right-aligned (`.num`). */
export const num: Attributes = { className: 'num' };

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** The column names its row: a `th scope="row"` (read first by screen readers). */
  rowHeader?: boolean;
  /** Attributes of the column's cells (`className: 'num'`, a test id), or of each record's cell. */
  cellProps?: Attributes | ((row: Row) => Attributes);
}

/** What tells the rows apart for React: the record's `id`, unless its rows have none or another one fits. */
type RowKey<Row> = Row extends { id: string | number }
  ? { rowKey?: (row: Row) => string | number }
  : { rowKey: (row: Row) => string | number };

interface TableProps<Row> {
  rowKey?: (row: Row) => string | number;
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  /** Attributes of a record's row (its id for tests, a status). */
  rowProps?: (row: Row) => Record<`data-${string}`, string | number | undefined>;
  testId?: string;
  className?: string;
  /** Rows after the records (a total). */
  footer?: ReactNode;
  /** No records: a row saying so (the table stays), else `empty` in place of the table. */
  emptyRow?: ReactNode;
  empty?: ReactNode;
  /** On a card of its own (`.admin-table` scrolls it sideways), `empty` on a card too. */
  card?: boolean;
}

export type DataTableProps<Row> = RowKey<Row> & Omit<TableProps<Row>, 'rowKey' | 'card'>;

function Table<Row>({ columns, rows, rowKey, rowProps, testId, className, footer, emptyRow, empty, card = false }: TableProps<Row>) {
  if (empty !== undefined && rows.length === 0) return <p className={card ? 'card muted' : 'muted'}>{empty}</p>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  const table = (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {shown.map((c, i) => (
            <th key={i} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {emptyRow !== undefined && rows.length === 0 ? (
          <tr>
            <td colSpan={shown.length} className="muted">
              {emptyRow}
            </td>
          </tr>
        ) : null}
        {rows.map((row) => (
          <tr key={rowKey ? rowKey(row) : (row as { id: string | number }).id} {...rowProps?.(row)}>
            {shown.map((c, i) => {
              const props = typeof c.cellProps === 'function' ? c.cellProps(row) : c.cellProps;
              return c.rowHeader ? (
                <th key={i} scope="row" {...props}>
                  {c.cell(row)}
                </th>
              ) : (
                <td key={i} {...props}>
                  {c.cell(row)}
                </td>
              );
            })}
          </tr>
        ))}
        {footer}
      </tbody>
    </table>
  );
  return card ? <div className="card admin-table">{table}</div> : table;
}

/** A table of records; a column given as `false` (one the account does not see) is left out. */
export function DataTable<Row>(props: DataTableProps<Row>) {
  return <Table {...(props as TableProps<Row>)} />;
}

/** A table of records on a card of its own (`.admin-table` scrolls it sideways); `empty` on a card when there is none. */
export function RecordsTable<Row>(props: DataTableProps<Row>) {
  return <Table {...(props as TableProps<Row>)} card />;
}

/** A cell's value with a muted line under it: who did it, where it applies. */
export function WithNote({ note, children }: { note: ReactNode; children: ReactNode }) {
  return (
    <>
      {children}
      <div className="muted">{note}</div>
    </>
  );
}

/** A section under its heading (`id` ties them for screen readers): the pages' cards and lists. */
export function TitledSection({
  id,
  title,
  className,
  testId,
  children,
}: {
  id: string;
  title: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section className={className} aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
