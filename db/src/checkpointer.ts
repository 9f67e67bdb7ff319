import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the app's checkpointer copies the WAL into the database file (decision 0039). */
export const CHECKPOINT_EVERY_MS = 1_000;

/**
 * The app's own connections still checkpoint when the WAL reaches this many pages (≈ 40 MB at
 * 4 KiB): a safety net should the checkpointer fall behind or stop, never the usual path.
 */
export const ON_LOOP_CHECKPOINT_PAGES = 10_000;

/** A checkpoint takes milliseconds; a worker still running after this is terminated. */
const STOP_TIMEOUT_MS = 10_000;

export interface CheckpointResult {
  /** 1 when another connection held a lock the checkpoint needed (it is tried again next time). */
  busy: number;
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * The worker: its own connection to the file, a PASSIVE checkpoint every `everyMs` (it never waits
 * for or blocks the app's readers and writers). Plain CommonJS, so it runs the same under tsx and
 * in a built app.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createClient } = require(workerData.client);
const db = createClient({ url: workerData.url });
let timer;
let stopping = false;
let running = Promise.resolve();
const checkpoint = async () => {
  try {
    const row = (await db.execute('PRAGMA wal_checkpoint(PASSIVE)')).rows[0] || {};
    parentPort.postMessage({ busy: Number(row.busy), log: Number(row.log), checkpointed: Number(row.checkpointed) });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
};
const tick = async () => {
  running = checkpoint();
  await running;
  if (!stopping) timer = setTimeout(tick, workerData.everyMs);
};
// Stopping: no new checkpoint, the one under way finishes, the connection closes, the thread ends.
parentPort.on('message', async (message) => {
  if (message !== 'stop') return;
  stopping = true;
  clearTimeout(timer);
  await running;
  db.close();
  parentPort.close();
});
timer = setTimeout(tick, workerData.everyMs);
`;

/**
 * Checkpoints a local file's WAL on a worker thread. A checkpoint writes the WAL's pages into the
 * database file and syncs both: on the event loop (SQLite's automatic checkpoint, run by the commit
 * that crosses 1,000 pages) it stalled every request for up to tens of milliseconds. With this
 * running, open the app's connections with `walAutoCheckpointPages: ON_LOOP_CHECKPOINT_PAGES`.
 * The checkpoint also syncs the WAL first, so writes committed at `synchronous = NORMAL` are on
 * disk within about `everyMs`. The worker does not keep the process alive.
 */
export function startCheckpointer(
  url: string,
  options: { everyMs?: number; onResult?: (result: CheckpointResult) => void; onError?: (message: string) => void } = {},
): Checkpointer {
  if (!url.startsWith('file:')) throw new Error('checkpointer: a file: URL only');
  const client = createRequire(import.meta.url).resolve('@libsql/client');
  const worker = new Worker(WORKER, { eval: true, workerData: { url, client, everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS } });
  worker.unref();
  worker.on('message', (message: CheckpointResult | { error: string }) => {
    if ('error' in message) options.onError?.(message.error);
    else options.onResult?.(message);
  });
  worker.on('error', (error) => options.onError?.(String(error)));
  return {
    /**
     * Asks the worker to finish its checkpoint and end; `terminate()` on a thread inside libSQL's
     * native code aborts the whole process, so it is only the last resort, after STOP_TIMEOUT_MS.
     */
    async stop() {
      if (worker.threadId === -1) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      const late = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(late);
    },
  };
}
