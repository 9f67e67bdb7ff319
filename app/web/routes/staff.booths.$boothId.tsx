import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { boothCommandKinds } from '@madoguchi/db/vocabulary';
import { reachOf } from '../../domain/permissions';
import { orRespond, requireId } from '../components/route-data.server';
import {
  checkLabels,
  commandLabels,
  commandStatusLabels,
  deviceLabels,
  duration,
  jstTime,
  percent,
  reasonLabels,
  resultLabels,
  statusClass,
  statusStyle,
  statusLabels,
} from '../components/booth-health-labels';
import { usePolling } from '../components/use-polling';
import { FormAlert, FormNotice, parseForm } from '../components/forms';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.booth.name ?? 'ブース'} | ブース稼働 | Madoguchi` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:diagnostics');
  const id = requireId(params.boothId);
  const { boothHealth } = context.app;
  const [detail, commands] = await Promise.all([
    orRespond(() => boothHealth.detail(account, id)),
    orRespond(() => boothHealth.commands(account, id, 10)),
  ]);
  const h = detail.health;
  const outages = (u: typeof detail.month) => u.outages.map((o) => ({ start: o.start.toISOString(), end: o.end?.toISOString() ?? null, openMs: o.openMs }));
  return {
    booth: detail.booth,
    open: detail.open,
    canCommand: reachOf(account, 'write:diagnostics') !== null,
    status: h?.status ?? ('unknown' as const),
    since: h?.since.toISOString() ?? null,
    lastBeatAt: h?.lastBeatAt.toISOString() ?? null,
    appVersion: h?.appVersion ?? null,
    snapshot: h?.snapshot ?? null,
    today: { ratio: detail.today.ratio, openMs: detail.today.openMs, offlineMs: detail.today.offlineMs, unknownMs: detail.today.unknownMs },
    month: { ratio: detail.month.ratio, openMs: detail.month.openMs, offlineMs: detail.month.offlineMs, unknownMs: detail.month.unknownMs },
    outages: outages(detail.month).reverse(),
    commands: commands.map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      requestedBy: c.requestedBy,
      requestedAt: c.requestedAt.toISOString(),
      completedAt: c.completedAt?.toISOString() ?? null,
      result: (c.result ?? null) as { status?: string; error?: string; selfTest?: Record<string, Record<string, unknown>> } | null,
    })),
  };
}

/** A remote command's form: one button per kind, nothing typed. */
export const BoothCommandForm = z.object({ kind: z.enum(boothCommandKinds) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const submission = parseForm(await request.formData(), BoothCommandForm, {});
  // Only a hand-made request names another kind: refused before anything else.
  if (submission.status !== 'success') throw new Response('操作が正しく指定されていません / Unknown action.', { status: 400 });
  const { kind } = submission.value;
  const { account } = await requireUserWithPermission(request, context, 'write:diagnostics');
  const id = requireId(params.boothId);
  const result = await formProblem(() => context.app.boothHealth.requestCommand(account, id, kind, context.requestId));
  if (!result.ok) return data({ error: result.error, done: null }, { status: result.status });
  return { error: null, done: `${commandLabels[kind]}: 送信しました。次の通信でブースに届きます / Sent; the booth receives it with its next heartbeat.` };
}

/** Figures of one self-test check, e.g. "variance 312.5, 640×480". */
function figures(check: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof check.variance === 'number') parts.push(`分散 / variance ${check.variance}`);
  if (typeof check.width === 'number' && typeof check.height === 'number') parts.push(`${check.width}×${check.height}`);
  if (typeof check.rms === 'number') parts.push(`RMS ${check.rms}`);
  if (typeof check.played === 'boolean') parts.push(check.played ? '再生済み / played' : '未再生 / not played');
  if (typeof check.httpStatus === 'number') parts.push(`HTTP ${check.httpStatus}`);
  if (typeof check.ms === 'number') parts.push(`${check.ms} ms`);
  if (typeof check.rttMs === 'number') parts.push(`RTT ${check.rttMs} ms`);
  if (typeof check.samples === 'number') parts.push(`${check.samples} 回 / samples`);
  if (typeof check.error === 'string') parts.push(`エラー / error: ${check.error}`);
  return parts.join(', ');
}

export default function StaffBooth() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  usePolling(2_000);
  const s = d.snapshot;
  return (
    <main className="page">
      <p>
        <Link to="/staff/booths">← ブース稼働一覧 / All booths</Link>
      </p>
      <h1>
        {d.booth.name} <span className={statusClass[d.status]} style={statusStyle[d.status]} data-testid="booth-status">{statusLabels[d.status]}</span>
        {d.booth.maintenance ? <span className="admin-badge warn" data-testid="maintenance-badge">メンテナンス中 / Maintenance</span> : null}
      </h1>

      <section className="card admin-section">
        <dl className="admin-facts">
          <dt>受付 / Opening</dt>
          <dd>{d.open ? '受付時間内 / Open now' : '受付時間外 / Closed now'}</dd>
          <dt>状態の開始 / Status since</dt>
          <dd>{jstTime(d.since)}</dd>
          <dt>最終受信 / Last heartbeat</dt>
          <dd data-testid="last-beat">{jstTime(d.lastBeatAt)}</dd>
          <dt>アプリ / App version</dt>
          <dd>{d.appVersion ?? '—'}</dd>
          <dt>機器 / Devices</dt>
          <dd>
            {s
              ? `カメラ / Camera ${deviceLabels[String(s.camera)] ?? '—'}・マイク / Mic ${deviceLabels[String(s.microphone)] ?? '—'}・スピーカー / Speaker ${deviceLabels[String(s.speaker)] ?? '—'}・LiveKit ${deviceLabels[String(s.livekit)] ?? '—'}`
              : '—'}
          </dd>
          <dt>ネットワーク / Network</dt>
          <dd>
            {s
              ? [s.rttMs !== null ? `RTT ${s.rttMs} ms` : null, s.packetLoss !== null ? `損失 / loss ${(Number(s.packetLoss) * 100).toFixed(1)} %` : null, s.bitrateKbps !== null ? `${s.bitrateKbps} kbps` : null]
                  .filter(Boolean)
                  .join('・') || '—'
              : '—'}
          </dd>
          {s && typeof s.reasons === 'string' && s.reasons ? (
            <>
              <dt>低下の理由 / Degraded because</dt>
              <dd>{s.reasons.split(',').map((r) => reasonLabels[r] ?? r).join('、')}</dd>
            </>
          ) : null}
          <dt>本日稼働率 / Uptime today</dt>
          <dd data-testid="uptime-today">
            {percent(d.today.ratio)}（受付 / open {duration(d.today.openMs)}、停止 / offline {duration(d.today.offlineMs)}、未受信 / no data {duration(d.today.unknownMs)}）
          </dd>
          <dt>今月稼働率 / Uptime this month</dt>
          <dd data-testid="uptime-month">
            {percent(d.month.ratio)}（受付 / open {duration(d.month.openMs)}、停止 / offline {duration(d.month.offlineMs)}、未受信 / no data {duration(d.month.unknownMs)}）
          </dd>
        </dl>
      </section>

      {d.canCommand ? (
        <section className="card admin-section" aria-labelledby="remote-title">
          <h2 id="remote-title">遠隔操作 / Remote operation</h2>
          <FormAlert message={actionData?.error} />
          <FormNotice message={actionData?.done} />
          <div className="admin-actions">
            {(['self_test', 'reload', d.booth.maintenance ? 'maintenance_off' : 'maintenance_on'] as const).map((kind) => (
              <Form method="post" key={kind}>
                <input type="hidden" name="kind" value={kind} />
                <button type="submit" className={kind === 'self_test' ? 'button' : 'button secondary'} disabled={busy} data-testid={`command-${kind}`}>
                  {commandLabels[kind]}
                </button>
              </Form>
            ))}
          </div>
          <p className="muted">操作はすべて監査ログに記録されます / Every operation is recorded in the audit log.</p>
        </section>
      ) : null}

      <section className="card admin-section admin-table" aria-labelledby="commands-title">
        <h2 id="commands-title">最近の操作と結果 / Recent commands and results</h2>
        {d.commands.length === 0 ? (
          <p className="muted">まだありません / None yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">操作 / Command</th>
                <th scope="col">状態 / Status</th>
                <th scope="col">依頼 / Requested</th>
                <th scope="col">結果 / Result</th>
              </tr>
            </thead>
            <tbody>
              {d.commands.map((c) => (
                <tr key={c.id} data-testid="command-row" data-kind={c.kind} data-status={c.status}>
                  <td>{commandLabels[c.kind]}</td>
                  <td>{commandStatusLabels[c.status]}</td>
                  <td>
                    {jstTime(c.requestedAt)}
                    <div className="muted">{c.requestedBy}</div>
                  </td>
                  <td>
                    {c.result?.selfTest ? (
                      <ul className="admin-plain" style={{ listStyle: 'none' }} data-testid="self-test-result">
                        {(Object.keys(checkLabels) as (keyof typeof checkLabels)[]).map((check) => {
                          const r = c.result!.selfTest![check] ?? {};
                          return (
                            <li key={check} data-testid={`check-${check}`} data-result={String(r.result ?? '')}>
                              {checkLabels[check]}: <strong>{resultLabels[String(r.result)] ?? '—'}</strong> {figures(r)}
                            </li>
                          );
                        })}
                      </ul>
                    ) : c.result?.error ? (
                      `エラー / error: ${c.result.error}`
                    ) : c.completedAt ? (
                      jstTime(c.completedAt)
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card admin-section admin-table" aria-labelledby="outages-title">
        <h2 id="outages-title">今月の障害 / Outages this month</h2>
        {d.outages.length === 0 ? (
          <p className="muted">受付時間内の障害はありません / No outages during opening hours.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">開始 / Start</th>
                <th scope="col">終了 / End</th>
                <th scope="col">受付時間内の停止 / Offline while open</th>
              </tr>
            </thead>
            <tbody>
              {d.outages.map((o) => (
                <tr key={o.start} data-testid="outage-row" data-ongoing={o.end === null ? 'true' : 'false'}>
                  <td>{jstTime(o.start)}</td>
                  <td>{o.end ? jstTime(o.end) : '継続中 / ongoing'}</td>
                  <td>{duration(o.openMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
