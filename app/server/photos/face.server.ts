/**
 * The face detector: the face models (ONNX, onnxruntime-node's CPU library, decision 0032) run in
 * one worker thread (face-worker.mjs), so inference never blocks the HTTP thread; the small pre-
 * and post-processing around them (domain/photo/face-model.ts) runs here. One image at a time, so
 * detection never runs twice at once on a 2-core machine. A crashed or stuck worker is replaced on
 * the next request.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DetectedFace } from '../../domain/photo/face';
import { type DetectOptions, detectFaces, type FaceModelName, type ModelOutput } from '../../domain/photo/face-model';
import type { Rgb } from '../../domain/photo/rgb';

/** The detector itself failed (not the photo): callers must not report it as bad input. */
export class FaceDetectionError extends Error {
  override readonly name = 'FaceDetectionError';
}

/** The pixels the detector takes: RGB, 3 bytes a pixel. */
export type RgbImage = Rgb;

/** Milliseconds per model in one detection (worker round trips included; summed over faces). */
export type ModelTimings = Partial<Record<FaceModelName, number>>;

interface Reply {
  id: number;
  outputs?: Record<string, ModelOutput>;
  error?: string;
  versions?: Record<string, string>;
}

/** One model call takes a few ms; far beyond this the worker is considered stuck. */
const DETECT_TIMEOUT_MS = 30_000;
/** Loading the models (first call) reads and optimises three graphs: allow more. */
const LOAD_TIMEOUT_MS = 60_000;
/** Releasing the sessions takes milliseconds; a worker still alive after this is terminated. */
const CLOSE_TIMEOUT_MS = 10_000;

export class FaceDetector {
  /** `timeouts` are for tests; the defaults are the production limits. */
  constructor(private readonly timeouts = { detectMs: DETECT_TIMEOUT_MS, loadMs: LOAD_TIMEOUT_MS }) {}

  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<
    number,
    { worker: Worker; resolve: (reply: Reply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  /** Serialises requests: each waits for the one before it. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The inference runtime the worker loaded ('onnxruntime-node <version>'), once warmed up. */
  build: string | undefined;
  /** A JPEG with one face shipped with the model library, for a warm-up detection (after warmUp()). */
  warmUpSample: Buffer | undefined;

  private start(): Worker {
    // threadId is -1 once a worker has stopped, before its 'exit' event has been delivered.
    if (this.worker && this.worker.threadId !== -1) return this.worker;
    const worker = new Worker(new URL('./face-worker.mjs', import.meta.url), {
      // The worker holds only small tensors (the models live in native memory); a runaway cannot take the server with it.
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
    return new Promise<Reply>((resolve, reject) => {
      if (this.closed) return reject(new FaceDetectionError('face detector is closed'));
      const worker = this.start();
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FaceDetectionError(`face detection timed out after ${timeoutMs} ms`));
        // A stuck worker is replaced: the next request starts a fresh one. The stuck one is asked to
        // end once its call returns (terminating it inside native code would abort the process).
        if (this.worker === worker) this.worker = null;
        worker.postMessage({ id: this.nextId++, close: true });
      }, timeoutMs);
      this.pending.set(id, { worker, resolve, reject, timer });
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Runs `task` after the detections queued before it. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Loads the models (a few hundred ms) so the first photo is not slow. */
  async warmUp(): Promise<void> {
    const reply = await this.serial(() => this.request({ load: true }, [], this.timeouts.loadMs));
    this.build = `onnxruntime-node ${reply.versions?.node ?? '?'}`;
    this.warmUpSample = await warmUpSample();
  }

  /**
   * Faces in an RGB image (coordinates in that image's pixels), with mesh and iris; or, with
   * `detectorOnly`, just the detector's boxes and scores (a few ms). `onDetector` hears the
   * detector's boxes before the mesh runs; `timings` gets each model's milliseconds. The caller's
   * pixels are not changed (the models get float copies made here).
   */
  detect(image: RgbImage, options: DetectOptions & { timings?: ModelTimings } = {}): Promise<DetectedFace[]> {
    return this.serial(async () => {
      const timeout = this.build ? this.timeouts.detectMs : this.timeouts.loadMs;
      const { timings } = options;
      const run = async (model: FaceModelName, data: Float32Array, dims: readonly number[]) => {
        const started = performance.now();
        // Handed over to the worker (transferred, not copied), except the mesh crop, which is
        // used again here for the eyes. The detector's and the eyes' inputs are not used again.
        const transfer =
          model === 'mesh' || data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength ? [] : [data.buffer as ArrayBuffer];
        const reply = await this.request({ model, data, dims }, transfer, timeout);
        if (timings) timings[model] = (timings[model] ?? 0) + (performance.now() - started);
        return reply.outputs ?? {};
      };
      try {
        return await detectFaces(image, run, options);
      } catch (error) {
        if (error instanceof FaceDetectionError) throw error;
        throw new FaceDetectionError(`face detection failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  /**
   * Stops the worker the way it can stop safely: after the detection under way (queued ones are
   * refused), the worker releases its sessions and ends by itself. `terminate()` on a thread inside
   * onnxruntime's native code aborts the whole process, so it is only the last resort, at shutdown,
   * for a worker that does not end within CLOSE_TIMEOUT_MS.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const worker = this.worker;
    this.worker = null;
    if (!worker || worker.threadId === -1) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ id: this.nextId++, close: true });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), CLOSE_TIMEOUT_MS);
    });
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') await worker.terminate();
  }
}

/**
 * The small face picture Human ships for its own warm-up (base64 JPEG in src/sample.ts), for a
 * warm-up detection before the first photo. Undefined when the package has no such file.
 */
async function warmUpSample(): Promise<Buffer | undefined> {
  try {
    const require = createRequire(import.meta.url);
    const humanDir = path.dirname(path.dirname(require.resolve('@vladmandic/human')));
    const text = await readFile(path.join(humanDir, 'src', 'sample.ts'), 'utf8');
    const match = /export const face(?::\s*string)?\s*=\s*`([A-Za-z0-9+/=\s]+)`/.exec(text);
    return match ? Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64') : undefined;
  } catch {
    return undefined;
  }
}
