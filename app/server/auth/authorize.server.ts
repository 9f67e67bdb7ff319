import { reachOf, reaches, type Need, type Reach } from '../../domain/permissions';
import { problems, Problem } from '../platform/problems';
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

/** For list queries: null means no filter, an array the municipalities to keep. */
export function municipalityFilter(reach: Reach): readonly string[] | null {
  return reach.kind === 'any' ? null : reach.ids;
}
