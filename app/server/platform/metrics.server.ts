import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { loopMonitor, STALL_MS } from './loop-monitor';

/** What the gauges read at scrape time; set once the services exist. */
export interface MetricsSources {
  /** The dispatcher's waiting calls (empty on a node that does not run it). */
  waiting(): readonly { municipalityId: string; requestedAt: number }[];
  /** Does this node run the dispatcher (always, with one node)? */
  isDispatcher(): boolean;
  /** The photo pipeline's memory budget (decision 0011). */
  photoBudget(): { waiting: number; running: number; inUse: number; peakInUse: number };
}

/** How the queue reports what happens to calls (app/server/calls/queue.server.ts). */
export interface QueueMeter {
  offered(): void;
  offerTimedOut(): void;
  /** A call was answered `waitMs` after the booth asked. */
  answered(waitMs: number): void;
}

/** Seconds to answer: the service level is the share of answers in a bucket (e.g. le="60"). */
const ANSWER_BUCKETS = [10, 20, 30, 45, 60, 90, 120, 180, 300, 600];
const HTTP_BUCKETS = [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Prometheus metrics of one app node (issue 15, item 8), in a registry of its own (several app
 * contexts in one test process do not share it). Labels carry routes, methods, statuses and
 * municipality ids: never a person, a booth's name or a session id.
 */
export function createMetrics(now: () => number = Date.now) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let sources: MetricsSources | null = null;
  const registers = [registry];

  const http = new Histogram({
    name: 'madoguchi_http_request_duration_seconds',
    help: 'API requests by route (the heartbeat is POST /v1/booth/heartbeat), method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const offers = new Counter({ name: 'madoguchi_offers_total', help: 'Calls offered (rung) to an operator', registers });
  const offerTimeouts = new Counter({
    name: 'madoguchi_offer_timeouts_total',
    help: 'Offers that rang out unanswered (OFFER_TIMEOUT_MS)',
    registers,
  });
  const answerWait = new Histogram({
    name: 'madoguchi_answer_wait_seconds',
    help: 'Seconds from a booth asking for a call to an operator answering it',
    buckets: ANSWER_BUCKETS,
    registers,
  });
  // Stalls of the event loop (loop-monitor.ts), by where the time went: 'on-cpu' (work on the loop),
  // 'waiting-for-cpu' (the machine gave the CPU to others), 'blocked' (a system call, e.g. a sync).
  const stalls = new Counter({
    name: 'madoguchi_event_loop_stalls_total',
    help: `Event-loop stalls of ${STALL_MS} ms or more, by cause (on-cpu, waiting-for-cpu, blocked, unknown)`,
    labelNames: ['cause'] as const,
    registers,
  });
  const stallSeconds = new Counter({
    name: 'madoguchi_event_loop_stall_seconds_total',
    help: `Seconds the event loop stood still in stalls of ${STALL_MS} ms or more, by cause`,
    labelNames: ['cause'] as const,
    registers,
  });
  const stopCounting = loopMonitor().onStall((stall) => {
    stalls.inc({ cause: stall.cause });
    stallSeconds.inc({ cause: stall.cause }, stall.ms / 1000);
  });
  const consoleStreams = new Gauge({
    name: 'madoguchi_console_streams',
    help: 'Console push streams (SSE) open on this node',
    registers,
  });

  new Gauge({
    name: 'madoguchi_queue_waiting',
    help: 'Calls waiting per municipality (reported by the dispatcher node)',
    labelNames: ['municipality'] as const,
    registers,
    collect() {
      this.reset();
      for (const [municipality, calls] of byMunicipality()) this.set({ municipality }, calls.length);
    },
  });
  new Gauge({
    name: 'madoguchi_queue_oldest_wait_seconds',
    help: 'How long the oldest waiting call has waited, per municipality',
    labelNames: ['municipality'] as const,
    registers,
    collect() {
      this.reset();
      const at = now();
      for (const [municipality, calls] of byMunicipality()) {
        this.set({ municipality }, Math.max(0, (at - Math.min(...calls.map((c) => c.requestedAt))) / 1000));
      }
    },
  });
  new Gauge({
    name: 'madoguchi_dispatcher',
    help: '1 on the node that runs the dispatcher, 0 elsewhere',
    registers,
    collect() {
      this.set(sources?.isDispatcher() ? 1 : 0);
    },
  });
  const budget = (name: string, help: string, read: (b: ReturnType<MetricsSources['photoBudget']>) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (sources) this.set(read(sources.photoBudget()));
      },
    });
  budget('madoguchi_photo_pipeline_waiting', 'Photos waiting for room in the memory budget', (b) => b.waiting);
  budget('madoguchi_photo_pipeline_running', 'Photos being processed', (b) => b.running);
  budget('madoguchi_photo_pipeline_memory_bytes', 'Bytes the photos being processed hold (estimated)', (b) => b.inUse);
  budget('madoguchi_photo_pipeline_memory_peak_bytes', 'The most bytes photos held at once since the start', (b) => b.peakInUse);

  function byMunicipality() {
    const groups = new Map<string, { requestedAt: number }[]>();
    for (const call of sources?.waiting() ?? []) {
      const list = groups.get(call.municipalityId) ?? [];
      list.push(call);
      groups.set(call.municipalityId, list);
    }
    return groups;
  }

  const queueMeter: QueueMeter = {
    offered: () => offers.inc(),
    offerTimedOut: () => offerTimeouts.inc(),
    answered: (waitMs) => answerWait.observe(Math.max(0, waitMs) / 1000),
  };

  return {
    registry,
    http,
    consoleStreams,
    queueMeter,
    bind(s: MetricsSources) {
      sources = s;
    },
    /** Stops counting this process's loop stalls (the context closes). */
    close() {
      stopCounting();
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * GET /metrics for Prometheus, with `Authorization: Bearer <METRICS_TOKEN>` (compared in constant
 * time). Without a token configured there is no such route: the app answers 404 as for any path.
 */
export function metricsRoute(metrics: Metrics, token: string | undefined) {
  const app = new Hono();
  if (!token) return app;
  const expected = Buffer.from(`Bearer ${token}`);
  const authorised = createMiddleware(async (c, next) => {
    const given = Buffer.from(c.req.header('Authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.text('Unauthorized', 401, { 'WWW-Authenticate': 'Bearer' });
    }
    await next();
  });
  app.get('/', authorised, async (c) => {
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });
  // The event loop over a window (loop-monitor.ts), as JSON: the delay distribution since the last
  // POST, and every stall of 20 ms or more since `after` (ms since the epoch) with its cause and
  // the jobs that ran then. POST starts a new window (a benchmark's measured phase).
  const loopWindow = new Hono();
  loopWindow.get('/', (c) => {
    const after = Number(c.req.query('after'));
    return c.json(loopMonitor().window(Number.isFinite(after) && after > 0 ? after : undefined), 200, { 'Cache-Control': 'no-store' });
  });
  loopWindow.post('/', (c) => {
    loopMonitor().reset();
    return c.body(null, 204);
  });
  app.use('/loop', authorised);
  app.route('/loop', loopWindow);
  return app;
}
