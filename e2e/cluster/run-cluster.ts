/**
 * The cross-node suite's runner (issue 15): the local cluster (app/server/start/cluster.ts) inside
 * the test namespace (scripts/netns.sh) — redis-server, two livekit-server nodes advertising the
 * namespace's address, app node processes on one libSQL file, HAProxy in front of both tiers on
 * every address — plus the booth's own network namespace (e2e/faults/booth-netns.ts) and a
 * control endpoint on 127.0.0.1 (control.ts) through which specs kill -9 and start any node by
 * name. Then it runs Playwright on e2e/cluster/tests (or, with `--bench <script>`, a script) and
 * stops all of it.
 *   bash scripts/netns.sh npx tsx e2e/cluster/run-cluster.ts [playwright args]
 * Environment: CLUSTER_APP_NODES (2), CLUSTER_LOG_LEVEL (warn), CLUSTER_APP_<VAR> passed to every node.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { type ClusterNode, type RunningCluster, randomClusterSecrets, startCluster } from '@madoguchi/app/cluster';
import { type SeededMunicipality, seedMunicipality } from '@madoguchi/app/seed';
import { ensureDataDir } from '@madoguchi/db';
import { chromiumLaunchOptions } from '../chromium';
import { writeFaceVideo } from '../face-video';
import { createBoothNetns } from '../faults/booth-netns';
import { CLUSTER_CONTROL_PORT, type ClusterFixtures } from './control';

const nodeIp = process.env.NETNS_IP;
if (!nodeIp) {
  console.error('run-cluster.ts must run inside the test network namespace: bash scripts/netns.sh npx tsx e2e/cluster/run-cluster.ts');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = ensureDataDir(mkdtempSync(path.join(tmpdir(), 'madoguchi-cluster-e2e-')));
process.env.FAKE_VIDEO_CAPTURE_FILE = await writeFaceVideo(dataDir);
const HEARTBEAT_MS = 2_000;

let municipality: SeededMunicipality | null = null;
let running: RunningCluster | null = null;
try {
  running = await startCluster({
    dataDir,
    appNodes: Number(process.env.CLUSTER_APP_NODES ?? 2),
    secrets: randomClusterSecrets(),
    // Both the console (127.0.0.1) and the booth (its own namespace, through fb0) reach HAProxy and
    // each node; LiveKit advertises the namespace's address and hands out the local STUN server.
    bindHost: '0.0.0.0',
    nodeHost: '0.0.0.0',
    publicHost: nodeIp,
    nodeIp,
    livekitOverrides: { rtc: { stun_servers: ['127.0.0.1:3478'] }, logging: { level: 'warn' } },
    appEnv: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? 'warn',
      LOG_FORMAT: 'json',
      HEARTBEAT_MS: String(HEARTBEAT_MS),
      BOOTH_OFFLINE_AFTER_MS: '6000',
      WRAP_UP_MS: '2000',
      LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
      ...Object.fromEntries(
        Object.entries(process.env)
          .filter(([k]) => k.startsWith('CLUSTER_APP_') && k !== 'CLUSTER_APP_NODES')
          .map(([k, v]) => [k.slice('CLUSTER_APP_'.length), v ?? '']),
      ),
    },
    onLine: (source, line) => console.log(`[${source}] ${line}`),
    async prepare(db) {
      municipality = await seedMunicipality(db, {
        code: '243248',
        name: '東員町（クラスタ試験）',
        boothName: 'クラスタ試験ブース',
        calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
        procedures: ['new_application', 'renewal', 'health_insurance', 'bank_account'],
        consent: {
          terms: { ja: '利用規約（試験）', en: 'Terms of use (test)' },
          privacy: { ja: 'プライバシーポリシー（試験）', en: 'Privacy policy (test)' },
        },
        logins: [{ loginId: 'op-c', role: 'operator', displayName: 'オペレーター クラスタ', languages: ['ja', 'en'] }],
      });
    },
  });
} catch (error) {
  console.error(`the cluster did not start: ${(error as Error).message}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}
const cluster = running;
const netns = createBoothNetns({ serverIp: nodeIp, dir: dataDir, chromium: chromiumLaunchOptions.executablePath });

const nodes = new Map<string, ClusterNode>([...cluster.apps, ...cluster.livekits].map((n) => [n.name, n]));
const control = createServer((req, res) => {
  const done = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const [, name, action, state] = (req.url ?? '').split('/');
  const node = nodes.get(name ?? '');
  const actions: Record<string, (() => Promise<unknown>) | undefined> = {
    'GET dispatcher': async () => ({ name: (await cluster.dispatcher())?.name ?? null }),
    'GET backends': () => cluster.backendStates(),
    'POST kill': node && (() => node.kill('SIGKILL').then(() => ({ ok: true }))),
    'POST start': node && (() => node.start().then(() => ({ ok: true }))),
    'POST wait':
      node && (state === 'UP' || state === 'DOWN')
        ? () => cluster.waitForBackends({ [node.name]: state }).then(() => ({ ok: true }))
        : undefined,
  };
  const run = actions[`${req.method} ${action ?? name}`] ?? actions[`${req.method} ${name}`];
  if (!run) return done(404, { error: `unknown control ${req.method} ${req.url}` });
  run().then(
    (body) => done(200, body),
    (error: unknown) => done(500, { error: String(error) }),
  );
});
await new Promise<void>((resolve) => control.listen(CLUSTER_CONTROL_PORT, '127.0.0.1', resolve));

const fixtures: ClusterFixtures = {
  consoleURL: `http://127.0.0.1:${cluster.ports.app}`,
  boothURL: `http://${nodeIp}:${cluster.ports.app}`,
  apps: cluster.apps.map((a, i) => ({ name: a.name, url: a.url, boothURL: `http://${nodeIp}:${cluster.ports.appNodes[i]}` })),
  livekits: cluster.livekits.map((l) => l.name),
  livekitURL: cluster.livekitUrl,
  databaseUrl: cluster.databaseUrl,
  metricsToken: cluster.secrets.metricsToken,
  boothChromium: netns.chromium,
  municipality: municipality!,
  heartbeatMs: HEARTBEAT_MS,
};
const fixturesFile = path.join(dataDir, 'cluster-fixtures.json');
writeFileSync(fixturesFile, JSON.stringify(fixtures));

const args = process.argv.slice(2);
const command =
  args[0] === '--bench' ? ['tsx', ...args.slice(1)] : ['playwright', 'test', '-c', 'e2e/cluster/playwright.config.ts', ...args];
let exitCode = 1;
try {
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npx', command, { cwd: root, stdio: 'inherit', env: { ...process.env, CLUSTER_FIXTURES: fixturesFile } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
} finally {
  control.close();
  netns.restore();
  netns.close();
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
