/**
 * What the benchmarks that drive the real app server share: cleanup that runs once whatever
 * happens, temp folders, a free loopback port, the build check, and the server as a child
 * process in its own process group (npx → tsx → node are signalled together).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '@madoguchi/db';
import { buildLiveKitConfig, type RunningLiveKit, resolveLiveKitCredentials, startLiveKit } from '@madoguchi/media-server';

export const HOST = '127.0.0.1';

/** Registered as things are started; run once, in reverse order. */
export const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | null = null;

// Ctrl-C or a kill: stop the servers and remove the temporary folders before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error('cleanup step failed:', error);
      }
    }
  })();
  return cleaning;
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** The server serves the built booth kiosk and Remix app: build them when missing or stale. */
export function ensureBuilds() {
  const result = spawnSync('node', ['scripts/build-if-stale.mjs'], { cwd: repoRoot, stdio: 'inherit', timeout: 300_000 });
  if (result.status !== 0) throw new Error('npm run build failed');
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** Last lines of its output, for the error message if it dies. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The real server (app/server/main.ts) on a data folder, with `env` on top of the bench defaults. */
export function startServer(dataDir: string, port: number, env: Record<string, string> = {}): RunningServer {
  const child = spawn('npx', ['tsx', 'app/server/main.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MADOGUCHI_DATA_DIR: dataDir, HOST, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const server: RunningServer = {
    child,
    url: `http://${HOST}:${port}`,
    output: () => lines.join('\n'),
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        return; // group already gone
      }
      const gone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!gone) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await exited;
      }
    },
  };
  cleanups.push(() => server.kill());
  return server;
}

/** Until the server answers any HTTP (503 without LiveKit is fine), or it exits, or time is up. */
export async function waitUntilAnswering(server: RunningServer, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the server exited during start:\n${server.output()}`);
    }
    try {
      const res = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(3_000) });
      await res.arrayBuffer();
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`the server did not answer within ${timeoutMs / 1000} s:\n${server.output()}`);
}

/**
 * A livekit-server of the bench's own (opening a session creates its room, decision 0009), on free
 * loopback ports, with the key pair the app server reads from the same data folder and its webhook
 * to the app on `appPort`; stopped by the cleanups whatever happens.
 */
export async function startBenchLiveKit(dataDir: string, appPort: number): Promise<RunningLiveKit> {
  const livekit = await startLiveKit({
    config: buildLiveKitConfig({
      credentials: resolveLiveKitCredentials(dataDir),
      webhookUrl: `http://${HOST}:${appPort}/api/livekit/webhook`,
      nodeIp: HOST,
      overrides: { port: await freePort(), rtc: { tcp_port: await freePort(), udp_port: await freePort() }, logging: { level: 'warn' } },
    }),
  });
  cleanups.push(() => livekit.stop());
  return livekit;
}
