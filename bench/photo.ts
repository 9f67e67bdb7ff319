/**
 * `npm run bench:photo` — what the server photo pipeline costs next to sharp alone, and how much
 * memory it needs.
 *
 *   (a) baseline: sharp decode → resize to the photo size (960×1234, cover) → JPEG q90, the least
 *       any server must do with the upload.
 *   (b) pipeline: createPhotoPipeline().process() with its defaults (DEFAULT_DECODE), face
 *       detection and all the checks included, on the same inputs. Both decode strategies are
 *       measured ('parallel': full decode beside detection; 'after-detection': the largest
 *       centred 35:45 frame decoded beside the detection copy, the crop cut from it, then resize →
 *       JPEG), for decisions 0011, 0032, 0041 and 0042. Per strategy, the
 *       medians of the pipeline's own stage timings (ProcessedPhoto.timingsMs: detection copy,
 *       detector, faces, early decode, crop, encode, checks; each model's time) and how often the
 *       frame lay in the area decoded early. The store's encryption of the photo (AES-256-GCM,
 *       after the pipeline, not part of (b)) is timed on its own, on the output.
 *   Both sides make a 960×1234 baseline JPEG q90 4:2:0 from the same pixels; the baseline with
 *   sharp's default optimised Huffman tables, the pipeline with the standard ones (same pixels,
 *   ≈ 1.5 % larger file, decision 0042). Both decode at full size: the baseline's shrink is 2.43,
 *   and sharp 0.35 only shrinks a JPEG on load by 2 when the whole resize is by 3 or more (its
 *   output is byte-identical with fastShrinkOnLoad: false); the pipeline's head crop (1391 px wide
 *   on the 12 MP input) could not be halved on load without going under 960 px anyway.
 *   (d) peak RSS of this process (the face worker thread included) over 20 sequential photos.
 *   (f) face detection alone on the 480-px detection copy (full, and the detector only).
 *   (e) bench/photo-memory.ts: peak RSS of a fresh process with six 12 MP stills at once, six and
 *       eleven of the largest the caps allow at once, and 20 one after another, and what is left
 *       30 s later (goal ≤ 600 MiB).
 *
 * Inputs are made from a real face shipped in @vladmandic/face-api (the test fixture's face on a
 * plain wall), composed with sharp into a 12-megapixel 4000×3000 and a 1280×720 JPEG q90
 * (bench/photo-inputs.ts).
 * (a) and (b) alternate iteration by iteration so machine noise falls on both alike.
 * Part (c), console click → processed photo end to end, is bench/photo-e2e.ts.
 *
 * Allocator: (a), (b), (d) and (f) run under the server's malloc settings (GLIBC_TUNABLES from
 * scripts/glibc-tunables.env, which scripts/start.sh exports; decision 0045): glibc reads them only
 * at a process's start, so the bench starts itself again with them unless GLIBC_TUNABLES is set
 * (set it empty for glibc's defaults). The results' config.allocator and the last lines say which.
 *
 * With BENCH_PHOTO_MEMORY=skip, part (e) is left out (≈ 2 of the 4 minutes, for quick A/B runs)
 * and nothing is written to bench/results.
 * Results go to bench/results/photo-pipeline.json (part (e) also to photo-memory.json). Exit code 0 when measured (goals met or not),
 * 1 when the pipeline fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { FaceDetector } from '../app/server/photos/face.server';
import {
  createPhotoPipeline,
  DEFAULT_DECODE,
  type DecodeStrategy,
  detectionCopyOf,
  type PhotoPipeline,
  type ProcessedPhoto,
} from '../app/server/photos/pipeline.server';
import { encryptPhoto } from '../app/server/photos/store.server';
import { allocatorInUse, rerunUnderServerAllocator } from './allocator';
import { composedInput, type Input } from './photo-inputs';
import { measureMemory, PEAK_GOAL_MIB } from './photo-memory';
import { machineFacts, percentile, round, sortedOf } from './stats';

const ITERATIONS = 24;
const WARMUP = 2;
const RSS_PHOTOS = 20;
const RSS_SAMPLE_MS = 10;
const SKIP_MEMORY = process.env.BENCH_PHOTO_MEMORY === 'skip';
/** Issue 19's goals: (b)/(a) p50 ≤ 1.4 on 12 MP and ≤ 1.2 on 720p (1.6 and none before), peak RSS ≤ 600 MiB. */
const GOALS = { ratio12mpAtMost: 1.4, ratio720pAtMost: 1.2, peakRssMiBAtMost: 600 } as const;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'photo-pipeline.json');
const baseline = (input: Buffer) => sharp(input).rotate().resize(960, 1234).jpeg({ quality: 90 }).toBuffer();

function stats(samples: number[]) {
  const sorted = sortedOf(samples);
  return {
    n: samples.length,
    p50Ms: round(percentile(sorted, 50), 1),
    p95Ms: round(percentile(sorted, 95), 1),
    minMs: round(sorted[0] ?? Number.NaN, 1),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
  };
}

const median = (values: number[]) => percentile(sortedOf(values), 50);

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

/** (a) and (b) alternating on one input. */
async function compare(input: Input, pipelines: Record<DecodeStrategy, PhotoPipeline>) {
  const a: number[] = [];
  const b: Record<DecodeStrategy, number[]> = { parallel: [], 'after-detection': [] };
  const stages: Record<DecodeStrategy, NonNullable<ProcessedPhoto['timingsMs']>[]> = { parallel: [], 'after-detection': [] };
  let last: ProcessedPhoto | undefined;
  const early: Record<DecodeStrategy, number> = { parallel: 0, 'after-detection': 0 };
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const [ta] = await timed(() => baseline(input.jpeg));
    const [tb, photo] = await timed(() => pipelines.parallel.process(input.jpeg));
    const [tb2, photo2] = await timed(() => pipelines['after-detection'].process(input.jpeg));
    if (i < WARMUP) continue;
    a.push(ta);
    b.parallel.push(tb);
    b['after-detection'].push(tb2);
    if (photo.timingsMs) stages.parallel.push(photo.timingsMs);
    if (photo2.timingsMs) stages['after-detection'].push(photo2.timingsMs);
    if (photo2.decodedEarly) early['after-detection']++;
    last = DEFAULT_DECODE === 'parallel' ? photo : photo2;
  }
  // The store seals each photo (AES-256-GCM) after the pipeline: timed on its own, on the output.
  const key = Buffer.alloc(32, 7);
  const encrypt: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS && last; i++) {
    const [t] = await timed(async () => encryptPhoto(key, '00000000-0000-4000-8000-000000000000', last.jpeg));
    if (i >= WARMUP) encrypt.push(t);
  }
  const sa = stats(a);
  const sp = stats(b.parallel);
  const sd = stats(b['after-detection']);
  const STAGES = ['queued', 'decode', 'detector', 'faces', 'fullImage', 'early', 'detect', 'crop', 'encode', 'checks', 'total'] as const;
  const stageMedians = (of: NonNullable<ProcessedPhoto['timingsMs']>[]) => ({
    ...(Object.fromEntries(
      STAGES.map((k) => [k, of.some((s) => s[k] !== undefined) ? round(median(of.map((s) => s[k] ?? Number.NaN)), 1) : null]),
    ) as Record<(typeof STAGES)[number], number | null>),
    /** Each face model's time inside the detection (worker round trip included). */
    models: Object.fromEntries((['detector', 'mesh', 'iris'] as const).map((k) => [k, round(median(of.map((s) => s.models[k] ?? 0)), 1)])),
    /** Medians of when the steps after detection started and ended (ms from the start). */
    steps: Object.fromEntries(
      (['encode', 'scan', 'faceCopy', 'grey'] as const)
        .filter((k) => of.some((s) => s.steps?.[k]))
        .map((k) => [k, [0, 1].map((i) => round(median(of.map((s) => s.steps?.[k]?.[i] ?? Number.NaN)), 1))]),
    ),
  });
  return {
    input: { name: input.name, width: input.width, height: input.height, bytes: input.jpeg.length },
    output: last && {
      width: last.width,
      height: last.height,
      bytes: last.bytes,
      quality: last.quality,
      level: last.level,
      checks: Object.fromEntries(last.checks.map((c) => [c.id, c.level])),
    },
    baseline: sa,
    /** (b): the pipeline with its default decode strategy. */
    pipeline: { decode: DEFAULT_DECODE, ...(DEFAULT_DECODE === 'parallel' ? sp : sd) },
    pipelineParallelDecode: { ...sp, stageMediansMs: stageMedians(stages.parallel) },
    pipelineAfterDetectionDecode: {
      ...sd,
      stageMediansMs: stageMedians(stages['after-detection']),
      /** Photos cut from the area decoded early (the rest decoded their crop again after detection). */
      decodedEarly: early['after-detection'],
    },
    encryptMs: stats(encrypt),
    ratioP50: round((DEFAULT_DECODE === 'parallel' ? sp : sd).p50Ms / sa.p50Ms, 2),
    ratioP95: round((DEFAULT_DECODE === 'parallel' ? sp : sd).p95Ms / sa.p95Ms, 2),
    ratioP50ParallelDecode: round(sp.p50Ms / sa.p50Ms, 2),
    ratioP50AfterDetectionDecode: round(sd.p50Ms / sa.p50Ms, 2),
  };
}

/** (d) Peak RSS while 20 photos go through the pipeline one after another. */
async function peakRss(pipeline: PhotoPipeline, input: Input) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);
  const times: number[] = [];
  try {
    for (let i = 0; i < RSS_PHOTOS; i++) {
      const [t] = await timed(() => pipeline.process(input.jpeg));
      times.push(t);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(timer);
  }
  const MiB = 2 ** 20;
  return {
    photos: RSS_PHOTOS,
    input: input.name,
    rssBeforeMiB: round(before / MiB, 1),
    peakRssMiB: round(peak / MiB, 1),
    // Kernel's high-water mark for the whole process life (kB → MiB); includes the input generation.
    maxRssMiB: round((process.resourceUsage().maxRSS * 1024) / MiB, 1),
    rssAfterMiB: round(process.memoryUsage().rss / MiB, 1),
    perPhoto: stats(times),
  };
}

const DETECTIONS = 30;

/**
 * (f) Face detection alone on the pipeline's 480-px detection copy of an input: detector, mesh and
 * iris as the pipeline calls them (worker round trips included), and the detector alone (the frame
 * scan), one after another on an otherwise idle detector.
 */
async function detectionAlone(input: Input) {
  const detector = new FaceDetector();
  try {
    await detector.warmUp();
    const image = await detectionCopyOf(sharp(input.jpeg).rotate());
    for (let i = 0; i < 3; i++) await detector.detect(image);
    const full: number[] = [];
    const only: number[] = [];
    for (let i = 0; i < DETECTIONS; i++) {
      full.push((await timed(() => detector.detect(image)))[0]);
      only.push((await timed(() => detector.detect(image, { detectorOnly: true })))[0]);
    }
    return {
      input: input.name,
      copy: `${image.width}×${image.height}`,
      runtime: detector.build,
      full: stats(full),
      detectorOnly: stats(only),
    };
  } finally {
    await detector.close();
  }
}

async function run() {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0]!;
  console.log('making inputs from the face sample…');
  const inputs = [await composedInput('12mp', 4000, 3000), await composedInput('720p', 1280, 720)];
  // (d) first, in a process holding one pipeline (one face worker) with the defaults, as the server does.
  const main = createPhotoPipeline();
  let other: PhotoPipeline | undefined;
  try {
    const [warmMs] = await timed(() => main.warmUp());
    console.log(`(d) peak RSS over ${RSS_PHOTOS} photos…`);
    const memory = await peakRss(main, inputs[0]!);
    const otherDecode: DecodeStrategy = DEFAULT_DECODE === 'parallel' ? 'after-detection' : 'parallel';
    other = createPhotoPipeline({ decode: otherDecode });
    await other.warmUp();
    const pipelines = { [DEFAULT_DECODE]: main, [otherDecode]: other } as Record<DecodeStrategy, PhotoPipeline>;
    const results: Awaited<ReturnType<typeof compare>>[] = [];
    for (const input of inputs) {
      console.log(`(a) vs (b) on ${input.name}…`);
      results.push(await compare(input, pipelines));
    }
    console.log('(f) face detection alone…');
    const detection = await detectionAlone(inputs[0]!);
    const twelve = results.find((r) => r.input.name === '12mp')!;
    const hd = results.find((r) => r.input.name === '720p')!;
    const strategies = (r: (typeof results)[number]) => ({
      parallel: r.ratioP50ParallelDecode,
      'after-detection': r.ratioP50AfterDetectionDecode,
    });
    // (e) in fresh processes, after this one's pipelines are closed, so they do not share the cores.
    await Promise.all([main.close(), other.close()]);
    const concurrent = SKIP_MEMORY ? undefined : await measureMemory();
    const report = {
      timestamp: new Date().toISOString(),
      machine: {
        ...machineFacts(),
        loadAverage1mAtStart: round(loadAtStart, 2),
        loadAverage1mAtEnd: round(os.loadavg()[0]!, 2),
        sharp: sharp.versions.sharp,
        libvips: sharp.versions.vips,
      },
      config: {
        /** GLIBC_TUNABLES of the process that ran (a), (b), (d) and (f) (null: glibc's defaults), and whether it is the server's. */
        allocator: allocatorInUse(),
        iterations: ITERATIONS,
        warmup: WARMUP,
        baseline: 'decode → resize 960×1234 (cover) → JPEG q90',
        warmUpMs: round(warmMs, 0),
        warmUp: 'ONNX model load + 3 detections on the sample face Human ships',
      },
      parts: { a_b: results, d: memory, e: concurrent, f: detection, c: 'bench/results/photo-e2e.json (bench/photo-e2e.ts)' },
      goals: {
        ratio12mpAtMost: GOALS.ratio12mpAtMost,
        ratio12mp: twelve.ratioP50,
        ratioMet: twelve.ratioP50 <= GOALS.ratio12mpAtMost,
        ratio720pAtMost: GOALS.ratio720pAtMost,
        ratio720p: hd.ratioP50,
        ratio720pMet: hd.ratioP50 <= GOALS.ratio720pAtMost,
        /** (b)/(a) p50 by decode strategy, both inputs: the default is whichever is faster (decision 0032). */
        ratioByStrategy: { '12mp': strategies(twelve), '720p': strategies(hd) },
        peakRssMiBAtMost: GOALS.peakRssMiBAtMost,
        peakRssMiB: memory.peakRssMiB,
        peakRssMet: memory.peakRssMiB <= GOALS.peakRssMiBAtMost,
        peakRssConcurrentMiBAtMost: PEAK_GOAL_MIB,
        peakRssConcurrentMiB: concurrent?.peakRssMiB ?? null,
        peakRssConcurrentMet: concurrent?.peakMet ?? null,
      },
      wallSeconds: round((Date.now() - started) / 1000, 1),
    };
    if (concurrent) {
      mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
      writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(
        path.join(path.dirname(RESULTS_FILE), 'photo-memory.json'),
        `${JSON.stringify({ timestamp: report.timestamp, goalPeakRssMiBAtMost: PEAK_GOAL_MIB, ...concurrent }, null, 2)}\n`,
      );
    }
    for (const r of results)
      console.log(
        `${r.input.name.padEnd(5)} (a) p50 ${r.baseline.p50Ms} ms p95 ${r.baseline.p95Ms} ms | (b, ${r.pipeline.decode}) p50 ${r.pipeline.p50Ms} ms p95 ${r.pipeline.p95Ms} ms | ratio p50 ${r.ratioP50} p95 ${r.ratioP95} | parallel decode p50 ${r.pipelineParallelDecode.p50Ms} ms (ratio ${r.ratioP50ParallelDecode}, faces at ${r.pipelineParallelDecode.stageMediansMs.faces} ms) | after-detection p50 ${r.pipelineAfterDetectionDecode.p50Ms} ms (ratio ${r.ratioP50AfterDetectionDecode}, decoded early ${r.pipelineAfterDetectionDecode.decodedEarly}/${r.pipelineAfterDetectionDecode.n})\n      stage medians (after-detection, ms from start): ${JSON.stringify(r.pipelineAfterDetectionDecode.stageMediansMs)}\n      stage medians (parallel): ${JSON.stringify(r.pipelineParallelDecode.stageMediansMs)} | encryption p50 ${r.encryptMs.p50Ms} ms`,
      );
    console.log(
      [
        `ratio (b)/(a) 12 MP  ${twelve.ratioP50}  goal ≤ ${GOALS.ratio12mpAtMost}: ${report.goals.ratioMet ? 'met' : 'NOT met'}`,
        `ratio (b)/(a) 720p   ${hd.ratioP50}  goal ≤ ${GOALS.ratio720pAtMost}: ${report.goals.ratio720pMet ? 'met' : 'NOT met'}`,
        `peak RSS            ${memory.peakRssMiB} MiB over ${RSS_PHOTOS} photos (maxRSS ${memory.maxRssMiB} MiB)  goal ≤ ${GOALS.peakRssMiBAtMost}: ${report.goals.peakRssMet ? 'met' : 'NOT met'}`,
        concurrent
          ? `peak RSS at once    ${concurrent.peakRssMiB} MiB, the worst of (e) (${concurrent.scenarios.map((s) => `${s.scenario}: ${s.peakRssMiB}`).join('; ')})  goal ≤ ${PEAK_GOAL_MIB}: ${concurrent.peakMet ? 'met' : 'NOT met'}`
          : 'peak RSS at once    (e) skipped (BENCH_PHOTO_MEMORY=skip)',
        `detection alone     ${detection.full.p50Ms} ms p50 (p95 ${detection.full.p95Ms}), detector only ${detection.detectorOnly.p50Ms} ms p50 (p95 ${detection.detectorOnly.p95Ms}), ${detection.runtime}`,
        `allocator           GLIBC_TUNABLES=${report.config.allocator.glibcTunables ?? '(none)'}${report.config.allocator.asTheServer ? ' (the server’s)' : ' — NOT the server’s settings'}`,
        `machine             ${report.machine.cpus} CPUs, load ${report.machine.loadAverage1mAtStart} at start, ${report.machine.loadAverage1mAtEnd} at end, Node ${report.machine.node}`,
        concurrent
          ? `results             ${path.relative(repoRoot, RESULTS_FILE)}`
          : 'results             not written (BENCH_PHOTO_MEMORY=skip)',
      ].join('\n'),
    );
  } finally {
    await Promise.all([main.close(), other?.close()]);
  }
}

if (!rerunUnderServerAllocator())
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
