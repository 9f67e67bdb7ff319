import { createHash, randomBytes } from 'node:crypto';

/**
 * Booth device credentials: 256 random bits, shown once when provisioned. Only a SHA-256 is
 * stored — with this much entropy a fast hash is as safe as a slow one, and it keeps booth
 * authentication cheap on every heartbeat and event.
 */
export function newDeviceCredential(): { credential: string; credentialHash: string } {
  const credential = `mdgb_${randomBytes(32).toString('base64url')}`;
  return { credential, credentialHash: hashDeviceCredential(credential) };
}

export function hashDeviceCredential(credential: string): string {
  return createHash('sha256').update(credential).digest('hex');
}

export function bearerCredential(authorization: string | undefined | null): string | null {
  const match = /^Bearer\s+(mdgb_[A-Za-z0-9_-]{43})$/.exec(authorization ?? '');
  return match?.[1] ?? null;
}
