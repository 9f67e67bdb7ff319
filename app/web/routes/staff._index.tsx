import { lazy, Suspense, useEffect, useState } from 'react';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { outcomeColumns, type SessionFigures } from '../../domain/reports/aggregate';
import { columnLabels, percent, procedureLabel, seconds } from '../../domain/reports/report';
import { reachOf } from '../../domain/permissions';
import { OutageBanner } from '../components/outage-banner';
import { reportMunicipalities, serviceLevelOf } from '../components/reports-data.server';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';
import reportsCss from '../reports.css?url';
import { FormAlert, TownPicker } from '../components/forms';

export const meta: MetaFunction = () => [{ title: 'ダッシュボード | Madoguchi' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reportsCss }];

const Charts = lazy(() => import('../components/dashboard-charts.client'));

type Card = { label: string; today: string; period: string; testId: string };

const n = (v: number) => v.toLocaleString('ja-JP');
const s = (ms: number | null) => (ms === null ? '–' : `${seconds(ms)} 秒`);
const pc = (r: number | null) => (r === null ? '–' : `${percent(r)} %`);

function cards(today: SessionFigures, period: SessionFigures): Card[] {
  const row = (label: string, testId: string, f: (x: SessionFigures) => string): Card => ({ label, testId, today: f(today), period: f(period) });
  return [
    row('セッション / Sessions', 'sessions', (x) => n(x.totals.sessions)),
    row('応答 / Answered', 'answered', (x) => n(x.totals.answered)),
    row('完了 / Completed', 'completed', (x) => n(x.totals.completed)),
    row('ブースで窓口案内 / Referred at booth', 'referred-booth', (x) => n(x.totals.referredAtBooth)),
    row('オペレーターが窓口案内 / Referred by operator', 'referred-operator', (x) => n(x.totals.referredByOperator)),
    row('放棄 / Abandoned', 'abandoned', (x) => n(x.totals.abandoned)),
    row('平均待ち時間 / Average wait', 'avg-wait', (x) => s(x.queue.avgWaitMs)),
    row('95%待ち時間 / 95th pct wait', 'p95-wait', (x) => s(x.queue.p95WaitMs)),
    row('平均対応時間 / Average handling', 'avg-handling', (x) => s(x.queue.avgHandlingMs)),
    row(`サービスレベル（${period.queue.serviceLevelSeconds}秒） / Service level`, 'service-level', (x) => pc(x.queue.serviceLevel)),
    row('放棄率 / Abandon rate', 'abandon-rate', (x) => pc(x.queue.abandonRate)),
  ];
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:report');
  const url = new URL(request.url);
  const municipalities = await reportMunicipalities(context, account);
  const municipalityId = url.searchParams.get('municipalityId') || municipalities[0]?.id || null;
  const filters = {
    from: url.searchParams.get('from') || '',
    to: url.searchParams.get('to') || '',
    boothId: url.searchParams.get('boothId') || '',
    sl: serviceLevelOf(url.searchParams.get('sl')),
  };
  const base = { municipalities, municipalityId, filters };
  if (!municipalityId) return { ...base, error: null, view: null };
  const result = await formProblem(() =>
    context.app.reports.dashboard(account, {
      municipalityId,
      from: filters.from || undefined,
      to: filters.to || undefined,
      boothId: filters.boothId || undefined,
      serviceLevelSeconds: filters.sl,
    }),
  );
  if (!result.ok) return { ...base, error: result.error, view: null };
  const d = result.value;
  const boothIds = new Set(d.booths.map((b) => b.id));
  const offline = reachOf(account, 'read:diagnostics') ? (await context.app.boothHealth.offlineInOpening(account)).filter((b) => boothIds.has(b.boothId)) : [];
  const boothName = new Map(d.booths.map((b) => [b.id, b.name]));
  const p = d.period.figures;
  const point = (name: string, c: { answered: number; referredAtBooth: number; abandoned: number }) => ({ name, answered: c.answered, referredAtBooth: c.referredAtBooth, abandoned: c.abandoned });
  return {
    ...base,
    error: null,
    view: {
      municipalityName: d.municipality.name,
      booths: d.booths,
      today: d.today.date,
      period: { from: d.period.fromDate, to: d.period.toDate },
      offline: offline.map((b) => ({ ...b, since: b.since.toISOString() })),
      cards: cards(d.today.figures, p),
      outcomeColumns: outcomeColumns.map((c) => columnLabels[c].ja),
      procedures: p.byProcedureOutcome.map((r) => ({ label: procedureLabel(r.procedure, 'ja'), cells: outcomeColumns.map((c) => r.cells[c]), total: r.total })),
      columnTotals: outcomeColumns.map((c) => p.columnTotals[c]),
      total: p.totals.sessions,
      boothRows: p.byUnit.map((u) => ({ name: boothName.get(u.unit) ?? u.unit, ...u, today: d.today.figures.byUnit.find((t) => t.unit === u.unit)?.sessions ?? 0 })),
      uptimeToday: d.today.uptime?.map((u) => ({ name: u.boothName, ratio: u.ratio, outages: u.outages.length })) ?? null,
      // Every hour the booths are open, and any hour with a session (a 24-hour booth's 04:00 calls too).
      byHour: d.period.hours.map((hour) => point(String(hour).padStart(2, '0'), p.byHour[hour]!)),
      byBooth: p.byUnit.map((u) => point(boothName.get(u.unit) ?? u.unit, u)),
      serviceLevelSeconds: p.queue.serviceLevelSeconds,
    },
  };
}

/** Recharts only after hydration: the server render shows the tables, the browser adds the charts. */
function ClientCharts(props: Parameters<typeof Charts>[0]) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return (
    <Suspense fallback={<p className="muted">グラフを読み込み中 / Loading charts…</p>}>
      <Charts {...props} />
    </Suspense>
  );
}

/** Per municipality: today and a period (default this month), by procedure, outcome, booth and hour. */
export default function StaffDashboard() {
  const { municipalities, municipalityId, filters, error, view } = useLoaderData<typeof loader>();
  return (
    <main className="page">
      <h1>ダッシュボード / Dashboard{view ? ` — ${view.municipalityName}` : ''}</h1>
      {view ? <OutageBanner booths={view.offline} /> : null}
      <Form method="get" className="filters" aria-label="絞り込み / Filters">
        <TownPicker towns={municipalities} value={municipalityId} testId="dashboard-municipality" />
        <label>
          期間の開始 / From
          <input type="date" name="from" defaultValue={filters.from} />
        </label>
        <label>
          期間の終了 / To
          <input type="date" name="to" defaultValue={filters.to} />
        </label>
        <label>
          ブース / Booth
          <select name="boothId" defaultValue={filters.boothId}>
            <option value="">すべて / All</option>
            {view?.booths.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          サービスレベル（秒） / Service level (s)
          <input name="sl" type="number" min={5} max={3600} step={1} defaultValue={filters.sl} style={{ width: '7em' }} />
        </label>
        <button className="button" type="submit">
          表示 / Show
        </button>
      </Form>
      {municipalities.length === 0 ? <p className="card muted">表示できる自治体がありません / No municipality to show.</p> : null}
      <FormAlert message={error} testId="dashboard-error" />
      {view ? (
        <>
          <section className="report-table">
            <h2>
              本日（{view.today}）と期間（{view.period.from}〜{view.period.to}） / Today and the period
            </h2>
            <table data-testid="dashboard-cards">
              <thead>
                <tr>
                  <th scope="col">項目 / Figure</th>
                  <th scope="col">本日 / Today</th>
                  <th scope="col">期間 / Period</th>
                </tr>
              </thead>
              <tbody>
                {view.cards.map((c) => (
                  <tr key={c.testId} data-testid={`figure-${c.testId}`}>
                    <th scope="row">{c.label}</th>
                    <td className="num" data-testid="today">
                      {c.today}
                    </td>
                    <td className="num" data-testid="period">
                      {c.period}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="notes">
              待ち時間・サービスレベル・放棄率は応答と放棄（着信）について。サービスレベルは{view.serviceLevelSeconds}秒以内の応答の割合 / Wait, service level and abandon rate are over offered calls
              (answered + abandoned); service level = answered within {view.serviceLevelSeconds} s. 日時は日本時間 / Japan time.
            </p>
          </section>

          <ClientCharts byHour={view.byHour} byBooth={view.byBooth} />
          <details className="report-table">
            <summary>時間帯別の数値 / By hour of day, as a table</summary>
            <table data-testid="hour-table">
              <thead>
                <tr>
                  <th scope="col">時（日本時間） / Hour (JST)</th>
                  <th scope="col">応答 / Answered</th>
                  <th scope="col">ブースで窓口案内 / Referred at booth</th>
                  <th scope="col">放棄 / Abandoned</th>
                </tr>
              </thead>
              <tbody>
                {view.byHour.map((h) => (
                  <tr key={h.name} data-hour={h.name}>
                    <th scope="row">{h.name}:00</th>
                    <td className="num">{h.answered}</td>
                    <td className="num">{h.referredAtBooth}</td>
                    <td className="num">{h.abandoned}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>

          <section className="report-table">
            <h2>手続 × 結果（期間） / Procedure × outcome (period)</h2>
            <table data-testid="dashboard-procedures">
              <thead>
                <tr>
                  <th scope="col">手続 / Procedure</th>
                  {view.outcomeColumns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                  <th scope="col">計 / Total</th>
                </tr>
              </thead>
              <tbody>
                {view.procedures.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    {r.cells.map((v, i) => (
                      <td key={i} className="num">
                        {v}
                      </td>
                    ))}
                    <td className="num">{r.total}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">計 / Total</th>
                  {view.columnTotals.map((v, i) => (
                    <td key={i} className="num">
                      {v}
                    </td>
                  ))}
                  <td className="num">{view.total}</td>
                </tr>
              </tbody>
            </table>
          </section>

          <section className="report-table">
            <h2>ブース別（期間） / By booth (period)</h2>
            <table data-testid="dashboard-booths">
              <thead>
                <tr>
                  <th scope="col">ブース / Booth</th>
                  <th scope="col">本日 / Today</th>
                  <th scope="col">期間 / Period</th>
                  <th scope="col">応答 / Answered</th>
                  <th scope="col">窓口案内 / Referred at booth</th>
                  <th scope="col">放棄 / Abandoned</th>
                  <th scope="col">平均待ち / Avg wait</th>
                  <th scope="col">平均対応 / Avg handling</th>
                  {view.uptimeToday ? <th scope="col">本日の稼働率 / Uptime today</th> : null}
                </tr>
              </thead>
              <tbody>
                {view.boothRows.map((b) => (
                  <tr key={b.unit}>
                    <th scope="row">{b.name}</th>
                    <td className="num">{b.today}</td>
                    <td className="num">{b.sessions}</td>
                    <td className="num">{b.answered}</td>
                    <td className="num">{b.referredAtBooth}</td>
                    <td className="num">{b.abandoned}</td>
                    <td className="num">{s(b.avgWaitMs)}</td>
                    <td className="num">{s(b.avgHandlingMs)}</td>
                    {view.uptimeToday ? <td className="num">{pc(view.uptimeToday.find((u) => u.name === b.name)?.ratio ?? null)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </main>
  );
}
