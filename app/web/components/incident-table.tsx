/**
 * The incident / complaint log as a table: what happened, its status, and the escalation —
 * who at the town was notified, when, and by whom; who acknowledged it and when.
 */
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import { FilterForm, FilterSelect, type Option, PeriodFields } from './forms';
import { RecordsTable } from './records-table';

export interface IncidentRow {
  id: string;
  municipality: string;
  kind: string;
  severity: string;
  high: boolean;
  summary: string;
  status: 'open' | 'escalated' | 'resolved';
  statusLabel: string;
  reportedAt: string;
  reportedBy: string;
  escalatedAt: string | null;
  escalatedBy: string | null;
  notified: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

export function IncidentTable({ rows, actions }: { rows: IncidentRow[]; actions?: (row: IncidentRow) => ReactNode }) {
  const { t } = useT();
  return (
    <RecordsTable
      testId="incidents"
      rows={rows}
      rowProps={(r) => ({ 'data-incident-id': r.id, 'data-testid': 'incident-row' })}
      empty={t('incidents.none')}
      columns={[
        {
          header: t('incidents.reported'),
          cell: (r) => (
            <>
              {r.reportedAt}
              <div className="muted">{r.municipality}</div>
              <div className="muted">
                {t('incidents.by')}: {r.reportedBy}
              </div>
            </>
          ),
        },
        {
          header: t('incidents.whatHappened'),
          cell: (r) => (
            <>
              <div>
                {r.kind} ·{' '}
                {r.high ? (
                  <strong>{t('incidents.severityIs', { severity: r.severity })}</strong>
                ) : (
                  t('incidents.severityIs', { severity: r.severity })
                )}
              </div>
              <div style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</div>
            </>
          ),
        },
        {
          header: t('common.status'),
          cell: (r) => (
            <>
              <span className={`admin-badge ${r.status === 'resolved' ? 'open' : r.status === 'escalated' ? 'warn' : ''}`}>
                {r.statusLabel}
              </span>
              {r.resolvedAt ? (
                <div className="muted">
                  {r.resolvedAt} {r.resolution ? `— ${r.resolution}` : ''}
                </div>
              ) : null}
            </>
          ),
        },
        {
          header: t('incidents.escalation'),
          cellProps: { 'data-testid': 'escalation' },
          cell: (r) =>
            r.escalatedAt ? (
              <>
                <div>
                  {t('incidents.notified')}: <strong data-testid="notified">{r.notified}</strong>
                </div>
                <div className="muted">
                  {r.escalatedAt} · {t('incidents.escalatedBy')}: {r.escalatedBy}
                </div>
                <div className="muted" data-testid="acknowledged">
                  {r.acknowledgedAt
                    ? t('incidents.acknowledged', { at: r.acknowledgedAt, by: r.acknowledgedBy ?? '—' })
                    : t('incidents.notAcknowledged')}
                </div>
              </>
            ) : (
              <span className="muted">{t('incidents.notEscalated')}</span>
            ),
        },
        actions && { header: t('incidents.actions'), cell: actions },
      ]}
    />
  );
}

/** Status / kind / period filters as a GET form (the address can be bookmarked and shared). */
export function IncidentFilters({
  values,
  statuses,
  kinds,
}: {
  values: { status: string; kind: string; from: string; to: string };
  statuses: Option[];
  kinds: Option[];
}) {
  const { t } = useT();
  return (
    <FilterForm label={t('incidents.filter')} submitLabel={t('incidents.filterSubmit')}>
      <FilterSelect id="f-status" name="status" label={t('common.status')} options={statuses} value={values.status} />
      <FilterSelect id="f-kind" name="kind" label={t('incidents.kindLabel')} options={kinds} value={values.kind} />
      <PeriodFields idPrefix="f" from={values.from} to={values.to} />
    </FilterForm>
  );
}

/** Next / first page links that keep the filters. */
export function FilteredPager({
  nextCursor,
  isFirst,
  filter,
}: {
  nextCursor: string | null;
  isFirst: boolean;
  filter: Record<string, string>;
}) {
  const { t } = useT();
  if (!nextCursor && isFirst) return null;
  const base = Object.entries(filter).filter(([, v]) => v);
  const search = (extra: [string, string][]) => `?${new URLSearchParams([...base, ...extra]).toString()}`;
  return (
    <nav className="admin-pager" aria-label={t('pager.pages')}>
      {!isFirst ? (
        <Link className="button secondary" to={{ search: search([]) }}>
          {t('pager.first')}
        </Link>
      ) : null}
      {nextCursor ? (
        <Link className="button secondary" to={{ search: search([['cursor', nextCursor]]) }}>
          {t('pager.next')}
        </Link>
      ) : null}
    </nav>
  );
}
