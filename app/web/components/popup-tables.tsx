/** The pop-up pages' tables: the events of a year, and the year plan (12 months × weekday / 土日祝 vs target). */
import type { ReactNode } from 'react';
import type { YearPlan } from '../../domain/popups/year-plan';
import { useT } from '../i18n/i18n';
import { DataTable, num } from './records-table';

export interface PopupListRow {
  id: string;
  state: 'planned' | 'agreed' | 'held' | 'reported';
  siteName: string;
  siteKind: 'mall' | 'community_centre' | 'care_home' | 'school' | 'other';
  days: { date: string; ranges: { start: string; end: string }[] }[];
  procedureNames: string;
  boothNames: string;
  agreedAt: string | null;
  sessions: number;
}

export const hoursText = (day: PopupListRow['days'][number]) => day.ranges.map((r) => `${r.start}–${r.end}`).join(', ');

export function PopupList({
  rows,
  caption,
  actions,
}: {
  rows: readonly PopupListRow[];
  caption: string;
  actions?: (row: PopupListRow) => ReactNode;
}) {
  const { t } = useT();
  return (
    <section className="card" aria-label={caption}>
      <h2>{caption}</h2>
      <DataTable
        testId="popup-list"
        rows={rows}
        rowProps={(r) => ({ 'data-popup-id': r.id, 'data-state': r.state })}
        empty={t('popups.none')}
        columns={[
          {
            header: t('popups.dates'),
            cell: (r) => (
              <ul className="admin-plain">
                {r.days.map((d) => (
                  <li key={d.date}>
                    {d.date} {hoursText(d)}
                  </li>
                ))}
              </ul>
            ),
          },
          {
            header: t('popups.site'),
            rowHeader: true,
            cell: (r) => (
              <>
                {r.siteName}
                <br />
                <span className="muted">{t(`popups.kinds.${r.siteKind}`)}</span>
              </>
            ),
          },
          { header: t('popups.procedures'), cell: (r) => r.procedureNames },
          { header: t('popups.booths'), cell: (r) => r.boothNames || '—' },
          {
            header: t('popups.state'),
            cell: (r) => (
              <span data-testid="popup-state">
                {t(`popups.stateLabels.${r.state}`)}
                {r.agreedAt ? <span className="muted"> ({r.agreedAt})</span> : null}
              </span>
            ),
          },
          { header: t('popups.sessions'), cell: (r) => r.sessions, cellProps: { ...num, 'data-testid': 'popup-sessions' } },
          actions ? { header: t('popups.actions'), cell: actions } : null,
        ]}
      />
    </section>
  );
}

export function YearPlanTable({ plan, municipality }: { plan: YearPlan; municipality: string }) {
  const { t } = useT();
  const cell = (n: number, agreed: number, short: number) => (
    <>
      {n} <span className="muted">({agreed})</span>
      {short > 0 ? <span className="danger-text"> −{short}</span> : null}
    </>
  );
  return (
    <section className="card" aria-labelledby="year-plan-title">
      <h2 id="year-plan-title">{t('popups.yearPlanTitle', { year: plan.year, municipality })}</h2>
      <p className="muted">{t('popups.yearPlanIntro', { weekday: plan.target.weekday, holiday: plan.target.holiday })}</p>
      <DataTable
        testId="popup-year-plan"
        rows={plan.months}
        rowKey={(m) => m.month}
        columns={[
          { header: t('popups.month'), rowHeader: true, cell: (m) => m.month },
          { header: t('popups.weekday'), cell: (m) => cell(m.weekday, m.agreedWeekday, m.weekdayShort), cellProps: num },
          { header: t('popups.holiday'), cell: (m) => cell(m.holiday, m.agreedHoliday, m.holidayShort), cellProps: num },
        ]}
        footer={
          <tr>
            <th scope="row">{t('popups.total')}</th>
            <td className="num">
              {plan.total.weekday} <span className="muted">({plan.total.agreedWeekday})</span>
            </td>
            <td className="num">
              {plan.total.holiday} <span className="muted">({plan.total.agreedHoliday})</span>
            </td>
          </tr>
        }
      />
    </section>
  );
}
