/**
 * Incident and inquiry lists for the staff, admin and console pages: filters from the query
 * string (dates are Japan dates), rows with names and times ready to show. Loaders only.
 */
import type { AppLoadContext } from '@remix-run/node';
import { incidentKinds, incidentStatuses, inquiryCategories, inquiryCategoryLabels, type InquiryCategory } from '@madoguchi/db';
import { isValidLocalDate, jstInstant } from '../../domain/calendar';
import type { AccountPrincipal } from '../../server/auth/login.server';
import { allMunicipalities, formatJst, orRespond, pageOf } from './route-data.server';
import type { Option } from './forms';
import type { IncidentRow } from './incident-table';

const kindLabels = { incident: 'インシデント / Incident', complaint: '苦情 / Complaint' } as const;
const severityLabels = { low: '低 / Low', medium: '中 / Medium', high: '高 / High' } as const;
const statusLabels = { open: '未報告 / Open', escalated: '自治体へ報告済み / Escalated', resolved: '解決 / Resolved' } as const;

export const incidentOptions: { kinds: Option[]; severities: Option[]; statuses: Option[] } = {
  kinds: incidentKinds.map((k) => ({ value: k, label: kindLabels[k] })),
  severities: (['low', 'medium', 'high'] as const).map((s) => ({ value: s, label: severityLabels[s] })),
  statuses: incidentStatuses.map((s) => ({ value: s, label: statusLabels[s] })),
};
export const inquiryCategoryOptions: Option[] = inquiryCategories.map((c) => ({ value: c, label: `${inquiryCategoryLabels[c].ja} / ${inquiryCategoryLabels[c].en}` }));

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined => (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

/** The period of `?from=YYYY-MM-DD&to=YYYY-MM-DD` (Japan dates, `to` inclusive); invalid dates are ignored. */
export function periodOf(url: URL) {
  const fromDate = url.searchParams.get('from') ?? '';
  const toDate = url.searchParams.get('to') ?? '';
  return {
    values: { from: isValidLocalDate(fromDate) ? fromDate : '', to: isValidLocalDate(toDate) ? toDate : '' },
    from: isValidLocalDate(fromDate) ? jstInstant(fromDate, '00:00').toISOString() : undefined,
    to: isValidLocalDate(toDate) ? jstInstant(toDate, '24:00').toISOString() : undefined,
  };
}

export function incidentFilterOf(request: Request) {
  const url = new URL(request.url);
  const period = periodOf(url);
  const status = pick(incidentStatuses, url.searchParams.get('status'));
  const kind = pick(incidentKinds, url.searchParams.get('kind'));
  return {
    query: { status, kind, from: period.from, to: period.to },
    values: { status: status ?? '', kind: kind ?? '', ...period.values },
  };
}

export async function incidentRows(context: AppLoadContext, account: AccountPrincipal, request: Request) {
  const filter = incidentFilterOf(request);
  const page = pageOf(request);
  const [{ items, nextCursor }, municipalities] = await Promise.all([
    orRespond(() => context.app.records.incidents(account, { ...page, ...filter.query })),
    allMunicipalities(context, account),
  ]);
  const municipalityNames = new Map(municipalities.map((m) => [m.id, m.name]));
  const names = await context.app.records.displayNames(items.flatMap((i) => [i.reportedBy, i.escalatedBy, i.acknowledgedBy]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? '—') : null);
  const rows: IncidentRow[] = items.map((i) => ({
    id: i.id,
    municipality: municipalityNames.get(i.municipalityId) ?? i.municipalityId,
    kind: kindLabels[i.kind],
    severity: severityLabels[i.severity],
    high: i.severity === 'high',
    summary: i.summary,
    status: i.status,
    statusLabel: statusLabels[i.status],
    reportedAt: formatJst(i.reportedAt)!,
    reportedBy: nameOf(i.reportedBy)!,
    escalatedAt: formatJst(i.escalatedAt),
    escalatedBy: nameOf(i.escalatedBy),
    notified: i.notified,
    acknowledgedAt: formatJst(i.acknowledgedAt),
    acknowledgedBy: nameOf(i.acknowledgedBy),
    resolvedAt: formatJst(i.resolvedAt),
    resolution: i.resolution,
  }));
  return { rows, nextCursor, isFirst: !page.cursor, filter: filter.values, municipalities };
}

export function categoryLabel(c: InquiryCategory) {
  return `${inquiryCategoryLabels[c].ja} / ${inquiryCategoryLabels[c].en}`;
}
