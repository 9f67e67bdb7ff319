import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  due,
  emptyOutbox,
  enqueue,
  failed,
  isFinalRefusal,
  linkBack,
  type OutboxLimits,
  type OutboxState,
  type PendingEvent,
  persisted,
  restore,
  settled,
  waitMs,
} from './outbox';

const LIMITS: OutboxLimits = { maxItems: 5, maxChars: 100_000, baseDelayMs: 1_000, maxDelayMs: 15_000 };
let n = 0;
const event = (type: PendingEvent['type'] = 'guidance-shown', occurredAt = 0): PendingEvent => ({
  kind: 'event',
  clientId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  sessionId: 's1',
  type,
  occurredAt,
});
const fill = (...items: PendingEvent[]) => items.reduce<OutboxState>((state, item) => enqueue(state, item, LIMITS), emptyOutbox);

describe('the booth outbox (pure)', () => {
  it('sends the oldest first, one at a time, and the next as soon as one is acknowledged', () => {
    const [a, b, c] = [event('guidance-shown', 1), event('pin-privacy-on', 2), event('pin-privacy-off', 3)];
    let state = fill(a, b, c);
    expect(due(state, 0)).toBe(a);
    // An acknowledgement for something else (a late answer) changes nothing.
    expect(settled(state, b.clientId)).toBe(state);
    state = settled(state, a.clientId);
    expect(due(state, 0)).toBe(b);
    state = settled(settled(state, b.clientId), c.clientId);
    expect(due(state, 0)).toBeNull();
    expect(waitMs(state, 0)).toBeNull();
  });

  it('keeps a failed item at the head and waits the backoff before trying it again', () => {
    const [a, b] = [event(), event()];
    let state = failed(fill(a, b), 10_000, 0.5, LIMITS);
    expect(due(state, 10_000)).toBeNull();
    expect(waitMs(state, 10_000)).toBe(750);
    expect(due(state, 10_750)).toBe(a);
    state = failed(state, 10_750, 0.5, LIMITS);
    expect(waitMs(state, 10_750)).toBe(1_500);
  });

  it('backs off 1 s, 2 s, 4 s, 8 s, then 15 s at most, with half of each random', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 20].map((failures) => backoffMs(failures, 0.999_999, LIMITS));
    expect(ceilings.map(Math.round)).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect([1, 2, 5].map((failures) => backoffMs(failures, 0, LIMITS))).toEqual([500, 1_000, 7_500]);
  });

  it('never gives up: after 5 minutes of failures it still tries every 15 s or sooner', () => {
    let state = fill(event());
    let now = 0;
    let attempts = 0;
    while (now < 5 * 60_000) {
      const wait = waitMs(state, now)!;
      expect(wait).toBeLessThanOrEqual(15_000);
      now += wait;
      expect(due(state, now)).not.toBeNull();
      state = failed(state, now, Math.random(), LIMITS);
      attempts += 1;
    }
    expect(attempts).toBeGreaterThanOrEqual(20);
    expect(state.items).toHaveLength(1);
  });

  it('tries at once when the link is back, whatever the backoff said', () => {
    let state = fill(event());
    for (let i = 0; i < 6; i++) state = failed(state, 0, 0.9, LIMITS);
    expect(due(state, 1_000)).toBeNull();
    state = linkBack(state);
    expect(due(state, 1_000)).not.toBeNull();
    expect(state.failures).toBe(0);
    expect(linkBack(emptyOutbox)).toBe(emptyOutbox);
  });

  it('drops the oldest only past the bound, and counts what it dropped', () => {
    const items = Array.from({ length: 7 }, (_, i) => event('quality-changed', i));
    const state = fill(...items);
    expect(state.items.map((i) => i.occurredAt)).toEqual([2, 3, 4, 5, 6]);
    expect(state.dropped).toBe(2);
    // Bounded in size as well as in count.
    const small = { ...LIMITS, maxItems: 1_000, maxChars: 600 };
    const bySize = items.reduce<OutboxState>((s, item) => enqueue(s, item, small), emptyOutbox);
    expect(JSON.stringify(bySize.items).length).toBeLessThanOrEqual(600);
    expect(bySize.dropped + bySize.items.length).toBe(7);
    expect(bySize.items.at(-1)).toBe(items[6]);
  });

  it('forgets a dropped count once an event has reported it', () => {
    const state = fill(...Array.from({ length: 7 }, () => event()));
    const head = state.items[0]!;
    expect(settled(state, head.clientId, { reportedDropped: 2 }).dropped).toBe(0);
  });

  it('retries what may get through later, not what the server refused for good', () => {
    for (const status of [500, 502, 503, 504, 408, 429]) expect(isFinalRefusal(status)).toBe(false);
    for (const status of [400, 401, 403, 404, 409, 413]) expect(isFinalRefusal(status)).toBe(true);
  });

  it('survives a reload: items and drop count are stored; the backoff starts afresh', () => {
    let state = fill(event('reconnecting', 5), event('recovered', 9));
    state = failed(state, 0, 0.5, LIMITS);
    const back = restore(persisted(state));
    expect(back.items).toEqual(state.items);
    expect(back.failures).toBe(0);
    expect(due(back, 0)).toEqual(state.items[0]);
    expect(restore(null)).toEqual(emptyOutbox);
    expect(restore('{not json')).toEqual(emptyOutbox);
    expect(restore(JSON.stringify({ items: [{ kind: 'launch' }, ...state.items], dropped: 'x' }))).toEqual({
      ...emptyOutbox,
      items: state.items,
    });
  });
});
