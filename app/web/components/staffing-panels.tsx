/**
 * Staffing on the supervisor overview and the town's dashboard: the breach banner (fewer on duty
 * than the minimum windows ask, shown at once), the lines (required vs on duty) and the service
 * level today and in the current 30-minute interval, each with its definition underneath.
 * Load with `context.app.staffing.live(account)` and `.serviceNow(account)`.
 */
import { serviceLevelDefinition } from '../../domain/reports/report';
import type { StaffingService } from '../../server/staffing/staffing.server';
import { formatShortDateTime, formatTime } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { DataTable, num } from './records-table';

type Serialised<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Serialised<T[K]> } : T;
export type StaffingLines = Serialised<Awaited<ReturnType<StaffingService['live']>>>;
export type ServiceNow = Serialised<Awaited<ReturnType<StaffingService['serviceNow']>>>;

const pc = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10} %`);
const sec = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${Math.round(ms / 100) / 10} s`);

export function StaffingBanner({ lines }: { lines: StaffingLines }) {
  const { t, language } = useT();
  const short = lines.filter((l) => l.short);
  if (short.length === 0) return null;
  return (
    <section className="admin-alert" role="alert" data-testid="staffing-banner" aria-labelledby="staffing-banner-title">
      <h2 id="staffing-banner-title">{t('staffing.breachTitle', { count: short.length })}</h2>
      <ul>
        {short.map((l) => (
          <li key={l.municipalityId} data-testid="staffing-breach" data-municipality-id={l.municipalityId}>
            {t('staffing.breachLine', {
              municipality: l.municipalityName,
              required: l.required,
              onDuty: l.onDuty,
              basis: t(`staffing.basis.${l.basis}`),
            })}
            {l.breachSince ? t('staffing.breachSince', { time: formatShortDateTime(l.breachSince, language) }) : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function StaffingLinesTable({ lines }: { lines: StaffingLines }) {
  const { t } = useT();
  if (lines.length === 0) return null;
  return (
    <>
      <h2>{t('staffing.staffingTitle')}</h2>
      <DataTable
        className="card"
        testId="staffing-lines"
        rows={lines}
        rowKey={(l) => l.municipalityId}
        rowProps={(l) => ({ 'data-short': l.short ? 'true' : 'false' })}
        columns={[
          { header: t('common.municipality'), rowHeader: true, cell: (l) => l.municipalityName },
          { header: t('staffing.required'), cellProps: num, cell: (l) => (l.open ? l.required : t('staffing.closed')) },
          { header: t('staffing.onDuty'), cellProps: { ...num, 'data-testid': 'on-duty' }, cell: (l) => l.onDuty },
          {
            header: t('common.status'),
            cell: (l) => (l.open ? l.short ? <strong>{t('staffing.short')}</strong> : t('staffing.enough') : '—'),
          },
        ]}
      />
      <p className="notes">{t('staffing.onDutyNote')}</p>
    </>
  );
}

export function ServiceLevelTable({ service }: { service: ServiceNow }) {
  const { t, language } = useT();
  // Towns with calls today (a national overview would otherwise list every town of the country).
  const busy = service.municipalities.filter((m) => m.today.offered + m.today.waiting + m.today.shortAbandoned > 0);
  type Figures = { serviceLevel: number | null; offered: number; asaMs: number | null; abandonRate: number | null };
  const rows: { key: string; name: string; goal: number | null; today: Figures; interval: Figures }[] = [
    ...busy.map((m) => ({ key: m.municipalityId, name: m.municipalityName, goal: m.goal, today: m.today, interval: m.interval })),
    ...(service.municipalities.length > 1
      ? [{ key: 'overall', name: t('staffing.overall'), goal: null, today: service.overall.today, interval: service.overall.interval }]
      : []),
  ];
  const interval = t('staffing.interval', { time: formatTime(service.intervalStart, language) });
  // One definition per distinct policy: most towns share the defaults.
  const policies = new Map<string, { serviceLevelSeconds: number; goal: number; abandonGraceSeconds: number; towns: string[] }>();
  for (const m of service.municipalities) {
    const key = `${m.serviceLevelSeconds}/${m.goal}/${m.abandonGraceSeconds}`;
    const p = policies.get(key) ?? {
      serviceLevelSeconds: m.serviceLevelSeconds,
      goal: m.goal,
      abandonGraceSeconds: m.abandonGraceSeconds,
      towns: [],
    };
    p.towns.push(m.municipalityName);
    policies.set(key, p);
  }
  return (
    <>
      <h2>{t('staffing.serviceTitle')}</h2>
      <DataTable
        className="card"
        testId="service-levels"
        rows={rows}
        rowKey={(r) => r.key}
        columns={[
          { header: t('common.municipality'), rowHeader: true, cell: (r) => r.name },
          { header: t('staffing.goal'), cellProps: num, cell: (r) => pc(r.goal) },
          {
            header: `${t('staffing.serviceLevel')}（${t('staffing.today')}）`,
            cellProps: { ...num, 'data-testid': 'sl-today' },
            cell: (r) => pc(r.today.serviceLevel),
          },
          { header: `${t('staffing.offered')}（${t('staffing.today')}）`, cellProps: num, cell: (r) => r.today.offered },
          { header: `${t('staffing.asa')}（${t('staffing.today')}）`, cellProps: num, cell: (r) => sec(r.today.asaMs) },
          { header: `${t('staffing.abandonRate')}（${t('staffing.today')}）`, cellProps: num, cell: (r) => pc(r.today.abandonRate) },
          { header: `${t('staffing.serviceLevel')}（${interval}）`, cellProps: num, cell: (r) => pc(r.interval.serviceLevel) },
          { header: `${t('staffing.offered')}（${interval}）`, cellProps: num, cell: (r) => r.interval.offered },
        ]}
      />
      {service.occupancy ? (
        <p data-testid="occupancy">
          {t('staffing.occupancy', { today: pc(service.occupancy.today.occupancy), interval: pc(service.occupancy.interval.occupancy) })}
        </p>
      ) : null}
      <ul className="notes">
        {/* Each town's own definition: the numbers may differ from town to town. */}
        {[...policies.entries()].map(([key, p]) => (
          <li key={key}>
            {policies.size > 1 ? `${p.towns.length > 3 ? `${p.towns.slice(0, 3).join('、')}…` : p.towns.join('、')}: ` : ''}
            {serviceLevelDefinition(p)[language]}
          </li>
        ))}
        {service.municipalities.length > 1 ? <li>{t('staffing.overallNote')}</li> : null}
        {service.occupancy ? <li>{t('staffing.occupancyNote')}</li> : null}
      </ul>
    </>
  );
}
