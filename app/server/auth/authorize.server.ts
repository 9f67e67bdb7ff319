import { inArray, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { type Need, type Reach, reaches, reachOf } from '../../domain/permissions';
import { Problem, problems } from '../platform/problems';
import type { AccountPrincipal } from './login.server';

/**
 * The one authorisation check, for API routes and Remix loaders alike: the account's reach for
 * `need`, or 401 (nobody) / 403 (role lacks it).
 */
export function requirePermission(account: AccountPrincipal | null, need: Need): Reach {
  if (!account) throw problems.unauthenticated();
  const reach = reachOf(account, need);
  if (!reach) throw problems.forbidden();
  return reach;
}

/**
 * A record in another municipality is reported as missing, not forbidden, so ids of other towns'
 * records cannot be probed.
 */
export function requireWithin(reach: Reach, municipalityId: string, notFound: () => Problem): void {
  if (!reaches(reach, municipalityId)) throw notFound();
}

/** For list queries: null means no filter, an array the municipalities to keep (none for a `self` reach). */
export function municipalityFilter(reach: Reach): readonly string[] | null {
  return reach.kind === 'any' ? null : reach.kind === 'municipalities' ? reach.ids : [];
}

/** The municipalities `account` may read with `need`, for a list (null = all); 401/403 as requirePermission. */
export function readableMunicipalities(account: AccountPrincipal | null, need: Need): readonly string[] | null {
  return municipalityFilter(requirePermission(account, need));
}

/** A list query's condition keeping `column` (a municipality id) among `ids`; no condition when null (all). */
export function municipalityIn(ids: readonly string[] | null, column: SQLiteColumn): SQL | undefined {
  return ids ? inArray(column, [...ids]) : undefined;
}
