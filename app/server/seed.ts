import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Db, type Role } from '@madoguchi/db';
import { hashPassword } from './passwords.server';
import { newDeviceCredential } from './device-credentials.server';

export interface SeededLogin {
  loginId: string;
  password: string;
  role: Role;
  displayName: string;
}

export interface SeededMunicipality {
  municipalityId: string;
  boothId: string;
  boothCredential: string;
  logins: SeededLogin[];
}

export interface MunicipalitySeed {
  code: string;
  name: string;
  boothName: string;
  logins: { loginId: string; role: Role; displayName: string; password?: string }[];
}

/**
 * Creates a municipality with one town-hall booth and the given accounts. Passwords not given
 * are generated; the booth credential is generated. Returns them once — only hashes are stored.
 */
export async function seedMunicipality(db: Db, seed: MunicipalitySeed): Promise<SeededMunicipality> {
  const municipalityId = randomUUID();
  const boothId = randomUUID();
  const { credential, credentialHash } = newDeviceCredential();
  const logins: SeededLogin[] = seed.logins.map((l) => ({
    ...l,
    password: l.password ?? randomBytes(9).toString('base64url'),
  }));
  const accounts = await Promise.all(
    logins.map(async (l) => ({
      id: randomUUID(),
      loginId: l.loginId,
      passwordHash: await hashPassword(l.password),
      displayName: l.displayName,
      role: l.role,
    })),
  );
  await db.batch([
    db.insert(schema.municipality).values({ id: municipalityId, code: seed.code, name: seed.name }),
    db.insert(schema.booth).values({
      id: boothId,
      municipalityId,
      name: seed.boothName,
      kind: 'town_hall',
      credentialHash,
    }),
    ...(accounts.length > 0
      ? [
          db.insert(schema.account).values(accounts),
          db.insert(schema.accountMunicipality).values(accounts.map((a) => ({ accountId: a.id, municipalityId }))),
        ]
      : []),
  ]);
  return { municipalityId, boothId, boothCredential: credential, logins };
}

export const DEMO_MUNICIPALITY_CODE = '243248';

/** The demo municipality `npm start` shows: 東員町 (Toin), the spec behind the core model. */
export async function seedDemo(db: Db): Promise<SeededMunicipality | null> {
  const existing = await db.query.municipality.findFirst({
    where: eq(schema.municipality.code, DEMO_MUNICIPALITY_CODE),
  });
  if (existing) return null;
  return seedMunicipality(db, {
    code: DEMO_MUNICIPALITY_CODE,
    name: '東員町（デモ）',
    boothName: '東員町役場 1階 オンライン窓口',
    logins: [
      { loginId: 'operator', role: 'operator', displayName: 'オペレーター 佐藤' },
      { loginId: 'staff', role: 'town_staff', displayName: '東員町 住民課' },
      { loginId: 'admin', role: 'admin', displayName: '管理者' },
    ],
  });
}
