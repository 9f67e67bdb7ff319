/**
 * Per-address budgets for the public reservation routes (decision 0034): at most `limit` requests
 * per key (an address prefix, login-throttle.ts `addressPrefix`) in each fixed window of
 * `windowMs`. In memory and bounded: at most `maxKeys` keys are held; when full, windows that
 * have ended are dropped first, then the oldest. Pure apart from the Map it owns; time is a
 * parameter.
 */
export class WindowCounter {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request for `key` at `now`: false once the key is over its budget in this window. */
  take(key: string, now: number): boolean {
    const windowStart = now - (now % this.windowMs);
    const entry = this.counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      if (!entry && this.counts.size >= this.maxKeys) this.evict(windowStart);
      this.counts.delete(key);
      this.counts.set(key, { windowStart, count: 1 });
      return true;
    }
    entry.count++;
    return entry.count <= this.limit;
  }

  /** When `key` may try again (ms), or 0. */
  retryAfterMs(key: string, now: number): number {
    const entry = this.counts.get(key);
    if (!entry || entry.count <= this.limit) return 0;
    return Math.max(0, entry.windowStart + this.windowMs - now);
  }

  get size(): number {
    return this.counts.size;
  }

  private evict(windowStart: number): void {
    for (const [key, entry] of this.counts) if (entry.windowStart !== windowStart) this.counts.delete(key);
    // Still full: drop the oldest inserted (Map keeps insertion order).
    while (this.counts.size >= this.maxKeys) this.counts.delete(this.counts.keys().next().value!);
  }
}
