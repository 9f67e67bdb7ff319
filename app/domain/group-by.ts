/**
 * Items grouped by a key, in their order (Node 20 has no Map.groupBy). Each item is appended once:
 * no array is copied per item, so grouping n items costs O(n).
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
