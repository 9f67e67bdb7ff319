import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveLiveKitCredentials } from './credentials';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'lkcred-'));

describe('resolveLiveKitCredentials', () => {
  it('generates a pair once into the data folder, readable by the owner only, then reuses it', () => {
    const dir = fresh();
    const first = resolveLiveKitCredentials(dir, {});
    expect(first.apiKey).toMatch(/^API[0-9a-f]{16}$/);
    expect(first.apiSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dir, 'livekit-credentials.json')).mode & 0o777).toBe(0o600);
    expect(resolveLiveKitCredentials(dir, {})).toEqual(first);
  });

  it('prefers the environment', () => {
    const pair = { apiKey: 'APIfromenv', apiSecret: 'e'.repeat(40) };
    expect(resolveLiveKitCredentials(fresh(), pair)).toEqual(pair);
  });

  it('refuses half a pair and a short secret', () => {
    expect(() => resolveLiveKitCredentials(fresh(), { apiKey: 'APIonly' })).toThrow(/both/);
    expect(() => resolveLiveKitCredentials(fresh(), { apiKey: 'API', apiSecret: 'short' })).toThrow(/32/);
  });
});
