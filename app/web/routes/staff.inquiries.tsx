import { type InquiryCategory, inquiryCategories } from '@madoguchi/db/vocabulary';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { localMonth } from '../../domain/japan-time';
import { FilterForm, FilterSelect, PeriodFields } from '../components/forms';
import { FilteredPager } from '../components/incident-table';
import { categoryLabel, periodOf } from '../components/incidents-data.server';
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

      <section aria-labelledby="by-category">
        <h2 id="by-category">{t('inquiries.byCategory')}</h2>
        <div className="card admin-table">
          <table data-testid="inquiry-counts">
            <thead>
              <tr>
                <th scope="col">{t('records.category')}</th>
                <th scope="col">{t('inquiries.count')}</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((c) => (
                <tr key={c.category} data-category={c.category}>
                  <td>{c.label}</td>
                  <td data-testid={`count-${c.category}`}>{c.count}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('inquiries.total')}</th>
                <td data-testid="count-total">
                  <strong>{total}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="log">
        <h2 id="log">{t('inquiries.log')}</h2>
        {items.length === 0 ? (
          <p className="card muted">{t('inquiries.none')}</p>
        ) : (
          <div className="card admin-table">
            <table data-testid="inquiries">
              <thead>
                <tr>
                  <th scope="col">{t('inquiries.received')}</th>
                  <th scope="col">{t('common.municipality')}</th>
                  <th scope="col">{t('inquiries.channel')}</th>
                  <th scope="col">{t('records.category')}</th>
                  <th scope="col">{t('inquiries.duration')}</th>
                  <th scope="col">{t('inquiries.transferred')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.receivedAt}</td>
                    <td>{i.municipality}</td>
                    <td>{i.channel}</td>
                    <td>{i.category}</td>
                    <td>{i.minutes}</td>
                    <td>{i.transferred ? t('inquiries.transferredYes') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <FilteredPager nextCursor={nextCursor} isFirst={isFirst} filter={filter} />
    </main>
  );
}
