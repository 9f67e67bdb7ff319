import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret from the environment, or one generated once into the git-ignored data folder (0600).
 */
export function secretFromEnvOrFile(value: string | undefined, dataDir: string, fileName: string): string {
  if (value) return value;
  const file = path.join(dataDir, fileName);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, generated, { mode: 0o600, flag: 'wx' });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

/**
 * A 32-byte key (AES-256) from the environment (base64), or from a 0600 key file generated once
 * in the data folder. A key file that group or others can read is not a secret any more: refuse
 * to start rather than use it.
 */
export function aesKeyFromEnvOrFile(value: string | undefined, dataDir: string, fileName: string, envName: string, what = 'key'): Buffer {
  const file = path.join(dataDir, fileName);
  if (!value) refuseReadableKeyFile(file, envName, what);
  const key = Buffer.from(secretFromEnvOrFile(value, dataDir, fileName), 'base64');
  if (key.length !== 32) throw new Error(`The ${what} must be 32 bytes (${envName}, base64, or ${file}).`);
  return key;
}

function refuseReadableKeyFile(file: string, envName: string, what: string) {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `The ${what} file ${file} is accessible to group or others (mode ${(mode & 0o777).toString(8).padStart(3, '0')}). ` +
        `Run \`chmod 600 ${file}\` (and check who could have read it), or set ${envName}.`,
    );
  }
}

/**
 * A 32-byte key for one purpose, derived from a secret every node shares (HKDF-SHA256, the purpose
 * as its info): each use gets its own key, and no node needs a file of its own.
 */
export function derivedKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'madoguchi', purpose, 32));
}
