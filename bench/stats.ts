/** The statistics every benchmark reports, computed one way. */
import os from 'node:os';

/** Ascending copy, for percentile(). */
export const sortedOf = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

/** Nearest-rank percentile of ascending values (NaN when there are none). */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Count, p50, p95 and max of a sample, rounded to `digits` (whole units unless told; milliseconds in the benches). */
export function summaryOf(values: readonly number[], digits = 0): { n: number; p50: number; p95: number; max: number } {
  const sorted = sortedOf(values);
  return {
    n: values.length,
    p50: round(percentile(sorted, 50), digits),
    p95: round(percentile(sorted, 95), digits),
    max: round(Math.max(...values), digits),
  };
}

/** The machine a result was measured on, as every results file records it. */
export function machineFacts() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
  };
}
