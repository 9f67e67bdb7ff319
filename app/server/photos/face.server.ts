/**
 * The face detector: one worker thread (face-worker.mjs) running the face model, fed one
 * image at a time so detection never blocks the HTTP thread and never runs twice at once on a
 * 2-core machine. A crashed or stuck worker is replaced on the next request.
 */
import { Worker } from 'node:worker_threads';
import type { DetectedFace } from '../../domain/photo/face';

/** The detector itself failed (not the photo): callers must not report it as bad input. */
export class FaceDetectionError extends Error {
  override readonly name = 'FaceDetectionError';
}

export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

interface Reply {
  id: number;
  faces?: DetectedFace[];
  error?: string;
  build?: string;
  sample?: string;
}

/** Detection of one image takes ~0.1–0.5 s; far beyond this the worker is considered stuck. */
const DETECT_TIMEOUT_MS = 30_000;
/** Loading the models (first call) compiles the wasm module: allow more. */
const LOAD_TIMEOUT_MS = 60_000;

export class FaceDetector {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<
    number,
    { worker: Worker; resolve: (reply: Reply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  /** Serialises requests: each waits for the one before it. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Which build of the model library the worker loaded ('esm' or 'node-wasm'), once warmed up. */
  build: string | undefined;
  /** A JPEG with one face shipped with the model library, for a warm-up detection (after warmUp()). */
  warmUpSample: Buffer | undefined;

  private start(): Worker {
    // threadId is -1 once a worker has stopped, before its 'exit' event has been delivered.
    if (this.worker && this.worker.threadId !== -1) return this.worker;
    const worker = new Worker(new URL('./face-worker.mjs', import.meta.url), {
      // Model weights and wasm heap stay well under this; a runaway image cannot take the server with it.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      clearTimeout(waiter.timer);
      if (reply.error) waiter.reject(new FaceDetectionError(`face detection failed: ${reply.error}`));
      else waiter.resolve(reply);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiter] of this.pending) {
        if (waiter.worker !== worker) continue; // a replacement's requests are not affected
        clearTimeout(waiter.timer);
        waiter.reject(error);
        this.pending.delete(id);
      }
    };
    worker.on('error', (error) =>
      fail(new FaceDetectionError(`face detection worker failed: ${error instanceof Error ? error.message : String(error)}`)),
    );
    worker.on('exit', (code) => fail(new FaceDetectionError(`face detection worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private request(message: Record<string, unknown>, transfer: ArrayBuffer[], timeoutMs: number): Promise<Reply> {
    const run = () =>
      new Promise<Reply>((resolve, reject) => {
        if (this.closed) return reject(new FaceDetectionError('face detector is closed'));
        const worker = this.start();
        const id = this.nextId++;
        const timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new FaceDetectionError(`face detection timed out after ${timeoutMs} ms`));
          // A stuck worker is replaced: terminate it; the next request starts a fresh one.
          if (this.worker === worker) this.worker = null;
          void worker.terminate();
        }, timeoutMs);
        this.pending.set(id, { worker, resolve, reject, timer });
        worker.postMessage({ ...message, id }, transfer);
      });
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Loads the models (a few hundred ms) so the first photo is not slow. */
  async warmUp(): Promise<void> {
    const reply = await this.request({ warmUp: true }, [], LOAD_TIMEOUT_MS);
    this.build = reply.build;
    this.warmUpSample = reply.sample ? Buffer.from(reply.sample, 'base64') : undefined;
  }

  /**
   * Faces in an RGB image (coordinates in that image's pixels), with mesh and iris; or, with
   * `detectorOnly`, just the detector's boxes and scores (a few ms). The caller's pixels are copied.
   */
  async detect(image: RgbImage, options: { detectorOnly?: boolean } = {}): Promise<DetectedFace[]> {
    // Copy into a buffer of our own so it can be transferred without touching sharp's pool.
    const data = new Uint8Array(image.data);
    const reply = await this.request(
      { width: image.width, height: image.height, data, detectorOnly: options.detectorOnly === true },
      [data.buffer as ArrayBuffer],
      this.build ? DETECT_TIMEOUT_MS : LOAD_TIMEOUT_MS,
    );
    return reply.faces ?? [];
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
