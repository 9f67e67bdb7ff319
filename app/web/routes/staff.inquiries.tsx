import { type InquiryCategory, inquiryCategories } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { localMonth } from '../../domain/japan-time';
import { FilterForm, FilterSelect, PeriodFields } from '../components/forms';
import { FilteredPager } from '../components/incident-table';
import { categoryLabel, periodOf } from '../components/incidents-data.server';
import { RecordsTable, TitledSection } from '../components/records-table';
import { allMunicipalities, orRespond, pageOf } from '../components/route-data.server';
import { formatStamp } from '../i18n/format';
import { useT } from '../i18n/i18n';
import { translatorFor } from '../i18n/language.server';
import { pageTitle } from '../i18n/meta';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'inquiries.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:inquiry');
  const { t, language } = await translatorFor(request);
  const url = new URL(request.url);
  // This month (Japan) unless a period is chosen.
  if (!url.searchParams.has('from') && !url.searchParams.has('to')) url.searchParams.set('from', `${localMonth(new Date())}-01`);
  const period = periodOf(url);
  const raw = url.searchParams.get('category') ?? '';
  const category = (inquiryCategories as readonly string[]).includes(raw) ? (raw as InquiryCategory) : undefined;
  const page = pageOf(request);
  const [counts, list, municipalities] = await Promise.all([
    orRespond(() => context.app.records.inquiryCounts(account, { from: period.from, to: period.to })),
    orRespond(() => context.app.records.inquiries(account, { ...page, from: period.from, to: period.to, category })),
    allMunicipalities(context, account),
  ]);
  const municipalityNames = new Map(municipalities.map((m) => [m.id, m.name]));
  return {
    filter: { ...period.values, category: category ?? '' },
    counts: inquiryCategories.map((c) => ({ category: c, label: categoryLabel(c, language), count: counts[c] })),
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    items: list.items.map((i) => ({
      id: i.id,
      receivedAt: formatStamp(i.receivedAt, language),
      municipality: municipalityNames.get(i.municipalityId) ?? i.municipalityId,
      channel: t(`records.channel.${i.channel}`),
      category: categoryLabel(i.category, language),
      minutes: i.durationSeconds === null ? '—' : t('inquiries.minutes', { m: Math.round(i.durationSeconds / 60) }),
      transferred: i.transferred,
    })),
    nextCursor: list.nextCursor,
    isFirst: !page.cursor,
  };
}

/** Town staff: inquiries (phone and others) by category ア–ケ for a period, and the log itself. */
export default function StaffInquiries() {
  const { filter, counts, total, items, nextCursor, isFirst } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <main className="page admin">
      <h1>{t('inquiries.title')}</h1>
      <FilterForm label={t('inquiries.period')}>
        <PeriodFields idPrefix="i" from={filter.from} to={filter.to} />
        <FilterSelect
          id="i-category"
          name="category"
          label={t('records.category')}
          options={counts.map((c) => ({ value: c.category, label: c.label }))}
          value={filter.category}
        />
      </FilterForm>

      <TitledSection id="by-category" title={t('inquiries.byCategory')}>
        <RecordsTable
          testId="inquiry-counts"
          rows={counts}
          rowKey={(c) => c.category}
          rowProps={(c) => ({ 'data-category': c.category })}
          columns={[
            { header: t('records.category'), cell: (c) => c.label },
            { header: t('inquiries.count'), cell: (c) => c.count, cellProps: (c) => ({ 'data-testid': `count-${c.category}` }) },
          ]}
          footer={
            <tr>
              <th scope="row">{t('inquiries.total')}</th>
              <td data-testid="count-total">
                <strong>{total}</strong>
              </td>
            </tr>
          }
        />
      </TitledSection>

      <TitledSection id="log" title={t('inquiries.log')}>
        <RecordsTable
          testId="inquiries"
          rows={items}
          empty={t('inquiries.none')}
          columns={[
            { header: t('inquiries.received'), cell: (i) => i.receivedAt },
            { header: t('common.municipality'), cell: (i) => i.municipality },
            { header: t('inquiries.channel'), cell: (i) => i.channel },
            { header: t('records.category'), cell: (i) => i.category },
            { header: t('inquiries.duration'), cell: (i) => i.minutes },
            { header: t('inquiries.transferred'), cell: (i) => (i.transferred ? t('inquiries.transferredYes') : '—') },
          ]}
        />
      </TitledSection>
      <FilteredPager nextCursor={nextCursor} isFirst={isFirst} filter={filter} />
    </main>
  );
}
