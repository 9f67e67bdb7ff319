/**
 * A real redis-server (Debian's, installed by scripts/setup.sh --with-test-tools) for integration
 * tests: on 127.0.0.1 and a free port, nothing written to disk, stopped by the test. Never a mock.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './real-server';

export interface RunningRedis {
  url: string;
  port: number;
  /** A new client on it (closed by `stop`). */
  client(): Redis;
  /** SIGKILL: what a dead Redis looks like to the app. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RunningRedis> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed: run `bash scripts/setup.sh --with-test-tools` (npm test does)');
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'mdg-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const clients: Redis[] = [];
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined); // refused until the server listens: connect() reports it
  for (let i = 0; ; i++) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (i > 100 || child.exitCode !== null) throw new Error(`redis-server did not start on ${port}: ${String(error)}`);
      probe.disconnect();
      await sleep(50);
    }
  }
  probe.disconnect();
  const end = async (signal: NodeJS.Signals) => {
    for (const c of clients.splice(0)) c.disconnect();
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    url,
    port,
    client() {
      const c = new Redis(url, { maxRetriesPerRequest: 1 });
      // A lost connection is reported as an event as well as to the command that failed; the
      // tests look at the commands (and cut connections on purpose).
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
