import { boothCommandKinds } from '@madoguchi/db/vocabulary';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { reachOf } from '../../domain/permissions';
import {
  checkKeys,
  commandKeys,
  commandStatusKeys,
  deviceText,
  duration,
  jstTime,
  percent,
  reasonText,
  resultText,
  statusClass,
  statusKeys,
  statusStyle,
} from '../components/booth-health-labels';
import { FormAlert, FormNotice, parseForm } from '../components/forms';
import { DataTable, TitledSection, WithNote } from '../components/records-table';
import { orRespond, recordRequest } from '../components/route-data.server';
import { usePolling } from '../components/use-polling';
import { type Translate, useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { recordMeta } from '../i18n/meta';
import { formProblem } from '../utils/permissions.server';

export const meta = recordMeta<typeof loader>('health.title', 'common.booth', (d) => d.booth.name);

export async function loader(args: LoaderFunctionArgs) {
  const { account, id } = await recordRequest(args, 'read:diagnostics', 'boothId');
  const { boothHealth } = args.context.app;
  const [detail, commands] = await Promise.all([
    orRespond(() => boothHealth.detail(account, id)),
    orRespond(() => boothHealth.commands(account, id, 10)),
  ]);
  const h = detail.health;
  const outages = (u: typeof detail.month) =>
    u.outages.map((o) => ({ start: o.start.toISOString(), end: o.end?.toISOString() ?? null, openMs: o.openMs }));
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

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const submission = parseForm(await request.formData(), BoothCommandForm, {});
  // Only a hand-made request names another kind: refused before anything else.
  if (submission.status !== 'success') throw new Response((await translatorFor(request)).t('booth.unknownAction'), { status: 400 });
  const { kind } = submission.value;
  const { account, t, id } = await recordRequest(args, 'write:diagnostics', 'boothId');
  const result = await formProblem(() => context.app.boothHealth.requestCommand(account, id, kind, context.requestId));
  if (!result.ok) return data({ error: result.error, done: null }, { status: result.status });
  return { error: null, done: t('booth.sent', { command: t(commandKeys[kind]) }) };
}

/** Figures of one self-test check, e.g. "variance 312.5, 640×480". */
function figures(check: Record<string, unknown>, t: Translate): string {
  const parts: string[] = [];
  if (typeof check.variance === 'number') parts.push(t('booth.variance', { value: check.variance }));
  if (typeof check.width === 'number' && typeof check.height === 'number') parts.push(`${check.width}×${check.height}`);
  if (typeof check.rms === 'number') parts.push(`RMS ${check.rms}`);
  if (typeof check.played === 'boolean') parts.push(check.played ? t('booth.played') : t('booth.notPlayed'));
  if (typeof check.httpStatus === 'number') parts.push(`HTTP ${check.httpStatus}`);
  if (typeof check.ms === 'number') parts.push(`${check.ms} ms`);
  if (typeof check.rttMs === 'number') parts.push(`RTT ${check.rttMs} ms`);
  if (typeof check.samples === 'number') parts.push(t('booth.samples', { count: check.samples }));
  if (typeof check.error === 'string') parts.push(t('booth.error', { error: check.error }));
  return parts.join(', ');
}

export default function StaffBooth() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  usePolling(2_000);
  const s = d.snapshot;
  const { t, language } = useT();
  const time = (at: string | null) => jstTime(at, language);
  const device = (value: unknown) => deviceText(value, t) ?? '—';
  const uptime = (u: typeof d.today) =>
    t('booth.uptimeDetail', {
      percent: percent(u.ratio, t),
      open: duration(u.openMs, t),
      offline: duration(u.offlineMs, t),
      unknown: duration(u.unknownMs, t),
    });
  return (
    <main className="page">
      <p>
        <Link to="/staff/booths">{t('booth.allBooths')}</Link>
      </p>
      <h1>
        {d.booth.name}{' '}
        <span className={statusClass[d.status]} style={statusStyle[d.status]} data-testid="booth-status">
          {t(statusKeys[d.status])}
        </span>
        {d.booth.maintenance ? (
          <span className="admin-badge warn" data-testid="maintenance-badge">
            {t('health.maintenance')}
          </span>
        ) : null}
      </h1>

      <section className="card admin-section">
        <dl className="admin-facts">
          <dt>{t('booth.opening')}</dt>
          <dd>{d.open ? t('booth.openNow') : t('health.closedNow')}</dd>
          <dt>{t('booth.statusSince')}</dt>
          <dd>{time(d.since)}</dd>
          <dt>{t('health.lastHeartbeat')}</dt>
          <dd data-testid="last-beat">{time(d.lastBeatAt)}</dd>
          <dt>{t('booth.appVersion')}</dt>
          <dd>{d.appVersion ?? '—'}</dd>
          <dt>{t('health.devices')}</dt>
          <dd>
            {s
              ? t('booth.devices', {
                  camera: device(s.camera),
                  mic: device(s.microphone),
                  speaker: device(s.speaker),
                  livekit: device(s.livekit),
                })
              : '—'}
          </dd>
          <dt>{t('booth.network')}</dt>
          <dd>
            {s
              ? [
                  s.rttMs !== null ? `RTT ${s.rttMs} ms` : null,
                  s.packetLoss !== null ? t('booth.loss', { percent: (Number(s.packetLoss) * 100).toFixed(1) }) : null,
                  s.bitrateKbps !== null ? `${s.bitrateKbps} kbps` : null,
                ]
                  .filter(Boolean)
                  .join(t('booth.factSeparator')) || '—'
              : '—'}
          </dd>
          {s && typeof s.reasons === 'string' && s.reasons ? (
            <>
              <dt>{t('booth.degradedBecause')}</dt>
              <dd>
                {s.reasons
                  .split(',')
                  .map((r) => reasonText(r, t))
                  .join(t('common.listSeparator'))}
              </dd>
            </>
          ) : null}
          <dt>{t('booth.uptimeToday')}</dt>
          <dd data-testid="uptime-today">{uptime(d.today)}</dd>
          <dt>{t('booth.uptimeMonth')}</dt>
          <dd data-testid="uptime-month">{uptime(d.month)}</dd>
        </dl>
      </section>

      {d.canCommand ? (
        <section className="card admin-section" aria-labelledby="remote-title">
          <h2 id="remote-title">{t('booth.remote')}</h2>
          <FormAlert message={actionData?.error} />
          <FormNotice message={actionData?.done} />
          <div className="admin-actions">
            {(['self_test', 'reload', d.booth.maintenance ? 'maintenance_off' : 'maintenance_on'] as const).map((kind) => (
              <Form method="post" key={kind}>
                <input type="hidden" name="kind" value={kind} />
                <button
                  type="submit"
                  className={kind === 'self_test' ? 'button' : 'button secondary'}
                  disabled={busy}
                  data-testid={`command-${kind}`}
                >
                  {t(commandKeys[kind])}
                </button>
              </Form>
            ))}
          </div>
          <p className="muted">{t('booth.audited')}</p>
        </section>
      ) : null}

      <TitledSection id="commands-title" title={t('booth.recentCommands')} className="card admin-section admin-table">
        <DataTable
          rows={d.commands}
          rowProps={(c) => ({ 'data-testid': 'command-row', 'data-kind': c.kind, 'data-status': c.status })}
          empty={t('booth.noneYet')}
          columns={[
            { header: t('booth.command'), cell: (c) => t(commandKeys[c.kind]) },
            { header: t('common.status'), cell: (c) => t(commandStatusKeys[c.status]) },
            {
              header: t('booth.requested'),
              cell: (c) => <WithNote note={c.requestedBy}>{time(c.requestedAt)}</WithNote>,
            },
            {
              header: t('booth.result'),
              cell: (c) =>
                c.result?.selfTest ? (
                  <ul className="admin-plain" style={{ listStyle: 'none' }} data-testid="self-test-result">
                    {(Object.keys(checkKeys) as (keyof typeof checkKeys)[]).map((check) => {
                      const r = c.result!.selfTest![check] ?? {};
                      return (
                        <li key={check} data-testid={`check-${check}`} data-result={String(r.result ?? '')}>
                          {t(checkKeys[check])}: <strong>{resultText(String(r.result), t) ?? '—'}</strong> {figures(r, t)}
                        </li>
                      );
                    })}
                  </ul>
                ) : c.result?.error ? (
                  t('booth.error', { error: c.result.error })
                ) : c.completedAt ? (
                  time(c.completedAt)
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </TitledSection>

      <TitledSection id="outages-title" title={t('booth.outages')} className="card admin-section admin-table">
        <DataTable
          rows={d.outages}
          rowKey={(o) => o.start}
          rowProps={(o) => ({ 'data-testid': 'outage-row', 'data-ongoing': o.end === null ? 'true' : 'false' })}
          empty={t('booth.noOutages')}
          columns={[
            { header: t('booth.start'), cell: (o) => time(o.start) },
            { header: t('booth.end'), cell: (o) => (o.end ? time(o.end) : t('booth.ongoing')) },
            { header: t('booth.offlineWhileOpen'), cell: (o) => duration(o.openMs, t) },
          ]}
        />
      </TitledSection>
    </main>
  );
}
