/**
 * The local cluster with real parts (issue 15, item 7), for `npm run start:cluster`, the
 * cross-node e2e and fault tests and `bench:cluster`: one redis-server, livekit-server nodes in
 * LiveKit's multi-node mode (media-server/src/cluster.ts), app nodes as separate OS processes
 * (app/server/main.ts, each one `startApp`, so a test can kill -9 one) on one libSQL file
 * (decision 0028) and one Redis, and HAProxy in front of both tiers: one URL for the app, one
 * LIVEKIT_PUBLIC_URL for browsers, each still answering while a node is down.
 *
 * Start order: Redis, LiveKit, HAProxy, the database (migrated once, then `prepare`), the app
 * nodes; stop in the reverse of what depends on what: app nodes, LiveKit, HAProxy, Redis.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Db, defaultDatabaseUrl, ensureDataDir, migrateDatabase, openDatabase, repoRoot } from '@madoguchi/db';
import {
  buildLiveKitClusterConfigs,
  type LiveKitCredentials,
  type LiveKitNodePorts,
  livekitBinary,
  resolveLiveKitCredentials,
  toYaml,
} from '@madoguchi/media-server';
import { secretFromEnvOrFile } from '../platform/secrets';
import { type BackendState, backendStates, haproxyConfig } from './cluster-haproxy';
import { type ClusterProcess, freePorts, httpAnswers, redisAnswers, spawnClusterProcess, tcpPortFree, waitUntil } from './cluster-process';

export interface ClusterPorts {
  /** HAProxy: the app's one URL. */
  app: number;
  /** HAProxy: LiveKit signalling's one URL. */
  livekit: number;
  /** HAProxy's stats page (loopback). */
  stats: number;
  redis: number;
  appNodes: number[];
  livekitNodes: LiveKitNodePorts[];
}

/** What every app node must share (the multi-node contract: the same on every node). */
export interface ClusterSecrets {
  livekit: LiveKitCredentials;
  sessionSecret: string;
  /** 32 bytes, base64. */
  photoKey: string;
  /** 32 bytes, base64. */
  totpKey: string;
  metricsToken: string;
}

export interface ClusterOptions {
  /** The cluster's folder: database (unless databaseUrl), secrets generated once, HAProxy's config, Redis's folder. */
  dataDir: string;
  /** Default 2. */
  appNodes?: number;
  /** Default 2. */
  livekitNodes?: number;
  /** Default: free loopback ports picked now. */
  ports?: ClusterPorts;
  /** Where HAProxy's frontends listen (127.0.0.1; 0.0.0.0 inside a test namespace). Nodes stay on loopback. */
  bindHost?: string;
  /** Host in the LiveKit URL given to browsers (default: bindHost, or 127.0.0.1 for a wildcard). */
  publicHost?: string;
  /** Address LiveKit advertises for WebRTC (the test namespace's); default the machine's own. */
  nodeIp?: string;
  livekitOverrides?: Record<string, unknown>;
  /** More environment for every app node (LOG_LEVEL, HEARTBEAT_MS, …); wins over the defaults. */
  appEnv?: Record<string, string>;
  /** Default: read from, or generated once into, dataDir (0600 files). */
  secrets?: ClusterSecrets;
  databaseUrl?: string;
  /** Runs once on the migrated database before any app node starts (seeding). */
  prepare?: (db: Db) => Promise<void>;
  /** Every output line of every process, with its name (app-1, livekit-2, redis, haproxy). */
  onLine?: (source: string, line: string) => void;
  /** Bound on each process's start-up (default 60 s for an app node, 20 s for the others). */
  startTimeoutMs?: number;
}

/** One process of the cluster, restartable. */
export interface ClusterNode {
  name: string;
  /** Its pid now (it changes on a restart); -1 when not running. */
  readonly pid: number;
  running(): boolean;
  /** Sends `signal` (default SIGTERM, then SIGKILL after a grace) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again (after a kill) and waits until it answers. */
  start(): Promise<void>;
  output(): string;
}

export interface AppNode extends ClusterNode {
  nodeId: string;
  /** http://127.0.0.1:<port>: this node alone, not through HAProxy. */
  url: string;
  metricsUrl: string;
}

export interface LiveKitNode extends ClusterNode {
  httpUrl: string;
  prometheusUrl: string;
  ports: LiveKitNodePorts;
}

export interface RunningCluster {
  /** The app through HAProxy (http://bindHost:port). */
  url: string;
  /** LiveKit signalling through HAProxy, as browsers get it (LIVEKIT_PUBLIC_URL). */
  livekitUrl: string;
  statsUrl: string;
  redisUrl: string;
  databaseUrl: string;
  secrets: ClusterSecrets;
  ports: ClusterPorts;
  apps: AppNode[];
  livekits: LiveKitNode[];
  redis: ClusterNode;
  haproxy: ClusterNode;
  /** Server states as HAProxy sees them: { 'app_nodes/app-1': 'UP', 'livekit_nodes/livekit-2': 'DOWN', … }. */
  backendStates(): Promise<Record<string, BackendState>>;
  /** Waits until HAProxy sees each named server (e.g. 'app-1') in the given state. */
  waitForBackends(expected: Record<string, 'UP' | 'DOWN'>, timeoutMs?: number): Promise<void>;
  /** The app nodes whose /metrics say they run the dispatcher (madoguchi_dispatcher 1): one, or none during a failover. */
  dispatchers(): Promise<AppNode[]>;
  /** The first of those, or null. */
  dispatcher(): Promise<AppNode | null>;
  /** Stops everything (also what was killed and not restarted is already gone); leaves no process. */
  stop(): Promise<void>;
}

const APP_START_MS = 60_000;
const OTHER_START_MS = 20_000;

/** Fixed ports for `npm run start:cluster`: the app on `appPort` (3000 as `npm start`), LiveKit on 7880. */
export function defaultClusterPorts(appNodes = 2, livekitNodes = 2, appPort = 3000): ClusterPorts {
  return {
    app: appPort,
    livekit: 7880,
    stats: 8404,
    redis: 6380,
    appNodes: Array.from({ length: appNodes }, (_, i) => appPort + 1 + i),
    livekitNodes: Array.from({ length: livekitNodes }, (_, i) => ({
      http: 7890 + 10 * i,
      rtcTcp: 7891 + 10 * i,
      rtcUdp: 7892 + 10 * i,
      prometheus: 6790 + i,
    })),
  };
}

/** Free loopback ports for a test or a bench run. */
export async function freeClusterPorts(appNodes = 2, livekitNodes = 2): Promise<ClusterPorts> {
  const p = await freePorts(4 + appNodes + 4 * livekitNodes);
  const next = () => p.shift()!;
  return {
    app: next(),
    livekit: next(),
    stats: next(),
    redis: next(),
    appNodes: Array.from({ length: appNodes }, next),
    livekitNodes: Array.from({ length: livekitNodes }, () => ({ http: next(), rtcTcp: next(), rtcUdp: next(), prometheus: next() })),
  };
}

/** The shared secrets: kept in dataDir (generated there once, 0600), so a restart keeps sessions and keys. */
export function clusterSecrets(dataDir: string): ClusterSecrets {
  const base64Key = (file: string) => Buffer.from(secretFromEnvOrFile(undefined, dataDir, file), 'base64url').toString('base64');
  return {
    livekit: resolveLiveKitCredentials(dataDir, {}),
    sessionSecret: secretFromEnvOrFile(undefined, dataDir, 'session-secret'),
    photoKey: base64Key('photo-key'),
    totpKey: base64Key('totp-key'),
    metricsToken: secretFromEnvOrFile(undefined, dataDir, 'metrics-token'),
  };
}

async function assertPortsFree(ports: ClusterPorts, bindHost: string) {
  const wanted: [string, number, string][] = [
    ['the app load balancer', ports.app, bindHost],
    ['the LiveKit load balancer', ports.livekit, bindHost],
    ['HAProxy stats', ports.stats, '127.0.0.1'],
    ['Redis', ports.redis, '127.0.0.1'],
    ...ports.appNodes.map((p, i): [string, number, string] => [`app node ${i + 1}`, p, '127.0.0.1']),
    ...ports.livekitNodes.flatMap((p, i): [string, number, string][] => [
      [`LiveKit node ${i + 1}`, p.http, '127.0.0.1'],
      [`LiveKit node ${i + 1} ICE/TCP`, p.rtcTcp, '0.0.0.0'],
      [`LiveKit node ${i + 1} Prometheus`, p.prometheus, '127.0.0.1'],
    ]),
  ];
  const busy: string[] = [];
  for (const [what, port, host] of wanted) if (!(await tcpPortFree(port, host))) busy.push(`${port} (${what})`);
  if (busy.length > 0) {
    throw new Error(`Cannot start the cluster: port ${busy.join(', ')} in use. Is another cluster or \`npm start\` running?`);
  }
}

/** Starts the whole cluster; on any failure, stops what was started and throws. */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const appCount = options.appNodes ?? 2;
  const livekitCount = options.livekitNodes ?? 2;
  if (!Number.isInteger(appCount) || appCount < 1 || appCount > 8) throw new Error('appNodes: 1 to 8.');
  if (!Number.isInteger(livekitCount) || livekitCount < 1 || livekitCount > 8) throw new Error('livekitNodes: 1 to 8.');
  const dataDir = ensureDataDir(path.resolve(options.dataDir));
  const bindHost = options.bindHost ?? '127.0.0.1';
  const publicHost = options.publicHost ?? (bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost);
  const ports = options.ports ?? (await freeClusterPorts(appCount, livekitCount));
  if (ports.appNodes.length !== appCount || ports.livekitNodes.length !== livekitCount) {
    throw new Error('ports: one entry per app node and per LiveKit node.');
  }
  await assertPortsFree(ports, bindHost);
  const secrets = options.secrets ?? clusterSecrets(dataDir);
  const databaseUrl = options.databaseUrl ?? defaultDatabaseUrl(dataDir);
  const redisUrl = `redis://127.0.0.1:${ports.redis}`;
  const url = `http://${publicHost}:${ports.app}`;
  const lbUrl = `http://127.0.0.1:${ports.app}`;
  const livekitUrl = `ws://${publicHost}:${ports.livekit}`;
  const statsUrl = `http://127.0.0.1:${ports.stats}`;
  const line = (source: string) => (text: string) => options.onLine?.(source, text);
  const startMs = (fallback: number) => options.startTimeoutMs ?? fallback;

  const started: ClusterNode[] = [];
  const stopAll = async () => {
    // Apps first (they flush and release their leases), then LiveKit, HAProxy, Redis.
    const order = (n: ClusterNode) => (n.name.startsWith('app-') ? 0 : n.name.startsWith('livekit-') ? 1 : n.name === 'haproxy' ? 2 : 3);
    for (const rank of [0, 1, 2, 3]) await Promise.all(started.filter((n) => order(n) === rank).map((n) => n.kill('SIGTERM')));
  };

  try {
    // Redis: no persistence (the app keeps leases, presence and commands there; LiveKit its rooms
    // and nodes — all rebuilt when lost); its folder is only a working directory.
    const redisDir = path.join(dataDir, 'redis');
    mkdirSync(redisDir, { recursive: true, mode: 0o700 });
    const redis = restartable('redis', () => {
      const p = spawnClusterProcess(
        'redis',
        'redis-server',
        [
          '--port',
          String(ports.redis),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          redisDir,
          '--loglevel',
          'warning',
        ],
        { onLine: line('redis') },
      );
      return { process: p, ready: () => waitUntil(p, 'answer to PING', () => redisAnswers(ports.redis), startMs(OTHER_START_MS)) };
    });
    started.push(redis);
    await redis.start();

    // LiveKit: one config per node from livekit.yaml; webhooks to the app's load balancer.
    const configs = buildLiveKitClusterConfigs({
      credentials: secrets.livekit,
      webhookUrl: `${lbUrl}/api/livekit/webhook`,
      redisAddress: `127.0.0.1:${ports.redis}`,
      nodes: ports.livekitNodes.map((p) => ({ ports: p, ...(options.nodeIp ? { nodeIp: options.nodeIp } : {}) })),
      ...(options.livekitOverrides ? { overrides: options.livekitOverrides } : {}),
    });
    const livekits: LiveKitNode[] = configs.map((config, i) => {
      const nodePorts = ports.livekitNodes[i]!;
      const httpUrl = `http://127.0.0.1:${nodePorts.http}`;
      const node = restartable(`livekit-${i + 1}`, () => {
        const p = spawnClusterProcess(`livekit-${i + 1}`, livekitBinary, [], {
          // The config (with the API secret) through the environment: never on disk.
          env: { ...process.env, LIVEKIT_CONFIG: toYaml(config) },
          onLine: line(`livekit-${i + 1}`),
        });
        return {
          process: p,
          ready: () =>
            waitUntil(
              p,
              `"OK" on ${httpUrl}`,
              () => httpAnswers(httpUrl, (s, b) => s === 200 && b.trim() === 'OK'),
              startMs(OTHER_START_MS),
            ),
        };
      });
      return Object.assign(node, { httpUrl, prometheusUrl: `http://127.0.0.1:${nodePorts.prometheus}/metrics`, ports: nodePorts });
    });
    started.push(...livekits);
    await Promise.all(livekits.map((n) => n.start()));

    // HAProxy before the app nodes: it marks them up as they come.
    const haproxyFile = path.join(dataDir, 'haproxy.cfg');
    const appNames = ports.appNodes.map((_, i) => `app-${i + 1}`);
    writeFileSync(
      haproxyFile,
      haproxyConfig({
        bindHost,
        appPort: ports.app,
        appNodes: ports.appNodes.map((port, i) => ({ name: appNames[i]!, port })),
        livekitPort: ports.livekit,
        livekitNodes: ports.livekitNodes.map((p, i) => ({ name: `livekit-${i + 1}`, port: p.http })),
        statsPort: ports.stats,
      }),
      { mode: 0o600 },
    );
    const haproxy = restartable('haproxy', () => {
      const p = spawnClusterProcess('haproxy', haproxyBinary(), ['-db', '-f', haproxyFile], { onLine: line('haproxy') });
      return {
        process: p,
        ready: () => waitUntil(p, 'stats page', () => httpAnswers(`${statsUrl}/;csv`, (s) => s === 200), startMs(OTHER_START_MS)),
      };
    });
    started.push(haproxy);
    await haproxy.start();

    // The database: migrated once here, so the nodes starting together find nothing to do.
    if (databaseUrl.startsWith('file:')) mkdirSync(path.dirname(databaseUrl.slice('file:'.length)), { recursive: true });
    const database = await openDatabase({ url: databaseUrl });
    try {
      await migrateDatabase(database);
      await options.prepare?.(database.db);
    } finally {
      database.close();
    }

    const apps: AppNode[] = ports.appNodes.map((port, i) => {
      const name = appNames[i]!;
      const nodeUrl = `http://127.0.0.1:${port}`;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        NODE_ID: name,
        REDIS_URL: redisUrl,
        MADOGUCHI_DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        // The server SDK goes through HAProxy too: RoomService works on any live LiveKit node.
        LIVEKIT_URL: `ws://127.0.0.1:${ports.livekit}`,
        LIVEKIT_PUBLIC_URL: livekitUrl,
        LIVEKIT_API_KEY: secrets.livekit.apiKey,
        LIVEKIT_API_SECRET: secrets.livekit.apiSecret,
        SESSION_SECRET: secrets.sessionSecret,
        PHOTO_KEY: secrets.photoKey,
        TOTP_KEY: secrets.totpKey,
        PHOTO_STORE: 'database',
        METRICS_TOKEN: secrets.metricsToken,
        // Every request comes through HAProxy: the client is the last X-Forwarded-For entry.
        TRUST_PROXY: 'true',
        ...options.appEnv,
      };
      const node = restartable(name, () => {
        const p = spawnClusterProcess(name, process.execPath, ['--import', 'tsx', path.join(repoRoot, 'app/server/main.ts')], {
          cwd: repoRoot,
          env,
          onLine: line(name),
        });
        // Any answer will do: /api/health is 503 while LiveKit is unreachable, and that is not this node's fault.
        return {
          process: p,
          ready: () => waitUntil(p, `an answer on ${nodeUrl}`, () => httpAnswers(`${nodeUrl}/api/health`), startMs(APP_START_MS)),
        };
      });
      return Object.assign(node, { nodeId: name, url: nodeUrl, metricsUrl: `${nodeUrl}/metrics` });
    });
    started.push(...apps);
    await Promise.all(apps.map((n) => n.start()));

    const states = async () => {
      const response = await fetch(`${statsUrl}/;csv`, { signal: AbortSignal.timeout(2_000) });
      return backendStates(await response.text());
    };
    const waitForBackends = async (expected: Record<string, 'UP' | 'DOWN'>, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      let last: Record<string, BackendState> = {};
      while (Date.now() < deadline) {
        try {
          last = await states();
          const byServer = Object.fromEntries(Object.entries(last).map(([k, v]) => [k.split('/')[1], v]));
          if (Object.entries(expected).every(([server, state]) => byServer[server] === state)) return;
        } catch {
          // HAProxy restarting: ask again.
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`HAProxy did not see ${JSON.stringify(expected)} within ${timeoutMs / 1000} s; it sees ${JSON.stringify(last)}`);
    };
    await waitForBackends(Object.fromEntries([...appNames, ...livekits.map((n) => n.name)].map((n) => [n, 'UP' as const])));

    const dispatchers = async () => {
      const running = apps.filter((a) => a.running());
      const holds = await Promise.all(
        running.map(async (app) => {
          try {
            const response = await fetch(app.metricsUrl, {
              headers: { authorization: `Bearer ${secrets.metricsToken}` },
              signal: AbortSignal.timeout(2_000),
            });
            return /^madoguchi_dispatcher 1$/m.test(await response.text());
          } catch {
            return false; // a node being killed: not the dispatcher
          }
        }),
      );
      return running.filter((_, i) => holds[i]);
    };

    return {
      url,
      livekitUrl,
      statsUrl,
      redisUrl,
      databaseUrl,
      secrets,
      ports,
      apps,
      livekits,
      redis,
      haproxy,
      backendStates: states,
      waitForBackends,
      dispatchers,
      async dispatcher() {
        return (await dispatchers())[0] ?? null;
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A named process that can be killed and started again, with the same command and readiness check. */
function restartable(name: string, launch: () => { process: ClusterProcess; ready: () => Promise<void> }): ClusterNode {
  let current: ClusterProcess | null = null;
  return {
    name,
    get pid() {
      return current?.running() ? current.pid : -1;
    },
    running: () => current?.running() ?? false,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      await current?.kill(signal);
    },
    async start() {
      if (current?.running()) throw new Error(`${name} is already running (pid ${current.pid}).`);
      const launched = launch();
      current = launched.process;
      try {
        await launched.ready();
      } catch (error) {
        await launched.process.kill('SIGKILL');
        throw error;
      }
    },
    output: () => current?.output() ?? '',
  };
}

/** Debian installs it in /usr/sbin, which a user's PATH often lacks. */
function haproxyBinary(): string {
  return existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';
}

/** A fresh random secret set (tests, benches): nothing written anywhere. */
export function randomClusterSecrets(): ClusterSecrets {
  const b64 = () => randomBytes(32).toString('base64');
  return {
    livekit: { apiKey: `API${randomBytes(8).toString('hex')}`, apiSecret: randomBytes(32).toString('base64url') },
    sessionSecret: randomBytes(32).toString('base64url'),
    photoKey: b64(),
    totpKey: b64(),
    metricsToken: randomBytes(24).toString('base64url'),
  };
}
