/**
 * Sites: where a resident books. A site is the set of a municipality's enabled booths that share a
 * `location` (booth.location, NFKC-normalised and trimmed); a booth with an empty location is a
 * site of its own. Its key is stable and short, for URLs (`/reserve/<code>?site=<key>`) and rows:
 * `l-` + 12 hex characters of SHA-256 of the normalised location, or `b-` + those of the booth id.
 * Renaming a location gives a new key: reservations booked under the old one keep it (staff move
 * them). Pure.
 */
import { createHash } from 'node:crypto';

export interface SiteBooth {
  id: string;
  name: string;
  location: string;
  enabled: boolean;
}

export interface Site<B extends SiteBooth = SiteBooth> {
  key: string;
  /** The location, or the booth's name for a booth of its own. */
  name: string;
  booths: B[];
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
export const normaliseLocation = (location: string) => location.normalize('NFKC').trim().replace(/\s+/g, ' ');

export function siteKeyOf(booth: Pick<SiteBooth, 'id' | 'location'>): string {
  const location = normaliseLocation(booth.location);
  return location ? `l-${digest(location)}` : `b-${digest(booth.id)}`;
}

export const SITE_KEY_PATTERN = /^[lb]-[0-9a-f]{12}$/;

/** The sites of these booths (disabled ones left out), by name. */
export function sitesOf<B extends SiteBooth>(booths: readonly B[]): Site<B>[] {
  const sites = new Map<string, Site<B>>();
  for (const booth of booths) {
    if (!booth.enabled) continue;
    const key = siteKeyOf(booth);
    const site = sites.get(key);
    if (site) site.booths.push(booth);
    else sites.set(key, { key, name: normaliseLocation(booth.location) || booth.name, booths: [booth] });
  }
  return [...sites.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : 1));
}
