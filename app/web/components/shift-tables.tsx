/**
 * The shift table's two tables (console.shifts): the week grid (operators × days) and the operators
 * planned per interval of one day. Data in, markup out; the route's loader shapes the data.
 */
import { Form, Link } from '@remix-run/react';
import type { PlannedVsRequired } from '../../domain/staffing/planned-vs-required';
import { timeOfMinute } from '../../domain/staffing/shifts';
import { useT } from '../i18n/i18n';
import type { Option } from './forms';
import { DataTable, num, TitledSection } from './records-table';

const range = (from: number, to: number) => `${timeOfMinute(from)}–${timeOfMinute(to)}`;
/** A count of operators or calls: at most two decimals (0.5, 1.33), integers as they are. */
const figure = (n: number) => String(Math.round(n * 100) / 100);

/** One cell: the shift's times, its break (minutes), the municipalities it covers, by name, and its adherence. */
export interface ShiftCell {
  times: string;
  breakTimes: number[] | null;
  municipalities: string[];
  /** Whole percent on duty of the planned time so far (null: not measured, or not for this reader). */
  adherence: number | null;
}

export interface WeekView {
  weekStart: string;
  canPlan: boolean;
  /** Monday first, each with its label (12/07（月）). */
  days: { date: string; label: string }[];
  rows: { accountId: string; displayName: string; cells: (ShiftCell | null)[] }[];
}

/**
 * Planned operators per interval of `day` for `municipalityId`, beside the required (forecast or
 * minimum windows; domain plannedVsRequired) and whether the interval is short.
 */
export interface PlannedView {
  day: string;
  municipalityId: string;
  intervals: PlannedVsRequired[];
  shortCount: number;
}

/** Operators × days: each cell the shift and its break, and (for planners) the link to that day's form. */
export function WeekTable({ page, query }: { page: WeekView; query: (over: Record<string, string | null>) => string }) {
  const { t } = useT();
  return (
    <div className="card admin-table">
      <table data-testid="shift-grid">
        <caption>{t('shifts.gridCaption', { date: page.weekStart })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('shifts.operator')}</th>
            {page.days.map((d) => (
              <th key={d.date} scope="col">
                {d.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.rows.length === 0 ? (
            <tr>
              <td colSpan={8}>{t('shifts.noOperators')}</td>
            </tr>
          ) : null}
          {page.rows.map((r) => (
            <tr key={r.accountId} data-testid="shift-row" data-operator={r.displayName}>
              <th scope="row">{r.displayName}</th>
              {r.cells.map((cell, i) => {
                const day = page.days[i]!;
                return (
                  <td key={day.date} data-date={day.date} data-testid="shift-cell">
                    {cell ? (
                      <>
                        <span data-testid="shift-times">{cell.times}</span>
                        {cell.breakTimes ? (
                          <>
                            <br />
                            <span className="muted">
                              {t('shifts.breakTime', { from: timeOfMinute(cell.breakTimes[0]!), to: timeOfMinute(cell.breakTimes[1]!) })}
                            </span>
                          </>
                        ) : null}
                        {cell.municipalities.length > 0 ? (
                          <>
                            <br />
                            <span className="muted">{cell.municipalities.join(t('common.listSeparator'))}</span>
                          </>
                        ) : null}
                        {cell.adherence !== null ? (
                          <>
                            <br />
                            <span data-testid="shift-adherence" data-adherence={cell.adherence}>
                              {t('shifts.adherenceValue', { percent: cell.adherence })}
                            </span>
                          </>
                        ) : null}
                      </>
                    ) : (
                      <span aria-hidden="true">—</span>
                    )}
                    {page.canPlan ? (
                      <>
                        <br />
                        <Link
                          to={query({ edit: `${r.accountId}_${day.date}`, day: day.date })}
                          aria-label={t(cell ? 'shifts.changeFor' : 'shifts.planFor', { name: r.displayName, date: day.label })}
                        >
                          {cell ? t('shifts.change') : t('shifts.plan')}
                        </Link>
                      </>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Operators planned per 30-minute interval of one day for one municipality beside the operators
 * required, what the requirement rests on (minimum window or forecast, with the forecast's calls),
 * and each interval planned below it marked in words (不足 / Short), not by colour alone.
 */
export function PlannedTable({
  page,
  planned,
}: {
  page: Pick<WeekView, 'weekStart' | 'days'> & { municipalities: readonly Option[] };
  planned: PlannedView;
}) {
  const { t } = useT();
  return (
    <TitledSection id="shift-planned-title" title={t('shifts.plannedTitle')} className="card admin-section">
      <p className="muted">{t('shifts.plannedIntro')}</p>
      <p className="muted">{t('shifts.requiredIntro')}</p>
      <Form method="get" aria-label={t('shifts.plannedFilter')} style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'end' }}>
        <input type="hidden" name="week" value={page.weekStart} />
        <div className="admin-field">
          <label htmlFor="planned-day">{t('shifts.day')}</label>
          <select id="planned-day" name="day" defaultValue={planned.day}>
            {page.days.map((d) => (
              <option key={d.date} value={d.date}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="admin-field">
          <label htmlFor="planned-municipality">{t('common.municipality')}</label>
          <select id="planned-municipality" name="municipalityId" defaultValue={planned.municipalityId}>
            {page.municipalities.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button className="button secondary" type="submit">
            {t('common.show')}
          </button>
        </p>
      </Form>
      <p data-testid="short-count" data-count={planned.shortCount}>
        {planned.shortCount > 0 ? <strong>{t('shifts.shortCount', { count: planned.shortCount })}</strong> : t('shifts.noShort')}
      </p>
      <DataTable
        testId="planned-intervals"
        rows={planned.intervals}
        rowKey={(i) => i.startMinute}
        rowProps={(i) => ({ 'data-start': timeOfMinute(i.startMinute), 'data-short': String(i.short) })}
        columns={[
          { header: t('shifts.interval'), rowHeader: true, cell: (i) => range(i.startMinute, i.endMinute) },
          { header: t('shifts.planned'), cellProps: { ...num, 'data-testid': 'planned' }, cell: (i) => figure(i.planned) },
          {
            header: t('shifts.required'),
            cellProps: (i) => ({ className: i.short ? 'num shift-short' : 'num', 'data-testid': 'required' }),
            cell: (i) => figure(i.required),
          },
          { header: t('shifts.basis'), cellProps: { 'data-testid': 'basis' }, cell: (i) => t(`shifts.basisOf.${i.basis}`) },
          { header: t('shifts.forecastCalls'), cellProps: num, cell: (i) => figure(i.calls) },
          {
            header: t('shifts.shortfall'),
            cellProps: { 'data-testid': 'shortfall' },
            cell: (i) =>
              i.short ? (
                <span className="admin-badge warn shift-short">{t('shifts.short', { missing: figure(i.required - i.planned) })}</span>
              ) : null,
          },
        ]}
      />
    </TitledSection>
  );
}
