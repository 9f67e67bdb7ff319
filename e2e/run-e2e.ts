/**
 * Starts the real stack (livekit-server + app on a fresh libSQL file), seeds two municipalities,
 * runs Playwright against it, and stops everything. Run through run-in-netns.sh.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from '@madoguchi/app/env';
import { seedMunicipality } from '@madoguchi/app/seed';
import { startStack } from '@madoguchi/app/stack';
import type { E2EFixtures } from './fixtures';

const nodeIp = process.env.E2E_NODE_IP;
if (!nodeIp) {
  console.error('run-e2e.ts must run inside the e2e network namespace: use "npm run test:e2e".');
  process.exit(2);
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'madoguchi-e2e-'));
const env = parseEnv({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '3000',
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  MADOGUCHI_DATA_DIR: dataDir,
});
const livekitLog: string[] = [];
const stack = await startStack({
  env,
  nodeIp,
  // No public STUN in an isolated network: point clients at an address that stays on loopback.
  livekitOverrides: { rtc: { stun_servers: ['127.0.0.1:3478'] }, logging: { level: 'warn' } },
  onLiveKitLog: (line) => livekitLog.push(line),
});

let exitCode = 1;
try {
  const db = stack.app.ctx.database.db;
  const townA = await seedMunicipality(db, {
    code: '243248',
    name: '東員町（E2E）',
    boothName: 'E2E 役場ブース A',
    logins: [
      { loginId: 'op-a', role: 'operator', displayName: 'オペレーター 田中' },
      { loginId: 'admin-a', role: 'admin', displayName: '管理者 E2E' },
    ],
  });
  const fixtures: E2EFixtures = {
    baseURL: stack.app.url,
    databaseUrl: stack.app.ctx.database.url,
    townA,
  };
  const fixturesFile = path.join(dataDir, 'fixtures.json');
  writeFileSync(fixturesFile, JSON.stringify(fixtures));

  exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, E2E_FIXTURES: fixturesFile },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
} finally {
  await stack.stop();
  if (exitCode !== 0 && livekitLog.length > 0) {
    console.error('--- livekit-server log (last 40 lines) ---');
    console.error(livekitLog.slice(-40).join('\n'));
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
