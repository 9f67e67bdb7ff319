/**
 * Admission to the photo pipeline by memory, not by count (decision 0011, "Memory"). Each photo is
 * weighed from its header before anything is decoded — its upload plus the bytes its decode will
 * hold — and photos run together only while their weights fit the budget. The others wait in
 * order of arrival, a bounded number for a bounded time; beyond that the upload is refused with
 * 503 photo_pipeline_busy, so the booth may send it again (nothing is stored for it).
 */
import { pipelineBusy } from './problems';

export interface MemoryBudgetOptions {
  /** Bytes the photos being processed may hold together. */
  budgetBytes: number;
  /** Photos that may wait for room; the next is refused at once. */
  maxWaiting: number;
  /** How long a photo may wait for room before it is refused. */
  maxWaitMs: number;
}

export interface MemoryBudget {
  /** Runs `work` once `weight` bytes fit beside the photos already running (a photo heavier than the whole budget runs alone). */
  run<T>(weight: number, work: () => Promise<T>): Promise<T>;
  /** Bytes held by the photos running now. */
  readonly inUse: number;
  /** The most bytes held at once since the start (metrics). */
  readonly peakInUse: number;
  readonly running: number;
  readonly waiting: number;
}

interface Waiter {
  weight: number;
  start: () => void;
  timer: NodeJS.Timeout;
}

export function createMemoryBudget({ budgetBytes, maxWaiting, maxWaitMs }: MemoryBudgetOptions): MemoryBudget {
  let inUse = 0;
  let peakInUse = 0;
  let running = 0;
  const queue: Waiter[] = [];
  const fits = (weight: number) => running === 0 || inUse + weight <= budgetBytes;
  const take = (weight: number) => {
    inUse += weight;
    peakInUse = Math.max(peakInUse, inUse);
    running++;
  };
  // First come, first served: a heavy photo at the head is not overtaken by lighter ones behind
  // it, so it cannot be starved.
  const admitWaiting = () => {
    while (queue.length > 0 && fits(queue[0]!.weight)) {
      const next = queue.shift()!;
      clearTimeout(next.timer);
      take(next.weight);
      next.start();
    }
  };
  const release = (weight: number) => {
    inUse -= weight;
    running--;
    admitWaiting();
  };
  return {
    async run<T>(requested: number, work: () => Promise<T>): Promise<T> {
      const weight = Math.min(Math.max(0, requested), budgetBytes);
      if (queue.length === 0 && fits(weight)) take(weight);
      else if (queue.length >= maxWaiting) throw pipelineBusy();
      else
        await new Promise<void>((resolve, reject) => {
          const waiter: Waiter = {
            weight,
            start: resolve,
            timer: setTimeout(() => {
              queue.splice(queue.indexOf(waiter), 1);
              reject(pipelineBusy());
              // A heavy photo that gave up may have been holding lighter ones back.
              admitWaiting();
            }, maxWaitMs),
          };
          queue.push(waiter);
        });
      // The room was taken for this call (by take() above or by admitWaiting()).
      try {
        return await work();
      } finally {
        release(weight);
      }
    },
    get inUse() {
      return inUse;
    },
    get peakInUse() {
      return peakInUse;
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
