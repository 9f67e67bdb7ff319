/**
 * The multi-node suite (`npm run test:multi-node`, part of `npm test`; issue 15): the local
 * cluster (app/server/start/cluster.ts) inside the test network namespace — one redis-server, two
 * livekit-server nodes in LiveKit's multi-node mode advertising the namespace's address, two app
 * node processes on one libSQL file and one Redis, HAProxy in front of both tiers — with one
 * municipality, two booths and two operators seeded. A control endpoint on the namespace's
 * loopback lets the specs kill -9 and start app and LiveKit nodes and ask which app node runs the
 * dispatcher. Then Playwright runs e2e/multi-node/tests with Debian's Chromium, and everything stops.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { randomClusterSecrets, startCluster } from '@madoguchi/app/cluster';
import { addBooth, seedMunicipality } from '@madoguchi/app/seed';
import { writeFaceVideo } from '../face-video';
import { MULTI_NODE_CONTROL_PORT, MULTI_NODE_LEASE_MS, MULTI_NODE_OFFER_TIMEOUT_MS, type MultiNodeFixtures } from './control';

const nodeIp = process.env.NETNS_IP;
if (!nodeIp) {
  console.error('run-multi-node.ts must run inside the test network namespace: use "npm run test:multi-node".');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'madoguchi-multi-node-'));
process.env.FAKE_VIDEO_CAPTURE_FILE = await writeFaceVideo(dataDir);
const secrets = randomClusterSecrets();
const logLevel = process.env.MULTI_NODE_LOG_LEVEL ?? 'warn';
/** LiveKit's own level (its lines printed, with the time, whatever MULTI_NODE_LOG_LEVEL says): e.g. debug to follow a failover. */
const livekitLogLevel = process.env.MULTI_NODE_LIVEKIT_LOG_LEVEL;

let seeded: MultiNodeFixtures['municipality'] | null = null;
let secondBooth: { boothId: string; boothCredential: string } | null = null;
const cluster = await startCluster({
  dataDir,
  appNodes: 2,
  livekitNodes: 2,
  nodeIp,
  secrets,
  // No public STUN in an isolated network.
  livekitOverrides: { rtc: { stun_servers: ['127.0.0.1:3478'] }, logging: { level: livekitLogLevel ?? 'warn' } },
  appEnv: {
    NODE_ENV: 'test',
    LOG_LEVEL: logLevel,
    LOG_FORMAT: 'json',
    LEASE_MS: String(MULTI_NODE_LEASE_MS),
    OFFER_TIMEOUT_MS: String(MULTI_NODE_OFFER_TIMEOUT_MS),
    WRAP_UP_MS: '2000',
    HEARTBEAT_MS: '2000',
    BOOTH_OFFLINE_AFTER_MS: '6000',
    BOOTH_REJOIN_GRACE_MS: '20000',
    LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
    PHOTO_GRACE_MS: '60000',
  },
  onLine: (source, line) => {
    if (livekitLogLevel && source.startsWith('livekit')) console.log(`${Date.now()} ${source.padEnd(9)} ${line}`);
    else if (logLevel !== 'silent' && !/GET \/api\/health/.test(line)) console.log(`${source.padEnd(9)} ${line}`);
  },
  async prepare(db) {
    seeded = await seedMunicipality(db, {
      code: '243248',
      name: '東員町（複数ノード）',
      boothName: '複数ノード ブース 1',
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
      procedures: ['new_application', 'renewal', 'health_insurance', 'bank_account'],
      consent: {
        terms: { ja: '利用規約（試験）', en: 'Terms of use (test)' },
        privacy: { ja: 'プライバシーポリシー（試験）', en: 'Privacy policy (test)' },
      },
      logins: [
        { loginId: 'op-1', role: 'operator', displayName: 'オペレーター 一', languages: ['ja', 'en'] },
        { loginId: 'op-2', role: 'operator', displayName: 'オペレーター 二', languages: ['ja', 'en'] },
      ],
    });
    secondBooth = await addBooth(db, seeded.municipalityId, {
      name: '複数ノード ブース 2',
      kind: 'mall',
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    });
  },
});

const control = createServer((req, res) => {
  const done = (status: number, body: unknown = { ok: true }) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const match = /^\/(app|livekit)\/(\d)\/(kill|start)$/.exec(req.url ?? '');
  const run = async (): Promise<unknown> => {
    if (req.method === 'GET' && req.url === '/dispatcher') return { nodeId: (await cluster.dispatcher())?.nodeId ?? null };
    const hosting = /^\/livekit\/hosting\/([A-Za-z0-9_-]{1,128})$/.exec(req.url ?? '');
    if (req.method === 'GET' && hosting) return { node: await livekitNodeHosting(hosting[1]!) };
    if (req.method !== 'POST' || !match) throw Object.assign(new Error('unknown control'), { status: 404 });
    const nodes = match[1] === 'app' ? cluster.apps : cluster.livekits;
    const node = nodes[Number(match[2]) - 1];
    if (!node) throw Object.assign(new Error('no such node'), { status: 404 });
    if (match[3] === 'kill') await node.kill('SIGKILL');
    else await node.start();
    return { ok: true, at: Date.now() };
  };
  run().then(
    (body) => done(200, body),
    (error: Error & { status?: number }) => done(error.status ?? 500, { error: String(error) }),
  );
});
await new Promise<void>((resolve) => control.listen(MULTI_NODE_CONTROL_PORT, '127.0.0.1', resolve));

/**
 * Which LiveKit node (1-based) hosts a room: LiveKit's own map in Redis (room → node id), and each
 * node's id from the labels of its Prometheus endpoint.
 */
async function livekitNodeHosting(room: string): Promise<number | null> {
  const nodeId = execFileSync('redis-cli', ['-p', String(cluster.ports.redis), 'HGET', 'room_node_map', room], { encoding: 'utf8' }).trim();
  for (const [i, node] of cluster.livekits.entries()) {
    if (!node.running()) continue;
    const metrics = await (await fetch(node.prometheusUrl, { signal: AbortSignal.timeout(2_000) })).text();
    if (metrics.includes(`node_id="${nodeId}"`)) return i + 1;
  }
  return null;
}

const fixtures: MultiNodeFixtures = {
  lbURL: cluster.url,
  appURLs: cluster.apps.map((a) => a.url),
  appNodeIds: cluster.apps.map((a) => a.nodeId),
  livekitHttpURLs: cluster.livekits.map((l) => l.httpUrl),
  databaseUrl: cluster.databaseUrl,
  metricsToken: secrets.metricsToken,
  municipality: seeded!,
  secondBooth: secondBooth!,
};
const fixturesFile = path.join(dataDir, 'multi-node-fixtures.json');
writeFileSync(fixturesFile, JSON.stringify(fixtures));

let exitCode = 1;
try {
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npx', ['playwright', 'test', '-c', 'e2e/multi-node/playwright.config.ts', ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MULTI_NODE_FIXTURES: fixturesFile },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
} finally {
  control.close();
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
