// Scratch (not committed): the booth's preview analysis per frame on onnxruntime-web's wasm backend in Node, one thread:
// main's chain (BlazeFace, two looks, 256x144) against this branch's (BlazeFace + mesh on the largest face, 480x270).
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web/wasm';
import sharp from 'sharp';
import { faceImage } from '../e2e/face-video';
import { detectPreviewFaces as detectNew } from '../booth-client/src/call/photo/preview-detect';
import { detectPreviewFaces as detectOld } from '../../h3-main/booth-client/src/call/photo/preview-detect';
import { measureForehead } from '../booth-client/src/call/photo/guidance';
import type { ModelOutput, ModelRunner } from '../app/domain/photo/face-model';
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
const models = 'app/server/photos/models/';
const opts = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' } as const;
const sessions = {
  detector: await ort.InferenceSession.create(new Uint8Array(readFileSync(models + 'blazeface-front.onnx')), opts),
  mesh: await ort.InferenceSession.create(new Uint8Array(readFileSync(models + 'facemesh.onnx')), opts),
};
const run: ModelRunner = async (model, input, dims) => {
  const s = sessions[model as 'detector' | 'mesh'];
  const r = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', input, [...dims]) });
  const out: Record<string, ModelOutput> = {};
  for (const n of s.outputNames) out[n] = { data: r[n]!.data as Float32Array, dims: r[n]!.dims };
  return out;
};
const img = await faceImage({ rotateDegrees: -3, scale: 1.15 });
const frame = async (w: number) => {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).resize(w).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgba: new Uint8ClampedArray(data), width: info.width, height: info.height };
};
const frames = { old: await frame(256), new: await frame(480) };
async function analyse(which: 'old' | 'new') {
  const { rgba, width, height } = frames[which];
  const t = performance.now();
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) { rgb[j] = rgba[i]!; rgb[j + 1] = rgba[i + 1]!; rgb[j + 2] = rgba[i + 2]!; }
  const faces = which === 'old' ? await detectOld({ data: rgb, width, height }, run) : await detectNew({ data: rgb, width, height }, run);
  faces.map((f) => measureForehead({ data: rgba, width, height, channels: 4 }, f));
  return performance.now() - t;
}
for (let i = 0; i < 5; i++) { await analyse('old'); await analyse('new'); }
const times = { old: [] as number[], new: [] as number[] };
const N = Number(process.env.N ?? 100);
for (let i = 0; i < N; i++) for (const w of (i % 2 ? ['old', 'new'] : ['new', 'old']) as const) times[w].push(await analyse(w));
const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
for (const w of ['old', 'new'] as const) console.log(w, 'p50', q(times[w], 0.5).toFixed(1), 'p95', q(times[w], 0.95).toFixed(1), 'max', Math.max(...times[w]).toFixed(1), 'n', times[w].length);
