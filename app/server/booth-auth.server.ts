import { eq } from 'drizzle-orm';
import { schema, type Db } from '@madoguchi/db';
import { bearerCredential, hashDeviceCredential } from './device-credentials.server';

export interface BoothPrincipal {
  kind: 'booth';
  boothId: string;
  boothName: string;
  municipalityId: string;
}

/** Resolves `Authorization: Bearer mdgb_…` to an enabled booth, or null. */
export function createBoothAuth(db: Db) {
  return async (authorization: string | undefined | null): Promise<BoothPrincipal | null> => {
    const credential = bearerCredential(authorization);
    if (!credential) return null;
    const row = await db.query.booth.findFirst({
      columns: { id: true, name: true, municipalityId: true, enabled: true },
      where: eq(schema.booth.credentialHash, hashDeviceCredential(credential)),
    });
    if (!row || !row.enabled) return null;
    return { kind: 'booth', boothId: row.id, boothName: row.name, municipalityId: row.municipalityId };
  };
}
