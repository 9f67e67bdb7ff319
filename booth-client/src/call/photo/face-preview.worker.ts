/**
 * The booth's preview analysis (issue 19, decision 0038), off the UI thread: BlazeFace front, and
 * the face mesh on the largest face, on onnxruntime-web's wasm backend, one thread, with the
 * server's own pre- and post-processing (app/domain/photo/face-model.ts; preview-detect.ts). The
 * models and the runtime's .wasm come from the booth's own origin (bundled by Vite from the repo
 * and node_modules), never from a CDN.
 *
 * In: an ImageBitmap of the preview (guidance.ts ANALYSIS_WIDTH wide). Out: the faces in
 * that bitmap's pixels (the largest with the server's pose, and the forehead band's colour measure
 * for the hat check), and how long the models and their pre/post-processing took.
 */
import { type FaceModelName, MESH_SIZE, type ModelOutput, type ModelRunner } from '@madoguchi/app/photo/face-model';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import * as ort from 'onnxruntime-web/wasm';
import detectorUrl from '../../../../app/server/photos/models/blazeface-front.onnx?url';
import meshUrl from '../../../../app/server/photos/models/facemesh.onnx?url';
import { ANALYSIS_WIDTH, measureForehead, type PreviewFace } from './guidance';
import { detectPreviewFaces } from './preview-detect';

export type PreviewRequest = { bitmap: ImageBitmap };
export type PreviewResult = { ok: true; width: number; height: number; faces: PreviewFace[]; ms: number } | { ok: false; error: string };
/** Sent once the runtime is compiled and the model loaded: the page sends no frame before it. */
export type PreviewReady = { ready: true };

ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };

const modelUrls: Partial<Record<FaceModelName, string>> = { detector: detectorUrl, mesh: meshUrl };
const sessions: Partial<Record<FaceModelName, Promise<ort.InferenceSession>>> = {};
const session = (model: FaceModelName) => {
  const url = modelUrls[model];
  if (!url) return Promise.reject(new Error(`face model ${model}: not on the booth`));
  sessions[model] ??= fetch(url)
    .then((r) => {
      if (!r.ok) throw new Error(`face model ${model}: HTTP ${r.status}`);
      return r.arrayBuffer();
    })
    .then((bytes) => ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }));
  return sessions[model];
};
// Both models load before the first analysis is timed.
const load = () => Promise.all([session('detector'), session('mesh')]);

const run: ModelRunner = async (model, input, dims) => {
  const s = await session(model);
  const results = await s.run({ [s.inputNames[0] ?? '']: new ort.Tensor('float32', input, [...dims]) });
  const out: Record<string, ModelOutput> = {};
  for (const name of s.outputNames) {
    const t = results[name]!;
    out[name] = { data: t.data as Float32Array, dims: t.dims };
  }
  return out;
};

let canvas: OffscreenCanvas | null = null;

async function analyse(bitmap: ImageBitmap): Promise<PreviewResult> {
  await load();
  const start = performance.now();
  const { width, height } = bitmap;
  if (!canvas || canvas.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2d context');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  const found = await detectPreviewFaces({ data: rgb, width, height }, run);
  // The hat check's colours come from the frame itself; only the three numbers leave the worker.
  const faces: PreviewFace[] = found.map((face) => ({
    ...face,
    forehead: measureForehead({ data: rgba, width, height, channels: 4 }, face),
  }));
  return { ok: true, width, height, faces, ms: performance.now() - start };
}

const failure = (error: unknown): PreviewResult => ({ ok: false, error: error instanceof Error ? error.message : String(error) });

self.onmessage = (event: MessageEvent<PreviewRequest>) => {
  const { bitmap } = event.data;
  analyse(bitmap)
    .then(
      (result) => self.postMessage(result),
      (error: unknown) => self.postMessage(failure(error)),
    )
    .finally(() => bitmap.close()); // also when it failed before drawing it
};

// As soon as the worker starts (while the booth is idle: guidance-worker.ts), compile the runtime,
// load the models and run each twice on a blank input — the runtime compiles its code on first
// use, which made the photo step's first analyses 90–320 ms instead of ≈ 25 — then say so. A blank
// frame has no face, so the mesh is run on its own blank crop.
load()
  .then(async () => {
    const height = Math.round((ANALYSIS_WIDTH * 9) / 16);
    const blank = { data: new Uint8Array(ANALYSIS_WIDTH * height * 3), width: ANALYSIS_WIDTH, height };
    const crop = new Float32Array(MESH_SIZE * MESH_SIZE * 3);
    for (let i = 0; i < 2; i++) {
      await detectPreviewFaces(blank, run);
      await run('mesh', crop, [1, MESH_SIZE, MESH_SIZE, 3]);
    }
  })
  .then(
    () => self.postMessage({ ready: true } satisfies PreviewReady),
    (error: unknown) => self.postMessage(failure(error)),
  );
