/**
 * Values read from the database on first use and kept for `ttlMs` (by `clock`), so a hot path
 * (every heartbeat, every sweep) does not query for what rarely changes. Nothing found is not kept.
 */
export function ttlCache<V>(ttlMs: number, clock: () => number, load: (key: string) => Promise<V | null>) {
  const entries = new Map<string, { value: V; loadedAt: number }>();
  return {
    async get(key: string): Promise<V | null> {
      const cached = entries.get(key);
      if (cached && clock() - cached.loadedAt < ttlMs) return cached.value;
      const value = await load(key);
      if (value !== null) entries.set(key, { value, loadedAt: clock() });
      return value;
    },
    /**
     * Many keys at once: the fresh ones from the cache, the others with one call of `loadMany`
     * (e.g. one query), so a sweep over thousands of keys does not query once per key.
     */
    async getMany(keys: Iterable<string>, loadMany: (keys: string[]) => Promise<ReadonlyMap<string, V>>): Promise<Map<string, V>> {
      const out = new Map<string, V>();
      const missing: string[] = [];
      const at = clock();
      for (const key of keys) {
        const cached = entries.get(key);
        if (cached && at - cached.loadedAt < ttlMs) out.set(key, cached.value);
        else missing.push(key);
      }
      if (missing.length === 0) return out;
      const loaded = await loadMany(missing);
      const loadedAt = clock();
      for (const [key, value] of loaded) {
        entries.set(key, { value, loadedAt });
        out.set(key, value);
      }
      return out;
    },
    /** Read it afresh on next use. */
    forget(key: string) {
      entries.delete(key);
    },
  };
}
