/**
 * The preview guidance's analysis worker (face-preview.worker.ts), one per resident's visit and
 * started while the booth is idle, so that onnxruntime-web's .wasm is compiled and the model
 * loaded before the photo step — not on the kiosk's two cores while the operator's first capture
 * runs. Started in photo mode, that start-up (≈ 0.9 s of compilation on the worker's thread and
 * ≈ 0.8 s of optimisation on another, bench:photo part (c) with a Chromium trace) ran beside the
 * first captures, and in the bench beside the server's pipeline as well (decision 0013).
 *
 * Journey.tsx prepares it when a visit starts and ends it when the visit ends, so no pixel of one
 * resident's preview stays in it for the next; the photo step (usePreviewGuidance.ts) takes it, and
 * when the step ends releases it to the visit instead of ending it (a second photo step in the
 * same call starts at once). Nothing is prepared when the kiosk has guidance off
 * (localStorage `madoguchi.photoGuidance` = `off`) or no Worker.
 */
import type { AnalysisMessage, AnalysisWorker } from './preview-analyser';

export const GUIDANCE_SWITCH_KEY = 'madoguchi.photoGuidance';

export function guidanceEnabled(): boolean {
  try {
    return window.localStorage.getItem(GUIDANCE_SWITCH_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** What a prepared worker needs of a Worker. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<AnalysisMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/**
 * A worker that may say it is ready (or that its model failed to load) before anyone listens: that
 * word is kept and given to whoever sets `onmessage` later. `release()` detaches the photo step;
 * `terminate()` ends the worker.
 */
export class PreparedWorker implements AnalysisWorker {
  onerror: ((event: ErrorEvent) => void) | null = null;
  private handler: ((event: MessageEvent<AnalysisMessage>) => void) | null = null;
  /** Its ready message, or its load failure, once sent. */
  private startUp: AnalysisMessage | null = null;

  constructor(
    private readonly worker: WorkerLike,
    private readonly onTerminate: (worker: PreparedWorker) => void = () => {},
  ) {
    worker.onmessage = (event) => {
      if (this.startUp === null && ('ready' in event.data || !event.data.ok)) this.startUp = event.data;
      this.handler?.(event);
    };
    worker.onerror = (event) => {
      this.startUp ??= { ok: false, error: event.message || 'the analysis worker failed' };
      this.onerror?.(event);
    };
  }

  get onmessage() {
    return this.handler;
  }

  set onmessage(handler: ((event: MessageEvent<AnalysisMessage>) => void) | null) {
    this.handler = handler;
    const startUp = this.startUp;
    if (handler && startUp)
      queueMicrotask(() => {
        if (this.handler === handler) handler({ data: startUp } as MessageEvent<AnalysisMessage>);
      });
  }

  postMessage(message: unknown, transfer: Transferable[]) {
    this.worker.postMessage(message, transfer);
  }

  release() {
    this.handler = null;
    this.onerror = null;
  }

  terminate() {
    this.release();
    this.worker.terminate();
    this.onTerminate(this);
  }
}

const startWorker = (): WorkerLike =>
  new Worker(new URL('./face-preview.worker.ts', import.meta.url), { type: 'module', name: 'face-preview' });

/** This visit's worker, or null (not prepared yet, ended, or failed). */
let current: PreparedWorker | null = null;

function startFor(start: () => WorkerLike): PreparedWorker {
  const worker = new PreparedWorker(start(), (ended) => {
    if (current === ended) current = null;
  });
  current = worker;
  return worker;
}

/** Starts this visit's worker (compiling the runtime, loading the model) unless there is one. */
export function prepareGuidanceWorker(start: () => WorkerLike = startWorker): void {
  if (current || !guidanceEnabled() || typeof Worker === 'undefined') return;
  startFor(start);
}

/** The visit's worker for the photo step: the prepared one, else one started now. */
export function guidanceWorker(start: () => WorkerLike = startWorker): AnalysisWorker {
  return current ?? startFor(start);
}

/** The visit is over: its worker ends, with whatever pixels it last saw. */
export function endGuidanceWorker(): void {
  current?.terminate();
  current = null;
}
