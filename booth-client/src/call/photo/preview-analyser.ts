/**
 * The preview-guidance loop (usePreviewGuidance.ts), apart from React so that it can be tested:
 * one analysis worker (face-preview.worker.ts) for the whole photo step, a small frame posted to it
 * a few times a second, at most one in flight, each answer folded into one instruction
 * (guidance.ts).
 *
 * Paused while the booth takes and sends a still (`setActive(false)`): no new frame is taken, an
 * answer still on its way is dropped, and the instruction shown stays as it was. The worker and
 * its loaded model are KEPT through the pause: starting them again after every capture (a fresh
 * worker, onnxruntime-web's .wasm compiled and the model loaded anew) took the kiosk's CPU for a
 * second or more, just when the next capture or the console's photo needed it, and left the
 * resident without guidance meanwhile (bench:photo part (c)).
 *
 * No frame is posted before the worker says it is ready (runtime compiled, model loaded): a frame
 * sent earlier only waited there, and its answer described the preview of a second or more ago.
 * The worker is usually ready before the photo step starts (guidance-worker.ts prepares it while
 * the booth is idle); when the step ends it is released to the visit, not ended.
 */
import type { PhotoInstruction } from '@madoguchi/db/call-contract';
import type { PreviewReady, PreviewResult } from './face-preview.worker';
import { type GuidanceState, initialGuidance, nextGuidance } from './guidance';

/** Analyses start this often (ms), less when one takes longer. */
export const ANALYSIS_INTERVAL_MS = 300;

/** What the analysis worker sends: its readiness once, then one result per frame. */
export type AnalysisMessage = PreviewResult | PreviewReady;

/** What the loop needs of a Worker. */
export interface AnalysisWorker {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  /** The photo step is done with it, the worker goes on (guidance-worker.ts); else terminate(). */
  release?(): void;
  onmessage: ((event: MessageEvent<AnalysisMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface PreviewAnalyserOptions<Source> {
  createWorker: () => AnalysisWorker;
  /** A small bitmap of the source's current frame, or null while it has none yet. */
  grab: (source: Source) => Promise<ImageBitmap | null>;
  /** The instruction to show; null when there is none (the analysis failed). */
  onInstruction: (instruction: PhotoInstruction | null) => void;
  /** Each round trip and the worker's share of it (performance measures for bench:photo-guidance). */
  onTiming?: (roundTrip: { start: number; end: number }, modelMs: number) => void;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class PreviewAnalyser<Source> {
  private source: Source | null = null;
  private active = false;
  private worker: AnalysisWorker | null = null;
  /** The worker said it has its model: frames may be sent. */
  private ready = false;
  private failed = false;
  private disposed = false;
  private timer: unknown = null;
  /** A frame is being grabbed or analysed. */
  private busy = false;
  private started = 0;
  /** Counts pauses and source changes: an answer for a frame taken before one of them is dropped. */
  private epoch = 0;
  private postedEpoch = 0;
  private failures = 0;
  private state: GuidanceState = initialGuidance;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: PreviewAnalyserOptions<Source>) {
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** The preview to analyse (a new one starts the instruction afresh). */
  setSource(source: Source | null) {
    if (source === this.source) return;
    this.source = source;
    this.epoch++;
    this.state = initialGuidance;
    this.update();
  }

  /** False while a capture is in flight (or the approved photo is shown): no analysis, worker kept. */
  setActive(active: boolean) {
    if (active === this.active) return;
    this.active = active;
    if (!active) this.epoch++;
    this.update();
  }

  dispose() {
    this.disposed = true;
    this.stopTimer();
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      if (worker.release) worker.release();
      else worker.terminate();
    }
  }

  private get running(): boolean {
    return this.active && this.source !== null && !this.failed && !this.disposed;
  }

  private stopTimer() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private update() {
    if (!this.running) {
      this.stopTimer();
      return;
    }
    this.ensureWorker();
    // Resumed (or the model just loaded): a round starts now unless one is waiting or in flight.
    if (this.timer === null && !this.busy && this.ready) void this.tick();
  }

  private ensureWorker() {
    if (this.worker) return;
    const worker = this.options.createWorker();
    worker.onmessage = (event) => this.message(event.data);
    worker.onerror = () => this.fail();
    this.worker = worker;
  }

  private message(data: AnalysisMessage) {
    if ('ready' in data) {
      this.ready = true;
      this.update();
    } else if (!this.ready) {
      // The runtime or the model could not load (no frame was sent): no guidance.
      if (!data.ok) this.fail();
    } else if (this.busy) {
      this.answer(data);
    } // else an answer to a frame another photo step sent before it released the worker: dropped
  }

  private fail() {
    this.failed = true;
    this.stopTimer();
    this.worker?.terminate();
    this.worker = null;
    this.options.onInstruction(null);
  }

  private schedule() {
    if (!this.running) return;
    this.stopTimer();
    this.timer = this.setTimer(
      () => {
        this.timer = null;
        void this.tick();
      },
      Math.max(0, ANALYSIS_INTERVAL_MS - (this.now() - this.started)),
    );
  }

  private async tick() {
    const source = this.source;
    if (!this.running || source === null || !this.worker || !this.ready) return;
    const epoch = this.epoch;
    this.busy = true;
    this.started = this.now();
    let bitmap: ImageBitmap | null = null;
    try {
      bitmap = await this.options.grab(source);
    } catch {
      bitmap = null;
    }
    if (!bitmap || !this.running || epoch !== this.epoch || !this.worker) {
      bitmap?.close();
      this.busy = false;
      if (this.running && this.timer === null) this.schedule();
      return;
    }
    this.postedEpoch = epoch;
    this.worker.postMessage({ bitmap }, [bitmap]);
  }

  private answer(result: PreviewResult) {
    this.busy = false;
    if (this.disposed || this.failed) return;
    if (!this.running) return; // paused: update() starts a new round on resume
    if (this.postedEpoch !== this.epoch) {
      // Its frame was taken before a pause or from another preview: dropped, a fresh one now.
      void this.tick();
      return;
    }
    if (result.ok) {
      this.failures = 0;
      const end = this.now();
      this.options.onTiming?.({ start: this.started, end }, result.ms);
      this.state = nextGuidance(this.state, result);
      this.options.onInstruction(this.state.shown);
    } else if (++this.failures >= 3) {
      // No model (or no wasm): no guidance; the operator captures as before.
      this.fail();
      return;
    }
    this.schedule();
  }
}
