/**
 * Ordered collections for the routing indexes (routing.ts): a sorted array with binary search,
 * and a binary min-heap. Comparators must give every item a unique place (end on an id).
 */

/**
 * An array kept in order. Keys are unique (every comparator ends on an id), so an item is found
 * by binary search. Insert and remove move the tail: a few thousand pointers at most here,
 * cheaper in practice than a balanced tree.
 */
export class SortedList<T> {
  private readonly list: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.list.length;
  }

  get items(): readonly T[] {
    return this.list;
  }

  first(): T | undefined {
    return this.list[0];
  }

  insert(item: T): void {
    this.list.splice(this.lowerBound(item), 0, item);
  }

  /** How many items order before `item` (whether or not it is in the list). */
  rank(item: T): number {
    return this.lowerBound(item);
  }

  indexOf(item: T): number {
    const index = this.lowerBound(item);
    return this.list[index] === item ? index : -1;
  }

  remove(item: T): void {
    const index = this.indexOf(item);
    // A miss means an index is out of step with the state: a bug, never a normal case.
    if (index < 0) throw new Error('routing index out of step: item to remove not found');
    this.list.splice(index, 1);
  }

  private lowerBound(item: T): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(this.list[middle]!, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

export class MinHeap<T> {
  private readonly heap: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >>> 1;
      if (this.compare(heap[index]!, heap[parent]!) >= 0) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.compare(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && this.compare(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === index) return top;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  }
}
