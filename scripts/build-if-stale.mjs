// Builds the booth kiosk and the Remix app (npm run build) when a build output is missing or older
// than any file it is made from; otherwise says so and exits. Used by scripts/setup.sh and the
// benches, so `npm start`, `npm test` and the benches never run a stale build, and a second start
// does not rebuild for nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

const builtAt = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
const changedAt = Math.max(...inputs.map(newest));
if (builtAt > changedAt) {
  console.log('build is up to date');
} else {
  console.log(builtAt === 0 ? 'no build yet: building' : 'sources changed since the last build: building');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
