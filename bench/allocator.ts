/**
 * The server's malloc settings in the benches: scripts/glibc-tunables.env is their one definition
 * (scripts/start.sh and start-cluster.sh export it; decisions 0011 "Memory" and 0045). glibc reads
 * GLIBC_TUNABLES only when a process starts, so a bench that times the app's own work in its
 * process starts itself again, as a child, with them (rerunUnderServerAllocator).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The one definition of the app's allocator settings, which scripts/start.sh and start-cluster.sh export. */
export const ALLOCATOR_SETTINGS_FILE = path.join(repoRoot, 'scripts', 'glibc-tunables.env');

/** GLIBC_TUNABLES's value in a `KEY=value` settings file (comments and blank lines aside). */
export function allocatorTunables(settings: string): string {
  const value = /^GLIBC_TUNABLES=(\S+)$/m.exec(settings)?.[1];
  if (!value) throw new Error(`no GLIBC_TUNABLES=… line in ${ALLOCATOR_SETTINGS_FILE}`);
  return value;
}

/** The server's GLIBC_TUNABLES, read from ALLOCATOR_SETTINGS_FILE. */
export const ALLOCATOR_TUNABLES = allocatorTunables(readFileSync(ALLOCATOR_SETTINGS_FILE, 'utf8'));

/**
 * Unless GLIBC_TUNABLES is set (set it empty for glibc's defaults), runs this script again as a
 * child under the server's settings, waits for it, takes its exit code and returns true: the
 * caller then does nothing more. Returns false in the process that should do the work.
 */
export function rerunUnderServerAllocator(): boolean {
  if (process.env.GLIBC_TUNABLES !== undefined) return false;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: ALLOCATOR_TUNABLES },
  });
  process.exitCode = child.status ?? 1;
  return true;
}

/** What a bench's results say about the allocator it ran under. */
export const allocatorInUse = () => {
  const tunables = process.env.GLIBC_TUNABLES;
  return { glibcTunables: tunables || null, server: ALLOCATOR_TUNABLES, asTheServer: tunables === ALLOCATOR_TUNABLES };
};
