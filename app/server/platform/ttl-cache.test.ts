import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache';

describe('ttlCache.getMany', () => {
  it('answers each key with its own value: fresh ones from the cache, the rest in one load; nothing found is absent and not kept', async () => {
    let now = 0;
    const single: string[] = [];
    const cache = ttlCache<string>(
      1_000,
      () => now,
      async (key) => {
        single.push(key);
        return key === 'gone' ? null : `v-${key}`;
      },
    );
    expect(await cache.get('a')).toBe('v-a');
    const batches: string[][] = [];
    // The loader answers in its own order (as a database does), and without the keys it does not know.
    const loadMany = async (keys: string[]) => {
      batches.push([...keys]);
      return new Map([...keys].reverse().flatMap((k) => (k === 'gone' ? [] : [[k, `v-${k}`] as const])));
    };
    const got = await cache.getMany(['c', 'a', 'gone', 'b'], loadMany);
    expect(batches).toEqual([['c', 'gone', 'b']]);
    expect(Object.fromEntries(got)).toEqual({ a: 'v-a', b: 'v-b', c: 'v-c' });
    expect(got.has('gone')).toBe(false);

    // Kept under their own keys: the single read finds them without loading; 'gone' is asked again.
    expect(await cache.get('b')).toBe('v-b');
    expect(await cache.get('c')).toBe('v-c');
    expect(single).toEqual(['a']);
    await cache.getMany(['gone', 'b'], loadMany);
    expect(batches.at(-1)).toEqual(['gone']);

    // Expired, or forgotten: loaded again.
    cache.forget('b');
    now = 999;
    await cache.getMany(['a', 'b', 'c'], loadMany);
    expect(batches.at(-1)).toEqual(['b']);
    now = 1_000;
    expect(Object.fromEntries(await cache.getMany(['a', 'b', 'c'], loadMany))).toEqual({ a: 'v-a', b: 'v-b', c: 'v-c' });
    expect(batches.at(-1)).toEqual(['a', 'c']);
  });

  it('loads nothing when every key is fresh', async () => {
    const cache = ttlCache<number>(
      1_000,
      () => 0,
      async () => 1,
    );
    await cache.get('x');
    let loads = 0;
    const got = await cache.getMany(['x'], async () => {
      loads++;
      return new Map();
    });
    expect(loads).toBe(0);
    expect(got.get('x')).toBe(1);
    expect((await cache.getMany([], async () => new Map())).size).toBe(0);
  });
});
