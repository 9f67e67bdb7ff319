import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is db/src/paths.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The git-ignored folder for the local database, generated secrets and keys. */
export function dataDir(override: string | undefined = process.env.MADOGUCHI_DATA_DIR): string {
  return path.resolve(override ?? path.join(repoRoot, 'data'));
}

/**
 * Creates the data folder readable by this user alone (0700), and tightens one left wider by an
 * older version: it holds the database (password hashes, TOTP secrets), keys and demo logins.
 */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

export const migrationsFolder = path.join(repoRoot, 'db', 'migrations');
