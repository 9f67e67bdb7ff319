// Builds the booth kiosk and the Remix app (npm run build) when a build output is missing or older
// than any file it is made from; otherwise says so and exits. Used by scripts/setup.sh and the
// benches, so `npm start`, `npm test` and the benches never run a stale build, and a second start
// does not rebuild for nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['app/build/server/index.js', 'app/build/client', 'booth-client/dist/index.html'].map((p) => path.join(root, p));
/** What the two builds are made from (their own sources, the code they import, their configs). */
const inputs = [
  'app/web',
  'app/domain',
  'app/server',
  'app/api',
  'app/public',
  'app/vite.config.ts',
  'app/package.json',
  'app/tsconfig.json',
  'booth-client/src',
  'booth-client/index.html',
  'booth-client/vite.config.ts',
  'booth-client/package.json',
  'booth-client/tsconfig.json',
  'db/src',
  'db/package.json',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  // The call-link state both clients share (media-server/src/call-link*.ts).
  'media-server/src',
  'media-server/package.json',
].map((p) => path.join(root, p));

function newest(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) if (entry !== 'node_modules') latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

/**
 * One build at a time: two callers at once (two test files' ensureBuilds, forked in parallel)
 * would write the same output folders and leave a Remix client from one build beside the server
 * manifest of the other — every page then broke in the browser while the build looked fresh. The
 * second caller waits for the lock, then finds the build up to date. A lock older than ten
 * minutes is a crashed build's and is taken over.
 */
const lock = path.join(root, '.build.lock');
const waitUntil = Date.now() + 15 * 60_000;
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
    else if (Date.now() > waitUntil) throw new Error(`another build has held ${lock} for 15 minutes`);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}
let status = 0;
try {
  const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const changedAt = Math.max(...inputs.map(newest));
  if (builtAt > changedAt) {
    console.log('build is up to date');
  } else {
    console.log(builtAt === 0 ? 'no build yet: building' : 'sources changed since the last build: building');
    // Always a production build: a caller under vitest (NODE_ENV=test, e.g. ensureBuilds in
    // bench/server.ts) otherwise had Vite bundle React's development build, whose StrictMode runs
    // every effect twice — the call page's join was disposed at once (supervisor.spec take-over).
    const env = { ...process.env, NODE_ENV: 'production' };
    status = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', env }).status ?? 1;
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
process.exit(status);
