import type { PreviewResult } from './face-preview.worker';
import type { AnalysisMessage, AnalysisWorker } from './preview-analyser';

/** A stand-in for the analysis worker in unit tests: records what it is sent, answers on demand. */
export class FakeWorker implements AnalysisWorker {
  posted: unknown[] = [];
  terminated = false;
  released = false;
  onmessage: ((event: MessageEvent<AnalysisMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  release() {
    this.released = true;
  }
  send(data: AnalysisMessage) {
    this.onmessage?.({ data } as MessageEvent<AnalysisMessage>);
  }
  /** Runtime compiled, model loaded. */
  sayReady() {
    this.send({ ready: true });
  }
  answer(result: PreviewResult) {
    this.send(result);
  }
}
