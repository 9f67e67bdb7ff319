import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LiveKitCredentials {
  apiKey: string;
  apiSecret: string;
}

/**
 * The LiveKit API key and secret: from LIVEKIT_API_KEY / LIVEKIT_API_SECRET when set, otherwise
 * a pair generated once into `<dataDir>/livekit-credentials.json` (mode 0600, git-ignored).
 * Nothing secret is ever committed.
 */
export function resolveLiveKitCredentials(
  dataDir: string,
  fromEnv: { apiKey?: string | undefined; apiSecret?: string | undefined } = {
    apiKey: process.env.LIVEKIT_API_KEY,
    apiSecret: process.env.LIVEKIT_API_SECRET,
  },
): LiveKitCredentials {
  const { apiKey, apiSecret } = fromEnv;
  if (apiKey || apiSecret) {
    if (!apiKey || !apiSecret) {
      throw new Error('Set both LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or neither.');
    }
    if (apiSecret.length < 32) {
      throw new Error('LIVEKIT_API_SECRET must be at least 32 characters (livekit-server refuses shorter).');
    }
    return { apiKey, apiSecret };
  }
  const file = path.join(dataDir, 'livekit-credentials.json');
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LiveKitCredentials>;
    if (stored.apiKey && stored.apiSecret) return { apiKey: stored.apiKey, apiSecret: stored.apiSecret };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated: LiveKitCredentials = {
    apiKey: `API${randomBytes(8).toString('hex')}`,
    apiSecret: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  // 'wx' fails if another process wrote it first; then read theirs.
  try {
    writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveLiveKitCredentials(dataDir, {});
    throw error;
  }
  return generated;
}
