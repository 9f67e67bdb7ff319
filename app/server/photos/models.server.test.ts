/**
 * The server runs facemesh-cpu.onnx, the booth's preview the plain facemesh.onnx (decision 0046):
 * the same mesh model, the server's copy with its PRelus and channel Pads rewritten for
 * onnxruntime's CPU layout. They must keep computing the same mesh.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectFaces, type ModelOutput } from '../../domain/photo/face-model';
import { portrait } from '../../test/photo/fixtures';

const modelDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'models');

const session = (file: string, graphOptimizationLevel: 'basic' | 'all') =>
  ort.InferenceSession.create(path.join(modelDir, file), {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel,
    logSeverityLevel: 3,
  });

async function outputs(s: ort.InferenceSession, data: Float32Array, dims: readonly number[]): Promise<Float32Array[]> {
  const results = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', data, [...dims]) });
  return s.outputNames.map((name) => results[name]!.data as Float32Array);
}

describe('the server mesh graph (facemesh-cpu.onnx) and the booth one (facemesh.onnx)', () => {
  it('compute the same mesh: equal to the bit without layout changes, within 1e-4 as the server runs them', async () => {
    // The mesh input of a real face: the 192-px crop detectFaces makes for the good portrait.
    const { data, info } = await sharp(await portrait('good'))
      .resize(480, 480, { fit: 'inside' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const inputs: { data: Float32Array; dims: readonly number[] }[] = [];
    const plainAll = await session('facemesh.onnx', 'all');
    const sessions = { detector: await session('blazeface-front.onnx', 'all'), mesh: plainAll, iris: await session('iris.onnx', 'all') };
    await detectFaces({ data, width: info.width, height: info.height }, async (model, input, dims) => {
      if (model === 'mesh') inputs.push({ data: Float32Array.from(input), dims });
      const s = sessions[model];
      const results = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', Float32Array.from(input), [...dims]) });
      const out: Record<string, ModelOutput> = {};
      for (const name of s.outputNames) out[name] = { data: results[name]!.data as Float32Array, dims: results[name]!.dims };
      return out;
    });
    expect(inputs).toHaveLength(1);
    const { data: crop, dims } = inputs[0]!;

    const [plainBasic, cpuBasic, cpuAll] = await Promise.all([
      session('facemesh.onnx', 'basic'),
      session('facemesh-cpu.onnx', 'basic'),
      session('facemesh-cpu.onnx', 'all'),
    ]);
    expect(cpuAll.outputNames).toEqual(plainAll.outputNames);
    expect(await outputs(cpuBasic, crop, dims)).toEqual(await outputs(plainBasic, crop, dims));
    const a = await outputs(plainAll, crop, dims);
    const b = await outputs(cpuAll, crop, dims);
    let worst = 0;
    for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i]!.length; j++) worst = Math.max(worst, Math.abs(a[i]![j]! - b[i]![j]!));
    expect(worst).toBeLessThanOrEqual(1e-4);
    for (const s of [plainAll, plainBasic, cpuBasic, cpuAll, sessions.detector, sessions.iris]) await s.release();
  });
});
