import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { Lang, Table } from '../../domain/reports/report';
import { formatNumber } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { MunicipalityPicker } from './forms';

/**
 * The filter bar of the dashboard and the reports (a GET form): the municipality, the page's own
 * fields, the service level (answered within so many seconds) and `after` it; a note when the
 * account reaches no municipality.
 */
export function ReportFilters({
  label,
  className,
  municipalities,
  municipalityId,
  testId,
  serviceLevelSeconds,
  ownServiceLevelSeconds,
  children,
  after,
}: {
  label: string;
  className: string;
  municipalities: readonly { id: string; name: string }[];
  municipalityId: string | null;
  testId: string;
  /** The N asked for; none: the municipality's own (shown as the placeholder). */
  serviceLevelSeconds: number | undefined;
  ownServiceLevelSeconds?: number | undefined;
  children: ReactNode;
  after?: ReactNode;
}) {
  const { t } = useT();
  return (
    <>
      <Form method="get" className={className} aria-label={label}>
        <MunicipalityPicker municipalities={municipalities} value={municipalityId} testId={testId} />
        {children}
        <label>
          {t('dashboard.serviceLevelSeconds')}
          <input
            name="sl"
            type="number"
            min={5}
            max={3600}
            step={1}
            defaultValue={serviceLevelSeconds ?? ''}
            placeholder={ownServiceLevelSeconds === undefined ? undefined : String(ownServiceLevelSeconds)}
            style={{ width: '7em' }}
          />
        </label>
        {after}
        <button className="button" type="submit">
          {t('common.show')}
        </button>
      </Form>
      {municipalities.length === 0 ? <p className="card muted">{t('dashboard.noMunicipality')}</p> : null}
    </>
  );
}

const none: Record<Lang, string> = { ja: 'なし', en: 'None' };

/** One report as HTML tables: the same tables as the CSV, XLSX and PDF, in the report's language `lang`. */
/** A table of figures under its title (screen and print styles: `.report-table`). */
export function ReportSection({ title, testId, children }: { title: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <section className="report-table" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function ReportTables({ tables, lang }: { tables: readonly Table[]; lang: Lang }) {
  return (
    <>
      {tables.map((t) => (
        <ReportSection key={t.key} title={t.title} testId={`report-table-${t.key}`}>
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
                    {none[lang]}
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
                          {v === null ? '–' : typeof v === 'number' ? formatNumber(v, lang) : v}
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
        </ReportSection>
      ))}
    </>
  );
}
