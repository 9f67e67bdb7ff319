/**
 * Part (e) of `npm run bench:photo` (run by bench/photo.ts; alone: `npx tsx bench/photo-memory.ts`):
 * the photo pipeline's memory in one process, photos arriving from many booths at once.
 *
 * Each scenario runs in a fresh child process holding one pipeline with the server's defaults
 * (memory budget, queue, caps), warmed up as the server does:
 *   - camera12 ×6: six 12 MP camera stills (the bench's 4000×3000 input) at once;
 *   - largest ×6: six of the heaviest stills the caps allow at once — 20 MP (5163×3873),
 *     progressive, 4:4:4, stored on its side (EXIF orientation 6), 13.5 MB (under PHOTO_MAX_BYTES);
 *   - largest ×11: eleven at once, as eleven calls did in issue 11 (some may be refused with 503);
 *   - camera12 ×20 one after another.
 * Peak: the kernel's high-water mark of the resident set (VmHWM), reset after the warm-up
 * (/proc/self/clear_refs), so it is the pipeline's burst in a process of the server's shape, face
 * worker included. After: the resident set right after the burst and 30 s later (V8's memory
 * reducer collects the freed pixel buffers; glibc returns them to the system only with the
 * allocator settings scripts/start.sh exports: GLIBC_TUNABLES from scripts/glibc-tunables.env,
 * read here too). The two six-at-once scenarios also run without those settings, for comparison.
 *
 * Results: bench/results/photo-memory.json (and inside photo-pipeline.json). Goal: peak ≤ 600 MiB.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOCATOR_TUNABLES } from './allocator';
import { composedInput } from './photo-inputs';
import { round } from './stats';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'photo-memory.json');
export const PEAK_GOAL_MIB = 600;
const IDLE_MS = [10_000, 30_000];
const MiB = 2 ** 20;

interface Scenario {
  name: string;
  input: 'camera12' | 'largest';
  photos: number;
  at: 'once' | 'one after another';
  tunables: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'camera12 ×6 at once', input: 'camera12', photos: 6, at: 'once', tunables: true },
  { name: 'largest ×6 at once', input: 'largest', photos: 6, at: 'once', tunables: true },
  { name: 'largest ×11 at once', input: 'largest', photos: 11, at: 'once', tunables: true },
  { name: 'camera12 ×20 one after another', input: 'camera12', photos: 20, at: 'one after another', tunables: true },
  { name: 'camera12 ×6 at once, no allocator settings', input: 'camera12', photos: 6, at: 'once', tunables: false },
  { name: 'largest ×6 at once, no allocator settings', input: 'largest', photos: 6, at: 'once', tunables: false },
];

/** VmRSS and VmHWM of this process, in MiB. */
function residentMiB(): { rss: number; hwm: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const field = (name: string) =>
    Number(/^(\w+):\s+(\d+) kB$/m.exec(status.split('\n').find((l) => l.startsWith(`${name}:`)) ?? '')?.[2] ?? Number.NaN) / 1024;
  return { rss: round(field('VmRSS'), 1), hwm: round(field('VmHWM'), 1) };
}

/** One scenario, in this (child) process. */
async function child(scenario: Scenario, file: string) {
  const { createPhotoPipeline } = await import('../app/server/photos/pipeline.server');
  const input = readFileSync(file);
  const pipeline = createPhotoPipeline();
  try {
    await pipeline.warmUp();
    const before = residentMiB().rss;
    writeFileSync('/proc/self/clear_refs', '5'); // the high-water mark starts again from here
    let mostRunning = 0;
    let mostWaiting = 0;
    let mostInUse = 0;
    const watch = setInterval(() => {
      mostRunning = Math.max(mostRunning, pipeline.budget.running);
      mostWaiting = Math.max(mostWaiting, pipeline.budget.waiting);
      mostInUse = Math.max(mostInUse, pipeline.budget.inUse);
    }, 2);
    const started = performance.now();
    const outcomes: PromiseSettledResult<unknown>[] = [];
    if (scenario.at === 'once')
      outcomes.push(...(await Promise.allSettled(Array.from({ length: scenario.photos }, () => pipeline.process(input)))));
    else for (let i = 0; i < scenario.photos; i++) outcomes.push(...(await Promise.allSettled([pipeline.process(input)])));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(watch);
    const burst = residentMiB();
    const later: Record<string, number> = {};
    let waited = 0;
    for (const ms of IDLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, ms - waited));
      waited = ms;
      later[`${ms / 1000}s`] = residentMiB().rss;
    }
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as { code?: string }).code ?? o.reason)] : []));
    return {
      scenario: scenario.name,
      allocatorSettings: scenario.tunables ? ALLOCATOR_TUNABLES : null,
      photos: scenario.photos,
      inputBytes: input.length,
      processed: outcomes.length - refusals.length,
      refused: Object.fromEntries([...new Set(refusals)].map((code) => [code, refusals.filter((r) => r === code).length])),
      seconds: round(seconds, 1),
      rssBeforeMiB: before,
      peakRssMiB: burst.hwm,
      burstMiB: round(burst.hwm - before, 1),
      rssRightAfterMiB: burst.rss,
      rssAfterMiB: later,
      budget: { mostRunning, mostWaiting, mostInUseMiB: round(mostInUse / MiB, 1) },
    };
  } finally {
    await pipeline.close();
  }
}

export type MemoryResult = Awaited<ReturnType<typeof child>>;

/** Every scenario, each in a fresh child process, one after another. */
export async function measureMemory(): Promise<{
  scenarios: MemoryResult[];
  peakRssMiB: number;
  peakMet: boolean;
  loadAverage1m: number[];
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'photo-memory-'));
  try {
    const inputs = {
      camera12: (await composedInput('camera12', 4000, 3000)).jpeg,
      largest: (await composedInput('largest', 3873, 5163, { quality: 80, progressive: true, chromaSubsampling: '4:4:4', sideways: true }))
        .jpeg,
    };
    for (const [name, jpeg] of Object.entries(inputs)) writeFileSync(path.join(dir, `${name}.jpg`), jpeg);
    const scenarios: MemoryResult[] = [];
    const loads: number[] = [];
    for (const scenario of SCENARIOS) {
      loads.push(round(os.loadavg()[0]!, 2));
      console.log(`(e) ${scenario.name}…`);
      const env = { ...process.env };
      if (scenario.tunables) env.GLIBC_TUNABLES = ALLOCATOR_TUNABLES;
      else delete env.GLIBC_TUNABLES;
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(scenario), path.join(dir, `${scenario.input}.jpg`)],
        {
          cwd: repoRoot,
          env,
          encoding: 'utf8',
          timeout: 300_000,
        },
      );
      const last = run.stdout.trim().split('\n').at(-1) ?? '';
      if (run.status !== 0 || !last.startsWith('{'))
        throw new Error(`memory scenario "${scenario.name}" failed (${run.status}): ${run.stderr.slice(-2000)}`);
      const result = JSON.parse(last) as MemoryResult;
      scenarios.push(result);
      console.log(
        `    peak ${result.peakRssMiB} MiB (before ${result.rssBeforeMiB}, burst +${result.burstMiB}), right after ${result.rssRightAfterMiB}, ${Object.entries(
          result.rssAfterMiB,
        )
          .map(([k, v]) => `${k} later ${v}`)
          .join(', ')}; ${result.processed} processed, refused ${JSON.stringify(result.refused)}, ${result.seconds} s`,
      );
    }
    loads.push(round(os.loadavg()[0]!, 2));
    const peakRssMiB = Math.max(...scenarios.filter((s) => s.allocatorSettings).map((s) => s.peakRssMiB));
    return { scenarios, peakRssMiB, peakMet: peakRssMiB <= PEAK_GOAL_MIB, loadAverage1m: loads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const result = await child(JSON.parse(argv[1]!) as Scenario, argv[2]!);
  console.log(JSON.stringify(result));
} else if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const result = await measureMemory();
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ timestamp: new Date().toISOString(), goalPeakRssMiBAtMost: PEAK_GOAL_MIB, ...result }, null, 2)}\n`,
  );
  console.log(
    `peak RSS ${result.peakRssMiB} MiB (goal ≤ ${PEAK_GOAL_MIB}: ${result.peakMet ? 'met' : 'NOT met'}); results ${path.relative(repoRoot, RESULTS_FILE)}`,
  );
}
