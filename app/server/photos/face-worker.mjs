// @ts-check
/**
 * Face model worker (worker_threads) for the photo pipeline: runs the three face models (detector,
 * mesh, iris; ONNX files in ./models, converted from Human's tfjs models by
 * scripts/models/convert-face-models.sh; the mesh and iris with their PRelus and channel Pads
 * rewritten into operators the CPU library's NCHWc layout keeps, the same function, decision 0046;
 * the booth's wasm keeps the plain facemesh.onnx) on onnxruntime-node's CPU library, one thread, off the
 * HTTP thread: onnxruntime-node's run() is synchronous on the thread that calls it. The pre- and
 * post-processing around the models is in app/domain/photo/face-model.ts, on the parent's side.
 * Plain JavaScript so it starts the same way under tsx, vitest and plain node. Nothing is fetched.
 *
 * Protocol: the parent posts { id, load: true } → { id, versions }; or
 * { id, model: 'detector' | 'mesh' | 'iris', data: Float32Array, dims } → { id, outputs: { name:
 * { data: Float32Array, dims } } }; any failure → { id, error }; { id, close: true } → the sessions
 * are released (after a load still under way) and the thread ends by itself: terminating a thread
 * while onnxruntime's native code works in it aborts the whole process.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import ort from 'onnxruntime-node';

if (!parentPort) throw new Error('photo-face-worker must run as a worker thread');
const port = parentPort;

const modelDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'models');
const FILES = { detector: 'blazeface-front.onnx', mesh: 'facemesh-cpu.onnx', iris: 'iris.onnx' };

/** One thread per model call: the two cores are shared with sharp's decode and encode. */
const OPTIONS = /** @type {import('onnxruntime-node').InferenceSession.SessionOptions} */ ({
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});

/** @type {Promise<Record<string, import('onnxruntime-node').InferenceSession>> | null} */
let sessions = null;
function load() {
  sessions ??= (async () => {
    /** @type {Record<string, import('onnxruntime-node').InferenceSession>} */
    const loaded = {};
    for (const [name, file] of Object.entries(FILES)) loaded[name] = await ort.InferenceSession.create(path.join(modelDir, file), OPTIONS);
    return loaded;
  })();
  return sessions;
}

/** @param {{ model: string; data: Float32Array; dims: number[] }} request */
async function run(request) {
  const all = await load();
  const session = all[request.model];
  if (!session) throw new Error(`unknown face model ${request.model}`);
  const input = new ort.Tensor('float32', request.data, request.dims);
  const results = await session.run({ [session.inputNames[0] ?? '']: input });
  /** @type {Record<string, { data: Float32Array; dims: readonly number[] }>} */
  const outputs = {};
  for (const name of session.outputNames) {
    const tensor = results[name];
    if (!tensor) continue;
    // A copy of our own: the runtime's buffer may not be transferable.
    outputs[name] = { data: new Float32Array(/** @type {Float32Array} */ (tensor.data)), dims: tensor.dims };
  }
  input.dispose?.();
  return outputs;
}

/** Releases the sessions and lets the thread end (called after the work before it has settled). */
async function close() {
  const loaded = await sessions?.catch(() => null);
  for (const session of Object.values(loaded ?? {})) await session.release();
  port.close();
}

/** One message at a time, in order: a close waits for the load or run before it. */
let work = Promise.resolve();
port.on('message', (/** @type {any} */ message) => {
  work = work.then(() => handle(message));
});

/** @param {any} message */
async function handle(message) {
  try {
    if (message.close) {
      await close();
    } else if (message.load) {
      await load();
      port.postMessage({ id: message.id, versions: ort.env.versions });
    } else {
      const outputs = await run(message);
      port.postMessage(
        { id: message.id, outputs },
        Object.values(outputs).map((o) => /** @type {ArrayBuffer} */ (o.data.buffer)),
      );
    }
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
}
