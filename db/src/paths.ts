import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Repository root (this file is db/src/paths.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The git-ignored folder for the local database, generated secrets and keys. */
export function dataDir(override: string | undefined = process.env.MADOGUCHI_DATA_DIR): string {
  return path.resolve(override ?? path.join(repoRoot, 'data'));
}

export const migrationsFolder = path.join(repoRoot, 'db', 'migrations');
