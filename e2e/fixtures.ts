import { readFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import type { SeededLogin, SeededMunicipality } from '@madoguchi/app/seed';

export interface E2EFixtures {
  baseURL: string;
  databaseUrl: string;
  municipalityA: SeededMunicipality;
  municipalityB: SeededMunicipality;
  municipalityC: SeededMunicipality;
  /** Six languages, every procedure (e2e/multilingual-municipality.ts). */
  municipalityD: SeededMunicipality;
  /** Every booth language, every text translated: the accessibility audit's town. */
  municipalityE: SeededMunicipality;
  /** Listening in allowed and residents told; an operator and a supervisor (tests/supervisor.spec.ts). */
  municipalityF: SeededMunicipality;
  /** An operator and a remote interpreter (English): tests/interpreter.spec.ts. */
  municipalityG: SeededMunicipality;
  /** A town-A booth with no opening hours. */
  closedBooth: { boothId: string; boothCredential: string };
  /** 'YYYY-MM': the past month of town A seeded with known figures (reports). */
  reportMonth: string;
}

export function loadFixtures(): E2EFixtures {
  const file = process.env.E2E_FIXTURES;
  if (!file) throw new Error('E2E_FIXTURES is not set: run the suite with "npm run test:e2e".');
  return JSON.parse(readFileSync(file, 'utf8')) as E2EFixtures;
}

/** Rows of one query on the run's database file (the same libSQL file the server writes). */
export async function queryDb(sql: string, args: (string | number)[] = []) {
  const db = createClient({ url: loadFixtures().databaseUrl });
  try {
    return (await db.execute({ sql, args })).rows;
  } finally {
    db.close();
  }
}

/** A seeded login by its id (run-e2e.ts seeds them). */
export function loginNamed(municipality: SeededMunicipality, loginId: string): SeededLogin {
  const login = municipality.logins.find((l) => l.loginId === loginId);
  if (!login) throw new Error(`${loginId} is not seeded: see the logins in e2e/run-e2e.ts.`);
  return login;
}

/** The seeded login of `role` in a town: run-e2e.ts seeds an operator and an administrator into town A. */
export function loginOf(municipality: SeededMunicipality, role: SeededLogin['role']): SeededLogin {
  const login = municipality.logins.find((l) => l.role === role);
  if (!login) throw new Error(`No ${role} login is seeded: add one to the logins in e2e/run-e2e.ts.`);
  return login;
}
