/**
 * `npx tsx bench/photo-gc.ts` — garbage collection on the main thread while the photo pipeline
 * processes photos one after another (decision 0044): collections by kind and their pause time,
 * per photo, for the bench's 12 MP and 720p inputs. Only this thread's isolate is counted (the face
 * worker has its own heap). V8 options go before the loader, e.g.
 * `node --initial-old-space-size=128 --import tsx bench/photo-gc.ts`. PHOTOS=n photos an input
 * (default 40). Prints one JSON line an input; writes nothing.
 */
import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { createPhotoPipeline } from '../app/server/photos/pipeline.server';
import { composedInput } from './photo-inputs';
import { round } from './stats';

const PHOTOS = Number(process.env.PHOTOS ?? 40);
const WARMUP = 3;
const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'markCompact',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incrementalMarking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakCallbacks',
};

let counting = false;
const count: Record<string, number> = {};
const pauseMs: Record<string, number> = {};
new PerformanceObserver((list) => {
  if (!counting) return;
  for (const entry of list.getEntries()) {
    const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
    const kind = KINDS[detail?.kind ?? -1] ?? 'other';
    count[kind] = (count[kind] ?? 0) + 1;
    pauseMs[kind] = (pauseMs[kind] ?? 0) + entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const pipeline = createPhotoPipeline();
try {
  await pipeline.warmUp();
  for (const [name, width, height] of [
    ['12mp', 4000, 3000],
    ['720p', 1280, 720],
  ] as const) {
    const input = await composedInput(name, width, height);
    for (let i = 0; i < WARMUP; i++) await pipeline.process(input.jpeg);
    for (const k of Object.keys(count)) {
      delete count[k];
      delete pauseMs[k];
    }
    const loadBefore = load();
    await settle();
    counting = true;
    const started = performance.now();
    for (let i = 0; i < PHOTOS; i++) await pipeline.process(input.jpeg);
    const wallMs = performance.now() - started;
    await settle();
    counting = false;
    const collections = count.markCompact ?? 0;
    const scavenges = count.scavenge ?? 0;
    // Incremental marking steps are pauses too (V8 reports them apart from the final mark-compact).
    const pauses = Object.values(pauseMs).reduce((a, b) => a + b, 0);
    console.log(
      JSON.stringify({
        input: name,
        photos: PHOTOS,
        markCompactsPerPhoto: round(collections / PHOTOS, 2),
        scavengesPerPhoto: round(scavenges / PHOTOS, 2),
        pauseMsPerPhoto: round(pauses / PHOTOS, 2),
        count,
        pauseMs: Object.fromEntries(Object.entries(pauseMs).map(([k, v]) => [k, round(v, 1)])),
        wallMsPerPhoto: round(wallMs / PHOTOS, 1),
        load: `${loadBefore}→${load()}`,
      }),
    );
  }
} finally {
  await pipeline.close();
}
