import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aesKeyFromEnvOrFile } from './secrets';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('aesKeyFromEnvOrFile', () => {
  it('generates a 32-byte key once into a 0600 file, and reads the same one after', () => {
    const key = aesKeyFromEnvOrFile(undefined, dir, 'totp-key', 'TOTP_KEY');
    expect(key.length).toBe(32);
    expect(statSync(path.join(dir, 'totp-key')).mode & 0o777).toBe(0o600);
    expect(aesKeyFromEnvOrFile(undefined, dir, 'totp-key', 'TOTP_KEY')).toEqual(key);
  });

  it('takes the environment value first, and writes no file then', () => {
    const key = aesKeyFromEnvOrFile(Buffer.alloc(32, 9).toString('base64'), dir, 'totp-key', 'TOTP_KEY');
    expect(key).toEqual(Buffer.alloc(32, 9));
    expect(() => readFileSync(path.join(dir, 'totp-key'))).toThrow();
  });

  it('refuses a key file that group or others can read, and a key of the wrong length', () => {
    const file = path.join(dir, 'totp-key');
    writeFileSync(file, Buffer.alloc(32, 1).toString('base64'), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => aesKeyFromEnvOrFile(undefined, dir, 'totp-key', 'TOTP_KEY')).toThrow(/chmod 600 .*TOTP_KEY/);
    chmodSync(file, 0o600);
    writeFileSync(file, Buffer.alloc(16, 1).toString('base64'));
    expect(() => aesKeyFromEnvOrFile(undefined, dir, 'totp-key', 'TOTP_KEY')).toThrow(/32 bytes/);
  });
});
