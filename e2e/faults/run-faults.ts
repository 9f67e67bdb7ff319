/**
 * The fault suite (`npm run test:faults`) and bench:faults: the real stack with faults a booth
 * really meets (issue 13). Inside the test namespace (scripts/netns.sh) this starts
 * - livekit-server, advertising the namespace's address (10.77.0.1);
 * - the app as its own process (`app/server/main.ts`) on a fresh libSQL file, so it can be killed
 *   and started again like a real crash;
 * - the booth's network namespace (booth-netns.ts), where the booth's Chromium runs;
 * and a control endpoint on 127.0.0.1 (control.ts) through which the specs kill and start the app
 * and livekit-server and cut or shape the booth's line. Then it runs Playwright (or, with
 * `--bench <script>`, a benchmark script) and stops all of it; every fault is undone at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { seedMunicipality } from '@madoguchi/app/seed';
import { defaultDatabaseUrl, ensureDataDir, openDatabase } from '@madoguchi/db';
import { buildLiveKitConfig, type RunningLiveKit, resolveLiveKitCredentials, startLiveKit } from '@madoguchi/media-server';
import { chromiumLaunchOptions } from '../chromium';
import { writeFaceVideo } from '../face-video';
import { createBoothNetns } from './booth-netns';
import { CONTROL_PORT, type FaultFixtures } from './control';

const nodeIp = process.env.NETNS_IP;
if (!nodeIp) {
  console.error('run-faults.ts must run inside the test network namespace: use "npm run test:faults".');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = ensureDataDir(mkdtempSync(path.join(tmpdir(), 'madoguchi-faults-')));
process.env.FAKE_VIDEO_CAPTURE_FILE = await writeFaceVideo(dataDir);

const APP_PORT = 3000;
const appEnv: Record<string, string> = {
  NODE_ENV: 'test',
  // Both the console (127.0.0.1) and the booth (10.77.0.1, through its namespace) reach it.
  HOST: '0.0.0.0',
  PORT: String(APP_PORT),
  LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
  LOG_FORMAT: 'json',
  MADOGUCHI_DATA_DIR: dataDir,
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  HEARTBEAT_MS: '2000',
  BOOTH_OFFLINE_AFTER_MS: '6000',
  OFFER_TIMEOUT_MS: '20000',
  WRAP_UP_MS: '2000',
  LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
  ...Object.fromEntries(
    Object.entries(process.env)
      .filter(([k]) => k.startsWith('FAULTS_APP_'))
      .map(([k, v]) => [k.slice('FAULTS_APP_'.length), v ?? '']),
  ),
};

// livekit-server: its own process, killed and started again by the specs.
const credentials = resolveLiveKitCredentials(dataDir, {});
const livekitConfig = buildLiveKitConfig({
  credentials,
  webhookUrl: `http://127.0.0.1:${APP_PORT}/api/livekit/webhook`,
  nodeIp,
  // Signalling on every address of the test namespace: the booth comes from its own, through fb0.
  overrides: { bind_addresses: ['0.0.0.0'], rtc: { stun_servers: ['127.0.0.1:3478'] }, logging: { level: 'warn' } },
});
let livekit: RunningLiveKit | null = await startLiveKit({ config: livekitConfig });

// The app: a child process, as in production.
let app: ChildProcess | null = null;
async function appAnswers(timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(`http://127.0.0.1:${APP_PORT}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (response.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app did not answer within ${timeoutMs} ms`);
}
async function startAppProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'app/server/main.ts')], {
    cwd: root,
    env: { ...process.env, ...appEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  app = child;
  child.once('exit', () => {
    if (app === child) app = null;
  });
  await appAnswers(60_000);
}
function killApp(): Promise<void> {
  const child = app;
  if (!child) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
await startAppProcess();

// One municipality, open around the clock, with one operator.
const database = await openDatabase({ url: defaultDatabaseUrl(dataDir) });
const municipality = await seedMunicipality(database.db, {
  code: '243248',
  name: '東員町（障害試験）',
  boothName: '障害試験ブース',
  calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
  procedures: ['new_application', 'renewal', 'health_insurance', 'bank_account'],
  consent: {
    terms: { ja: '利用規約（試験）', en: 'Terms of use (test)' },
    privacy: { ja: 'プライバシーポリシー（試験）', en: 'Privacy policy (test)' },
  },
  logins: [{ loginId: 'op-f', role: 'operator', displayName: 'オペレーター 障害', languages: ['ja', 'en'] }],
});
database.close();

const netns = createBoothNetns({ serverIp: nodeIp, dir: dataDir, chromium: chromiumLaunchOptions.executablePath });

// The control endpoint: loopback of the test namespace only.
const control = createServer((req, res) => {
  const done = (status: number, body: unknown = { ok: true }) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
  req.on('end', () => {
    const body = raw ? (JSON.parse(raw) as Record<string, number>) : {};
    const actions: Record<string, () => Promise<unknown> | unknown> = {
      '/app/kill': killApp,
      '/app/start': startAppProcess,
      '/livekit/kill': async () => {
        if (livekit) process.kill(livekit.pid, 'SIGKILL');
        livekit = null;
      },
      '/livekit/start': async () => {
        livekit = await startLiveKit({ config: livekitConfig });
      },
      '/link/cut': () => netns.cut(),
      '/link/restore': () => netns.restore(),
      '/link/shape': () => netns.shape(body),
    };
    const action = req.method === 'POST' ? actions[req.url ?? ''] : undefined;
    if (!action) return done(404, { error: 'unknown control' });
    Promise.resolve()
      .then(action)
      .then(
        () => done(200),
        (error: unknown) => done(500, { error: String(error) }),
      );
  });
});
await new Promise<void>((resolve) => control.listen(CONTROL_PORT, '127.0.0.1', resolve));

const fixtures: FaultFixtures = {
  consoleURL: `http://127.0.0.1:${APP_PORT}`,
  boothURL: `http://${nodeIp}:${APP_PORT}`,
  databaseUrl: defaultDatabaseUrl(dataDir),
  boothChromium: netns.chromium,
  municipality,
  heartbeatMs: Number(appEnv.HEARTBEAT_MS),
  offlineAfterMs: Number(appEnv.BOOTH_OFFLINE_AFTER_MS),
};
const fixturesFile = path.join(dataDir, 'fault-fixtures.json');
writeFileSync(fixturesFile, JSON.stringify(fixtures));

// `--bench <script> [args]`: a benchmark script instead of the Playwright specs.
const args = process.argv.slice(2);
const command =
  args[0] === '--bench' ? ['tsx', ...args.slice(1)] : ['playwright', 'test', '-c', 'e2e/faults/playwright.config.ts', ...args];
let exitCode = 1;
try {
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npx', command, { cwd: root, stdio: 'inherit', env: { ...process.env, FAULT_FIXTURES: fixturesFile } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
} finally {
  control.close();
  netns.restore();
  netns.close();
  await killApp();
  if (livekit) await livekit.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
