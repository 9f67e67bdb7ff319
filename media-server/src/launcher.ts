import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { livekitHttpPort, toYaml } from './config';
import { livekitBinary } from './paths';

export interface RunningLiveKit {
  /** ws://… URL the server-side SDK and same-host browsers use. */
  url: string;
  httpUrl: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Record<string, unknown>;
  /** Host the HTTP/WebSocket port is reached on from this process. */
  host?: string;
  binary?: string;
  /** Receives livekit-server's own log lines. */
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}

async function answers(httpUrl: string): Promise<boolean> {
  try {
    const response = await fetch(httpUrl, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts livekit-server with the given config (passed on stdin-free `--config-body`, so the
 * secret never touches disk), resolves once its HTTP port answers, and returns a handle whose
 * stop() ends it: SIGTERM, then SIGKILL after 5 s. The child is also killed if this process exits.
 */
export async function startLiveKit(options: StartOptions): Promise<RunningLiveKit> {
  const binary = options.binary ?? livekitBinary;
  if (!existsSync(binary)) {
    throw new Error(`livekit-server is not installed at ${binary}: run "bash media-server/install-livekit.sh".`);
  }
  const port = livekitHttpPort(options.config);
  const host = options.host ?? '127.0.0.1';
  const httpUrl = `http://${host}:${port}`;
  if (await answers(httpUrl)) {
    throw new Error(`Port ${port} already answers: another livekit-server is running. Stop it first.`);
  }
  const child = spawn(binary, [], {
    env: { ...process.env, LIVEKIT_CONFIG: toYaml(options.config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last lines are kept for the error when it exits before it is ready (the caller may log nothing).
  const recent: string[] = [];
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      options.onLog?.(line);
      recent.push(line.slice(0, 500));
      if (recent.length > 20) recent.shift();
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 2000);
    }
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      // Its last output may still be in the pipes when 'exit' fires: wait for them to close.
      await new Promise((resolve) => {
        child.once('close', resolve);
        setTimeout(resolve, 500);
      });
      const tail = recent.length > 0 ? `; its last lines:\n${recent.join('\n')}` : ' and printed nothing';
      throw new Error(`livekit-server exited with code ${child.exitCode} before it was ready${tail}`);
    }
    if (await answers(httpUrl)) {
      return { url: `ws://${host}:${port}`, httpUrl, pid: child.pid ?? -1, stop };
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`livekit-server did not answer on ${httpUrl} within the timeout.`);
}
