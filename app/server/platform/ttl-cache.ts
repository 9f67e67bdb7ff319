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
    /** Read it afresh on next use. */
    forget(key: string) {
      entries.delete(key);
    },
  };
}
