/**
 * The dashboard's charts (recharts). Browser-only and loaded lazily by the dashboard, so recharts
 * stays out of the server render and out of every other page's bundle.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../i18n/i18n';

export interface SeriesPoint {
  name: string;
  answered: number;
  referredAtBooth: number;
  abandoned: number;
}

const series = [
  { key: 'answered', name: 'dashboard.answered', color: '#1f5fa8' },
  { key: 'referredAtBooth', name: 'dashboard.referredAtBooth', color: '#8a6d00' },
  { key: 'abandoned', name: 'dashboard.abandoned', color: '#b3261e' },
] as const;

/** `axis`: the x axis's name; `everyTick`: label every bar (the hours), not only those that fit. */
function Stacked({
  data,
  title,
  testId,
  axis,
  everyTick = false,
}: {
  data: SeriesPoint[];
  title: string;
  testId: string;
  axis: string;
  everyTick?: boolean;
}) {
  const { t } = useT();
  return (
    <figure className={`card${everyTick ? ' chart-wide' : ''}`} data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="name"
              fontSize={11}
              interval={everyTick ? 0 : 'preserveEnd'}
              label={{ value: axis, position: 'insideBottomRight', offset: -4, fontSize: 11 }}
            />
            <YAxis
              allowDecimals={false}
              fontSize={11}
              label={{ value: t('charts.calls'), angle: -90, position: 'insideLeft', fontSize: 11 }}
            />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={t(s.name)} stackId="a" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export default function DashboardCharts({ byHour, byBooth }: { byHour: SeriesPoint[]; byBooth: SeriesPoint[] }) {
  const { t } = useT();
  return (
    <div className="charts">
      <Stacked data={byHour} title={t('charts.byHour')} testId="chart-hour" axis={t('charts.hour')} everyTick />
      <Stacked data={byBooth} title={t('charts.byBooth')} testId="chart-booth" axis={t('charts.booth')} />
    </div>
  );
}
