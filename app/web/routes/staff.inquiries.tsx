import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { inquiryCategories, inquiryChannels, type InquiryCategory } from '@madoguchi/db/vocabulary';
import { localMonth } from '../../domain/japan-time';
import { allMunicipalities, formatJst, orRespond, pageOf } from '../components/route-data.server';
import { FilterForm, FilterSelect, PeriodFields } from '../components/forms';
import { FilteredPager } from '../components/incident-table';
import { categoryLabel, periodOf } from '../components/incidents-data.server';
import { requireUserWithPermission } from '../utils/permissions.server';

export const meta: MetaFunction = () => [{ title: '問合せ | Madoguchi' }];

const channelLabels: Record<(typeof inquiryChannels)[number], string> = {
  phone: '電話 / Phone',
  booth: 'ブース / Booth',
  counter: '窓口 / Counter',
  email: 'メール / E-mail',
  other: 'その他 / Other',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireUserWithPermission(request, context, 'read:inquiry');
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
    counts: inquiryCategories.map((c) => ({ category: c, label: categoryLabel(c), count: counts[c] })),
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    items: list.items.map((i) => ({
      id: i.id,
      receivedAt: formatJst(i.receivedAt)!,
      municipality: municipalityNames.get(i.municipalityId) ?? i.municipalityId,
      channel: channelLabels[i.channel],
      category: categoryLabel(i.category),
      minutes: i.durationSeconds === null ? '—' : `${Math.round(i.durationSeconds / 60)} 分 / min`,
      transferred: i.transferred,
    })),
    nextCursor: list.nextCursor,
    isFirst: !page.cursor,
  };
}

/** Town staff: inquiries (phone and others) by category ア–ケ for a period, and the log itself. */
export default function StaffInquiries() {
  const { filter, counts, total, items, nextCursor, isFirst } = useLoaderData<typeof loader>();
  return (
    <main className="page admin">
      <h1>問合せ / Inquiries</h1>
      <FilterForm label="期間 / Period">
        <PeriodFields idPrefix="i" from={filter.from} to={filter.to} />
        <FilterSelect id="i-category" name="category" label="区分 / Category" options={counts.map((c) => ({ value: c.category, label: c.label }))} value={filter.category} />
      </FilterForm>

      <section aria-labelledby="by-category">
        <h2 id="by-category">区分別件数 / By category</h2>
        <div className="card admin-table">
          <table data-testid="inquiry-counts">
            <thead>
              <tr>
                <th scope="col">区分 / Category</th>
                <th scope="col">件数 / Count</th>
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
                <th scope="row">合計 / Total</th>
                <td data-testid="count-total">
                  <strong>{total}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="log">
        <h2 id="log">問合せ記録 / Inquiry log</h2>
        {items.length === 0 ? (
          <p className="card muted">記録はありません / No inquiries.</p>
        ) : (
          <div className="card admin-table">
            <table data-testid="inquiries">
              <thead>
                <tr>
                  <th scope="col">受付 / Received</th>
                  <th scope="col">自治体 / Municipality</th>
                  <th scope="col">経路 / Channel</th>
                  <th scope="col">区分 / Category</th>
                  <th scope="col">対応時間 / Duration</th>
                  <th scope="col">転送 / Transferred</th>
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
                    <td>{i.transferred ? '転送 / Yes' : '—'}</td>
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
