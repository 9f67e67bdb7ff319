import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIVEKIT_VERSION = '1.13.5';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where install-livekit.sh puts the binary (git-ignored). */
export const livekitBinary = path.join(repoRoot, '.bin', `livekit-server-v${LIVEKIT_VERSION}`, 'server');

/** The single-node config a user runs on their own machine. */
export const livekitConfigFile = path.join(repoRoot, 'livekit.yaml');
