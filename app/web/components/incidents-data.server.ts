/**
 * Incident and inquiry lists for the staff, admin and console pages: filters from the query
 * string (dates are Japan dates), rows with names and times ready to show. Loaders only.
 */

import { type InquiryCategory, incidentKinds, incidentStatuses, inquiryCategories, inquiryCategoryLabels } from '@madoguchi/db';
import type { AppLoadContext } from '@remix-run/node';
import { isValidLocalDate, jstInstant } from '../../domain/calendar';
import type { AccountPrincipal } from '../../server/auth/login.server';
import { stampOrNull } from '../i18n/format';
import type { Translate, UiLanguage } from '../i18n/i18n';
import type { Option } from './forms';
import type { IncidentRow } from './incident-table';
import { allMunicipalities, orRespond, pageOf } from './route-data.server';

/** Kind, severity and status options in the request's language. */
export function incidentOptionsFor(t: Translate): { kinds: Option[]; severities: Option[]; statuses: Option[] } {
  return {
    kinds: incidentKinds.map((k) => ({ value: k, label: t(`incidents.kind.${k}`) })),
    severities: (['low', 'medium', 'high'] as const).map((s) => ({ value: s, label: t(`incidents.severity.${s}`) })),
    statuses: incidentStatuses.map((s) => ({ value: s, label: t(`incidents.status.${s}`) })),
  };
}

export const inquiryCategoryOptionsFor = (language: UiLanguage): Option[] =>
  inquiryCategories.map((c) => ({ value: c, label: inquiryCategoryLabels[c][language] }));

/** An incident as the tables show it, in the request's language. */
export function incidentRowOf(
  i: Awaited<ReturnType<AppLoadContext['app']['records']['incidents']>>['items'][number],
  municipality: string,
  nameOf: (id: string | null) => string | null,
  t: Translate,
  language: UiLanguage,
): IncidentRow {
  return {
    id: i.id,
    municipality,
    kind: t(`incidents.kind.${i.kind}`),
    severity: t(`incidents.severity.${i.severity}`),
    high: i.severity === 'high',
    summary: i.summary,
    status: i.status,
    statusLabel: t(`incidents.status.${i.status}`),
    reportedAt: stampOrNull(i.reportedAt, language)!,
    reportedBy: nameOf(i.reportedBy) ?? '—',
    escalatedAt: stampOrNull(i.escalatedAt, language),
    escalatedBy: nameOf(i.escalatedBy),
    notified: i.notified,
    acknowledgedAt: stampOrNull(i.acknowledgedAt, language),
    acknowledgedBy: nameOf(i.acknowledgedBy),
    resolvedAt: stampOrNull(i.resolvedAt, language),
    resolution: i.resolution,
  };
}

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

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

export async function incidentRows(
  context: AppLoadContext,
  account: AccountPrincipal,
  request: Request,
  t: Translate,
  language: UiLanguage,
) {
  const filter = incidentFilterOf(request);
  const page = pageOf(request);
  const [{ items, nextCursor }, municipalities] = await Promise.all([
    orRespond(() => context.app.records.incidents(account, { ...page, ...filter.query })),
    allMunicipalities(context, account),
  ]);
  const municipalityNames = new Map(municipalities.map((m) => [m.id, m.name]));
  const names = await context.app.records.displayNames(items.flatMap((i) => [i.reportedBy, i.escalatedBy, i.acknowledgedBy]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? '—') : null);
  const rows = items.map((i) => incidentRowOf(i, municipalityNames.get(i.municipalityId) ?? i.municipalityId, nameOf, t, language));
  return { rows, nextCursor, isFirst: !page.cursor, filter: filter.values, municipalities };
}

export function categoryLabel(c: InquiryCategory, language: UiLanguage) {
  return inquiryCategoryLabels[c][language];
}
