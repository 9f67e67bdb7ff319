/**
 * The dashboard's charts (recharts). Browser-only and loaded lazily by the dashboard, so recharts
 * stays out of the server render and out of every other page's bundle.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SeriesPoint {
  name: string;
  answered: number;
  referredAtBooth: number;
  abandoned: number;
}

const series = [
  { key: 'answered', name: '応答 / Answered', color: '#1f5fa8' },
  { key: 'referredAtBooth', name: 'ブースで窓口案内 / Referred at booth', color: '#8a6d00' },
  { key: 'abandoned', name: '放棄 / Abandoned', color: '#b3261e' },
] as const;

/** `axis`: the x axis's name; `everyTick`: label every bar (the hours), not only those that fit. */
function Stacked({ data, title, testId, axis, everyTick = false }: { data: SeriesPoint[]; title: string; testId: string; axis: string; everyTick?: boolean }) {
  return (
    <figure className={`card${everyTick ? ' chart-wide' : ''}`} data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" fontSize={11} interval={everyTick ? 0 : 'preserveEnd'} label={{ value: axis, position: 'insideBottomRight', offset: -4, fontSize: 11 }} />
            <YAxis allowDecimals={false} fontSize={11} label={{ value: '件 / calls', angle: -90, position: 'insideLeft', fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="a" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export default function DashboardCharts({ byHour, byBooth }: { byHour: SeriesPoint[]; byBooth: SeriesPoint[] }) {
  return (
    <div className="charts">
      <Stacked data={byHour} title="時間帯別（期間・日本時間） / By hour of day (period, Japan time)" testId="chart-hour" axis="時 / hour" everyTick />
      <Stacked data={byBooth} title="ブース別（期間） / By booth (period)" testId="chart-booth" axis="ブース / booth" />
    </div>
  );
}
