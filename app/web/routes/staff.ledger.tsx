import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { localDate, localDateTime } from '../../domain/japan-time';
import { FACE_PHOTO } from '../../domain/ledger';
import { reaches } from '../../domain/permissions';
import { FilterForm, MunicipalityPicker, PeriodFields } from '../components/forms';
import { DataTable, TitledSection } from '../components/records-table';
import { allMunicipalities, orRespond } from '../components/route-data.server';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'ledger.title');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account, reach } = await requireUserWithPermission(request, context, 'read:ledger');
  const { t } = await translatorFor(request);
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
      actionLabel: t(`ledger.action.${e.action}`),
      dataKind: e.dataKind === FACE_PHOTO ? t('ledger.dataKind.face_photo') : e.dataKind,
      itemId: e.itemId,
      sessionId: e.sessionId ?? '—',
      actorKind: t(`ledger.actorKind.${e.actorKind}`),
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
  const { t } = useT();
  return (
    <main className="page admin">
      <h1>{t('ledger.title')}</h1>
      <p className="muted">{t('ledger.intro')}</p>
      <FilterForm
        label={t('ledger.filter')}
        after={
          csvUrl ? (
            <p>
              <a className="button" href={csvUrl} download data-testid="ledger-csv">
                {t('ledger.downloadCsv')}
              </a>
            </p>
          ) : null
        }
      >
        <MunicipalityPicker municipalities={municipalities} value={filter.municipalityId} />
        <PeriodFields idPrefix="l" from={filter.from} to={filter.to} />
      </FilterForm>

      <TitledSection id="ledger-entries" title={t('ledger.entries')} className="card admin-table">
        <DataTable
          testId="ledger"
          rows={entries}
          rowProps={(e) => ({ 'data-action': e.action })}
          empty={t('ledger.none')}
          columns={[
            { header: t('ledger.time'), cell: (e) => e.at },
            { header: t('ledger.actionColumn'), cell: (e) => e.actionLabel },
            { header: t('ledger.kind'), cell: (e) => e.dataKind },
            { header: t('ledger.item'), cell: (e) => <code>{e.itemId}</code> },
            { header: t('ledger.session'), cell: (e) => <code>{e.sessionId}</code> },
            { header: t('ledger.actorKindColumn'), cell: (e) => e.actorKind },
            { header: t('ledger.actor'), cell: (e) => e.actor },
          ]}
        />
        {more ? <p className="muted">{t('ledger.more')}</p> : null}
      </TitledSection>
    </main>
  );
}
