import { type Db, schema } from '@madoguchi/db';
import { eq } from 'drizzle-orm';
import { bearerCredential, hashDeviceCredential } from './device-credentials.server';

export interface BoothPrincipal {
  kind: 'booth';
  boothId: string;
  boothName: string;
  municipalityId: string;
}

export interface BoothAuth {
  /** Resolves `Authorization: Bearer mdgb_…` to an enabled booth, or null. */
  authenticate(authorization: string | undefined | null): Promise<BoothPrincipal | null>;
  /** Drops cached lookups, e.g. after a credential is revoked or a booth disabled. */
  forget(): void;
}

/**
 * Booths authenticate on every event and heartbeat, so a successful lookup is cached for a few
 * seconds: a revoked credential or a disabled booth stops working within `cacheMs` on every node
 * (at once on the node that made the change, which calls forget()). Failures are not cached, so
 * junk credentials cannot fill the cache.
 */
export function createBoothAuth(db: Db, { cacheMs = 5_000, maxEntries = 10_000 } = {}): BoothAuth {
  const cache = new Map<string, { principal: BoothPrincipal; until: number }>();
  return {
    async authenticate(authorization) {
      const credential = bearerCredential(authorization);
      if (!credential) return null;
      const credentialHash = hashDeviceCredential(credential);
      const cached = cache.get(credentialHash);
      if (cached && cached.until > Date.now()) return cached.principal;
      const row = await db.query.booth.findFirst({
        columns: { id: true, name: true, municipalityId: true, enabled: true },
        where: eq(schema.booth.credentialHash, credentialHash),
      });
      if (!row || !row.enabled) {
        cache.delete(credentialHash);
        return null;
      }
      const principal: BoothPrincipal = {
        kind: 'booth',
        boothId: row.id,
        boothName: row.name,
        municipalityId: row.municipalityId,
      };
      if (cacheMs > 0) {
        if (cache.size >= maxEntries) cache.clear();
        cache.set(credentialHash, { principal, until: Date.now() + cacheMs });
      }
      return principal;
    },
    forget() {
      cache.clear();
    },
  };
}
