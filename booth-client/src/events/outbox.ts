/**
 * The booth's outbox (issue 13): what the booth must tell the server — its events and the end of
 * its sessions — kept until the server acknowledges it, sent one at a time in the order it
 * happened, retried with capped exponential backoff and jitter, and sent again at once when the
 * link is back. Pure: time and randomness are parameters; outbox-sender.ts does the I/O.
 */
import type { BoothEventType, EventDetail } from '../api';

/** A booth event, with the id the server de-duplicates on and when it happened (booth clock, ms). */
export interface PendingEvent {
  kind: 'event';
  clientId: string;
  sessionId: string;
  type: BoothEventType;
  detail?: EventDetail;
  occurredAt: number;
}

/** The booth gives its session up: cancel while waiting (end if it was answered meanwhile), or end. */
export interface PendingClose {
  kind: 'close';
  clientId: string;
  sessionId: string;
  how: 'cancel' | 'end';
  reason?: 'connection-lost';
  occurredAt: number;
}

export type PendingItem = PendingEvent | PendingClose;

export interface OutboxState {
  /** Oldest first: the head is the one being sent. */
  items: PendingItem[];
  /** Items dropped because the outbox was full, not yet reported to the server. */
  dropped: number;
  /** Failed attempts in a row for the head (0: the next attempt is due at once). */
  failures: number;
  /** Booth clock (ms) before which no attempt is made. */
  notBefore: number;
}

export interface OutboxLimits {
  maxItems: number;
  /** Bound on the stored JSON, in characters (localStorage holds a few MB per origin). */
  maxChars: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * About 40 minutes of a busy call's events (reconnections, quality changes) at the worst pace seen;
 * a five-minute outage needs a tenth of it.
 */
export const OUTBOX_LIMITS: OutboxLimits = { maxItems: 500, maxChars: 200_000, baseDelayMs: 1_000, maxDelayMs: 15_000 };

export const emptyOutbox: OutboxState = { items: [], dropped: 0, failures: 0, notBefore: 0 };

const size = (items: PendingItem[]) => JSON.stringify(items).length;

/** Appends an item; past the bound the oldest items go, and are counted. */
export function enqueue(state: OutboxState, item: PendingItem, limits: OutboxLimits = OUTBOX_LIMITS): OutboxState {
  const items = [...state.items, item];
  let dropped = state.dropped;
  // The head is dropped too when it must be: the bound is what keeps the kiosk's storage safe.
  while (items.length > 1 && (items.length > limits.maxItems || size(items) > limits.maxChars)) {
    items.shift();
    dropped += 1;
  }
  const headChanged = items[0] !== state.items[0];
  return { items, dropped, failures: headChanged ? 0 : state.failures, notBefore: headChanged ? 0 : state.notBefore };
}

/** The item to send now, or null (nothing pending, or waiting for the backoff). */
export function due(state: OutboxState, now: number): PendingItem | null {
  const head = state.items[0];
  return head && now >= state.notBefore ? head : null;
}

/** Milliseconds until the next attempt is due, or null when nothing is pending. */
export function waitMs(state: OutboxState, now: number): number | null {
  return state.items.length === 0 ? null : Math.max(0, state.notBefore - now);
}

/**
 * Backoff after `failures` failed attempts in a row: 1 s, 2 s, 4 s… capped at 15 s, with "equal
 * jitter" (half fixed, half random) so booths that lost the server together do not return together.
 * `random` is in [0, 1).
 */
export function backoffMs(failures: number, random: number, limits: OutboxLimits = OUTBOX_LIMITS): number {
  const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + (random * ceiling) / 2;
}

/** The server acknowledged `clientId` (or refused it for good): it leaves, and the next is due at once. */
export function settled(state: OutboxState, clientId: string, { reportedDropped = 0 } = {}): OutboxState {
  if (state.items[0]?.clientId !== clientId) return state;
  return { items: state.items.slice(1), dropped: Math.max(0, state.dropped - reportedDropped), failures: 0, notBefore: 0 };
}

/** The attempt failed (no answer, a 5xx, 408, 429): the same item again after the backoff. */
export function failed(state: OutboxState, now: number, random: number, limits: OutboxLimits = OUTBOX_LIMITS): OutboxState {
  const failures = state.failures + 1;
  return { ...state, failures, notBefore: now + backoffMs(failures, random, limits) };
}

/** The link is back (a heartbeat answered, the browser went online): try now, backoff reset. */
export function linkBack(state: OutboxState): OutboxState {
  return state.items.length === 0 || (state.failures === 0 && state.notBefore === 0) ? state : { ...state, failures: 0, notBefore: 0 };
}

/**
 * Whether an HTTP status means "never": the request itself is refused (400, 401, 403, 404, 409…),
 * so sending it again cannot help and would block everything behind it. No answer, 408, 429 and
 * 5xx are worth another attempt.
 */
export function isFinalRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** What was stored, checked: anything unreadable starts an empty outbox rather than a broken kiosk. */
export function restore(stored: string | null): OutboxState {
  if (!stored) return emptyOutbox;
  try {
    const parsed = JSON.parse(stored) as Partial<OutboxState>;
    const items = Array.isArray(parsed.items)
      ? parsed.items.filter(
          (item): item is PendingItem =>
            typeof item === 'object' &&
            item !== null &&
            (item.kind === 'event' || item.kind === 'close') &&
            typeof item.clientId === 'string' &&
            typeof item.sessionId === 'string' &&
            typeof item.occurredAt === 'number',
        )
      : [];
    return { items, dropped: typeof parsed.dropped === 'number' ? parsed.dropped : 0, failures: 0, notBefore: 0 };
  } catch {
    return emptyOutbox;
  }
}

/** What is stored: the items and the drop count (the backoff starts afresh after a reload). */
export function persisted(state: OutboxState): string {
  return JSON.stringify({ items: state.items, dropped: state.dropped });
}
