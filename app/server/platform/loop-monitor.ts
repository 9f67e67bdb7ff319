/**
 * The event loop of this process, watched (issue 15): a blocked loop delays every request, so a
 * heartbeat p99 of 20 ms cannot survive one 200 ms stall. Two measures:
 *
 *   - the delay distribution since the last reset (perf_hooks.monitorEventLoopDelay), so a
 *     benchmark or an operator reads one window and not everything since the process started
 *     (prom-client's nodejs_eventloop_lag_max_seconds is since the start: start-up included);
 *   - every stall of STALL_MS (20 ms) or more, with when it ended, and where the time went: on the CPU
 *     (JavaScript or native work on the loop, GC included), waiting for a CPU (the machine gave it
 *     to another process), or neither (blocked in a system call: a disk sync, a synchronous read),
 *     from the loop thread's own scheduler counters (/proc/<pid>/task/<pid>/schedstat, Linux), and
 *     the tagged jobs that were running then (`during`).
 *
 * One per process (the loop is the process's): several app contexts in one test process share it.
 */
import { readFileSync } from 'node:fs';
import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

/** One stall of the loop: a timer due every TICK_MS ran `ms` late. */
export interface LoopStall {
  /** When it ended (ms since the epoch). */
  at: number;
  /** How long the loop did not turn (ms). */
  ms: number;
  /** Of which the loop thread ran on a CPU (ms; null where the scheduler counters are not readable). */
  onCpuMs: number | null;
  /** Of which it was runnable but waited for a CPU (ms). */
  waitingForCpuMs: number | null;
  /** Garbage collection that overlapped it (ms). */
  gcMs: number;
  /** The largest share: 'on-cpu' (work on the loop), 'waiting-for-cpu' (the machine), 'blocked' (a system call). */
  cause: 'on-cpu' | 'waiting-for-cpu' | 'blocked' | 'unknown';
  /** Tagged jobs that ran during it (see `during`), and 'gc' if a collection overlapped. */
  during: string[];
}

/** A tagged job that took JOB_MS or longer. */
export interface LoopJob {
  tag: string;
  /** When it began (ms since the epoch). */
  at: number;
  /** Its wall time, awaits included (ms). */
  ms: number;
  /** How long the event loop was busy meanwhile (ms): its own work and whatever ran between its awaits. */
  loopBusyMs: number;
}

export interface LoopWindow {
  /** When the window began (ms since the epoch): the last reset, or the monitor's start. */
  since: number;
  /** Event-loop delay over the window (ms), as monitorEventLoopDelay saw it. */
  delayMs: { p50: number; p99: number; max: number };
  /** Stalls that ended after `since`, oldest first (at most the last KEEP). */
  stalls: LoopStall[];
  /** Tagged jobs of JOB_MS or longer that began at or after `since`, oldest first (at most the last KEEP). */
  jobs: LoopJob[];
}

/** How often the stall sampler's timer is due. */
const TICK_MS = 20;
/** Stalls kept (the oldest dropped first). */
const KEEP = 500;
/** Tagged jobs this long or longer are listed (ms). */
const JOB_MS = 5;
/** Finished jobs and collections remembered for attribution (a stall is seen only after it ended). */
const REMEMBER_MS = 10_000;

interface Span {
  tag: string;
  start: number;
  end: number;
}

/** The loop thread's time on a CPU and waiting for one (ns), or null off Linux. */
function schedstat(): [number, number] | null {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return [Number(onCpu), Number(waiting)];
  } catch {
    return null;
  }
}

/** Classifies a stall from its parts (pure; exported for its tests). */
export function causeOf(ms: number, onCpuMs: number | null, waitingForCpuMs: number | null): LoopStall['cause'] {
  if (onCpuMs === null || waitingForCpuMs === null) return 'unknown';
  const blocked = Math.max(0, ms - onCpuMs - waitingForCpuMs);
  if (onCpuMs >= waitingForCpuMs && onCpuMs >= blocked) return 'on-cpu';
  return waitingForCpuMs >= blocked ? 'waiting-for-cpu' : 'blocked';
}

function createLoopMonitor(stallMs: number) {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let since = Date.now();
  const stalls: LoopStall[] = [];
  const listeners = new Set<(stall: LoopStall) => void>();
  const running = new Map<number, { tag: string; start: number }>();
  let nextJob = 0;
  const finished: Span[] = [];
  const collections: Span[] = [];
  const jobs: LoopJob[] = [];

  const forget = (spans: Span[], before: number) => {
    while (spans.length > 0 && spans[0]!.end < before) spans.shift();
  };

  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const start = performance.timeOrigin + entry.startTime;
      collections.push({ tag: 'gc', start, end: start + entry.duration });
    }
    forget(collections, Date.now() - REMEMBER_MS);
  });
  gc.observe({ entryTypes: ['gc'] });

  let expected = performance.now() + TICK_MS;
  let counters = schedstat();
  const tick = setInterval(() => {
    const now = performance.now();
    const late = now - expected;
    expected = now + TICK_MS;
    const current = schedstat();
    if (late >= stallMs) {
      const end = Date.now();
      const start = end - late;
      const onCpuMs = current && counters ? (current[0] - counters[0]) / 1e6 : null;
      const waitingForCpuMs = current && counters ? (current[1] - counters[1]) / 1e6 : null;
      const overlapping = (s: Span) => s.end > start && s.start < end;
      const gcSpans = collections.filter(overlapping);
      const during = new Set<string>();
      for (const job of running.values()) if (job.start < end) during.add(job.tag);
      for (const job of finished) if (overlapping(job)) during.add(job.tag);
      if (gcSpans.length > 0) during.add('gc');
      const stall: LoopStall = {
        at: end,
        ms: Math.round(late),
        onCpuMs: onCpuMs === null ? null : Math.round(Math.min(onCpuMs, late + TICK_MS)),
        waitingForCpuMs: waitingForCpuMs === null ? null : Math.round(waitingForCpuMs),
        gcMs: Math.round(gcSpans.reduce((sum, s) => sum + Math.min(s.end, end) - Math.max(s.start, start), 0)),
        cause: causeOf(late + TICK_MS, onCpuMs, waitingForCpuMs),
        during: [...during].sort(),
      };
      stalls.push(stall);
      if (stalls.length > KEEP) stalls.shift();
      for (const listener of listeners) listener(stall);
    }
    counters = current;
    forget(finished, Date.now() - REMEMBER_MS);
  }, TICK_MS);
  tick.unref();

  return {
    /**
     * Runs `work` tagged `tag` (a periodic job: 'health-sweep', 'lease-renewal', …): a stall while
     * it runs names it. Costs two map operations; the work's result and error pass through.
     */
    async during<T>(tag: string, work: () => Promise<T> | T): Promise<T> {
      const id = nextJob++;
      const start = Date.now();
      const utilisation = performance.eventLoopUtilization();
      running.set(id, { tag, start });
      try {
        return await work();
      } finally {
        running.delete(id);
        const end = Date.now();
        finished.push({ tag, start, end });
        if (end - start >= JOB_MS) {
          const busy = performance.eventLoopUtilization(utilisation);
          jobs.push({ tag, at: start, ms: end - start, loopBusyMs: Math.round(busy.active * 10) / 10 });
          if (jobs.length > KEEP) jobs.shift();
        }
      }
    },
    /** The delay distribution since the last reset and the stalls that ended after `after` (default: the reset). */
    window(after?: number): LoopWindow {
      const from = after ?? since;
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      return {
        since,
        delayMs: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) },
        stalls: stalls.filter((s) => s.at > from),
        jobs: jobs.filter((j) => j.at >= from),
      };
    },
    /** Starts a new window (the delay distribution; stalls are kept with their times). */
    reset() {
      histogram.reset();
      since = Date.now();
    },
    /** Called with every stall as it is seen (the Prometheus counters). */
    onStall(listener: (stall: LoopStall) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type LoopMonitor = ReturnType<typeof createLoopMonitor>;

/** A stall is a loop turn this late or later (ms): the heartbeat's p99 goal (a longer stall alone breaks it). */
export const STALL_MS = 20;
let monitor: LoopMonitor | null = null;

/** This process's loop monitor, started on first use. */
export function loopMonitor(): LoopMonitor {
  monitor ??= createLoopMonitor(STALL_MS);
  return monitor;
}

/** Runs `work` tagged for the loop monitor (see LoopMonitor.during). */
export function during<T>(tag: string, work: () => Promise<T> | T): Promise<T> {
  return loopMonitor().during(tag, work);
}
