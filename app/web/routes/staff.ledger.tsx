import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { reaches } from '../../domain/permissions';
import { localDate, localDateTime } from '../../domain/japan-time';
import { actorKindLabels, dataKindLabels } from '../../domain/ledger';
import { allMunicipalities, orRespond } from '../components/route-data.server';
import { FilterForm, PeriodFields, TownPicker } from '../components/forms';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '個人情報取扱台帳 | Madoguchi' }];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const actionLabels = {
  created: '作成 / Created',
  viewed: '閲覧 / Viewed',
  downloaded: 'ダウンロード / Downloaded',
  deleted: '削除 / Deleted',
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account, reach } = await requireUserWithPermission(request, context, 'read:ledger');
  const url = new URL(request.url);
  const municipalities = (await allMunicipalities(context, account)).filter((m) => reaches(reach, m.id));
  const today = localDate(new Date());
  // This month (Japan) unless a period is chosen.
  const from = DAY.test(url.searchParams.get('from') ?? '') ? url.searchParams.get('from')! : `${today.slice(0, 7)}-01`;
  const to = DAY.test(url.searchParams.get('to') ?? '') ? url.searchParams.get('to')! : today;
  const chosen = url.searchParams.get('municipalityId');
  const municipality = municipalities.find((m) => m.id === chosen) ?? municipalities[0];
  if (!municipality) return { municipalities: [], filter: { municipalityId: '', from, to }, entries: [], more: false, csvUrl: null };
  const query = { municipalityId: municipality.id, from, to };
  const { entries, more } = await orRespond(() => context.app.ledger.view(account, query, context.requestId));
  return {
    municipalities: municipalities.map((m) => ({ id: m.id, name: `${m.name}（${m.code}）` })),
    filter: query,
    entries: entries.map((e) => ({
      id: e.id,
      at: localDateTime(e.at),
      action: e.action,
      actionLabel: actionLabels[e.action],
      dataKind: dataKindLabels[e.dataKind] ?? e.dataKind,
      itemId: e.itemId,
      sessionId: e.sessionId ?? '—',
      actorKind: actorKindLabels[e.actorKind],
      actor: e.actorName,
    })),
    more,
    csvUrl: `/api/v1/ledger/export?${new URLSearchParams(query).toString()}`,
  };
}

/**
 * 個人情報取扱台帳: every creation, view, download and deletion of a face photo in the municipality's
 * sessions, with who and when — the deletion record the specifications demand. Ids only.
 */
export default function StaffLedger() {
  const { municipalities, filter, entries, more, csvUrl } = useLoaderData<typeof loader>();
  return (
    <main className="page admin">
      <h1>個人情報取扱台帳 / Personal-data ledger</h1>
      <p className="muted">
        顔写真の作成・閲覧・ダウンロード・削除の記録です。住民の個人情報そのものは含みません。 / Every creation, view, download and deletion of a face
        photo. It holds ids only, never the resident&apos;s data.
      </p>
      <FilterForm
        label="条件 / Filter"
        after={
          csvUrl ? (
            <p>
              <a className="button" href={csvUrl} download data-testid="ledger-csv">
                CSV ダウンロード / Download CSV
              </a>
            </p>
          ) : null
        }
      >
        <TownPicker towns={municipalities} value={filter.municipalityId} />
        <PeriodFields idPrefix="l" from={filter.from} to={filter.to} />
      </FilterForm>

      <section className="card admin-table" aria-labelledby="ledger-entries">
        <h2 id="ledger-entries">記録 / Entries</h2>
        {entries.length === 0 ? (
          <p className="muted">この期間の記録はありません / No entries in this period.</p>
        ) : (
          <table data-testid="ledger">
            <thead>
              <tr>
                <th scope="col">日時 / Time</th>
                <th scope="col">操作 / Action</th>
                <th scope="col">種別 / Kind</th>
                <th scope="col">対象ID / Item</th>
                <th scope="col">セッションID / Session</th>
                <th scope="col">実施者種別 / Actor kind</th>
                <th scope="col">実施者 / Actor</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{e.at}</td>
                  <td>{e.actionLabel}</td>
                  <td>{e.dataKind}</td>
                  <td>
                    <code>{e.itemId}</code>
                  </td>
                  <td>
                    <code>{e.sessionId}</code>
                  </td>
                  <td>{e.actorKind}</td>
                  <td>{e.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {more ? <p className="muted">表示は先頭 500 件までです。すべての記録は CSV で取得してください。 / Only the first 500 are shown; the CSV has them all.</p> : null}
      </section>
    </main>
  );
}
