/**
 * The incident / complaint log as a table: what happened, its status, and the escalation —
 * who at the town was notified, when, and by whom; who acknowledged it and when.
 */
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { FilterForm, FilterSelect, PeriodFields, type Option } from './forms';

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
  if (rows.length === 0) return <p className="card muted">該当する記録はありません / No records.</p>;
  return (
    <div className="card admin-table">
      <table data-testid="incidents">
        <thead>
          <tr>
            <th scope="col">受付 / Reported</th>
            <th scope="col">内容 / What happened</th>
            <th scope="col">状態 / Status</th>
            <th scope="col">自治体への報告 / Escalation</th>
            {actions ? <th scope="col">操作 / Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-incident-id={r.id} data-testid="incident-row">
              <td>
                {r.reportedAt}
                <div className="muted">{r.municipality}</div>
                <div className="muted">記録 / By: {r.reportedBy}</div>
              </td>
              <td>
                <div>
                  {r.kind} · {r.high ? <strong>重要度 {r.severity}</strong> : <>重要度 {r.severity}</>}
                </div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</div>
              </td>
              <td>
                <span className={`admin-badge ${r.status === 'resolved' ? 'open' : r.status === 'escalated' ? 'warn' : ''}`}>{r.statusLabel}</span>
                {r.resolvedAt ? (
                  <div className="muted">
                    {r.resolvedAt} {r.resolution ? `— ${r.resolution}` : ''}
                  </div>
                ) : null}
              </td>
              <td data-testid="escalation">
                {r.escalatedAt ? (
                  <>
                    <div>
                      連絡先 / Notified: <strong data-testid="notified">{r.notified}</strong>
                    </div>
                    <div className="muted">
                      {r.escalatedAt} · 報告者 / By: {r.escalatedBy}
                    </div>
                    <div className="muted" data-testid="acknowledged">
                      {r.acknowledgedAt ? `確認済み / Acknowledged: ${r.acknowledgedAt} · ${r.acknowledgedBy}` : '未確認 / Not yet acknowledged'}
                    </div>
                  </>
                ) : (
                  <span className="muted">未報告 / Not escalated</span>
                )}
              </td>
              {actions ? <td>{actions(r)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
  return (
    <FilterForm label="絞り込み / Filter" submitLabel="絞り込む / Filter">
      <FilterSelect id="f-status" name="status" label="状態 / Status" options={statuses} value={values.status} />
      <FilterSelect id="f-kind" name="kind" label="種別 / Kind" options={kinds} value={values.kind} />
      <PeriodFields idPrefix="f" from={values.from} to={values.to} />
    </FilterForm>
  );
}

/** Next / first page links that keep the filters. */
export function FilteredPager({ nextCursor, isFirst, filter }: { nextCursor: string | null; isFirst: boolean; filter: Record<string, string> }) {
  if (!nextCursor && isFirst) return null;
  const base = Object.entries(filter).filter(([, v]) => v);
  const search = (extra: [string, string][]) => `?${new URLSearchParams([...base, ...extra]).toString()}`;
  return (
    <nav className="admin-pager" aria-label="ページ / Pages">
      {!isFirst ? (
        <Link className="button secondary" to={{ search: search([]) }}>
          最初のページ / First page
        </Link>
      ) : null}
      {nextCursor ? (
        <Link className="button secondary" to={{ search: search([['cursor', nextCursor]]) }}>
          次のページ / Next page
        </Link>
      ) : null}
    </nav>
  );
}
