/**
 * What the pop-up pages (console.popups, staff.popups) read: one municipality's events of a year
 * with their session counts and booth names, and its year plan. Shared so both pages show the same.
 */
import { procedureLabels } from '@madoguchi/db';
import type { AppLoadContext } from '@remix-run/node';
import { localDate } from '../../domain/japan-time';
import type { AccountPrincipal } from '../../server/auth/login.server';
import { popupsOf } from '../../server/popups/popups.server';
import type { UiLanguage } from '../i18n/i18n';
import { formatJst, orRespond } from './route-data.server';

export async function popupPageData(
  context: AppLoadContext,
  account: AccountPrincipal,
  q: { municipalityId: string; municipalityName: string; year: number; language: UiLanguage; boothNames: Map<string, string> },
) {
  const popups = popupsOf(context.app);
  const [events, plan] = await Promise.all([
    orRespond(() => popups.list(account, { municipalityId: q.municipalityId, year: q.year })),
    orRespond(() => popups.yearPlan(account, q.municipalityId, q.year)),
  ]);
  const counts = await popups.sessionCounts(events.map((e) => e.id));
  const today = localDate(new Date());
  return {
    year: q.year,
    municipalityName: q.municipalityName,
    plan,
    events: events.map((e) => ({
      id: e.id,
      state: e.state,
      siteName: e.siteName,
      siteKind: e.siteKind,
      days: e.days,
      procedures: e.procedures,
      procedureNames: e.procedures.map((p) => procedureLabels[p][q.language]).join('、'),
      boothIds: e.boothIds,
      boothNames: e.boothIds.map((id) => q.boothNames.get(id) ?? '—').join('、'),
      agreedAt: formatJst(e.agreedAt),
      sessions: counts.get(e.id) ?? 0,
      started: e.firstDate <= today,
      ended: e.lastDate < today,
    })),
  };
}

/** `?year=` within 2000–2100, else this year (Japan). */
export function yearParam(url: URL): number {
  const year = Number(url.searchParams.get('year'));
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : Number(localDate(new Date()).slice(0, 4));
}
