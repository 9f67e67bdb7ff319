/**
 * What the report pages' loaders share: the municipalities the account may see, and the query
 * (municipality, period, key, language) with defaults. Server-only.
 */
import type { AppLoadContext } from '@remix-run/node';
import { DAY_MS, localDate, monthBefore } from '../../domain/japan-time';
import type { AccountPrincipal } from '../../server/auth/login.server';

export interface ReportQuery {
  municipalityId: string | null;
  period: 'daily' | 'monthly';
  key: string;
  lang: 'ja' | 'en';
  /** N of the service level (answered within N seconds), 5–3600; absent: the municipality's own. */
  serviceLevelSeconds: number | undefined;
}

const shapeOf = { daily: /^\d{4}-\d{2}-\d{2}$/, monthly: /^\d{4}-\d{2}$/ } as const;

/** A whole number of seconds in 5–3600, else none (the municipality's own setting). */
export function serviceLevelOf(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 5 && n <= 3600 ? n : undefined;
}

/**
 * Defaults: the last complete month (monthly) or yesterday (daily), Japan time; the report's labels in
 * `screenLanguage` (the screen's language) unless `lang` says otherwise.
 */
export function reportQuery(
  url: URL,
  municipalities: readonly { id: string }[],
  now = new Date(),
  screenLanguage: 'ja' | 'en' = 'ja',
): ReportQuery {
  const lang = url.searchParams.get('lang');
  const period = url.searchParams.get('period') === 'daily' ? 'daily' : 'monthly';
  const yesterday = localDate(new Date(now.getTime() - DAY_MS));
  const lastMonth = monthBefore(now, 1);
  const asked = url.searchParams.get('municipalityId');
  return {
    municipalityId: asked ?? municipalities[0]?.id ?? null,
    period,
    // A month given with "daily" (or a date with "monthly") falls back to that kind's default.
    key: shapeOf[period].test(url.searchParams.get('key') ?? '')
      ? url.searchParams.get('key')!
      : period === 'daily'
        ? yesterday
        : lastMonth,
    lang: lang === 'en' || lang === 'ja' ? lang : screenLanguage,
    serviceLevelSeconds: serviceLevelOf(url.searchParams.get('sl')),
  };
}

export async function reportMunicipalities(context: AppLoadContext, account: AccountPrincipal) {
  return context.app.reports.municipalities(account);
}

/** The API address of a report file. */
export function downloadHref(q: ReportQuery & { municipalityId: string }, format: 'csv' | 'xlsx' | 'pdf'): string {
  const params = new URLSearchParams({
    municipalityId: q.municipalityId,
    [q.period === 'daily' ? 'date' : 'month']: q.key,
    format,
    lang: q.lang,
    ...(q.serviceLevelSeconds ? { serviceLevelSeconds: String(q.serviceLevelSeconds) } : {}),
  });
  return `/api/v1/reports/${q.period}?${params}`;
}
