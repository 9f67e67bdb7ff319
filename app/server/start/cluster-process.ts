/**
 * The processes of the local cluster (redis-server, livekit-server, HAProxy, app nodes): each in
 * its own process group, so a Ctrl-C on the terminal reaches only the orchestrator, which stops
 * them in order; each started through `setpriv --pdeathsig SIGKILL`, so the kernel kills it when
 * the orchestrator dies in any way (kill -9 included) and no process is left behind. The
 * orchestrator must spawn from its main thread (the death signal follows the spawning thread).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ClusterProcess {
  /** e.g. app-1, livekit-2, redis, haproxy */
  name: string;
  pid: number;
  running(): boolean;
  /** Resolves once the process has exited. */
  exited(): Promise<void>;
  /**
   * Sends `signal` and waits for the exit. SIGKILL is final at once; any other signal is followed
   * by SIGKILL after `graceMs`.
   */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** Its last lines of output, for an error message. */
  output(): string;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Every line it prints (stdout and stderr). */
  onLine?: (line: string) => void;
}

const KEPT_LINES = 40;
const living = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A process that must not outlive us, in its own process group. */
export function spawnClusterProcess(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): ClusterProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // process.exit(), an uncaught exception, the end of the event loop: nothing may stay.
    process.on('exit', () => {
      for (const child of living) if (child.pid) signalGroup(child.pid, 'SIGKILL');
    });
  }
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', command, ...args], {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command} (is util-linux's setpriv installed?)`);
  const pid = child.pid;
  living.add(child);
  const lines: string[] = [];
  let partial = '';
  const keep = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line.trim()) continue;
      lines.push(line);
      options.onLine?.(line);
    }
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      living.delete(child);
      resolve();
    });
    child.once('error', () => {
      living.delete(child);
      resolve();
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null && living.has(child);

  return {
    name,
    pid,
    running,
    exited: () => exit,
    async kill(signal = 'SIGTERM', graceMs = 5_000) {
      if (!running()) return exit;
      signalGroup(pid, signal);
      if (signal === 'SIGKILL') return exit;
      const gone = await Promise.race([exit.then(() => true), sleep(graceMs).then(() => false)]);
      if (!gone) {
        signalGroup(pid, 'SIGKILL');
        await exit;
      }
    },
    output: () => lines.join('\n'),
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * Polls `check` every 100 ms until it is true; throws a readable error when `process` exits first
 * or `timeoutMs` passes, with the process's last output.
 */
export async function waitUntil(process_: ClusterProcess, what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!process_.running()) throw new Error(`${process_.name} exited before ${what}:\n${process_.output()}`);
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`${process_.name}: no ${what} within ${Math.round(timeoutMs / 1000)} s:\n${process_.output()}`);
}

/** True when an HTTP GET answers at all (any status) within a second; `accept` narrows it. */
export async function httpAnswers(url: string, accept: (status: number, body: string) => boolean = () => true): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return accept(response.status, await response.text());
  } catch {
    return false;
  }
}

/** True when a Redis answers PING on 127.0.0.1:port. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('data', (data) => {
      resolve(data.toString('utf8').startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** A TCP port nobody listens on at `host` now (checked by binding it). */
export function tcpPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct free loopback ports (each closed again at once; the processes bind them a moment later). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.add((server.address() as { port: number }).port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return [...ports];
}
