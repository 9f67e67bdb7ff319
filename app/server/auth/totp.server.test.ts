import { describe, expect, it } from 'vitest';
import { createTotpSealer, matchingStep, newTotpSecret, totpCode } from './totp.server';

const key = Buffer.alloc(32, 1);
const at = new Date('2026-11-24T01:00:10Z');
const step = Math.floor(at.getTime() / 30_000);

describe('matchingStep', () => {
  const secret = newTotpSecret();
  it('gives the time-step of the code, one step either side of now', () => {
    expect(matchingStep(secret, totpCode(secret, at), at)).toBe(step);
    expect(matchingStep(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchingStep(secret, totpCode(secret, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
  });

  it('gives null for a code two steps away, or not a code at all', () => {
    expect(matchingStep(secret, totpCode(secret, new Date(at.getTime() - 60_000)), at)).toBeNull();
    expect(matchingStep(secret, totpCode(secret, new Date(at.getTime() + 60_000)), at)).toBeNull();
    expect(matchingStep(secret, 'abcdef', at)).toBeNull();
  });
});

describe('the TOTP sealer (AES-256-GCM)', () => {
  const sealer = createTotpSealer(key);
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

  it('seals to a fresh `v1:` text each time, which opens to the secret', () => {
    const a = sealer.seal('account-1', secret);
    const b = sealer.seal('account-1', secret);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret);
    expect(sealer.open('account-1', a)).toBe(secret);
  });

  it('does not open on another account, with another key, or once altered', () => {
    const sealed = sealer.seal('account-1', secret);
    expect(() => sealer.open('account-2', sealed)).toThrow(/TOTP_KEY/);
    expect(() => createTotpSealer(Buffer.alloc(32, 2)).open('account-1', sealed)).toThrow(/TOTP_KEY/);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(() => sealer.open('account-1', `v1:${raw.toString('base64url')}`)).toThrow(/TOTP_KEY/);
    expect(() => sealer.open('account-1', secret)).toThrow(/not sealed/);
  });

  it('wants a 32-byte key', () => {
    expect(() => createTotpSealer(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
