/**
 * `npm start`: LiveKit + the app on this machine, the demo municipality seeded on first run, and
 * the URLs and demo logins printed.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir as resolveDataDir } from '@madoguchi/db';
import { parseEnv } from './env';
import { seedDemo } from './seed';
import { startStack } from './stack';

const env = parseEnv();
const stack = await startStack({ env });
const demoFile = path.join(resolveDataDir(env.MADOGUCHI_DATA_DIR), 'demo-logins.json');

type Demo = NonNullable<Awaited<ReturnType<typeof seedDemo>>>;
let demo: Demo | null = await seedDemo(stack.app.ctx.database.db);
if (demo) {
  // Demo only: kept so each start can print them again. Git-ignored, readable by you alone.
  writeFileSync(demoFile, JSON.stringify(demo, null, 2), { mode: 0o600 });
  chmodSync(demoFile, 0o600);
} else {
  try {
    demo = JSON.parse(readFileSync(demoFile, 'utf8')) as Demo;
  } catch {
    demo = null;
  }
}

const base = stack.app.url;
const lines = [
  '',
  'Madoguchi is running.',
  `  Booth kiosk      ${base}/booth/${demo?.allDayBooth ? `?provision=${demo.allDayBooth.boothCredential}` : ''}   (demo booth, open 24 h)`,
  ...(demo ? [`  Town-hall booth  ${base}/booth/?provision=${demo.boothCredential}   (Mon–Fri 8:15–17:00)`] : []),
  `  Operator console ${base}/console`,
  `  Staff dashboard  ${base}/staff        Admin: ${base}/admin`,
  `  API reference    ${base}/api/v1/reference   health: ${base}/api/health`,
  `  LiveKit          ${stack.livekit.url}`,
];
if (demo) {
  lines.push('  Demo logins (stored in data/demo-logins.json):');
  for (const login of demo.logins) lines.push(`    ${login.role.padEnd(11)} ${login.loginId} / ${login.password}`);
}
lines.push('Press Ctrl+C to stop.', '');
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stack.stop().then(() => process.exit(0));
  });
}
