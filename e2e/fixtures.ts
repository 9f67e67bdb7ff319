import { readFileSync } from 'node:fs';
import type { SeededMunicipality } from '@madoguchi/app/seed';

export interface E2EFixtures {
  baseURL: string;
  databaseUrl: string;
  townA: SeededMunicipality;
}

export function loadFixtures(): E2EFixtures {
  const file = process.env.E2E_FIXTURES;
  if (!file) throw new Error('E2E_FIXTURES is not set: run the suite with "npm run test:e2e".');
  return JSON.parse(readFileSync(file, 'utf8')) as E2EFixtures;
}
