import type { Table } from '../../domain/reports/report';

/** One report as HTML tables: the same tables as the CSV, XLSX and PDF. */
export function ReportTables({ tables }: { tables: readonly Table[] }) {
  return (
    <>
      {tables.map((t) => (
        <section key={t.key} className="report-table" data-testid={`report-table-${t.key}`}>
          <h2>{t.title}</h2>
          <table>
            <thead>
              <tr>
                {t.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.length === 0 ? (
                <tr>
                  <td colSpan={t.columns.length} className="muted">
                    なし / None
                  </td>
                </tr>
              ) : (
                t.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, k) =>
                      k === 0 ? (
                        <th key={k} scope="row" className={t.key === '分析' ? 'pre' : undefined}>
                          {v}
                        </th>
                      ) : (
                        <td key={k} className={typeof v === 'number' ? 'num' : t.key === '分析' ? 'pre' : undefined}>
                          {v === null ? '–' : typeof v === 'number' ? v.toLocaleString('ja-JP') : v}
                        </td>
                      ),
                    )}
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {t.notes?.length ? (
            <ul className="notes">
              {t.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </>
  );
}
