/**
 * Server-side helpers shared by the staff-side routes (admin, staff and console pages): what the account may
 * do, vocabulary as form options, times in Asia/Tokyo, and service errors as HTTP responses.
 * Only loaders and actions import this, so '@madoguchi/db' never reaches the browser bundle.
 */

import { type BoothKind, boothKinds, languages, procedureLabels, procedures, type Role, roles } from '@madoguchi/db';
import type { AppLoadContext, LoaderFunctionArgs } from '@remix-run/node';
import { type Need, reachOf } from '../../domain/permissions';
import { languageLabels } from '../../domain/reports/report';
import type { AccountPrincipal } from '../../server/auth/login.server';
import { stampOrNull } from '../i18n/format';
import { defaultUiLanguage, type Translate, type UiLanguage } from '../i18n/i18n';
import { translatorFor, translatorIn } from '../i18n/language.server';
import { formProblem, requireUserWithPermission } from '../utils/permissions.server';
import type { AdminNav } from './admin-layout';
import type { Option } from './forms';

/** Whether the account's role holds `need` at all (its reach is then checked by the service). */
export function can(account: AccountPrincipal, need: Need): boolean {
  return reachOf(account, need) !== null;
}

/** What the frame of every admin page shows: who is logged in, and the menu they may use. */
export function adminFrame(account: AccountPrincipal): { displayName: string; nav: AdminNav } {
  return { displayName: account.displayName, nav: adminNav(account) };
}

/** The start of a page's loader or action: the account holding `need` (else 403) and the request's translator. */
export async function pageRequest({ request, context }: LoaderFunctionArgs, need: Need) {
  const { account } = await requireUserWithPermission(request, context, need);
  return { account, ...(await translatorFor(request)) };
}

/**
 * The start of a loader or action of one record's page: pageRequest, and the route's id (`params[param]`;
 * anything but a UUID is a 404). Whether the record lies within the account's reach is the service's
 * answer (orRespond: a 404 otherwise).
 */
export async function recordRequest(args: LoaderFunctionArgs, need: Need, param = 'id') {
  const { account, t, language } = await pageRequest(args, need);
  return { account, t, language, id: requireId(args.params[param], t) };
}

export function adminNav(account: AccountPrincipal): AdminNav {
  return {
    municipalities: can(account, 'read:municipality'),
    booths: can(account, 'read:booth'),
    accounts: can(account, 'read:account'),
    incidents: can(account, 'write:incident'),
    faq: can(account, 'write:faq'),
  };
}

/** A service call in a loader: a Problem becomes an error response (404, 403…) for the ErrorBoundary. */
export async function orRespond<T>(run: () => Promise<T>): Promise<T> {
  const result = await formProblem(run);
  if (!result.ok) throw new Response(result.error, { status: result.status });
  return result.value;
}

/**
 * A form's `intent` that no action knows. The body is never shown (the error boundary words a 400
 * in the screen's language); whoever reads the raw response gets `t`'s words, Japanese by default.
 */
export function unknownAction(t: Translate = translatorIn(defaultUiLanguage)): Response {
  return new Response(t('errors.unknownAction'), { status: 400 });
}

/** Route ids are UUIDs; anything else is simply not found. */
export function requireId(id: string | undefined, t: Translate): string {
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new Response(t('errors.pageNotFound'), { status: 404 });
  }
  return id;
}

/** `?cursor=` of a list page (keyset pagination of the services). */
export function pageOf(request: Request, limit = 50): { limit: number; cursor?: string } {
  const cursor = new URL(request.url).searchParams.get('cursor');
  return cursor ? { limit, cursor: cursor.slice(0, 200) } : { limit };
}

/** Every municipality within the account's reach, for names in lists and choices in forms. */
export async function allMunicipalities(context: AppLoadContext, account: AccountPrincipal) {
  const all: { id: string; code: string; name: string }[] = [];
  let cursor: string | undefined;
  // A few hundred at most (one row per contracting municipality); the cap only guards a loop.
  for (let i = 0; i < 50; i++) {
    const page = await orRespond(() => context.app.municipalities.list(account, { limit: 200, cursor }));
    all.push(...page.items.map((m) => ({ id: m.id, code: m.code, name: m.name })));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return all.sort((a, b) => a.code.localeCompare(b.code));
}

/** A list page of a service (keyset) beside every municipality within reach, and their names by id. */
export async function pageWithMunicipalities<T>(
  request: Request,
  context: AppLoadContext,
  account: AccountPrincipal,
  list: (page: { limit: number; cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  const page = pageOf(request);
  const [{ items, nextCursor }, municipalities] = await Promise.all([orRespond(() => list(page)), allMunicipalities(context, account)]);
  return { page, items, nextCursor, municipalities, names: new Map(municipalities.map((m) => [m.id, m.name])) };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary as options (codes are stored, labels are for people)

const roleLabels: Record<Role, { ja: string; en: string }> = {
  operator: { ja: 'オペレーター', en: 'Operator' },
  supervisor: { ja: 'スーパーバイザー', en: 'Supervisor' },
  town_staff: { ja: '自治体職員', en: 'Town staff' },
  admin: { ja: '管理者', en: 'Administrator' },
  interpreter: { ja: '通訳者', en: 'Interpreter' },
};

const boothKindLabels: Record<BoothKind, { ja: string; en: string }> = {
  town_hall: { ja: '庁舎', en: 'Town hall' },
  mall: { ja: '商業施設', en: 'Shopping mall' },
  popup: { ja: '臨時会場', en: 'Pop-up site' },
};

export interface Vocabulary {
  procedures: Option[];
  languages: Option[];
  roles: Option[];
  boothKinds: Option[];
}

/** The vocabulary's options in the screen's language (`translatorFor(request).language`). */
export function vocabularyFor(language: UiLanguage): Vocabulary {
  return {
    procedures: procedures.map((p) => ({ value: p, label: procedureLabels[p][language] })),
    languages: languages.map((l) => ({ value: l, label: languageLabels[l][language] })),
    roles: roles.map((r) => ({ value: r, label: roleLabels[r][language] })),
    boothKinds: boothKinds.map((k) => ({ value: k, label: boothKindLabels[k][language] })),
  };
}

// ---------------------------------------------------------------------------------------------
// Time: always shown in Asia/Tokyo, formatted on the server so the page reads the same everywhere.

/** The lists' way of writing an event (2026/12/03(木) 22:10), in Japanese whatever the screen's language. */
export function formatJst(at: Date | null | undefined): string | null {
  return stampOrNull(at, 'ja');
}
